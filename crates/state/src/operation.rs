//! The operations `share` performs in AWS, one write each.
//!
//! Every operation replaces a whole document or setting, so repeating one is safe
//! (aws-semantics §6, idempotency). `share` never deletes a bucket, an object, a role, a
//! user or an endpoint: there is no operation for it.

use crate::{Address, ObjectOwnership, PublicAccessBlock};
use serde::{Deserialize, Serialize};
use share_types::{
    AccessPointName, AccountId, BucketName, PolicyName, PrincipalArn, Region, VpcEndpointId, VpcId,
};

/// One write to AWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// `CreateBucket` (only for buckets declared with `create: true`).
    CreateBucket {
        account: AccountId,
        region: Region,
        bucket: BucketName,
    },
    /// `PutPublicAccessBlock`.
    PutPublicAccessBlock {
        account: AccountId,
        region: Region,
        bucket: BucketName,
        config: PublicAccessBlock,
    },
    /// `PutBucketOwnershipControls`.
    PutOwnershipControls {
        account: AccountId,
        region: Region,
        bucket: BucketName,
        ownership: ObjectOwnership,
    },
    /// `CreateAccessPoint` (S3 Control, owner account).
    CreateAccessPoint {
        account: AccountId,
        region: Region,
        name: AccessPointName,
        bucket: BucketName,
        vpc: Option<VpcId>,
    },
    /// `DeleteAccessPoint` (only access points share owns).
    DeleteAccessPoint {
        account: AccountId,
        region: Region,
        name: AccessPointName,
    },
    /// `PutAccessPointPolicy`.
    PutAccessPointPolicy {
        account: AccountId,
        region: Region,
        name: AccessPointName,
        document: String,
    },
    /// `DeleteAccessPointPolicy`.
    DeleteAccessPointPolicy {
        account: AccountId,
        region: Region,
        name: AccessPointName,
    },
    /// `PutBucketPolicy`.
    PutBucketPolicy {
        account: AccountId,
        region: Region,
        bucket: BucketName,
        document: String,
    },
    /// `DeleteBucketPolicy`.
    DeleteBucketPolicy {
        account: AccountId,
        region: Region,
        bucket: BucketName,
    },
    /// `ModifyVpcEndpoint` with a `PolicyDocument` (also used to restore the default
    /// full-access policy).
    PutEndpointPolicy {
        account: AccountId,
        region: Region,
        endpoint: VpcEndpointId,
        document: String,
    },
    /// `PutRolePolicy` / `PutUserPolicy`.
    PutIdentityPolicy {
        principal: PrincipalArn,
        policy_name: PolicyName,
        document: String,
    },
    /// `DeleteRolePolicy` / `DeleteUserPolicy`.
    DeleteIdentityPolicy {
        principal: PrincipalArn,
        policy_name: PolicyName,
    },
}

impl Operation {
    /// The resource this operation writes.
    pub fn address(&self) -> Address {
        match self {
            Self::CreateBucket {
                account,
                region,
                bucket,
            } => Address::Bucket {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::PutPublicAccessBlock {
                account,
                region,
                bucket,
                ..
            } => Address::BucketPublicAccessBlock {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::PutOwnershipControls {
                account,
                region,
                bucket,
                ..
            } => Address::BucketOwnershipControls {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::CreateAccessPoint {
                account,
                region,
                name,
                ..
            }
            | Self::DeleteAccessPoint {
                account,
                region,
                name,
            } => Address::AccessPoint {
                account: account.clone(),
                region: region.clone(),
                name: name.clone(),
            },
            Self::PutAccessPointPolicy {
                account,
                region,
                name,
                ..
            }
            | Self::DeleteAccessPointPolicy {
                account,
                region,
                name,
            } => Address::AccessPointPolicy {
                account: account.clone(),
                region: region.clone(),
                name: name.clone(),
            },
            Self::PutBucketPolicy {
                account,
                region,
                bucket,
                ..
            }
            | Self::DeleteBucketPolicy {
                account,
                region,
                bucket,
            } => Address::BucketPolicy {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::PutEndpointPolicy {
                account,
                region,
                endpoint,
                ..
            } => Address::EndpointPolicy {
                account: account.clone(),
                region: region.clone(),
                endpoint: endpoint.clone(),
            },
            Self::PutIdentityPolicy {
                principal,
                policy_name,
                ..
            }
            | Self::DeleteIdentityPolicy {
                principal,
                policy_name,
            } => Address::IdentityPolicy {
                principal: principal.clone(),
                policy_name: policy_name.clone(),
            },
        }
    }

    /// True for operations that remove something (they run in reverse order).
    pub fn is_removal(&self) -> bool {
        matches!(
            self,
            Self::DeleteAccessPoint { .. }
                | Self::DeleteAccessPointPolicy { .. }
                | Self::DeleteBucketPolicy { .. }
                | Self::DeleteIdentityPolicy { .. }
        )
    }

    /// The AWS API the operation calls, for progress and error messages.
    pub fn api_name(&self) -> &'static str {
        match self {
            Self::CreateBucket { .. } => "CreateBucket",
            Self::PutPublicAccessBlock { .. } => "PutPublicAccessBlock",
            Self::PutOwnershipControls { .. } => "PutBucketOwnershipControls",
            Self::CreateAccessPoint { .. } => "CreateAccessPoint",
            Self::DeleteAccessPoint { .. } => "DeleteAccessPoint",
            Self::PutAccessPointPolicy { .. } => "PutAccessPointPolicy",
            Self::DeleteAccessPointPolicy { .. } => "DeleteAccessPointPolicy",
            Self::PutBucketPolicy { .. } => "PutBucketPolicy",
            Self::DeleteBucketPolicy { .. } => "DeleteBucketPolicy",
            Self::PutEndpointPolicy { .. } => "ModifyVpcEndpoint",
            Self::PutIdentityPolicy { principal, .. } => match principal.kind() {
                share_types::PrincipalKind::Role => "PutRolePolicy",
                share_types::PrincipalKind::User => "PutUserPolicy",
            },
            Self::DeleteIdentityPolicy { principal, .. } => match principal.kind() {
                share_types::PrincipalKind::Role => "DeleteRolePolicy",
                share_types::PrincipalKind::User => "DeleteUserPolicy",
            },
        }
    }
}
