//! From resolved grants to the statements of every document, grouped and merged.
//!
//! Each grant contributes to up to four documents: the bucket policy (direct grants) or the
//! access point policy and the bucket's delegation statement (grants `via` an access
//! point), the endpoint policy (grants `through` an endpoint) and the grantee's identity
//! policy (roles and users of managed accounts). Grants that land on the same principal,
//! resource and access in one document are merged into one group whose prefixes are the
//! union of theirs, so two prefixes make one statement with two resources rather than two
//! statements. Groups live in ordered maps keyed by names, and statements are sorted by
//! Sid at the end, so neither the order of grants nor the order of map keys in the manifest
//! changes the output.

use crate::actions::action_set;
use crate::arns::Scope;
use crate::resolve::{Resolved, Who};
use crate::statements::{
    self, BucketParts, PRINCIPAL_ACCOUNT, PRINCIPAL_ARN, SOURCE_VPCE, STRING_EQUALS, Shape,
    aws_principal, condition,
};
use share_manifest::{Access, EndpointName, GranteeName};
use share_policy::{Conditions, Principals, Statement, dedupe_sids};
use share_types::{AccessPointName, BucketName, PrincipalArn};
use std::collections::{BTreeMap, BTreeSet};

/// Grants merged into one set of statements of one document.
#[derive(Debug, Clone)]
struct Group {
    /// The union of the grants' scopes.
    scope: Scope,
    /// The grants merged here (manifest indices).
    grants: BTreeSet<usize>,
    /// One of them, whose resolved values the group's key fixes.
    rep: usize,
}

/// Groups keyed by `K`, merging scopes.
#[derive(Debug)]
struct Groups<K: Ord> {
    map: BTreeMap<K, Group>,
}

impl<K: Ord> Default for Groups<K> {
    fn default() -> Self {
        Self {
            map: BTreeMap::new(),
        }
    }
}

impl<K: Ord> Groups<K> {
    fn add(&mut self, key: K, r: &Resolved<'_>, pos: usize) {
        match self.map.get_mut(&key) {
            Some(g) => {
                g.scope = g.scope.union(&r.scope);
                g.grants.insert(r.index());
            }
            None => {
                self.map.insert(
                    key,
                    Group {
                        scope: r.scope.clone(),
                        grants: BTreeSet::from([r.index()]),
                        rep: pos,
                    },
                );
            }
        }
    }
}

/// What one resource-policy group is keyed by: grantee, access, endpoint restriction.
type ResourceKey = (GranteeName, Access, Option<EndpointName>);

/// Groups identity statements: what they reach, the access, and the endpoint they are
/// limited to.
type IdentityKey = (Target, Access, Option<EndpointName>);

/// A target of an identity or endpoint statement: a bucket directly or an access point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Bucket(BucketName),
    AccessPoint(AccessPointName),
}

impl Target {
    fn name(&self) -> &str {
        match self {
            Target::Bucket(b) => b.as_str(),
            Target::AccessPoint(a) => a.as_str(),
        }
    }
}

/// The delegation statement of one bucket, accumulated over its `via` grants.
#[derive(Debug, Default)]
struct Delegation {
    actions: BTreeSet<&'static str>,
    bucket_level: bool,
    object_level: bool,
    scope: Option<Scope>,
    access_points: BTreeSet<String>,
    grants: BTreeSet<usize>,
    rep: usize,
}

/// The statements of one document and the grants that put them there.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Built {
    /// Sorted by Sid, Sids unique.
    pub statements: Vec<Statement>,
    /// Manifest indices of the grants behind the statements.
    pub grants: BTreeSet<usize>,
}

impl Built {
    fn push(&mut self, statements: Vec<Statement>, grants: &BTreeSet<usize>) {
        self.statements.extend(statements);
        self.grants.extend(grants.iter().copied());
    }

    /// Sorts statements by Sid (ties by their canonical JSON) and makes Sids unique: the
    /// result depends only on the set of statements, never on the order they were built.
    fn finish(&mut self) {
        let key = |s: &Statement| {
            (
                s.sid.clone().unwrap_or_default(),
                s.to_canonical_value().to_string(),
            )
        };
        self.statements.sort_by_cached_key(key);
        dedupe_sids(&mut self.statements);
        self.statements.sort_by_cached_key(key);
    }
}

