//! ARNs and key scopes: the resource strings every statement is made of.
//!
//! Bucket-form and access-point-form resources differ ("the Resource entry differs",
//! aws-semantics §1.1), and a wrong form is either rejected by S3 or silently matches
//! nothing. Building every ARN here, from the bucket's partition and region (never a
//! hard-coded `aws`, aws-semantics §2), keeps the forms in one place.

use share_types::{AccessPointName, AccountId, BucketName, Partition, Prefix, Region};
use std::collections::BTreeSet;

/// `arn:PARTITION:s3:::BUCKET`.
pub(crate) fn bucket(partition: Partition, bucket: &BucketName) -> String {
    format!("arn:{partition}:s3:::{bucket}")
}

/// `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME`.
pub(crate) fn access_point(
    partition: Partition,
    region: &Region,
    account: &AccountId,
    name: &AccessPointName,
) -> String {
    format!("arn:{partition}:s3:{region}:{account}:accesspoint/{name}")
}

/// `arn:PARTITION:iam::ACCOUNT:root`: the whole account as a principal (aws-semantics §2).
pub(crate) fn account_root(partition: Partition, account: &AccountId) -> String {
    format!("arn:{partition}:iam::{account}:root")
}

/// The keys a grant covers: the whole bucket, or everything under a set of prefixes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Scope {
    /// Every key.
    Whole,
    /// Keys under any of these prefixes; never empty, and no prefix covers another.
    Prefixes(BTreeSet<String>),
}

impl Scope {
    /// The scope of a grant's `prefixes` (empty: the whole bucket).
    pub(crate) fn of(prefixes: &[Prefix]) -> Scope {
        if prefixes.is_empty() {
            return Scope::Whole;
        }
        Scope::minimal(prefixes.iter().map(|p| p.as_str().to_owned()).collect())
    }

    /// The keys of both scopes.
    pub(crate) fn union(&self, other: &Scope) -> Scope {
        match (self, other) {
            (Scope::Whole, _) | (_, Scope::Whole) => Scope::Whole,
            (Scope::Prefixes(a), Scope::Prefixes(b)) => {
                Scope::minimal(a.union(b).cloned().collect())
            }
        }
    }

    /// Drops every prefix another prefix of the set already covers (`data/` covers
    /// `data/x/`), so merged grants do not repeat resources.
    fn minimal(all: BTreeSet<String>) -> Scope {
        let kept: BTreeSet<String> = all
            .iter()
            .filter(|p| !all.iter().any(|q| q != *p && p.starts_with(q.as_str())))
            .cloned()
            .collect();
        Scope::Prefixes(kept)
    }

    /// The `StringLike` values of `s3:prefix` for a `ListBucket` statement: `PREFIX*` per
    /// prefix (s3-credentials, aws-semantics §3); `None` for the whole bucket.
    pub(crate) fn list_prefixes(&self) -> Option<Vec<String>> {
        match self {
            Scope::Whole => None,
            Scope::Prefixes(ps) => Some(ps.iter().map(|p| format!("{p}*")).collect()),
        }
    }

    /// Object ARNs under a bucket ARN: `BUCKET_ARN/PREFIX*` per prefix, or `BUCKET_ARN/*`.
    pub(crate) fn bucket_objects(&self, bucket_arn: &str) -> Vec<String> {
        self.objects_under(&format!("{bucket_arn}/"))
    }

    /// Object ARNs through an access point: `AP_ARN/object/PREFIX*` per prefix, or
    /// `AP_ARN/object/*` (aws-semantics §2).
    pub(crate) fn access_point_objects(&self, ap_arn: &str) -> Vec<String> {
        self.objects_under(&format!("{ap_arn}/object/"))
    }

    fn objects_under(&self, base: &str) -> Vec<String> {
        match self {
            Scope::Whole => vec![format!("{base}*")],
            Scope::Prefixes(ps) => ps.iter().map(|p| format!("{base}{p}*")).collect(),
        }
    }

    /// True for the whole bucket.
    pub(crate) fn is_whole(&self) -> bool {
        matches!(self, Scope::Whole)
    }
}

#[cfg(test)]
mod tests;
