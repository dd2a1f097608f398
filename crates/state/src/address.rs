//! Addresses: one name for each thing `share` reads or writes.
//!
//! An address carries the account and region it lives in, so the AWS crate knows which
//! credentials and endpoint to use, and renders as a short stable string such as
//! `bucket_policy.test-bucket-1` for plans, fingerprints and error messages.

use serde::Serialize;
use share_types::{
    AccessPointName, AccountId, BucketName, PolicyName, PrincipalArn, Region, VpcEndpointId,
};

/// The kind of resource an address names. The order is the apply order (aws-semantics §6):
/// identity side first, then bucket creation, access points, their policies, bucket settings,
/// bucket policies, endpoint policies. Removals run in reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    /// The inline IAM policy `share` owns on a grantee role or user.
    IdentityPolicy,
    /// A bucket (created only with `create: true`).
    Bucket,
    /// An S3 access point: existence, bucket and network origin.
    AccessPoint,
    /// The policy of an access point.
    AccessPointPolicy,
    /// The public access block of a bucket.
    BucketPublicAccessBlock,
    /// The object ownership control of a bucket.
    BucketOwnershipControls,
    /// The bucket policy.
    BucketPolicy,
    /// The policy of a VPC gateway endpoint.
    EndpointPolicy,
}

impl ResourceType {
    /// The snake_case name used in addresses and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdentityPolicy => "identity_policy",
            Self::Bucket => "bucket",
            Self::AccessPoint => "access_point",
            Self::AccessPointPolicy => "access_point_policy",
            Self::BucketPublicAccessBlock => "bucket_public_access_block",
            Self::BucketOwnershipControls => "bucket_ownership_controls",
            Self::BucketPolicy => "bucket_policy",
            Self::EndpointPolicy => "endpoint_policy",
        }
    }
}

/// One resource `share` manages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Address {
    /// A role or user's inline policy named by `settings.policy_name`.
    IdentityPolicy {
        /// The role or user.
        principal: PrincipalArn,
        /// The inline policy name.
        policy_name: PolicyName,
    },
    /// A bucket.
    Bucket {
        /// Owner account.
        account: AccountId,
        /// Bucket region.
        region: Region,
        /// Bucket name.
        bucket: BucketName,
    },
    /// An access point.
    AccessPoint {
        /// Owner account (the bucket owner).
        account: AccountId,
        /// Region of the access point (that of its bucket).
        region: Region,
        /// Access point name.
        name: AccessPointName,
    },
    /// An access point policy.
    AccessPointPolicy {
        /// Owner account.
        account: AccountId,
        /// Region.
        region: Region,
        /// Access point name.
        name: AccessPointName,
    },
    /// A bucket's public access block.
    BucketPublicAccessBlock {
        /// Owner account.
        account: AccountId,
        /// Bucket region.
        region: Region,
        /// Bucket name.
        bucket: BucketName,
    },
    /// A bucket's ownership controls.
    BucketOwnershipControls {
        /// Owner account.
        account: AccountId,
        /// Bucket region.
        region: Region,
        /// Bucket name.
        bucket: BucketName,
    },
    /// A bucket policy.
    BucketPolicy {
        /// Owner account.
        account: AccountId,
        /// Bucket region.
        region: Region,
        /// Bucket name.
        bucket: BucketName,
    },
    /// A VPC endpoint policy.
    EndpointPolicy {
        /// The account that owns the endpoint.
        account: AccountId,
        /// Endpoint region.
        region: Region,
        /// Endpoint id.
        endpoint: VpcEndpointId,
    },
}

impl Address {
    /// The four addresses of a bucket, in this order: the bucket itself, its public access
    /// block, its ownership controls and its policy.
    pub fn bucket_addresses(
        account: &AccountId,
        region: &Region,
        bucket: &BucketName,
    ) -> [Self; 4] {
        let (account, region, bucket) = (account.clone(), region.clone(), bucket.clone());
        [
            Self::Bucket {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::BucketPublicAccessBlock {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::BucketOwnershipControls {
                account: account.clone(),
                region: region.clone(),
                bucket: bucket.clone(),
            },
            Self::BucketPolicy {
                account,
                region,
                bucket,
            },
        ]
    }

    /// The two addresses of an access point, in this order: the access point and its policy.
    pub fn access_point_addresses(
        account: &AccountId,
        region: &Region,
        name: &AccessPointName,
    ) -> [Self; 2] {
        [
            Self::AccessPoint {
                account: account.clone(),
                region: region.clone(),
                name: name.clone(),
            },
            Self::AccessPointPolicy {
                account: account.clone(),
                region: region.clone(),
                name: name.clone(),
            },
        ]
    }

    /// The kind of resource.
    pub fn resource_type(&self) -> ResourceType {
        match self {
            Self::IdentityPolicy { .. } => ResourceType::IdentityPolicy,
            Self::Bucket { .. } => ResourceType::Bucket,
            Self::AccessPoint { .. } => ResourceType::AccessPoint,
            Self::AccessPointPolicy { .. } => ResourceType::AccessPointPolicy,
            Self::BucketPublicAccessBlock { .. } => ResourceType::BucketPublicAccessBlock,
            Self::BucketOwnershipControls { .. } => ResourceType::BucketOwnershipControls,
            Self::BucketPolicy { .. } => ResourceType::BucketPolicy,
            Self::EndpointPolicy { .. } => ResourceType::EndpointPolicy,
        }
    }

    /// The account the resource lives in (whose credentials read and write it).
    pub fn account(&self) -> AccountId {
        match self {
            Self::IdentityPolicy { principal, .. } => principal.account(),
            Self::Bucket { account, .. }
            | Self::AccessPoint { account, .. }
            | Self::AccessPointPolicy { account, .. }
            | Self::BucketPublicAccessBlock { account, .. }
            | Self::BucketOwnershipControls { account, .. }
            | Self::BucketPolicy { account, .. }
            | Self::EndpointPolicy { account, .. } => account.clone(),
        }
    }

    /// The region, for regional resources (IAM is global).
    pub fn region(&self) -> Option<&Region> {
        match self {
            Self::IdentityPolicy { .. } => None,
            Self::Bucket { region, .. }
            | Self::AccessPoint { region, .. }
            | Self::AccessPointPolicy { region, .. }
            | Self::BucketPublicAccessBlock { region, .. }
            | Self::BucketOwnershipControls { region, .. }
            | Self::BucketPolicy { region, .. }
            | Self::EndpointPolicy { region, .. } => Some(region),
        }
    }

    /// The resource's own name: bucket, access point, endpoint id, or `ROLE_ARN/POLICY`.
    pub fn name(&self) -> String {
        match self {
            Self::IdentityPolicy {
                principal,
                policy_name,
            } => format!("{principal}#{policy_name}"),
            Self::Bucket { bucket, .. }
            | Self::BucketPublicAccessBlock { bucket, .. }
            | Self::BucketOwnershipControls { bucket, .. }
            | Self::BucketPolicy { bucket, .. } => bucket.to_string(),
            Self::AccessPoint { name, .. } | Self::AccessPointPolicy { name, .. } => {
                name.to_string()
            }
            Self::EndpointPolicy { endpoint, .. } => endpoint.to_string(),
        }
    }
}

impl std::fmt::Display for Address {
    /// `TYPE.NAME`, e.g. `bucket_policy.test-bucket-1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.resource_type().as_str(), self.name())
    }
}

impl Serialize for Address {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
