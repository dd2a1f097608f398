//! The desired state: what AWS should hold once the manifest is applied.
//!
//! Resource policies hold only the statements `share` owns (foreign statements are merged
//! in at plan time, from what is live); an identity policy is owned whole, by name.

use crate::{Address, ObjectOwnership, PublicAccessBlock};
use share_policy::{Document, Statement};
use share_types::{
    AccessPointName, AccountId, BucketName, PolicyName, PrincipalArn, Region, SidPrefix,
    VpcEndpointId, VpcId,
};
use std::collections::{BTreeMap, BTreeSet};

/// Everything the manifest says AWS should hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DesiredState {
    /// Statements whose Sid starts with this prefix are share's.
    pub sid_prefix: SidPrefix,
    /// The inline policy name share owns on grantee identities.
    pub policy_name: PolicyName,
    /// Buckets named in the manifest.
    pub buckets: BTreeMap<BucketName, DesiredBucket>,
    /// Access points named in the manifest.
    pub access_points: BTreeMap<AccessPointName, DesiredAccessPoint>,
    /// Gateway endpoints named in the manifest.
    pub endpoints: BTreeMap<VpcEndpointId, DesiredEndpoint>,
    /// Grantee roles and users in managed accounts.
    pub identities: BTreeMap<PrincipalArn, DesiredIdentity>,
}

/// A bucket's settings and the statements share owns in its policy.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredBucket {
    /// Owner account.
    pub account: AccountId,
    /// Bucket region.
    pub region: Region,
    /// Whether share may create the bucket when it is missing.
    pub create: bool,
    /// The public access block to enforce.
    pub public_access_block: PublicAccessBlock,
    /// The object ownership to enforce.
    pub object_ownership: ObjectOwnership,
    /// share's statements in the bucket policy (empty: share owns none).
    pub statements: Vec<Statement>,
}

/// An access point and the statements share owns in its policy.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredAccessPoint {
    /// Owner account (the bucket owner: access point calls are same-account only,
    /// aws-semantics §1.1).
    pub account: AccountId,
    /// Region (the bucket's).
    pub region: Region,
    /// The bucket it serves.
    pub bucket: BucketName,
    /// VPC network origin; `None` is internet origin. Immutable in AWS (aws-semantics §1.2).
    pub vpc: Option<VpcId>,
    /// share's statements in the access point policy.
    pub statements: Vec<Statement>,
}

/// A gateway endpoint and the statements share owns in its policy.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredEndpoint {
    /// The account that owns the endpoint.
    pub account: AccountId,
    /// Endpoint region.
    pub region: Region,
    /// share's statements in the endpoint policy.
    pub statements: Vec<Statement>,
}

/// The inline policy share owns on a grantee role or user.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredIdentity {
    /// The whole document; `None` when the grantee has no grants left (delete it).
    pub document: Option<Document>,
}

impl DesiredState {
    /// What has to be read from AWS to diff against this state.
    pub fn observe_request(&self) -> ObserveRequest {
        let mut req = ObserveRequest::default();
        for (name, b) in &self.buckets {
            req.buckets
                .insert((b.account.clone(), b.region.clone(), name.clone()));
        }
        for (name, ap) in &self.access_points {
            req.access_points
                .insert((ap.account.clone(), ap.region.clone(), name.clone()));
        }
        for (id, e) in &self.endpoints {
            req.endpoints
                .insert((e.account.clone(), e.region.clone(), id.clone()));
        }
        req.identities.extend(self.identities.keys().cloned());
        req
    }
}

/// What to read from AWS. Buckets are read whole (existence, policy, public access block,
/// ownership, the access points attached to them); access points, endpoints and identities
/// individually.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObserveRequest {
    /// (owner account, region, bucket).
    pub buckets: BTreeSet<(AccountId, Region, BucketName)>,
    /// (owner account, region, access point).
    pub access_points: BTreeSet<(AccountId, Region, AccessPointName)>,
    /// (owner account, region, endpoint).
    pub endpoints: BTreeSet<(AccountId, Region, VpcEndpointId)>,
    /// Roles and users whose inline policies to read.
    pub identities: BTreeSet<PrincipalArn>,
}

impl ObserveRequest {
    /// The smallest request that reads the current content of each address.
    pub fn for_addresses<'a>(addresses: impl IntoIterator<Item = &'a Address>) -> Self {
        let mut req = Self::default();
        for a in addresses {
            match a {
                Address::IdentityPolicy { principal, .. } => {
                    req.identities.insert(principal.clone());
                }
                Address::Bucket {
                    account,
                    region,
                    bucket,
                }
                | Address::BucketPublicAccessBlock {
                    account,
                    region,
                    bucket,
                }
                | Address::BucketOwnershipControls {
                    account,
                    region,
                    bucket,
                }
                | Address::BucketPolicy {
                    account,
                    region,
                    bucket,
                } => {
                    req.buckets
                        .insert((account.clone(), region.clone(), bucket.clone()));
                }
                Address::AccessPoint {
                    account,
                    region,
                    name,
                }
                | Address::AccessPointPolicy {
                    account,
                    region,
                    name,
                } => {
                    req.access_points
                        .insert((account.clone(), region.clone(), name.clone()));
                }
                Address::EndpointPolicy {
                    account,
                    region,
                    endpoint,
                } => {
                    req.endpoints
                        .insert((account.clone(), region.clone(), endpoint.clone()));
                }
            }
        }
        req
    }

    /// The accounts this request touches.
    pub fn accounts(&self) -> BTreeSet<AccountId> {
        let mut out = BTreeSet::new();
        out.extend(self.buckets.iter().map(|(a, _, _)| a.clone()));
        out.extend(self.access_points.iter().map(|(a, _, _)| a.clone()));
        out.extend(self.endpoints.iter().map(|(a, _, _)| a.clone()));
        out.extend(self.identities.iter().map(PrincipalArn::account));
        out
    }
}
