//! The validated manifest: what the rest of `share` codes against.
//!
//! Values here are typed (account ids, bucket names, ARNs… from `share-types`, logical names
//! from [`crate::names`]) and every cross-reference has been checked by [`crate::load`], so
//! the lookups on [`Manifest`] are infallible for names taken from the same manifest. The
//! types serialize back to the manifest's own YAML shape, so a `Manifest` can be printed or
//! written as a valid manifest again.

use crate::names::{AccountName, EndpointName, GranteeName};
use serde::Serialize;
use share_types::{
    AccessPointName, AccountId, BucketName, Partition, PolicyName, Prefix, PrincipalArn,
    PrincipalKind, Region, SidPrefix, VpcEndpointId, VpcId,
};
use std::collections::BTreeMap;

/// The only manifest version this build understands.
pub const SUPPORTED_VERSION: u32 = 1;

/// The region used when neither a bucket nor its account names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The region used when neither a bucket nor its account names one: `us-east-1`.
pub fn default_region() -> Region {
    match Region::parse(DEFAULT_REGION) {
        Ok(r) => r,
        Err(_) => unreachable!("`{DEFAULT_REGION}` is a valid region"),
    }
}

/// A validated manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// Always [`SUPPORTED_VERSION`].
    pub version: u32,
    /// Ownership markers; defaults when the section is absent.
    pub settings: Settings,
    /// Accounts `share` manages (bucket owners, endpoint owners, grantee accounts).
    pub accounts: BTreeMap<AccountName, Account>,
    /// Buckets whose policies `share` manages.
    pub buckets: BTreeMap<BucketName, Bucket>,
    /// Access points, owned by their bucket's account.
    pub access_points: BTreeMap<AccessPointName, AccessPoint>,
    /// Existing S3 gateway endpoints whose policies `share` adds statements to.
    pub vpc_endpoints: BTreeMap<EndpointName, VpcEndpoint>,
    /// Who receives access.
    pub grantees: BTreeMap<GranteeName, Grantee>,
    /// Who may do what on which bucket, in file order.
    pub grants: Vec<Grant>,
}

/// How `share` recognises what it owns in AWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Settings {
    /// Statements whose `Sid` starts with this are `share`'s, in bucket, access point and
    /// endpoint policies; all others are kept untouched. Default `Share`.
    pub sid_prefix: SidPrefix,
    /// The name of the inline IAM policy `share` owns on grantee roles and users. Default
    /// `share`.
    pub policy_name: PolicyName,
}

/// An AWS account and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The 12-digit account id.
    pub id: AccountId,
    /// The account's default region for its buckets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// A role in this account that `share` assumes to manage it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assume_role: Option<PrincipalArn>,
    /// The external id passed when assuming `assume_role`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// A named profile of the AWS shared config to use instead of `assume_role`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// A bucket whose policy `share` manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The owning account.
    pub account: AccountName,
    /// The bucket's region, when it differs from the account's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// Whether `share` creates the bucket when it does not exist. Default false.
    pub create: bool,
    /// Whether all four Block Public Access settings are on. Default true.
    pub block_public_access: bool,
    /// The bucket's Object Ownership. Default `BucketOwnerEnforced`.
    pub object_ownership: ObjectOwnership,
}

/// S3 Object Ownership (aws-semantics §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub enum ObjectOwnership {
    /// ACLs disabled; the bucket owner owns every object. Required for write grants.
    #[default]
    BucketOwnerEnforced,
    /// The bucket owner owns objects uploaded with `bucket-owner-full-control`.
    BucketOwnerPreferred,
    /// The uploader owns the object.
    ObjectWriter,
}

impl ObjectOwnership {
    /// Every value, in documentation order.
    pub const ALL: [ObjectOwnership; 3] = [
        Self::BucketOwnerEnforced,
        Self::BucketOwnerPreferred,
        Self::ObjectWriter,
    ];

    /// The AWS spelling, e.g. `BucketOwnerEnforced`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BucketOwnerEnforced => "BucketOwnerEnforced",
            Self::BucketOwnerPreferred => "BucketOwnerPreferred",
            Self::ObjectWriter => "ObjectWriter",
        }
    }

    /// Parses the AWS spelling (exact, case-sensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

impl std::fmt::Display for ObjectOwnership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An S3 access point of a bucket, in the bucket owner's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessPoint {
    /// The bucket it fronts.
    pub bucket: BucketName,
    /// The VPC it is restricted to; `None` means internet origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<VpcId>,
}

/// An existing S3 gateway endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VpcEndpoint {
    /// The account that owns the endpoint (its VPC's owner).
    pub account: AccountName,
    /// The endpoint id.
    pub id: VpcEndpointId,
}

/// Who receives access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    /// An IAM role.
    Role(PrincipalArn),
    /// An IAM user.
    User(PrincipalArn),
    /// A whole account: its administrators delegate further with their own IAM policies.
    Account(AccountRef),
}

/// As in the manifest: `{role: ARN}`, `{user: ARN}` or `{account: NAME_OR_ID}` (a plain
/// one-entry mapping, not a YAML tag, whatever the serializer).
impl Serialize for Grantee {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Self::Role(arn) | Self::User(arn) => map.serialize_entry(self.kind_str(), arn)?,
            Self::Account(r) => map.serialize_entry(self.kind_str(), r)?,
        }
        map.end()
    }
}

impl Grantee {
    /// The role or user ARN, `None` for a whole-account grantee.
    pub fn principal(&self) -> Option<&PrincipalArn> {
        match self {
            Self::Role(a) | Self::User(a) => Some(a),
            Self::Account(_) => None,
        }
    }

