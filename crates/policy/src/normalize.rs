//! Normalization and semantic equivalence (aws-semantics §4.3).
//!
//! AWS never hands back the policy it was given: it strips whitespace, collapses
//! one-element lists to scalars, reorders keys and principals, turns account ids into root
//! ARNs and, in places, adds `"Version":"2008-10-17"` and `"Sid":""` (aws-semantics §4.1).
//! Comparing text therefore loops forever on phantom drift, and comparing the way
//! Terraform's `awspolicyequivalence` does is both too strict (action names and condition
//! keys are case-sensitive there, `"*"` differs from `{"AWS":"*"}`) and too loose (`[A,A,B]`
//! equals `[A,B,B]`). This module defines one canonical form, [`Document::normalized`], such
//! that two documents mean the same thing exactly when their canonical forms are equal;
//! [`equivalent`] is that comparison. The rules and the reasons behind each are written up in
//! `docs/policy-equivalence.md`.
//!
//! The canonical form is a *comparison* form, not what `share` sends: action names are
//! lowercased in it, for instance. Desired documents are rendered as built (with sorted sets,
//! see the `render` module).

use crate::model::{Conditions, Document, Principals, Statement, ValueSet};
use std::collections::BTreeMap;

/// The `Version` AWS assumes when a document has none (aws-semantics §4.3 rule 2,
/// [IAM-ver]).
pub const IMPLICIT_VERSION: &str = "2008-10-17";

/// The partition used for a bare account id principal when the document names no ARN from
/// which to infer one.
pub const DEFAULT_PARTITION: &str = "aws";

impl ValueSet {
    /// The same values as a set: sorted byte-wise, duplicates removed, case kept.
    pub fn sorted(&self) -> ValueSet {
        let mut values = self.0.clone();
        values.sort();
        values.dedup();
        ValueSet(values)
    }

    /// True when both hold the same values, ignoring order and repeats.
    pub fn same_set(&self, other: &ValueSet) -> bool {
        self.sorted() == other.sorted()
    }
}

/// True for a bare 12-digit AWS account id such as `123456789012`.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The partition of an ARN (`arn:PARTITION:…`), when it is a concrete one (no wildcard).
fn arn_partition(value: &str) -> Option<&str> {
    let rest = value.strip_prefix("arn:")?;
    let (partition, _) = rest.split_once(':')?;
    let concrete = !partition.is_empty()
        && partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    concrete.then_some(partition)
}

/// Every principal and resource value of the statements, the places an ARN can carry the
/// document's partition.
fn arn_candidates(st: &Statement) -> impl Iterator<Item = &str> {
    let principals = [&st.principal, &st.not_principal]
        .into_iter()
        .flatten()
        .flat_map(|p| match p {
            Principals::Any => Vec::new(),
            Principals::Typed(map) => map.values().flat_map(ValueSet::iter).collect(),
        });
    let resources = [&st.resource, &st.not_resource]
        .into_iter()
        .flatten()
        .flat_map(ValueSet::iter);
    principals.chain(resources)
}

/// The partition shared by every concrete ARN among the statements' principals and
/// resources; [`DEFAULT_PARTITION`] when there is none or they disagree.
fn partition_of<'a>(statements: impl IntoIterator<Item = &'a Statement>) -> &'a str {
    let mut found: Option<&'a str> = None;
    for st in statements {
        for partition in arn_candidates(st).filter_map(arn_partition) {
            match found {
                None => found = Some(partition),
                Some(f) if f == partition => {}
                Some(_) => return DEFAULT_PARTITION,
            }
        }
    }
    found.unwrap_or(DEFAULT_PARTITION)
}

fn lowercase_set(set: &ValueSet) -> ValueSet {
    ValueSet(set.iter().map(str::to_ascii_lowercase).collect()).sorted()
}

fn normalize_principals(p: &Principals, partition: &str) -> Principals {
    let Principals::Typed(map) = p else {
        return Principals::Any;
    };
    let out: BTreeMap<String, ValueSet> = map
        .iter()
        .map(|(kind, values)| {
            let values = if kind == "AWS" {
                ValueSet(
                    values
                        .iter()
                        .map(|v| {
                            if is_account_id(v) {
                                format!("arn:{partition}:iam::{v}:root")
                            } else {
                                v.to_owned()
                            }
                        })
                        .collect(),
                )
                .sorted()
            } else {
                values.sorted()
            };
            (kind.clone(), values)
        })
        .collect();
    let only_any = out.len() == 1 && out.get("AWS").is_some_and(|v| v.0 == ["*"]);
    if only_any {
        Principals::Any
    } else {
        Principals::Typed(out)
    }
}

