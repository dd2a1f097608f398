//! The requests `verify` sends at each grant: what it grants, and what lies just outside.
//!
//! A grant is proved by the requests it allows and by its edges: the same request on a key
//! outside its prefixes, with an action its access level lacks, listing without or beyond
//! its `s3:prefix`, from a principal without a grant, and around the access point or the
//! endpoint it requires. One probe key per prefix is enough, because every statement share
//! writes is a prefix wildcard (`PREFIX*`): a key that matches one matches them all.

use crate::documents::{Documents, IdentitySide};
use crate::model::{
    GrantInfo, LIST_BUCKET, Model, OUTSIDE, OUTSIDER_ROLE, PROBE_KEY, SIBLING, Who, synthetic_role,
};
use serde::Serialize;
use share_evaluate::{AccessPoint, Action, Endpoint, NetworkOrigin, Principal, Request};
use share_manifest::Access;
use share_types::{AccessPointName, VpcId};

/// The kinds of probe, in matrix column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// Every granted action on every granted prefix, by the grantee, along the grant's path.
    Granted,
    /// The grant's object actions on keys outside its prefixes.
    OtherKey,
    /// Actions its access level does not have (a write on a read grant, a read or a list
    /// on a write grant, ACL and versioned deletes, bucket policy changes).
    OtherAccess,
    /// `ListBucket` without `s3:prefix` (a listing of the whole bucket).
    ListAll,
    /// `ListBucket` with an `s3:prefix` outside the grant.
    ListOther,
    /// The granted requests from a role of the grantee's account that has no grant.
    SameAccount,
    /// The granted requests from a role of an account the manifest does not know.
    OtherAccount,
    /// The granted requests not coming through the grant's endpoint.
    NoEndpoint,
    /// The granted requests sent straight to the bucket instead of its access point.
    NoAccessPoint,
    /// The granted requests through another access point of the bucket.
    OtherAccessPoint,
}

impl ProbeKind {
    /// Every kind, in column order.
    pub const ALL: [ProbeKind; 10] = [
        Self::Granted,
        Self::OtherKey,
        Self::OtherAccess,
        Self::ListAll,
        Self::ListOther,
        Self::SameAccount,
        Self::OtherAccount,
        Self::NoEndpoint,
        Self::NoAccessPoint,
        Self::OtherAccessPoint,
    ];

    /// The matrix column header.
    pub fn header(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::OtherKey => "other-key",
            Self::OtherAccess => "other-action",
            Self::ListAll => "list-all",
            Self::ListOther => "list-other",
            Self::SameAccount => "same-acct",
            Self::OtherAccount => "other-acct",
            Self::NoEndpoint => "no-endpoint",
            Self::NoAccessPoint => "no-ap",
            Self::OtherAccessPoint => "other-ap",
        }
    }

    /// One line for the legend.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Granted => "every granted action on every granted prefix, along the grant's path",
            Self::OtherKey => "the granted object actions on keys just outside the prefixes",
            Self::OtherAccess => "actions the access level does not include",
            Self::ListAll => "ListBucket without `s3:prefix`",
            Self::ListOther => "ListBucket with an `s3:prefix` outside the grant",
            Self::SameAccount => {
                "the granted requests from a role of the grantee's account without a grant"
            }
            Self::OtherAccount => {
                "the granted requests from a role of an account the manifest does not know"
            }
            Self::NoEndpoint => "the granted requests not coming through the grant's endpoint",
            Self::NoAccessPoint => "the granted requests sent straight to the bucket",
            Self::OtherAccessPoint => {
                "the granted requests through another access point of the bucket"
            }
        }
    }
}

/// A probe before it is evaluated.
#[derive(Debug, Clone)]
pub(crate) struct ProbeSpec {
    pub kind: ProbeKind,
    pub request: Request,
    pub identity: IdentitySide,
}

/// Actions outside every access level that a probe still tries: object ACLs, versioned
/// deletes, bucket policy changes, version and upload listings.
const NEVER_OBJECT: [&str; 3] = [
    "s3:DeleteObjectVersion",
    "s3:GetObjectAcl",
    "s3:PutObjectAcl",
];
const NEVER_BUCKET: [&str; 3] = [
    "s3:ListBucketMultipartUploads",
    "s3:ListBucketVersions",
    "s3:PutBucketPolicy",
];

