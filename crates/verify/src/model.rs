//! The manifest's grants, resolved once into the values probes and expectations need.
//!
//! `verify` asks two questions of every probe: what AWS would decide (the evaluator, over the
//! documents) and what the manifest *means* (this crate's own reading of the grants). The
//! second must not be derived from the compiled documents, or a wrong document would expect
//! itself. So the grants are resolved here straight from the manifest — ARNs, owners,
//! regions, endpoint ids, the action sets of `share_compile::action_set` (the one place
//! that defines what `read` or `write` means) — and `oracle.rs` reasons over them.

use share_evaluate::{Action, Principal};
use share_manifest::{Access, AccountRef, EndpointName, Grantee, GranteeName, Manifest};
use share_types::{
    AccessPointName, AccountId, BucketName, Partition, PrincipalArn, Region, VpcEndpointId, VpcId,
};
use std::collections::{BTreeMap, BTreeSet};

/// The object key probed under each granted prefix (`PREFIX` + this).
pub(crate) const PROBE_KEY: &str = "share-verify-probe";
/// The top-level folder of keys and list prefixes just outside every grant.
pub(crate) const OUTSIDE: &str = "share-verify-outside";
/// The suffix that turns a prefix `data/` into its sibling `data-share-verify/`.
pub(crate) const SIBLING: &str = "-share-verify";
/// The role name of synthetic principals that have no grant.
pub(crate) const OUTSIDER_ROLE: &str = "share-verify-outsider";
/// The role name that stands for "some identity" of a whole-account grantee.
pub(crate) const GRANTEE_ROLE: &str = "share-verify-grantee";
/// The name of a synthetic access point on a bucket, which no grant goes through.
pub(crate) const OTHER_ACCESS_POINT: &str = "share-verify-other-ap";
/// The id of a synthetic endpoint: one share does not manage, in a VPC-origin access
/// point's VPC, for `via` grants that name no `through` endpoint.
pub(crate) const UNMANAGED_ENDPOINT: &str = "vpce-00000000";

/// Who a grant is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Who {
    /// A role or user.
    Identity(PrincipalArn),
    /// Every identity of an account.
    Account(AccountId),
}

/// One grant, resolved.
#[derive(Debug, Clone)]
pub(crate) struct GrantInfo {
    /// Position in the manifest's `grants`.
    pub index: usize,
    /// The grantee's logical name.
    pub grantee: GranteeName,
    /// Who it is for.
    pub who: Who,
    /// True when share writes this grantee's identity policy (a role or user in a managed
    /// account).
    pub managed_identity: bool,
    /// The bucket.
    pub bucket: BucketName,
    /// The bucket owner.
    pub owner: AccountId,
    /// The bucket's region.
    pub region: Region,
    /// The access level.
    pub access: Access,
    /// Bucket-level actions of `access`.
    pub bucket_actions: Vec<&'static str>,
    /// Object actions of `access`.
    pub object_actions: Vec<&'static str>,
    /// The granted prefixes; `None` for the whole bucket.
    pub prefixes: Option<Vec<String>>,
    /// The access point it goes through.
    pub via: Option<AccessPointName>,
    /// The endpoint it comes through: name and id.
    pub through: Option<(EndpointName, VpcEndpointId)>,
}

impl GrantInfo {
    /// `grants[i]`.
    pub fn path(&self) -> String {
        format!("grants[{}]", self.index)
    }

    /// The partition of the bucket's ARNs.
    pub fn partition(&self) -> Partition {
        self.region.partition()
    }

    /// True when `key` is under one of the granted prefixes.
    pub fn key_in_scope(&self, key: &str) -> bool {
        in_scope(self.prefixes.as_deref(), key)
    }

    /// True when a `ListBucket` with this `s3:prefix` passes the grant's
    /// `StringLike s3:prefix PREFIX*` condition (none for whole-bucket grants).
    pub fn list_prefix_ok(&self, prefix: Option<&str>) -> bool {
        match &self.prefixes {
            None => true,
            Some(ps) => prefix.is_some_and(|x| ps.iter().any(|p| x.starts_with(p.as_str()))),
        }
    }