    /// `role`, `user` or `account`: the manifest key that declared it.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::Role(_) => PrincipalKind::Role.as_str(),
            Self::User(_) => PrincipalKind::User.as_str(),
            Self::Account(_) => "account",
        }
    }
}

/// An account named by a grantee: a name from `accounts`, or a bare id of an account
/// `share` does not manage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AccountRef {
    /// A key of `accounts`.
    Named(AccountName),
    /// A 12-digit id.
    Id(AccountId),
}

/// One grant: a grantee may do `access` on `bucket` (optionally only under `prefixes`),
/// optionally through an access point and a VPC endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// Position in the `grants` list (0-based), for diagnostics and stable naming.
    #[serde(skip)]
    pub index: usize,
    /// Who.
    pub grantee: GranteeName,
    /// On which bucket.
    pub bucket: BucketName,
    /// What.
    pub access: Access,
    /// Only keys under these prefixes; empty means the whole bucket.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<Prefix>,
    /// Through this access point of `bucket` instead of the bucket itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<AccessPointName>,
    /// Traffic comes through this VPC gateway endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<EndpointName>,
}

impl Grant {
    /// The manifest path of this grant, e.g. `grants[2]`.
    pub fn path(&self) -> String {
        format!("grants[{}]", self.index)
    }

    /// True when the grant covers the whole bucket (no prefixes).
    pub fn whole_bucket(&self) -> bool {
        self.prefixes.is_empty()
    }
}

/// The access a grant gives (aws-semantics §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// List keys (and get the bucket location).
    List,
    /// List and read objects.
    Read,
    /// Write (put) objects only.
    Write,
    /// List, read, write and delete objects.
    ReadWrite,
}

impl Access {
    /// Every value, in documentation order.
    pub const ALL: [Access; 4] = [Self::List, Self::Read, Self::Write, Self::ReadWrite];

    /// `list`, `read`, `write` or `read-write`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Read => "read",
            Self::Write => "write",
            Self::ReadWrite => "read-write",
        }
    }

    /// Parses the manifest spelling (exact).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// True when the grant writes objects (`write`, `read-write`).
    pub fn writes(&self) -> bool {
        matches!(self, Self::Write | Self::ReadWrite)
    }

    /// True when the grant reads objects (`read`, `read-write`).
    pub fn reads(&self) -> bool {
        matches!(self, Self::Read | Self::ReadWrite)
    }

    /// True when the grant lists keys (every access but `write`).
    pub fn lists(&self) -> bool {
        !matches!(self, Self::Write)
    }
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lookups over a validated manifest.
///
/// They index the manifest's maps directly: they cannot fail for names taken from the same
/// validated manifest, and panic (like indexing a map) for a name that is not in it.
impl Manifest {
    /// The account that owns bucket `b`.
    pub fn bucket_account(&self, b: &BucketName) -> &Account {
        &self.accounts[&self.buckets[b].account]
    }

    /// The region of bucket `b`: its own `region`, else its account's, else `us-east-1`.
    pub fn bucket_region(&self, b: &BucketName) -> Region {
        let bucket = &self.buckets[b];
        bucket
            .region
            .clone()
            .unwrap_or_else(|| self.account_region(&bucket.account))
    }

    /// The partition of bucket `b`, from its region.
    pub fn bucket_partition(&self, b: &BucketName) -> Partition {
        self.bucket_region(b).partition()
    }

    /// The region of account `a`: its `region`, else `us-east-1`.
    pub fn account_region(&self, a: &AccountName) -> Region {
        self.accounts[a]
            .region
            .clone()
            .unwrap_or_else(default_region)
    }

    /// The account that owns endpoint `e`.
    pub fn endpoint_account(&self, e: &EndpointName) -> &Account {
        &self.accounts[&self.vpc_endpoints[e].account]
    }

    /// The bucket behind access point `ap`.
    pub fn access_point_bucket(&self, ap: &AccessPointName) -> &BucketName {
        &self.access_points[ap].bucket
    }

    /// The account id of grantee `g`: from its ARN, its named account or its bare id.
    pub fn grantee_account_id(&self, g: &GranteeName) -> AccountId {
        match &self.grantees[g] {
            Grantee::Role(arn) | Grantee::User(arn) => arn.account(),
            Grantee::Account(AccountRef::Named(n)) => self.accounts[n].id.clone(),
            Grantee::Account(AccountRef::Id(id)) => id.clone(),
        }
    }

    /// The managed account whose IAM `share` edits for grantee `g`: `Some` when `g` is a role
    /// or user whose account id is one of `accounts`, `None` for whole-account grantees and
    /// identities in accounts `share` does not manage (resource side only).
    pub fn managed_account_of(&self, g: &GranteeName) -> Option<&AccountName> {
        let arn = self.grantees[g].principal()?;
        self.account_by_id(&arn.account()).map(|(name, _)| name)
    }

    /// The declared account with id `id`, if any (ids are unique in a valid manifest).
    pub fn account_by_id(&self, id: &AccountId) -> Option<(&AccountName, &Account)> {
        self.accounts.iter().find(|(_, a)| &a.id == id)
    }

    /// The grants on bucket `b`, in file order.
    pub fn grants_on<'a>(&'a self, b: &'a BucketName) -> impl Iterator<Item = &'a Grant> + 'a {
        self.grants.iter().filter(move |g| &g.bucket == b)
    }
}
