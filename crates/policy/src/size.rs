//! Document size limits (aws-semantics §5).
//!
//! Each AWS service counts a policy's size its own way and rejects an oversized document only
//! when it is written, half-way through an apply. `share` measures every rendered document
//! the way its service counts and checks it at plan time, so a plan that cannot be applied
//! is refused before anything changes.

use crate::encoding::decode_iam_document;
use serde_json::Value;

/// Which kind of document a text is, for its size limit and counting rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    /// An S3 bucket policy.
    BucketPolicy,
    /// An S3 access point policy.
    AccessPointPolicy,
    /// A VPC (gateway) endpoint policy.
    EndpointPolicy,
    /// An inline policy of an IAM role.
    RoleInline,
    /// An inline policy of an IAM user.
    UserInline,
}

impl DocumentKind {
    /// The largest size AWS accepts, in the unit of [`DocumentKind::unit`]. For IAM inline
    /// policies this is the limit on the *sum* over every inline policy of the identity,
    /// including those `share` does not manage.
    pub const fn limit(self) -> usize {
        match self {
            // aws-semantics §5: bucket policy 20 KB [S3-pol]; whether whitespace counts is
            // undocumented, so share sends minified JSON and budgets in bytes.
            Self::BucketPolicy => 20 * 1024,
            // aws-semantics §5: access point policy 20 KB [S3-AP-lim], counted as above.
            Self::AccessPointPolicy => 20 * 1024,
            // aws-semantics §5: 20,480 characters including whitespace, not adjustable
            // [VPCE-pol][VPCE-quota].
            Self::EndpointPolicy => 20_480,
            // aws-semantics §5: the inline policies of a role total at most 10,240
            // non-whitespace characters [IAM-quota][IAM-FAQ].
            Self::RoleInline => 10_240,
            // aws-semantics §5: the inline policies of a user total at most 2,048
            // non-whitespace characters [IAM-quota][IAM-FAQ].
            Self::UserInline => 2_048,
        }
    }

    /// What [`size`] counts for this kind, for messages: `bytes`, `characters` or
    /// `non-whitespace characters`.
    pub const fn unit(self) -> &'static str {
        match self {
            Self::BucketPolicy | Self::AccessPointPolicy => "bytes",
            Self::EndpointPolicy => "characters",
            Self::RoleInline | Self::UserInline => "non-whitespace characters",
        }
    }

    /// A human name, e.g. `bucket policy`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::BucketPolicy => "bucket policy",
            Self::AccessPointPolicy => "access point policy",
            Self::EndpointPolicy => "VPC endpoint policy",
            Self::RoleInline => "role inline policy",
            Self::UserInline => "user inline policy",
        }
    }
}

/// JSON whitespace; the only whitespace allowed in policy text besides U+00A0/U+0085, which
/// are counted (the conservative reading).
fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The size of a document as AWS counts it for `kind`, to compare with
/// [`DocumentKind::limit`]:
///
/// - bucket and access point policies: bytes of the minified rendering of the text (key
///   order kept); of the text itself when it is not JSON (aws-semantics §5, [S3-pol],
///   [S3-AP-lim]);
/// - endpoint policies: characters of the text as it is, whitespace included
///   (aws-semantics §5, [VPCE-pol]);
/// - IAM inline policies: non-whitespace characters of the (percent-decoded) text. The IAM
///   limit applies to the sum over all inline policies of one identity: add this up over
///   them (aws-semantics §5, [IAM-quota]).
pub fn size(kind: DocumentKind, text: &str) -> usize {
    match kind {
        DocumentKind::BucketPolicy | DocumentKind::AccessPointPolicy => {
            match serde_json::from_str::<Value>(text) {
                Ok(v) => v.to_string().len(),
                Err(_) => text.len(),
            }
        }
        DocumentKind::EndpointPolicy => text.chars().count(),
        DocumentKind::RoleInline | DocumentKind::UserInline => {
            let decoded = decode_iam_document(text);
            let text = decoded.as_deref().unwrap_or(text);
            text.chars().filter(|c| !is_json_whitespace(*c)).count()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_kind() {
        let pretty = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";
        let minified = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert_eq!(size(DocumentKind::BucketPolicy, pretty), minified.len());
        assert_eq!(
            size(DocumentKind::AccessPointPolicy, minified),
            minified.len()
        );
        assert_eq!(
            size(DocumentKind::EndpointPolicy, pretty),
            pretty.chars().count()
        );
        assert_eq!(size(DocumentKind::RoleInline, pretty), minified.len());
        assert_eq!(
            size(DocumentKind::UserInline, "%7B%22a%22%3A%20%22b%20c%22%7D"),
            r#"{"a":"bc"}"#.len()
        );
        assert_eq!(size(DocumentKind::BucketPolicy, "é not json"), 11);
        assert_eq!(size(DocumentKind::EndpointPolicy, "é"), 1);
    }

    #[test]
    fn limits() {
        assert_eq!(DocumentKind::BucketPolicy.limit(), 20_480);
        assert_eq!(DocumentKind::AccessPointPolicy.limit(), 20_480);
        assert_eq!(DocumentKind::EndpointPolicy.limit(), 20_480);
        assert_eq!(DocumentKind::RoleInline.limit(), 10_240);
        assert_eq!(DocumentKind::UserInline.limit(), 2_048);
    }
}