    /// True when the grant's action set holds `action` at the level of the request (object
    /// actions on a key, bucket actions without one), and its key or `s3:prefix` is in scope.
    /// `prefix_condition` is false for endpoint policies, whose `ListBucket` carries no
    /// `s3:prefix` condition (docs/compiled-policies.md §3.5).
    pub fn covers_action(
        &self,
        action: &Action,
        key: Option<&str>,
        prefix: Option<&str>,
        prefix_condition: bool,
    ) -> bool {
        match key {
            Some(key) => has(&self.object_actions, action) && self.key_in_scope(key),
            None => {
                has(&self.bucket_actions, action)
                    && (!prefix_condition || !action.is(LIST_BUCKET) || self.list_prefix_ok(prefix))
            }
        }
    }

    /// True when a resource policy statement of this grant names the caller: the role or
    /// user itself, or any identity of the account.
    pub fn names(&self, principal: &Principal) -> bool {
        match &self.who {
            Who::Identity(arn) => principal.identity() == arn,
            Who::Account(id) => &principal.account() == id,
        }
    }

    /// The ARN a probe of this grant's own grantee uses: the role or user, or a synthetic
    /// role of the account for a whole-account grantee.
    pub fn grantee_principal(&self) -> Option<PrincipalArn> {
        match &self.who {
            Who::Identity(arn) => Some(arn.clone()),
            Who::Account(id) => synthetic_role(self.partition(), id, GRANTEE_ROLE),
        }
    }

    /// The grantee's account.
    pub fn grantee_account(&self) -> AccountId {
        match &self.who {
            Who::Identity(arn) => arn.account(),
            Who::Account(id) => id.clone(),
        }
    }
}

/// `s3:ListBucket`.
pub(crate) const LIST_BUCKET: &str = "s3:ListBucket";

/// True when `action` is one of `set` (case-insensitively, as AWS compares actions).
pub(crate) fn has(set: &[&str], action: &Action) -> bool {
    set.iter().any(|a| action.is(a))
}

/// True when `key` is under one of `prefixes` (`None`: every key).
pub(crate) fn in_scope(prefixes: Option<&[String]>, key: &str) -> bool {
    prefixes.is_none_or(|ps| ps.iter().any(|p| key.starts_with(p.as_str())))
}

/// `arn:PARTITION:iam::ACCOUNT:role/NAME`.
pub(crate) fn synthetic_role(
    partition: Partition,
    account: &AccountId,
    name: &str,
) -> Option<PrincipalArn> {
    PrincipalArn::parse(&format!("arn:{partition}:iam::{account}:role/{name}")).ok()
}

/// What the bucket's one delegation statement allows (docs/compiled-policies.md §3.2): the
/// union of the actions and prefixes of every grant `via` one of its access points, for any
/// principal, through those access points only.
#[derive(Debug, Clone, Default)]
pub(crate) struct Delegation {
    /// The access points it names in `s3:DataAccessPointArn`.
    pub access_points: BTreeSet<AccessPointName>,
    /// The union of the grants' actions, lowercased.
    pub actions: BTreeSet<String>,
    /// True when a grant has bucket-level actions (the bucket ARN is a resource).
    pub bucket_level: bool,
    /// True when a grant has object actions (object ARNs are resources).
    pub object_level: bool,
    /// The union of the grants' prefixes; `None` when one of them is whole-bucket.
    pub prefixes: Option<Vec<String>>,
}

/// The manifest, resolved for probing.
#[derive(Debug, Clone)]
pub(crate) struct Model<'m> {
    /// The manifest.
    pub manifest: &'m Manifest,
    /// Every grant whose names resolve (all of them, for a validated manifest).
    pub grants: Vec<GrantInfo>,
    /// Delegation statements, per bucket with `via` grants.
    pub delegations: BTreeMap<BucketName, Delegation>,
    /// The endpoints share manages, by id.
    pub endpoints: BTreeMap<VpcEndpointId, EndpointName>,
    /// An account no grant, grantee or managed account uses: home of the "other account"
    /// probe principal.
    pub other_account: Option<AccountId>,
    /// A name for an access point that the manifest does not declare.
    pub other_access_point: Option<AccessPointName>,
    /// The synthetic endpoint id, unless a manifest endpoint has it.
    pub unmanaged_endpoint: Option<VpcEndpointId>,
}

