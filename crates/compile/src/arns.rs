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
mod tests {
    use super::*;

    fn p(s: &str) -> Prefix {
        Prefix::parse(s).unwrap()
    }

    #[test]
    fn arns_follow_the_partition() {
        let b = BucketName::parse("test-bucket-1").unwrap();
        assert_eq!(bucket(Partition::Aws, &b), "arn:aws:s3:::test-bucket-1");
        assert_eq!(
            bucket(Partition::AwsCn, &b),
            "arn:aws-cn:s3:::test-bucket-1"
        );
        let ap = AccessPointName::parse("test-ap-1").unwrap();
        let r = Region::parse("us-gov-west-1").unwrap();
        let a = AccountId::parse("222222222222").unwrap();
        assert_eq!(
            access_point(r.partition(), &r, &a, &ap),
            "arn:aws-us-gov:s3:us-gov-west-1:222222222222:accesspoint/test-ap-1"
        );
        assert_eq!(
            account_root(Partition::Aws, &a),
            "arn:aws:iam::222222222222:root"
        );
    }

    #[test]
    fn scopes_merge_and_drop_covered_prefixes() {
        let a = Scope::of(&[p("data/"), p("data/x/"), p("logs/")]);
        assert_eq!(
            a,
            Scope::Prefixes(["data/".to_owned(), "logs/".to_owned()].into())
        );
        let b = Scope::of(&[p("datasets/")]);
        let u = a.union(&b);
        assert_eq!(
            u.list_prefixes().unwrap(),
            ["data/*", "datasets/*", "logs/*"]
        );
        assert_eq!(u.union(&Scope::Whole), Scope::Whole);
        assert_eq!(Scope::of(&[]), Scope::Whole);
        assert!(Scope::Whole.list_prefixes().is_none());
    }

    #[test]
    fn object_arns() {
        let s = Scope::of(&[p("datasets/credit/")]);
        assert_eq!(
            s.bucket_objects("arn:aws:s3:::b1"),
            ["arn:aws:s3:::b1/datasets/credit/*"]
        );
        assert_eq!(
            s.access_point_objects("arn:aws:s3:us-east-1:222222222222:accesspoint/ap"),
            ["arn:aws:s3:us-east-1:222222222222:accesspoint/ap/object/datasets/credit/*"]
        );
        assert_eq!(
            Scope::Whole.bucket_objects("arn:aws:s3:::b1"),
            ["arn:aws:s3:::b1/*"]
        );
        assert_eq!(
            Scope::Whole.access_point_objects("arn:x/ap"),
            ["arn:x/ap/object/*"]
        );
    }
}
