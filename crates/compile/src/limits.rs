//! Size limits checked at compile time, reported at the grants that fill a document.
//!
//! AWS refuses an oversized policy only when it is written, half-way through an apply
//! (aws-semantics §5). The compiler knows every share-owned statement and which grants put
//! it there, so it can tell the user *which lines of the manifest* make a document too big
//! and what to do about it, before anything is planned. Sizes are measured the way each
//! service counts (`share_policy::size`) on the canonical rendering `share` sends. Foreign
//! statements and other inline policies also count toward the limits; they are only known
//! at plan time, where the merged documents are checked again.

use share_manifest::{Diagnostic, SourceMap};
use share_policy::{Document, DocumentKind, size};
use std::collections::BTreeSet;

/// The error code of an oversized document.
pub const POLICY_TOO_LARGE: &str = "policy-too-large";

/// What to do about an oversized document of `kind`.
fn hint(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::BucketPolicy => {
            "move grants behind an access point (`via:`), whose policy has its own 20 KB, or group prefixes into fewer, shorter ones"
        }
        DocumentKind::AccessPointPolicy => {
            "spread these grants over several access points of the bucket, or group prefixes into fewer, shorter ones"
        }
        DocumentKind::EndpointPolicy => {
            "group prefixes into fewer, shorter ones, or route some grantees through another gateway endpoint"
        }
        DocumentKind::RoleInline => {
            "group prefixes into fewer, shorter ones, or split the workload over a second role"
        }
        DocumentKind::UserInline => {
            "use a role for this grantee (10,240 characters instead of 2,048), or group prefixes into fewer, shorter ones"
        }
    }
}

/// `20480` as `20,480`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The size of `doc` as AWS counts it for `kind`.
pub fn measure(kind: DocumentKind, doc: &Document) -> usize {
    size(kind, &doc.to_canonical_json())
}

/// Reports `doc` (named `what`, e.g. "the bucket policy of `test-bucket-1`") when it is
/// over the limit of `kind`: one error at each grant in `grants`.
pub(crate) fn check(
    kind: DocumentKind,
    what: &str,
    doc: &Document,
    grants: &BTreeSet<usize>,
    spans: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let measured = measure(kind, doc);
    let limit = kind.limit();
    if measured <= limit {
        return;
    }
    let count = grants.len();
    for i in grants {
        let path = format!("grants[{i}]");
        out.push(
            Diagnostic::error(
                POLICY_TOO_LARGE,
                format!(
                    "`{path}` is one of {count} grant{s} that make {what} {} {unit}, over the {} {unit} AWS accepts",
                    thousands(measured),
                    thousands(limit),
                    s = if count == 1 { "" } else { "s" },
                    unit = kind.unit(),
                ),
            )
            .with_path(path.clone())
            .at(spans.locate(&path))
            .expecting(hint(kind)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2048), "2,048");
        assert_eq!(thousands(20480), "20,480");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn under_the_limit_is_silent() {
        let mut out = Vec::new();
        check(
            DocumentKind::UserInline,
            "x",
            &Document::new(Vec::new()),
            &BTreeSet::from([0]),
            &SourceMap::default(),
            &mut out,
        );
        assert!(out.is_empty());
    }
}