impl<'m> Model<'m> {
    /// Resolves the grants of `manifest`.
    pub fn new(manifest: &'m Manifest) -> Self {
        let grants: Vec<GrantInfo> = manifest
            .grants
            .iter()
            .filter_map(|g| resolve(manifest, g))
            .collect();
        let mut delegations: BTreeMap<BucketName, Delegation> = BTreeMap::new();
        for g in grants.iter().filter(|g| g.via.is_some()) {
            let d = delegations.entry(g.bucket.clone()).or_default();
            let first = d.access_points.is_empty() && d.actions.is_empty();
            if let Some(ap) = &g.via {
                d.access_points.insert(ap.clone());
            }
            d.actions.extend(
                g.bucket_actions
                    .iter()
                    .chain(&g.object_actions)
                    .map(|a| a.to_lowercase()),
            );
            d.bucket_level |= !g.bucket_actions.is_empty();
            d.object_level |= !g.object_actions.is_empty();
            d.prefixes = match (first, &d.prefixes, &g.prefixes) {
                (true, _, p) => p.clone(),
                (false, None, _) | (false, _, None) => None,
                (false, Some(a), Some(b)) => Some(a.iter().chain(b).cloned().collect()),
            };
        }
        let endpoints = manifest
            .vpc_endpoints
            .iter()
            .map(|(name, e)| (e.id.clone(), name.clone()))
            .collect::<BTreeMap<_, _>>();

        let mut used: BTreeSet<AccountId> =
            manifest.accounts.values().map(|a| a.id.clone()).collect();
        used.extend(grants.iter().map(GrantInfo::grantee_account));
        used.extend(grants.iter().map(|g| g.owner.clone()));
        let other_account = (0..1000u64)
            .map(|i| format!("{:012}", 999_999_999_999 - i))
            .filter_map(|s| AccountId::parse(&s).ok())
            .find(|a| !used.contains(a));
        let other_access_point = (0..100)
            .map(|i| match i {
                0 => OTHER_ACCESS_POINT.to_owned(),
                i => format!("{OTHER_ACCESS_POINT}-{i}"),
            })
            .filter_map(|s| AccessPointName::parse(&s).ok())
            .find(|n| !manifest.access_points.contains_key(n));
        let unmanaged_endpoint = VpcEndpointId::parse(UNMANAGED_ENDPOINT)
            .ok()
            .filter(|id| !endpoints.contains_key(id));
        Self {
            manifest,
            grants,
            delegations,
            endpoints,
            other_account,
            other_access_point,
            unmanaged_endpoint,
        }
    }

    /// The owner account and region of access point `ap` (its bucket's).
    pub fn access_point_home(&self, ap: &AccessPointName) -> Option<(AccountId, Region)> {
        let bucket = &self.manifest.access_points.get(ap)?.bucket;
        self.bucket_home(bucket)
    }

    /// The owner account and region of bucket `b`.
    pub fn bucket_home(&self, b: &BucketName) -> Option<(AccountId, Region)> {
        let bucket = self.manifest.buckets.get(b)?;
        let account = self.manifest.accounts.get(&bucket.account)?;
        let region = bucket
            .region
            .clone()
            .or_else(|| account.region.clone())
            .unwrap_or_else(share_manifest::default_region);
        Some((account.id.clone(), region))
    }

    /// The manifest's VPC of access point `ap` (`None`: internet origin).
    pub fn access_point_vpc(&self, ap: &AccessPointName) -> Option<&VpcId> {
        self.manifest.access_points.get(ap)?.vpc.as_ref()
    }
}