fn normalize_conditions(conditions: &Conditions) -> Conditions {
    conditions
        .iter()
        .map(|(op, keys)| {
            // Condition key names are case-insensitive [IAM-cond]. Two keys of one operator
            // that differ only in case are two separate tests (ANDed), not one set of values,
            // so merging them would change the meaning: such keys keep their spelling.
            let mut spellings: BTreeMap<String, usize> = BTreeMap::new();
            for key in keys.keys() {
                *spellings.entry(key.to_ascii_lowercase()).or_default() += 1;
            }
            let inner = keys
                .iter()
                .map(|(key, values)| {
                    let lower = key.to_ascii_lowercase();
                    let key = if spellings.get(&lower).copied().unwrap_or(0) > 1 {
                        key.clone()
                    } else {
                        lower
                    };
                    (key, values.sorted())
                })
                .collect();
            (op.clone(), inner)
        })
        .collect()
}

impl Statement {
    /// The canonical form of this statement (aws-semantics §4.3 rule 1): every list a sorted
    /// set, action names and condition key names lowercased, `Sid:""` dropped, `{"AWS":"*"}`
    /// written as `"*"`, a bare account id principal written as
    /// `arn:{partition}:iam::ID:root`. Resources, operator names, condition values and
    /// every other principal stay byte-exact.
    pub fn normalized(&self, partition: &str) -> Statement {
        Statement {
            sid: self.sid.clone().filter(|s| !s.is_empty()),
            effect: self.effect,
            principal: self
                .principal
                .as_ref()
                .map(|p| normalize_principals(p, partition)),
            not_principal: self
                .not_principal
                .as_ref()
                .map(|p| normalize_principals(p, partition)),
            action: self.action.as_ref().map(lowercase_set),
            not_action: self.not_action.as_ref().map(lowercase_set),
            resource: self.resource.as_ref().map(ValueSet::sorted),
            not_resource: self.not_resource.as_ref().map(ValueSet::sorted),
            condition: normalize_conditions(&self.condition),
        }
    }

    /// True when the two statements mean the same thing. A bare account id principal is
    /// read in the partition of the ARNs the two statements name (default `aws`).
    pub fn equivalent(&self, other: &Statement) -> bool {
        let partition = partition_of([self, other]);
        self.normalized(partition) == other.normalized(partition)
    }

    /// The key that orders normalized statements: their compact rendering, which is
    /// injective on normalized statements.
    fn canonical_key(&self) -> String {
        self.to_value().to_string()
    }
}

impl Document {
    /// The partition a bare account id principal is read in: the partition of every concrete
    /// ARN among the principals and resources when they agree, `aws` otherwise.
    pub fn partition(&self) -> &str {
        partition_of(&self.statements)
    }

    /// The canonical form of this document (aws-semantics §4.3): `Version` made explicit
    /// (`2008-10-17` when absent), an empty `Id` dropped, every statement normalized (see
    /// [`Statement::normalized`]) and the statements sorted into a canonical order, so that
    /// two documents are [`equivalent`] exactly when their canonical forms are equal.
    /// Normalizing is idempotent.
    ///
    /// A bare account id is read in the [inferred partition](Document::partition). A caller
    /// that knows the partition of the account holding the document should prefer
    /// [`Document::normalized_in`]: a document whose only ARN is an account's root ARN
    /// otherwise compares unequal to the same document with the bare id outside `aws`.
    pub fn normalized(&self) -> Document {
        self.normalized_in(self.partition())
    }

    /// [`Document::normalized`] with bare account ids read in the given partition.
    pub fn normalized_in(&self, partition: &str) -> Document {
        let mut keyed: Vec<(String, Statement)> = self
            .statements
            .iter()
            .map(|s| {
                let n = s.normalized(partition);
                (n.canonical_key(), n)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        Document {
            version: Some(
                self.version
                    .clone()
                    .unwrap_or_else(|| IMPLICIT_VERSION.to_owned()),
            ),
            id: self.id.clone().filter(|id| !id.is_empty()),
            statements: keyed.into_iter().map(|(_, s)| s).collect(),
        }
    }

    /// Same as [`equivalent`]`(self, other)`.
    pub fn equivalent(&self, other: &Document) -> bool {
        equivalent(self, other)
    }
}

/// [`equivalent`] for documents known to live in `partition` (the partition of the account
/// that holds them): bare account ids are read in it rather than inferred.
pub fn equivalent_in(a: &Document, b: &Document, partition: &str) -> bool {
    a.normalized_in(partition) == b.normalized_in(partition)
}

/// True when the two documents mean the same thing (aws-semantics §4.3): their
/// [normalized](Document::normalized) forms are equal. Statements are a multiset, so
/// `[A,A,B]` is not `[A,B,B]`.
pub fn equivalent(a: &Document, b: &Document) -> bool {
    a.normalized() == b.normalized()
}

#[cfg(test)]
mod tests;
