//! Statement ids: validity, deterministic generation, uniqueness.
//!
//! The Sid is how `share` recognises its own statements in documents it shares with other
//! writers (aws-semantics §4.3 rule 4): every generated statement carries the configured
//! prefix followed by a readable, deterministic suffix, so that the same manifest always
//! yields the same Sids (stable plans, no churn) and a reviewer can tell which grant a
//! statement comes from. IAM allows only `A–Z a–z 0–9` in a Sid and requires Sids to be
//! unique within a policy [IAM-sid].

use crate::model::Statement;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The length beyond which [`sid`] truncates and appends a hash. IAM documents no Sid length
/// limit; long Sids only eat into the document size budget (aws-semantics §5).
pub const MAX_SID_LEN: usize = 100;

/// Hex characters of the hash appended to a truncated Sid.
const HASH_LEN: usize = 8;

/// True when `s` is a non-empty Sid made only of the IAM charset `A–Z a–z 0–9` [IAM-sid].
pub fn is_valid_sid(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Builds a deterministic, readable Sid: the prefix (invalid characters stripped, case kept)
/// followed by every word of `parts` in CamelCase, words being the runs of ASCII letters and
/// digits; the first letter of each word is uppercased, the rest kept.
///
/// `sid("Share", &["read", "demo-notebook", "test-ap-1"])` is
/// `ShareReadDemoNotebookTestAp1`. When the result is longer than [`MAX_SID_LEN`], it is cut
/// to leave room for the first 8 hex digits of the SHA-256 of the untruncated Sid, so
/// distinct long Sids stay distinct and the prefix is never cut.
///
/// Different inputs may give the same Sid (`a-b` and `a_b`); make a document's Sids unique
/// with [`dedupe_sids`].
pub fn sid(prefix: &str, parts: &[&str]) -> String {
    let mut out: String = prefix.chars().filter(char::is_ascii_alphanumeric).collect();
    let prefix_len = out.len();
    for word in parts
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_ascii_alphanumeric()))
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.len() <= MAX_SID_LEN {
        return out;
    }
    let digest = Sha256::digest(out.as_bytes());
    let hash = hex::encode(&digest[..HASH_LEN / 2]);
    // `out` is ASCII only, so any length is a character boundary.
    out.truncate((MAX_SID_LEN - HASH_LEN).max(prefix_len));
    out.push_str(&hash);
    out
}

/// Makes the Sids of a document unique, deterministically: the first statement with a given
/// Sid keeps it; each later one gets the smallest suffix `2`, `3`, … that no statement of
/// the document uses. Statements without a Sid or with `Sid: ""` are left alone (AWS itself
/// writes `"Sid":""` on several statements, aws-semantics §4.1). The result depends on the
/// order of `statements`, so sort them first.
pub fn dedupe_sids(statements: &mut [Statement]) {
    let mut taken: BTreeSet<String> = statements.iter().filter_map(|s| s.sid.clone()).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for st in statements.iter_mut() {
        let Some(sid) = st.sid.clone().filter(|s| !s.is_empty()) else {
            continue;
        };
        if seen.insert(sid.clone()) {
            continue;
        }
        let mut n: u64 = 2;
        let renamed = loop {
            let candidate = format!("{sid}{n}");
            if !taken.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        taken.insert(renamed.clone());
        seen.insert(renamed.clone());
        st.sid = Some(renamed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Effect;

    #[test]
    fn camel_cases_words() {
        assert_eq!(
            sid("Share", &["read", "demo-notebook", "test-ap-1"]),
            "ShareReadDemoNotebookTestAp1"
        );
        assert_eq!(
            sid("Share", &["read-write", "datasets/credit/", "vpce-0123"]),
            "ShareReadWriteDatasetsCreditVpce0123"
        );
        assert_eq!(
            sid("Sh_are", &["", "--", "é-x", "myBucket"]),
            "ShareXMyBucket"
        );
        assert!(is_valid_sid(&sid("Share", &["a b", "c.d"])));
    }

    #[test]
    fn long_sids_are_truncated_with_a_stable_hash() {
        let long = "x".repeat(200);
        let a = sid("Share", &[&long, "a"]);
        let b = sid("Share", &[&long, "b"]);
        assert_eq!(a.len(), MAX_SID_LEN);
        assert_ne!(a, b);
        assert_eq!(a, sid("Share", &[&long, "a"]));
        assert!(a.starts_with("ShareX") && is_valid_sid(&a));
        let long_prefix = "P".repeat(120);
        let c = sid(&long_prefix, &["a"]);
        assert!(c.starts_with(&long_prefix) && c.len() == 120 + HASH_LEN);
    }

    #[test]
    fn validity() {
        assert!(is_valid_sid("Share1"));
        for bad in ["", "Share-1", "Share 1", "Shäre", "a_b"] {
            assert!(!is_valid_sid(bad), "{bad}");
        }
    }

    #[test]
    fn dedupes_deterministically() {
        let mk = |s: Option<&str>| {
            let mut st = Statement::new(Effect::Allow);
            st.sid = s.map(str::to_owned);
            st
        };
        let mut v = vec![
            mk(Some("A")),
            mk(Some("A")),
            mk(Some("A2")),
            mk(Some("A")),
            mk(None),
            mk(None),
            mk(Some("")),
            mk(Some("")),
        ];
        dedupe_sids(&mut v);
        let sids: Vec<_> = v.iter().map(|s| s.sid.as_deref()).collect();
        assert_eq!(
            sids,
            [
                Some("A"),
                Some("A3"),
                Some("A2"),
                Some("A4"),
                None,
                None,
                Some(""),
                Some("")
            ]
        );
    }
}