/// Resolves one grant; `None` when one of its names is not declared (never for a manifest
/// that `share_manifest::load` accepted).
fn resolve(manifest: &Manifest, g: &share_manifest::Grant) -> Option<GrantInfo> {
    let who = match manifest.grantees.get(&g.grantee)? {
        Grantee::Role(arn) | Grantee::User(arn) => Who::Identity(arn.clone()),
        Grantee::Account(AccountRef::Named(n)) => {
            Who::Account(manifest.accounts.get(n)?.id.clone())
        }
        Grantee::Account(AccountRef::Id(id)) => Who::Account(id.clone()),
    };
    let managed_identity = match &who {
        Who::Identity(arn) => manifest.accounts.values().any(|a| a.id == arn.account()),
        Who::Account(_) => false,
    };
    let bucket = manifest.buckets.get(&g.bucket)?;
    let account = manifest.accounts.get(&bucket.account)?;
    let region = bucket
        .region
        .clone()
        .or_else(|| account.region.clone())
        .unwrap_or_else(share_manifest::default_region);
    if let Some(ap) = &g.via {
        manifest.access_points.get(ap)?;
    }
    let through = match &g.through {
        Some(e) => Some((e.clone(), manifest.vpc_endpoints.get(e)?.id.clone())),
        None => None,
    };
    let (bucket_actions, object_actions) = share_compile::action_set(g.access);
    Some(GrantInfo {
        index: g.index,
        grantee: g.grantee.clone(),
        who,
        managed_identity,
        bucket: g.bucket.clone(),
        owner: account.id.clone(),
        region,
        access: g.access,
        bucket_actions,
        object_actions,
        prefixes: (!g.prefixes.is_empty())
            .then(|| g.prefixes.iter().map(|p| p.as_str().to_owned()).collect()),
        via: g.via.clone(),
        through,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_manifest::{Source, load};

    fn model_of(text: &str) -> Manifest {
        match load(&Source::new("t.yaml", text)) {
            Ok(v) => v.manifest,
            Err(d) => panic!("{d:#?}"),
        }
    }

    const TEXT: &str = r#"version: 1
accounts:
  owner: { id: "999999999999" }
  ml: { id: "111111111111" }
buckets:
  bkt: { account: owner }
access_points:
  share-verify-other-ap: { bucket: bkt }
  ap2: { bucket: bkt }
grantees:
  r: { role: "arn:aws:iam::111111111111:role/r" }
  p: { account: "999999999998" }
grants:
  - { grantee: r, bucket: bkt, access: list, prefixes: [a/], via: share-verify-other-ap }
  - { grantee: p, bucket: bkt, access: write, prefixes: [z], via: ap2 }
  - { grantee: r, bucket: bkt, access: read }
"#;

    #[test]
    fn synthetic_names_avoid_the_manifests() {
        let m = model_of(TEXT);
        let model = Model::new(&m);
        assert_eq!(
            model.other_account.as_ref().map(AccountId::as_str),
            Some("999999999997")
        );
        assert_eq!(
            model
                .other_access_point
                .as_ref()
                .map(AccessPointName::as_str),
            Some("share-verify-other-ap-1")
        );
        assert!(model.unmanaged_endpoint.is_some());
    }

    #[test]
    fn the_delegation_is_the_union_of_the_via_grants() {
        let m = model_of(TEXT);
        let model = Model::new(&m);
        let d = &model.delegations[&BucketName::parse("bkt").unwrap_or_else(|e| panic!("{e}"))];
        assert_eq!(d.access_points.len(), 2);
        assert!(d.bucket_level && d.object_level);
        assert!(d.actions.contains("s3:listbucket") && d.actions.contains("s3:putobject"));
        assert!(!d.actions.contains("s3:getobject"));
        assert_eq!(
            d.prefixes.as_deref(),
            Some(&["a/".to_owned(), "z".to_owned()][..])
        );
    }

    #[test]
    fn grants_resolve_with_their_scopes() {
        let m = model_of(TEXT);
        let model = Model::new(&m);
        let [list, write, read] = model.grants.as_slice() else {
            panic!("three grants");
        };
        assert!(list.managed_identity);
        assert!(!write.managed_identity);
        assert_eq!(
            write.who,
            Who::Account(AccountId::parse("999999999998").unwrap_or_else(|e| panic!("{e}")))
        );
        assert!(list.list_prefix_ok(Some("a/x")));
        assert!(!list.list_prefix_ok(Some("b/")));
        assert!(!list.list_prefix_ok(None));
        assert!(read.list_prefix_ok(None));
        assert!(write.key_in_scope("zoo/x") && !write.key_in_scope("a/x"));
        assert!(read.key_in_scope("anything"));
        assert_eq!(
            write.grantee_principal().map(|p| p.to_string()).as_deref(),
            Some("arn:aws:iam::999999999998:role/share-verify-grantee")
        );
    }
}
