//! Grants resolved into the concrete values their statements are built from.
//!
//! A grant in the manifest is names (`demo-notebook`, `test-bucket-1`, `test-ap-1`,
//! `ml-gateway`); a statement needs ARNs, account ids, a region and an endpoint id.
//! Resolving every grant once, up front, means each document builder works from the same
//! values, and a manifest built by hand with a dangling name is reported instead of
//! panicking (the lookups on `Manifest` index its maps).

use crate::arns::{self, Scope};
use share_manifest::{
    Access, Account, AccountName, AccountRef, Diagnostic, EndpointName, Grant, Grantee,
    GranteeName, Manifest, SourceMap, default_region,
};
use share_types::{
    AccessPointName, AccountId, BucketName, Partition, PrincipalArn, Region, VpcEndpointId,
};

/// Who a grant is for, as policies name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Who {
    /// An IAM role or user.
    Identity(PrincipalArn),
    /// A whole account.
    Account(AccountId),
}

/// A grant with every name resolved.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'m> {
    /// The grant as written.
    pub grant: &'m Grant,
    /// The grantee.
    pub who: Who,
    /// The grantee's account, when `share` manages its IAM (roles and users only).
    pub managed: bool,
    /// The partition of the bucket (and of every ARN of the grant).
    pub partition: Partition,
    /// The bucket's region.
    pub region: Region,
    /// The bucket owner's account id.
    pub owner: AccountId,
    /// `arn:PARTITION:s3:::BUCKET`.
    pub bucket_arn: String,
    /// The access point ARN, for grants `via` one.
    pub access_point_arn: Option<String>,
    /// The endpoint's name and id, for grants `through` one.
    pub endpoint: Option<(&'m EndpointName, VpcEndpointId)>,
    /// The keys the grant covers.
    pub scope: Scope,
}

impl Resolved<'_> {
    /// The grant's position in the manifest.
    pub fn index(&self) -> usize {
        self.grant.index
    }
    /// The grantee's logical name.
    pub fn grantee(&self) -> &GranteeName {
        &self.grant.grantee
    }
    /// The access level.
    pub fn access(&self) -> Access {
        self.grant.access
    }
    /// The bucket.
    pub fn bucket(&self) -> &BucketName {
        &self.grant.bucket
    }
    /// The access point, for grants `via` one.
    pub fn access_point(&self) -> Option<&AccessPointName> {
        self.grant.via.as_ref()
    }

    /// The value of a resource policy's `Principal` `AWS` entry: the role or user ARN, or
    /// `arn:PARTITION:iam::ID:root` for a whole account (aws-semantics §2).
    pub fn principal_arn(&self) -> String {
        match &self.who {
            Who::Identity(arn) => arn.to_string(),
            Who::Account(id) => arns::account_root(self.partition, id),
        }
    }
}

/// Lookups that report instead of panicking.
pub(crate) struct Lookup<'m> {
    pub manifest: &'m Manifest,
}

impl<'m> Lookup<'m> {
    /// The account `name`, if declared.
    pub fn account(&self, name: &AccountName) -> Option<&'m Account> {
        self.manifest.accounts.get(name)
    }

    /// The region of account `name`: its own, else `us-east-1`.
    pub fn account_region(&self, name: &AccountName) -> Region {
        self.account(name)
            .and_then(|a| a.region.clone())
            .unwrap_or_else(default_region)
    }

    /// The owner account and region of bucket `b`.
    pub fn bucket(&self, b: &BucketName) -> Option<(&'m Account, Region)> {
        let bucket = self.manifest.buckets.get(b)?;
        let owner = self.account(&bucket.account)?;
        let region = bucket
            .region
            .clone()
            .unwrap_or_else(|| self.account_region(&bucket.account));
        Some((owner, region))
    }

    /// The account id of a grantee and whether `share` manages its IAM.
    pub fn grantee(&self, g: &GranteeName) -> Option<(Who, bool)> {
        match self.manifest.grantees.get(g)? {
            Grantee::Role(arn) | Grantee::User(arn) => {
                let managed = self
                    .manifest
                    .accounts
                    .values()
                    .any(|a| a.id == arn.account());
                Some((Who::Identity(arn.clone()), managed))
            }
            Grantee::Account(AccountRef::Named(n)) => {
                Some((Who::Account(self.account(n)?.id.clone()), false))
            }
            Grantee::Account(AccountRef::Id(id)) => Some((Who::Account(id.clone()), false)),
        }
    }

    /// The endpoint `e`: its id, owner account and region.
    pub fn endpoint(&self, e: &EndpointName) -> Option<(VpcEndpointId, &'m Account, Region)> {
        let ep = self.manifest.vpc_endpoints.get(e)?;
        let account = self.account(&ep.account)?;
        Some((ep.id.clone(), account, self.account_region(&ep.account)))
    }

    /// Resolves a grant; `None` (with a diagnostic) when a name it uses is not declared,
    /// which `share_manifest::load` never lets through.
    pub fn resolve(&self, grant: &'m Grant, spans: &SourceMap) -> Result<Resolved<'m>, Diagnostic> {
        let path = grant.path();
        let dangling = |what: &str, name: &str| {
            Diagnostic::error(
                "unknown-reference",
                format!("`{path}` names {what} `{name}`, which is not declared"),
            )
            .with_path(path.clone())
            .at(spans.locate(&path))
            .expecting("a manifest loaded with `share_manifest::load`, which checks references")
        };
        let (who, managed) = self
            .grantee(&grant.grantee)
            .ok_or_else(|| dangling("grantee", grant.grantee.as_str()))?;
        let (owner, region) = self
            .bucket(&grant.bucket)
            .ok_or_else(|| dangling("bucket", grant.bucket.as_str()))?;
        let partition = region.partition();
        let access_point_arn = match &grant.via {
            None => None,
            Some(ap) => {
                if !self.manifest.access_points.contains_key(ap) {
                    return Err(dangling("access point", ap.as_str()));
                }
                Some(arns::access_point(partition, &region, &owner.id, ap))
            }
        };
        let endpoint = match &grant.through {
            None => None,
            Some(e) => {
                let (id, _, _) = self
                    .endpoint(e)
                    .ok_or_else(|| dangling("VPC endpoint", e.as_str()))?;
                Some((e, id))
            }
        };
        Ok(Resolved {
            grant,
            who,
            managed,
            partition,
            region,
            owner: owner.id.clone(),
            bucket_arn: arns::bucket(partition, &grant.bucket),
            access_point_arn,
            endpoint,
            scope: Scope::of(&grant.prefixes),
        })
    }
}