/// The actions whose request carries `s3:prefix` (the `prefix=` of a listing).
const LISTING: [&str; 3] = [
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:ListBucketVersions",
];

fn lists(action: &str) -> bool {
    LISTING.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// Where a grant's requests go: the access point and the endpoint, with what is assumed.
pub(crate) struct Path {
    pub access_point: Option<AccessPoint>,
    pub endpoint: Option<Endpoint>,
}

impl Model<'_> {
    /// The access point `name` as a request goes through it, with its network origin from
    /// `docs` (live: AWS's; planned: the manifest's).
    pub(crate) fn access_point(
        &self,
        name: &AccessPointName,
        docs: &Documents,
    ) -> Option<AccessPoint> {
        let (owner, region) = self.access_point_home(name)?;
        let vpc = match docs.access_points.get(name) {
            Some(ap) => ap.vpc.clone(),
            None => self.access_point_vpc(name).cloned(),
        };
        let origin = match vpc {
            Some(v) => NetworkOrigin::Vpc(v),
            None => NetworkOrigin::Internet,
        };
        Some(AccessPoint::new(name.clone(), owner, region).with_network_origin(origin))
    }

    /// The endpoint with id `id` as a request comes through it. Its VPC is AWS's in live
    /// mode; in planned mode it is not known, and taken to be `assumed_vpc` (the VPC of
    /// the access point the request goes through), which `assumptions` records.
    pub(crate) fn endpoint(
        &self,
        id: &share_types::VpcEndpointId,
        docs: &Documents,
        assumed_vpc: Option<&VpcId>,
        assumptions: &mut Vec<String>,
    ) -> Endpoint {
        let known = docs.endpoints.get(id).and_then(|e| e.vpc.clone());
        let vpc = match (known, assumed_vpc) {
            (Some(v), _) => Some(v),
            (None, Some(v)) => {
                let name = self
                    .endpoints
                    .get(id)
                    .map(|n| format!("`{n}` ({id})"))
                    .unwrap_or_else(|| format!("`{id}`"));
                let note = format!(
                    "endpoint {name} is taken to be in `{v}`, the VPC of the access point its grants use (planned documents carry no endpoint VPC; `--live` reads it)"
                );
                if !assumptions.contains(&note) {
                    assumptions.push(note);
                }
                Some(v.clone())
            }
            (None, None) => None,
        };
        Endpoint {
            id: id.clone(),
            vpc,
        }
    }

    /// The path of grant `g`: its access point, and its endpoint — or, for a grant via a
    /// VPC-origin access point that names no endpoint, an endpoint of that VPC that share
    /// does not manage (AWS's default policy assumed).
    pub(crate) fn path(
        &self,
        g: &GrantInfo,
        docs: &Documents,
        assumptions: &mut Vec<String>,
    ) -> Path {
        let access_point = g.via.as_ref().and_then(|ap| self.access_point(ap, docs));
        let ap_vpc = match access_point
            .as_ref()
            .and_then(|ap| ap.network_origin.as_ref())
        {
            Some(NetworkOrigin::Vpc(v)) => Some(v.clone()),
            _ => None,
        };
        let endpoint = match (&g.through, &ap_vpc) {
            (Some((_, id)), _) => Some(self.endpoint(id, docs, ap_vpc.as_ref(), assumptions)),
            (None, Some(vpc)) => self.unmanaged_endpoint.clone().map(|id| {
                let note = format!(
                    "{} goes via VPC-origin access point `{}` without `through`: its requests are taken to come through an endpoint of `{vpc}` that share does not manage, with AWS's default policy",
                    g.path(),
                    g.via.as_ref().map(AccessPointName::as_str).unwrap_or_default()
                );
                if !assumptions.contains(&note) {
                    assumptions.push(note);
                }
                Endpoint {
                    id,
                    vpc: Some(vpc.clone()),
                }
            }),
            (None, None) => None,
        };
        Path {
            access_point,
            endpoint,
        }
    }

    /// Every probe of grant `g`.
    pub(crate) fn probes(
        &self,
        g: &GrantInfo,
        docs: &Documents,
        assumptions: &mut Vec<String>,
    ) -> Vec<ProbeSpec> {
        let mut out = Vec::new();
        let Some(grantee) = g.grantee_principal() else {
            return out;
        };
        let identity = docs.identity_side(&grantee);
        let path = self.path(g, docs, assumptions);
        let base = |action: &str| -> Option<Request> {
            let mut r = Request::new(
                Principal::from(grantee.clone()),
                Action::parse(action).ok()?,
                g.bucket.clone(),
                g.owner.clone(),
            );
            if let Some(ap) = &path.access_point {
                r = r.via(ap.clone());
            }
            if let Some(e) = &path.endpoint {
                r = r.through(e.clone());
            }
            Some(r)
        };
        let keys: Vec<String> = match &g.prefixes {
            None => vec![PROBE_KEY.to_owned()],
            Some(ps) => ps.iter().map(|p| format!("{p}{PROBE_KEY}")).collect(),
        };
        let object = |action: &str, key: &str| base(action).and_then(|r| r.object(key).ok());
        let bucket = |action: &str, prefix: Option<&str>| {
            base(action).map(|r| match prefix {
                Some(p) if lists(action) => r.with_prefix(p),
                _ => r,
            })
        };
        let mut push = |kind: ProbeKind, request: Option<Request>, identity: IdentitySide| {
            if let Some(request) = request {
                out.push(ProbeSpec {
                    kind,
                    request,
                    identity,
                });
            }
        };

        // Granted.
        let mut granted = Vec::new();
        for action in &g.bucket_actions {
            match (&g.prefixes, action.eq_ignore_ascii_case(LIST_BUCKET)) {
                (Some(ps), true) => granted.extend(ps.iter().map(|p| bucket(action, Some(p)))),
                _ => granted.push(bucket(action, None)),
            }
        }
        for action in &g.object_actions {
            granted.extend(keys.iter().map(|k| object(action, k)));
        }
        let granted: Vec<Request> = granted.into_iter().flatten().collect();
        for r in &granted {
            push(ProbeKind::Granted, Some(r.clone()), identity);
        }

        // Just outside: keys and list prefixes.
        let outside = self.outside(g);
        if g.prefixes.is_some() {
            for key in &outside {
                for action in &g.object_actions {
                    push(
                        ProbeKind::OtherKey,
                        object(action, &format!("{key}{PROBE_KEY}")),
                        identity,
                    );
                }
            }
        }

        // Other actions, on the first granted prefix.
        let first_key = keys
            .first()
            .cloned()
            .unwrap_or_else(|| PROBE_KEY.to_owned());
        let first_prefix = g.prefixes.as_ref().and_then(|ps| ps.first()).cloned();
        let (all_bucket, all_object) = share_compile::action_set(Access::ReadWrite);
        let mut other_object: Vec<&str> = all_object.into_iter().chain(NEVER_OBJECT).collect();
        other_object.retain(|a| !g.object_actions.iter().any(|b| a.eq_ignore_ascii_case(b)));
        let mut other_bucket: Vec<&str> = all_bucket.into_iter().chain(NEVER_BUCKET).collect();
        other_bucket.retain(|a| !g.bucket_actions.iter().any(|b| a.eq_ignore_ascii_case(b)));
        for action in other_bucket {
            push(
                ProbeKind::OtherAccess,
                bucket(action, first_prefix.as_deref()),
                identity,
            );
        }
        for action in other_object {
            push(ProbeKind::OtherAccess, object(action, &first_key), identity);
        }

        // Listing beyond the prefixes.
        let lists = g
            .bucket_actions
            .iter()
            .any(|a| a.eq_ignore_ascii_case(LIST_BUCKET));
        if lists && g.prefixes.is_some() {
            push(ProbeKind::ListAll, bucket(LIST_BUCKET, None), identity);
            for prefix in &outside {
                push(
                    ProbeKind::ListOther,
                    bucket(LIST_BUCKET, Some(prefix)),
                    identity,
                );
            }
        }

        // Principals without a grant.
        let partition = g.partition();
        if let Who::Identity(arn) = &g.who
            && let Some(outsider) = synthetic_role(partition, &arn.account(), OUTSIDER_ROLE)
            && &outsider != arn
        {
            let side = if outsider.account() == g.owner {
                IdentitySide::Empty
            } else {
                IdentitySide::Assumed
            };
            for r in &granted {
                let p = Principal::from(outsider.clone());
                push(
                    ProbeKind::SameAccount,
                    Some(r.clone().with_principal(p)),
                    side,
                );
            }
        }
        if let Some(other) = self
            .other_account
            .as_ref()
            .and_then(|a| synthetic_role(partition, a, OUTSIDER_ROLE))
        {
            for r in &granted {
                let p = Principal::from(other.clone());
                push(
                    ProbeKind::OtherAccount,
                    Some(r.clone().with_principal(p)),
                    IdentitySide::Assumed,
                );
            }
        }

        // Around the path.
        if g.through.is_some() {
            for r in &granted {
                push(
                    ProbeKind::NoEndpoint,
                    Some(r.clone().without_endpoint()),
                    identity,
                );
            }
        }
        if let Some(ap) = &path.access_point {
            for r in &granted {
                push(
                    ProbeKind::NoAccessPoint,
                    Some(r.clone().without_access_point()),
                    identity,
                );
            }
            if let Some(name) = &self.other_access_point {
                let mut other =
                    AccessPoint::new(name.clone(), ap.account.clone(), ap.region.clone());
                other.network_origin = ap.network_origin.clone();
                for r in &granted {
                    push(
                        ProbeKind::OtherAccessPoint,
                        Some(r.clone().without_access_point().via(other.clone())),
                        identity,
                    );
                }
            }
        }
        out
    }

    /// Key prefixes just outside grant `g`: a top-level folder no grant names, and for each
    /// prefix `a/b/` its sibling `a/b-share-verify/` and the bare `a/b` — each only when
    /// none of the grant's prefixes covers it.
    fn outside(&self, g: &GrantInfo) -> Vec<String> {
        let Some(ps) = &g.prefixes else {
            return Vec::new();
        };
        let mut out = vec![format!("{OUTSIDE}/")];
        for p in ps {
            if let Some(stem) = p.strip_suffix('/').filter(|s| !s.is_empty()) {
                out.push(format!("{stem}{SIBLING}/"));
                out.push(stem.to_owned());
            }
        }
        out.retain(|o| !g.key_in_scope(o));
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|o| seen.insert(o.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_manifest::{Source, load};

    #[test]
    fn just_outside_is_outside_every_prefix() {
        let text = r#"version: 1
accounts:
  owner: { id: "222222222222" }
buckets:
  bkt: { account: owner }
grantees:
  r: { role: "arn:aws:iam::111111111111:role/r" }
grants:
  - { grantee: r, bucket: bkt, access: read, prefixes: [data/, data-x/, z, share-verify-outside/] }
  - { grantee: r, bucket: bkt, access: write }
"#;
        let m = match load(&Source::new("t.yaml", text)) {
            Ok(v) => v.manifest,
            Err(d) => panic!("{d:#?}"),
        };
        let model = Model::new(&m);
        let outside = model.outside(&model.grants[0]);
        assert_eq!(
            outside,
            [
                "data-share-verify/",
                "data",
                "data-x-share-verify/",
                "data-x",
                // `share-verify-outside/` is granted here: only its siblings remain.
                "share-verify-outside-share-verify/",
                "share-verify-outside"
            ]
        );
        assert!(outside.iter().all(|o| !model.grants[0].key_in_scope(o)));
        assert!(model.outside(&model.grants[1]).is_empty());
    }

    #[test]
    fn every_kind_has_a_header_and_a_meaning() {
        let headers: std::collections::BTreeSet<&str> =
            ProbeKind::ALL.iter().map(|k| k.header()).collect();
        assert_eq!(headers.len(), ProbeKind::ALL.len());
        assert!(ProbeKind::ALL.iter().all(|k| !k.meaning().is_empty()));
    }
}
