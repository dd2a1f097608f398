//! The S3 actions each `access` level grants, split by the resource they apply to.
//!
//! This is the one place the meaning of `list`, `read`, `write` and `read-write` is decided,
//! so that the bucket policy, the access point policy, the endpoint policy and the identity
//! policy of a grant can never disagree about what it allows. The sets start from
//! `s3-credentials` (aws-semantics §3) and are justified line by line in
//! `docs/compiled-policies.md`.

use share_manifest::Access;

/// `s3:GetBucketLocation`: emitted as its own statement (s3-credentials shape).
pub(crate) const GET_BUCKET_LOCATION: &str = "s3:GetBucketLocation";
/// `s3:ListBucket`: scoped by `s3:prefix` when the grant names prefixes.
pub(crate) const LIST_BUCKET: &str = "s3:ListBucket";

/// Bucket-level actions of every access that lists (aws-semantics §3, `list`).
const LIST_BUCKET_LEVEL: [&str; 2] = [GET_BUCKET_LOCATION, LIST_BUCKET];

/// Object actions of `read` (aws-semantics §3 `read-only`, without `s3:GetObjectAcl`, with
/// `s3:GetObjectVersion`; see docs/compiled-policies.md).
const READ_OBJECT: [&str; 5] = [
    "s3:GetObject",
    "s3:GetObjectLegalHold",
    "s3:GetObjectRetention",
    "s3:GetObjectTagging",
    "s3:GetObjectVersion",
];

/// Object actions of `write` (aws-semantics §3 `write-only` plus the multipart additions).
const WRITE_OBJECT: [&str; 3] = [
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:PutObject",
];

/// Object actions `read-write` adds to `read` (aws-semantics §3 `read-write`).
const DELETE_OBJECT: &str = "s3:DeleteObject";

/// The actions of `access`: `(bucket-level, object-level)`, each sorted and without
/// repeats. Bucket-level actions go on the bucket ARN (or the access point ARN); object
/// actions on object ARNs (aws-semantics §2).
///
/// | access | bucket / access point | objects |
/// |---|---|---|
/// | `list` | `GetBucketLocation`, `ListBucket` | — |
/// | `read` | as `list` | `GetObject`, `GetObjectLegalHold`, `GetObjectRetention`, `GetObjectTagging`, `GetObjectVersion` |
/// | `write` | — | `AbortMultipartUpload`, `ListMultipartUploadParts`, `PutObject` |
/// | `read-write` | as `list` | `read` ∪ `write` ∪ `DeleteObject` |
pub fn action_set(access: Access) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut bucket: Vec<&'static str> = Vec::new();
    let mut object: Vec<&'static str> = Vec::new();
    if access.lists() {
        bucket.extend(LIST_BUCKET_LEVEL);
    }
    if access.reads() {
        object.extend(READ_OBJECT);
    }
    if access.writes() {
        object.extend(WRITE_OBJECT);
    }
    if access == Access::ReadWrite {
        object.push(DELETE_OBJECT);
    }
    bucket.sort_unstable();
    bucket.dedup();
    object.sort_unstable();
    object.dedup();
    (bucket, object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_bucket_level_only() {
        let (b, o) = action_set(Access::List);
        assert_eq!(b, ["s3:GetBucketLocation", "s3:ListBucket"]);
        assert!(o.is_empty());
    }

    #[test]
    fn read_adds_object_reads_without_acl() {
        let (b, o) = action_set(Access::Read);
        assert_eq!(b, ["s3:GetBucketLocation", "s3:ListBucket"]);
        assert_eq!(
            o,
            [
                "s3:GetObject",
                "s3:GetObjectLegalHold",
                "s3:GetObjectRetention",
                "s3:GetObjectTagging",
                "s3:GetObjectVersion"
            ]
        );
        assert!(!o.contains(&"s3:GetObjectAcl"));
    }

    #[test]
    fn write_is_object_level_with_multipart() {
        let (b, o) = action_set(Access::Write);
        assert!(b.is_empty());
        assert_eq!(
            o,
            [
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
                "s3:PutObject"
            ]
        );
    }

    #[test]
    fn read_write_is_the_union_plus_delete() {
        let (b, o) = action_set(Access::ReadWrite);
        assert_eq!(b, action_set(Access::List).0);
        let mut expected: Vec<&str> = action_set(Access::Read).1;
        expected.extend(action_set(Access::Write).1);
        expected.push("s3:DeleteObject");
        expected.sort_unstable();
        assert_eq!(o, expected);
    }

    #[test]
    fn no_wildcards_anywhere() {
        for access in Access::ALL {
            let (b, o) = action_set(access);
            for a in b.iter().chain(&o) {
                assert!(a.starts_with("s3:") && !a.contains('*'), "{a}");
            }
        }
    }
}
