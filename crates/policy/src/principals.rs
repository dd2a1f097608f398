//! Principals that AWS shows as IAM unique ids.
//!
//! When a role or user named in a resource policy is deleted, AWS keeps its unique id
//! (`AROA…`, `AIDA…`) in place of the ARN, and recreating the identity does not restore the
//! grant (aws-semantics §4.1, §4.3 rule 3). A principal may also read back as a unique id for
//! a while before it has propagated. The diff needs to find them to warn about dangling
//! principals and, after resolving them through IAM where possible, re-PUT with the ARN.

use crate::model::{Document, Principals};
use std::collections::BTreeSet;

/// The four-letter prefixes of IAM unique ids (IAM User Guide, "Unique identifiers").
const UNIQUE_ID_PREFIXES: [&str; 12] = [
    "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "AKIA", "ANPA", "ANVA", "APKA", "AROA", "ASCA", "ASIA",
];

/// True when `s` looks like an IAM unique id: a known four-letter prefix followed by 17
/// uppercase letters or digits (21 characters in all), e.g. `AROAJQABLZS4A3QDU576Q`.
pub fn is_unique_id(s: &str) -> bool {
    s.len() == 21
        && UNIQUE_ID_PREFIXES.iter().any(|p| s.starts_with(p))
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The `AWS` principals (in `Principal` and `NotPrincipal`) of the document that are IAM
/// unique ids rather than ARNs or account ids: sorted, without repeats.
pub fn unique_id_principals(doc: &Document) -> Vec<String> {
    let found: BTreeSet<&str> = doc
        .statements
        .iter()
        .flat_map(|st| [&st.principal, &st.not_principal])
        .flatten()
        .filter_map(|p| match p {
            Principals::Any => None,
            Principals::Typed(map) => map.get("AWS"),
        })
        .flat_map(|set| set.iter())
        .filter(|v| is_unique_id(v))
        .collect();
    found.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests;
