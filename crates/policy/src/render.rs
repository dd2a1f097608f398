//! Canonical rendering and fingerprints.
//!
//! `share` needs three things from a document's text: the exact bytes it sends (which must
//! be the same on every run, so a plan is reproducible and sizes are known before apply,
//! aws-semantics §4.3 rule 5 and §5), a readable form for diffs, and a fingerprint that tells
//! whether a live document changed between `plan` and `apply` *in meaning*, whatever AWS did
//! to its whitespace and order in between.
//!
//! The renderings here keep the document's statement order (the merge puts foreign
//! statements first, on purpose) but write every set sorted and without repeats, with the
//! fixed key order `Version, Id, Statement` and `Sid, Effect, Principal, NotPrincipal,
//! Action, NotAction, Resource, NotResource, Condition`. A one-element set is written as a
//! scalar, as AWS returns it. For the canonical form of a document's *meaning*, render its
//! [normalized](crate::Document::normalized) form, as [`fingerprint`] does.

use crate::encoding::decode_iam_document;
use crate::model::{Document, Principals, Statement};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

impl Statement {
    /// A copy with every set (actions, resources, principal values, condition values) sorted
    /// and deduplicated. Nothing else changes: no case folding, no principal rewriting.
    pub fn with_sorted_sets(&self) -> Statement {
        let sort_principals = |p: &Principals| match p {
            Principals::Any => Principals::Any,
            Principals::Typed(map) => {
                Principals::Typed(map.iter().map(|(k, v)| (k.clone(), v.sorted())).collect())
            }
        };
        Statement {
            sid: self.sid.clone(),
            effect: self.effect,
            principal: self.principal.as_ref().map(sort_principals),
            not_principal: self.not_principal.as_ref().map(sort_principals),
            action: self.action.as_ref().map(|s| s.sorted()),
            not_action: self.not_action.as_ref().map(|s| s.sorted()),
            resource: self.resource.as_ref().map(|s| s.sorted()),
            not_resource: self.not_resource.as_ref().map(|s| s.sorted()),
            condition: self
                .condition
                .iter()
                .map(|(op, keys)| {
                    (
                        op.clone(),
                        keys.iter().map(|(k, v)| (k.clone(), v.sorted())).collect(),
                    )
                })
                .collect(),
        }
    }

    /// The statement as JSON in the canonical key order with sorted sets.
    pub fn to_canonical_value(&self) -> Value {
        self.with_sorted_sets().to_value()
    }
}

impl Document {
    /// The document as JSON in the canonical key order with sorted sets; statements in the
    /// order held; `Statement` always a list.
    pub fn to_canonical_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(v) = &self.version {
            m.insert("Version".into(), Value::String(v.clone()));
        }
        if let Some(id) = &self.id {
            m.insert("Id".into(), Value::String(id.clone()));
        }
        m.insert(
            "Statement".into(),
            Value::Array(
                self.statements
                    .iter()
                    .map(Statement::to_canonical_value)
                    .collect(),
            ),
        );
        Value::Object(m)
    }

    /// Minified canonical JSON: the bytes `share` sends and sizes are measured on. The same
    /// document always renders to the same bytes.
    pub fn to_canonical_json(&self) -> String {
        self.to_canonical_value().to_string()
    }

    /// The canonical JSON indented by two spaces (no trailing newline), for human diffs.
    pub fn to_pretty_json(&self) -> String {
        format!("{:#}", self.to_canonical_value())
    }

    /// SHA-256 (lowercase hex) of the canonical rendering of the normalized document: equal
    /// for any two [equivalent](crate::equivalent) documents.
    pub fn fingerprint(&self) -> String {
        sha256_hex(self.normalized().to_canonical_json().as_bytes())
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The fingerprint of a document's text, as a saved plan records it: the
/// [`Document::fingerprint`] when the text parses as a policy (percent-encoded IAM text is
/// decoded first), so that AWS rewriting the stored form does not count as a change; the
/// SHA-256 of the raw bytes otherwise, so that any change to an unparsable document does.
pub fn fingerprint(text: &str) -> String {
    let parsed = Document::parse(text).or_else(|first| {
        decode_iam_document(text)
            .and_then(|decoded| Document::parse(&decoded))
            .map_err(|_| first)
    });
    match parsed {
        Ok(doc) => doc.fingerprint(),
        Err(_) => sha256_hex(text.as_bytes()),
    }
}

#[cfg(test)]
mod tests;
