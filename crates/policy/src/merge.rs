//! Ownership of statements and the merge that writes share's statements back.
//!
//! Bucket, access point and endpoint policies are single documents that other people and
//! tools also write, and every PUT replaces the whole document (aws-semantics §4.3 rule 4).
//! `share` owns exactly the statements whose `Sid` starts with its prefix; the rule the
//! engine must keep is to never clobber anything else (design: "Never clobber what it does
//! not own"). So foreign statements are carried through as the raw JSON values they were
//! (not re-rendered from the model, which would normalise their form), in their order, and
//! a live document that cannot be understood is never overwritten.

use crate::model::{Document, PolicyError, Statement, VERSION};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A live document cut into share's statements and everyone else's.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Statements whose `Sid` starts with the prefix, parsed, in document order.
    pub owned: Vec<Statement>,
    /// Every other statement (another `Sid`, `Sid: ""` or none), as the exact JSON value it
    /// was, in document order.
    pub foreign: Vec<Value>,
}

/// True when a statement with this Sid belongs to `share`: it starts with `sid_prefix`
/// (case-sensitive). A statement without a Sid is never share's.
pub fn is_owned(sid: Option<&str>, sid_prefix: &str) -> bool {
    // The prefix must end at a word boundary: `Share` owns `ShareReadX` and `Share2`, but not
    // another team's `SharedWithBi` (share's own Sids are CamelCase words, `sid()`).
    !sid_prefix.is_empty()
        && sid
            .and_then(|s| s.strip_prefix(sid_prefix))
            .is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
}

fn check_prefix(sid_prefix: &str) -> Result<(), PolicyError> {
    if crate::sid::is_valid_sid(sid_prefix) {
        Ok(())
    } else {
        Err(PolicyError::Shape {
            location: "Sid prefix".into(),
            message: format!(
                "the Sid prefix must be non-empty and use only A-Z, a-z and 0-9, not {sid_prefix:?}"
            ),
        })
    }
}

/// Parses a live document, checking the whole of it, and returns its JSON value.
fn parse_live(text: &str) -> Result<(Value, Document), PolicyError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PolicyError::Json(e.to_string()))?;
    let doc = Document::from_value(&value)?;
    Ok((value, doc))
}

/// The raw statement values of a document value that [`Document::from_value`] accepted.
fn raw_statements(value: &Value) -> Vec<Value> {
    match value.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// Cuts a live document into share's statements and foreign ones. The whole document must
/// parse: a document `share` cannot fully understand is an error, never half-read.
pub fn split(live: &str, sid_prefix: &str) -> Result<Split, PolicyError> {
    check_prefix(sid_prefix)?;
    let (value, doc) = parse_live(live)?;
    let mut out = Split {
        owned: Vec::new(),
        foreign: Vec::new(),
    };
    for (st, raw) in doc.statements.into_iter().zip(raw_statements(&value)) {
        if is_owned(st.sid.as_deref(), sid_prefix) {
            out.owned.push(st);
        } else {
            out.foreign.push(raw);
        }
    }
    Ok(out)
}

/// The new text of a document: the foreign statements of `live`, exactly as they were and
/// in their order, then `owned` (rendered canonically, in the order given), under
/// `"Version":"2012-10-17"` and the live document's `Id`. Minified.
///
/// - `live` is `None` (or blank) when there is no document yet.
/// - Returns `None` when the result has no statement at all: the caller deletes the
///   document. (For an endpoint policy, deleting means resetting to AWS's allow-all default.)
/// - Errors, and so never overwrites, when `live` does not parse as a policy, when the prefix
///   is not a valid Sid, or when an `owned` statement lacks the prefix (it would read back as
///   foreign and never be removed) or repeats another's Sid.
///
/// Foreign statements written under `"Version":"2008-10-17"` (or none) are kept but now read
/// under `2012-10-17`, which only matters for literal `${…}` text in them.
pub fn merge(
    live: Option<&str>,
    owned: &[Statement],
    sid_prefix: &str,
) -> Result<Option<String>, PolicyError> {
    check_prefix(sid_prefix)?;
    let mut sids = BTreeSet::new();
    for (i, st) in owned.iter().enumerate() {
        let location = || format!("desired statement {i}");
        match st.sid.as_deref() {
            Some(sid) if is_owned(Some(sid), sid_prefix) => {
                if !sids.insert(sid) {
                    return Err(PolicyError::Shape {
                        location: location(),
                        message: format!("Sid {sid:?} is used by two desired statements"),
                    });
                }
            }
            other => {
                return Err(PolicyError::Shape {
                    location: location(),
                    message: format!(
                        "a statement share writes must have a Sid starting with {sid_prefix:?}, not {other:?}"
                    ),
                });
            }
        }
    }

    let (id, foreign) = match live.filter(|t| !t.trim().is_empty()) {
        None => (None, Vec::new()),
        Some(text) => {
            let (value, doc) = parse_live(text)?;
            let foreign: Vec<Value> = doc
                .statements
                .iter()
                .zip(raw_statements(&value))
                .filter(|(st, _)| !is_owned(st.sid.as_deref(), sid_prefix))
                .map(|(_, raw)| raw)
                .collect();
            (doc.id, foreign)
        }
    };
    if foreign.is_empty() && owned.is_empty() {
        return Ok(None);
    }
    let mut m = Map::new();
    m.insert("Version".into(), Value::String(VERSION.into()));
    if let Some(id) = id {
        m.insert("Id".into(), Value::String(id));
    }
    let statements = foreign
        .into_iter()
        .chain(owned.iter().map(Statement::to_canonical_value))
        .collect();
    m.insert("Statement".into(), Value::Array(statements));
    Ok(Some(Value::Object(m).to_string()))
}

#[cfg(test)]
mod tests;