/// Every share-owned statement, per document.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    pub buckets: BTreeMap<BucketName, Built>,
    pub access_points: BTreeMap<AccessPointName, Built>,
    pub endpoints: BTreeMap<EndpointName, Built>,
    pub identities: BTreeMap<PrincipalArn, Built>,
}

/// The `aws:SourceVpce` condition of a grant `through` an endpoint (empty otherwise).
fn source_vpce(r: &Resolved<'_>) -> Conditions {
    match &r.endpoint {
        Some((_, id)) => condition(STRING_EQUALS, SOURCE_VPCE, [id.as_str()]),
        None => Conditions::new(),
    }
}

/// Sid words of a resource-policy group: access, grantee, and the endpoint it is limited to.
fn resource_words(key: &ResourceKey) -> Vec<String> {
    let (grantee, access, through) = key;
    let mut words = vec![access.as_str().to_owned(), grantee.as_str().to_owned()];
    if let Some(e) = through {
        words.push("through".to_owned());
        words.push(e.as_str().to_owned());
    }
    words
}

/// Builds the statements of every document.
pub(crate) fn build(sid_prefix: &str, grants: &[Resolved<'_>]) -> Documents {
    let mut direct: BTreeMap<BucketName, Groups<ResourceKey>> = BTreeMap::new();
    let mut via: BTreeMap<AccessPointName, Groups<ResourceKey>> = BTreeMap::new();
    let mut delegations: BTreeMap<BucketName, Delegation> = BTreeMap::new();
    let mut endpoint: BTreeMap<EndpointName, Groups<(GranteeName, Target, Access)>> =
        BTreeMap::new();
    let mut identity: BTreeMap<PrincipalArn, Groups<IdentityKey>> = BTreeMap::new();

    for (pos, r) in grants.iter().enumerate() {
        let key: ResourceKey = (
            r.grantee().clone(),
            r.access(),
            r.endpoint.as_ref().map(|(e, _)| (*e).clone()),
        );
        let target = match r.access_point() {
            None => {
                direct
                    .entry(r.bucket().clone())
                    .or_default()
                    .add(key, r, pos);
                Target::Bucket(r.bucket().clone())
            }
            Some(ap) => {
                via.entry(ap.clone()).or_default().add(key, r, pos);
                let d = delegations.entry(r.bucket().clone()).or_default();
                if d.grants.is_empty() {
                    d.rep = pos;
                }
                let (bucket_actions, object_actions) = action_set(r.access());
                d.bucket_level |= !bucket_actions.is_empty();
                d.object_level |= !object_actions.is_empty();
                d.actions.extend(bucket_actions);
                d.actions.extend(object_actions);
                d.scope = Some(match &d.scope {
                    None => r.scope.clone(),
                    Some(s) => s.union(&r.scope),
                });
                if let Some(arn) = &r.access_point_arn {
                    d.access_points.insert(arn.clone());
                }
                d.grants.insert(r.index());
                Target::AccessPoint(ap.clone())
            }
        };
        if let Some((e, _)) = &r.endpoint {
            endpoint.entry((*e).clone()).or_default().add(
                (r.grantee().clone(), target.clone(), r.access()),
                r,
                pos,
            );
        }
        if let (Who::Identity(arn), true) = (&r.who, r.managed) {
            identity.entry(arn.clone()).or_default().add(
                (
                    target,
                    r.access(),
                    r.endpoint.as_ref().map(|(e, _)| (*e).clone()),
                ),
                r,
                pos,
            );
        }
    }

    let mut docs = Documents::default();

    // Bucket policies: direct grants, bucket-form resources (aws-semantics §2, §3).
    for (bucket, groups) in direct {
        let built = docs.buckets.entry(bucket).or_default();
        for (key, g) in groups.map {
            let r = &grants[g.rep];
            let shape = Shape {
                sid_prefix,
                words: resource_words(&key),
                principal: Some(aws_principal(&r.principal_arn())),
                access: key.1,
                bucket_resources: vec![r.bucket_arn.clone()],
                object_resources: g.scope.bucket_objects(&r.bucket_arn),
                list_prefixes: g.scope.list_prefixes(),
                conditions: source_vpce(r),
                bucket_parts: BucketParts::Split,
            };
            built.push(shape.build(), &g.grants);
        }
    }

    // Bucket policies: one delegation statement per bucket with access point grants
    // (aws-semantics §1.1).
    for (bucket, d) in delegations {
        let r = &grants[d.rep];
        let scope = d.scope.unwrap_or(Scope::Whole);
        let st = statements::delegation(
            sid_prefix,
            r.owner.as_str(),
            &d.access_points,
            &d.actions,
            d.bucket_level.then(|| r.bucket_arn.clone()),
            if d.object_level {
                scope.bucket_objects(&r.bucket_arn)
            } else {
                Vec::new()
            },
        );
        docs.buckets
            .entry(bucket)
            .or_default()
            .push(vec![st], &d.grants);
    }

    // Access point policies: access-point-form resources (aws-semantics §2).
    for (ap, groups) in via {
        let built = docs.access_points.entry(ap).or_default();
        for (key, g) in groups.map {
            let r = &grants[g.rep];
            let Some(ap_arn) = &r.access_point_arn else {
                continue;
            };
            let shape = Shape {
                sid_prefix,
                words: resource_words(&key),
                principal: Some(aws_principal(&r.principal_arn())),
                access: key.1,
                bucket_resources: vec![ap_arn.clone()],
                object_resources: g.scope.access_point_objects(ap_arn),
                list_prefixes: g.scope.list_prefixes(),
                conditions: source_vpce(r),
                bucket_parts: BucketParts::Split,
            };
            built.push(shape.build(), &g.grants);
        }
    }

    // Endpoint policies: `Principal "*"` with `aws:PrincipalArn`/`aws:PrincipalAccount`,
    // bucket-form resources and, through an access point, its resources too
    // (aws-semantics §1.2).
    for (e, groups) in endpoint {
        let built = docs.endpoints.entry(e).or_default();
        for ((grantee, target, access), g) in groups.map {
            let r = &grants[g.rep];
            let who = match &r.who {
                Who::Identity(arn) => condition(STRING_EQUALS, PRINCIPAL_ARN, [arn.as_str()]),
                Who::Account(id) => condition(STRING_EQUALS, PRINCIPAL_ACCOUNT, [id.as_str()]),
            };
            let mut bucket_resources = vec![r.bucket_arn.clone()];
            let mut object_resources = g.scope.bucket_objects(&r.bucket_arn);
            if let Some(ap_arn) = &r.access_point_arn {
                bucket_resources.push(ap_arn.clone());
                object_resources.extend(g.scope.access_point_objects(ap_arn));
            }
            let shape = Shape {
                sid_prefix,
                words: vec![
                    access.as_str().to_owned(),
                    grantee.as_str().to_owned(),
                    target.name().to_owned(),
                ],
                principal: Some(Principals::Any),
                access,
                bucket_resources,
                object_resources,
                list_prefixes: None,
                conditions: who,
                bucket_parts: BucketParts::Combined,
            };
            built.push(shape.build(), &g.grants);
        }
    }

    // Identity policies: the identity side of every grant of a managed role or user;
    // access-point-form resources for grants via an access point (aws-semantics §1.1), and
    // `aws:SourceVpce` for grants through an endpoint.
    for (arn, groups) in identity {
        let built = docs.identities.entry(arn).or_default();
        for ((target, access, through), g) in groups.map {
            let r = &grants[g.rep];
            let (bucket_resources, object_resources) = match (&target, &r.access_point_arn) {
                (Target::AccessPoint(_), Some(ap_arn)) => {
                    (vec![ap_arn.clone()], g.scope.access_point_objects(ap_arn))
                }
                _ => (
                    vec![r.bucket_arn.clone()],
                    g.scope.bucket_objects(&r.bucket_arn),
                ),
            };
            let mut words = vec![access.as_str().to_owned(), target.name().to_owned()];
            if let Some(e) = &through {
                words.push("through".to_owned());
                words.push(e.as_str().to_owned());
            }
            let shape = Shape {
                sid_prefix,
                words,
                principal: None,
                access,
                bucket_resources,
                object_resources,
                list_prefixes: g.scope.list_prefixes(),
                // A grant `through` an endpoint holds on the identity side too: for a
                // grantee in the bucket owner's account the identity policy alone can
                // allow a request, so without this the endpoint could be bypassed.
                conditions: source_vpce(r),
                bucket_parts: BucketParts::Split,
            };
            built.push(shape.build(), &g.grants);
        }
    }

    for built in docs
        .buckets
        .values_mut()
        .chain(docs.access_points.values_mut())
        .chain(docs.endpoints.values_mut())
        .chain(docs.identities.values_mut())
    {
        built.finish();
    }
    docs
}
