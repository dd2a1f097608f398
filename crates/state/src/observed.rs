//! The observed state: what AWS holds now, as read by the AWS crate.
//!
//! Policy documents are kept as the text AWS returned (IAM documents already
//! percent-decoded), not parsed: the plan stage parses them, so a corrupt live policy becomes
//! a clear diagnostic for that resource rather than a failed read, and foreign statements
//! can be kept byte for byte. Absence is a value (`exists: false`, `None`), never an error.

use crate::{Address, ObjectOwnership, PublicAccessBlock};
use share_types::{AccessPointName, AccountId, BucketName, PrincipalArn, Region, VpcId};
use std::collections::BTreeMap;

/// Everything read from AWS for one plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservedState {
    /// Buckets, by name (bucket names are global).
    pub buckets: BTreeMap<BucketName, ObservedBucket>,
    /// Access points that exist, by owner account and name: those the manifest names and
    /// those found attached to the manifest's buckets.
    pub access_points: BTreeMap<(AccountId, AccessPointName), ObservedAccessPoint>,
    /// Endpoints, by id.
    pub endpoints: BTreeMap<share_types::VpcEndpointId, ObservedEndpoint>,
    /// Roles and users, by ARN.
    pub identities: BTreeMap<PrincipalArn, ObservedIdentity>,
    /// How many AWS API calls the read took (a performance figure).
    pub api_calls: u64,
}

/// A bucket as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservedBucket {
    /// False when the bucket does not exist (or is not visible to the owner account).
    pub exists: bool,
    /// The bucket policy text, `None` when the bucket has none.
    pub policy: Option<String>,
    /// The public access block, `None` when none is configured.
    pub public_access_block: Option<PublicAccessBlock>,
    /// The object ownership, `None` when no ownership controls are set.
    pub object_ownership: Option<ObjectOwnership>,
    /// Names of the access points attached to this bucket in the owner account.
    pub access_points: Vec<AccessPointName>,
}

/// An access point that exists.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedAccessPoint {
    /// Owner account.
    pub account: AccountId,
    /// Region.
    pub region: Region,
    /// The bucket it serves.
    pub bucket: BucketName,
    /// VPC origin, `None` for internet origin.
    pub vpc: Option<VpcId>,
    /// The access point policy text, `None` when it has none.
    pub policy: Option<String>,
}

/// A VPC endpoint as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservedEndpoint {
    /// False when no endpoint with that id exists (or it is deleted).
    pub exists: bool,
    /// The VPC it belongs to.
    pub vpc: Option<VpcId>,
    /// `Gateway`, `Interface`, … as AWS reports it.
    pub endpoint_type: String,
    /// The service, e.g. `com.amazonaws.us-east-1.s3`.
    pub service_name: String,
    /// The state, e.g. `available` (compare case-insensitively: moto-notes).
    pub state: String,
    /// The endpoint policy text. AWS always has one (the default allows everything).
    pub policy: Option<String>,
}

/// A role or user as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservedIdentity {
    /// False when the role or user does not exist.
    pub exists: bool,
    /// Its unique id (`AROA…`/`AIDA…`), to resolve dangling principals.
    pub unique_id: Option<String>,
    /// Every inline policy, name → decoded document text (share's and others', for the
    /// size budget, aws-semantics §5).
    pub inline_policies: BTreeMap<String, String>,
}

impl ObservedState {
    /// The current content of an address as a stable text (policy JSON as returned, or a
    /// small JSON rendering of settings), `None` when absent. Saved plans fingerprint this,
    /// and `apply` compares it again just before writing.
    pub fn content(&self, address: &Address) -> Option<String> {
        match address {
            Address::IdentityPolicy {
                principal,
                policy_name,
            } => self
                .identities
                .get(principal)
                .and_then(|i| i.inline_policies.get(policy_name.as_str()).cloned()),
            Address::Bucket { bucket, .. } => self
                .buckets
                .get(bucket)
                .filter(|b| b.exists)
                .map(|_| "exists".to_owned()),
            Address::BucketPolicy { bucket, .. } => {
                self.buckets.get(bucket).and_then(|b| b.policy.clone())
            }
            Address::BucketPublicAccessBlock { bucket, .. } => self
                .buckets
                .get(bucket)
                .and_then(|b| b.public_access_block)
                .and_then(|p| serde_json::to_string(&p).ok()),
            Address::BucketOwnershipControls { bucket, .. } => self
                .buckets
                .get(bucket)
                .and_then(|b| b.object_ownership)
                .map(|o| o.as_str().to_owned()),
            Address::AccessPoint { account, name, .. } => self
                .access_points
                .get(&(account.clone(), name.clone()))
                .map(|ap| {
                    serde_json::json!({
                        "bucket": ap.bucket.as_str(),
                        "vpc": ap.vpc.as_ref().map(VpcId::as_str),
                    })
                    .to_string()
                }),
            Address::AccessPointPolicy { account, name, .. } => self
                .access_points
                .get(&(account.clone(), name.clone()))
                .and_then(|ap| ap.policy.clone()),
            Address::EndpointPolicy { endpoint, .. } => self
                .endpoints
                .get(endpoint)
                .filter(|e| e.exists)
                .and_then(|e| e.policy.clone()),
        }
    }
}
