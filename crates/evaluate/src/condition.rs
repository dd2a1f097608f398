//! The `Condition` element: operators, set qualifiers, `IfExists`, and missing keys.
//!
//! Conditions are where hand-written S3 sharing policies most often go subtly wrong (a
//! `StringNotEquals` on `aws:SourceVpce` that also fires for requests that never went
//! through an endpoint, a `ForAllValues` that is true for an absent key), so the rules here
//! follow the IAM User Guide to the letter and cite it:
//!
//! - Operators are ANDed, keys under one operator are ANDed, the values of one key are ORed,
//!   and for a *negated* operator the values are NORed ("Conditions with multiple context
//!   keys or values").
//! - A key missing from the request makes a condition false, except that a negated operator
//!   (`StringNotEquals`, `StringNotLike`, `ArnNotLike`, …) is then true, and `…IfExists` is
//!   true; `Null` tests presence itself ("IAM JSON policy elements: Condition operators":
//!   "If the key that you specify in a policy condition is not present in the request
//!   context, the values do not match and the condition is false. If the policy condition
//!   requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right
//!   key is not present, the condition is true. This logic applies to all condition
//!   operators except …IfExists and Null check").
//! - `ForAllValues:` is true when the key is missing; `ForAnyValue:` is false ("Single-valued
//!   vs. multivalued context keys": ForAllValues "also returns true if there are no context
//!   keys in the request"; ForAnyValue returns false when the key is absent).
//! - Condition key names compare case-insensitively; values compare case-sensitively unless
//!   the operator says `IgnoreCase` ("IAM JSON policy elements: Condition").
//!
//! What this module cannot decide it reports as unknown with a reason: a key the request
//! does not define, an operator it does not know or does not model (`Date*`, `Binary*` on a
//! present key), a policy variable, a multivalued key used without a set operator.

use crate::logic::Tri;
use crate::pattern::{arn_matches, string_like};
use share_policy::{Conditions, ValueSet};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Whether a context key is in the request, and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyState {
    /// Present with these values (one for single-valued keys).
    Present(Vec<String>),
    /// Known not to be in the request.
    Absent,
}

/// The request context as the conditions see it: lowercased key → state. A key that is
/// not in the map is unknown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    keys: BTreeMap<String, KeyState>,
}

impl Facts {
    pub(crate) fn present(&mut self, key: &str, value: impl Into<String>) {
        self.keys
            .insert(key.to_lowercase(), KeyState::Present(vec![value.into()]));
    }

    pub(crate) fn absent(&mut self, key: &str) {
        self.keys.insert(key.to_lowercase(), KeyState::Absent);
    }

    pub(crate) fn set(&mut self, key: &str, state: KeyState) {
        self.keys.insert(key.to_lowercase(), state);
    }

    pub(crate) fn get(&self, key: &str) -> Option<&KeyState> {
        self.keys.get(&key.to_lowercase())
    }
}

/// The comparison an operator makes, without qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    Bool,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    IpAddress,
    NotIpAddress,
    Null,
    /// Recognised but not modelled when the key is present (`Date*`, `BinaryEquals`); the
    /// flag says whether it is a negated operator.
    Unmodelled(bool),
}

impl Base {
    fn parse(name: &str) -> Option<Self> {
        use Base::*;
        let all = [
            ("StringEquals", StringEquals),
            ("StringNotEquals", StringNotEquals),
            ("StringEqualsIgnoreCase", StringEqualsIgnoreCase),
            ("StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase),
            ("StringLike", StringLike),
            ("StringNotLike", StringNotLike),
            ("NumericEquals", NumericEquals),
            ("NumericNotEquals", NumericNotEquals),
            ("NumericLessThan", NumericLessThan),
            ("NumericLessThanEquals", NumericLessThanEquals),
            ("NumericGreaterThan", NumericGreaterThan),
            ("NumericGreaterThanEquals", NumericGreaterThanEquals),
            ("Bool", Bool),
            ("ArnEquals", ArnEquals),
            ("ArnLike", ArnLike),
            ("ArnNotEquals", ArnNotEquals),
            ("ArnNotLike", ArnNotLike),
            ("IpAddress", IpAddress),
            ("NotIpAddress", NotIpAddress),
            ("Null", Null),
            ("DateEquals", Unmodelled(false)),
            ("DateNotEquals", Unmodelled(true)),
            ("DateLessThan", Unmodelled(false)),
            ("DateLessThanEquals", Unmodelled(false)),
            ("DateGreaterThan", Unmodelled(false)),
            ("DateGreaterThanEquals", Unmodelled(false)),
            ("BinaryEquals", Unmodelled(false)),
        ];
        all.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, b)| *b)
    }

    /// Negated operators match when the value equals none of the policy values, and are
    /// true for a missing key.
    fn negated(self) -> bool {
        use Base::*;
        match self {
            StringNotEquals
            | StringNotEqualsIgnoreCase
            | StringNotLike
            | NumericNotEquals
            | ArnNotEquals
            | ArnNotLike
            | NotIpAddress => true,
            Unmodelled(negated) => negated,
            _ => false,
        }
    }

    /// The positive form of a negated operator.
    fn positive(self) -> Self {
        use Base::*;
        match self {
            StringNotEquals => StringEquals,
            StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
            StringNotLike => StringLike,
            NumericNotEquals => NumericEquals,
            ArnNotEquals => ArnEquals,
            ArnNotLike => ArnLike,
            NotIpAddress => IpAddress,
            other => other,
        }
    }

    /// Operators whose values may hold policy variables (IAM User Guide, "IAM policy
    /// elements: Variables and tags": string and ARN operators).
    fn takes_variables(self) -> bool {
        use Base::*;
        matches!(
            self.positive(),
            StringEquals | StringEqualsIgnoreCase | StringLike | ArnEquals | ArnLike
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetOp {
    None,
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, Copy)]
struct Operator {
    set: SetOp,
    base: Base,
    if_exists: bool,
}

fn parse_operator(name: &str) -> Result<Operator, String> {
    let lower = name.to_ascii_lowercase();
    let (set, rest) = if lower.starts_with("foranyvalue:") {
        (SetOp::ForAnyValue, &name["ForAnyValue:".len()..])
    } else if lower.starts_with("forallvalues:") {
        (SetOp::ForAllValues, &name["ForAllValues:".len()..])
    } else {
        (SetOp::None, name)
    };
    let (rest, if_exists) = match rest.len().checked_sub("IfExists".len()) {
        Some(cut) if rest.is_char_boundary(cut) && rest[cut..].eq_ignore_ascii_case("IfExists") => {
            (&rest[..cut], true)
        }
        _ => (rest, false),
    };
    let base = Base::parse(rest).ok_or_else(|| format!("unknown condition operator `{name}`"))?;
    if base == Base::Null && (if_exists || set != SetOp::None) {
        return Err(format!(
            "`{name}`: `Null` takes neither `IfExists` nor a set operator"
        ));
    }
    Ok(Operator {
        set,
        base,
        if_exists,
    })
}

/// Evaluates a whole `Condition` block. `variables` is true for `Version` 2012-10-17
/// documents, the only ones in which `${…}` is a policy variable (IAM User Guide, "IAM JSON
/// policy elements: Version").
pub(crate) fn evaluate(conditions: &Conditions, facts: &Facts, variables: bool) -> Tri {
    Tri::all(conditions.iter().map(|(op, keys)| {
        match parse_operator(op) {
            Err(reason) => Tri::Unknown(reason),
            Ok(operator) => Tri::all(
                keys.iter()
                    .map(|(key, values)| evaluate_key(op, operator, key, values, facts, variables)),
            ),
        }
    }))
}

fn evaluate_key(
    op_name: &str,
    op: Operator,
    key: &str,
    values: &ValueSet,
    facts: &Facts,
    variables: bool,
) -> Tri {
    let Some(state) = facts.get(key) else {
        return Tri::unknown(format!(
            "condition key `{key}` is not known for this request (give it in the request context)"
        ));
    };
    if op.base == Base::Null {
        let absent = match state {
            KeyState::Absent => true,
            KeyState::Present(v) => v.is_empty(),
        };
        return Tri::any(values.iter().map(|v| {
            if v.eq_ignore_ascii_case("true") {
                Tri::from_bool(absent)
            } else if v.eq_ignore_ascii_case("false") {
                Tri::from_bool(!absent)
            } else {
                Tri::unknown(format!(
                    "`Null` on `{key}` takes `true` or `false`, not `{v}`"
                ))
            }
        }));
    }
    if variables && op.base.takes_variables() && values.iter().any(|v| v.contains("${")) {
        return Tri::unknown(format!(
            "`{op_name}` on `{key}` uses a policy variable, which this evaluator does not resolve"
        ));
    }
    let request_values = match state {
        KeyState::Present(v) if !v.is_empty() => v,
        _ => {
            // The key is not in the request.
            return Tri::from_bool(match op.set {
                SetOp::ForAllValues => true,
                SetOp::ForAnyValue => false,
                SetOp::None => op.if_exists || op.base.negated(),
            });
        }
    };
    let one = |v: &str| value_matches(op.base, v, values, key);
    match op.set {
        SetOp::ForAnyValue => Tri::any(request_values.iter().map(|v| one(v))),
        SetOp::ForAllValues => Tri::all(request_values.iter().map(|v| one(v))),
        SetOp::None => match request_values.as_slice() {
            [v] => one(v),
            _ => Tri::unknown(format!(
                "`{op_name}` on multivalued key `{key}` needs `ForAnyValue:` or `ForAllValues:`"
            )),
        },
    }
}

/// One request value against the policy values: OR for positive operators, NOR for negated
/// ones.
fn value_matches(base: Base, value: &str, policy: &ValueSet, key: &str) -> Tri {
    if let Base::Unmodelled(_) = base {
        return Tri::unknown(format!(
            "date and binary operators are not modelled (key `{key}` is present)"
        ));
    }
    let positive = base.positive();
    let any = Tri::any(policy.iter().map(|p| compare(positive, value, p, key)));
    if base.negated() { any.not() } else { any }
}

fn compare(base: Base, value: &str, policy: &str, key: &str) -> Tri {
    use Base::*;
    match base {
        StringEquals => Tri::from_bool(value == policy),
        StringEqualsIgnoreCase => Tri::from_bool(value.to_lowercase() == policy.to_lowercase()),
        StringLike => Tri::from_bool(string_like(policy, value)),
        // "ArnEquals and ArnLike behave identically": both take wildcards per segment.
        ArnEquals | ArnLike => {
            Tri::from_bool(value.starts_with("arn:") && arn_matches(policy, value))
        }
        Bool => Tri::from_bool(value.eq_ignore_ascii_case(policy)),
        NumericEquals
        | NumericLessThan
        | NumericLessThanEquals
        | NumericGreaterThan
        | NumericGreaterThanEquals => {
            let (Ok(v), Ok(p)) = (value.trim().parse::<f64>(), policy.trim().parse::<f64>()) else {
                return Tri::unknown(format!(
                    "numeric comparison of `{key}`: `{value}` or `{policy}` is not a number"
                ));
            };
            Tri::from_bool(match base {
                NumericEquals => v == p,
                NumericLessThan => v < p,
                NumericLessThanEquals => v <= p,
                NumericGreaterThan => v > p,
                _ => v >= p,
            })
        }
        IpAddress => match (value.parse::<IpAddr>(), parse_cidr(policy)) {
            (Ok(ip), Some((net, bits))) => Tri::from_bool(in_cidr(ip, net, bits)),
            _ => Tri::unknown(format!(
                "`{key}`: `{value}` is not an IP address or `{policy}` is not a CIDR block"
            )),
        },
        // Negated and unmodelled forms never reach here (see `value_matches`).
        _ => Tri::unknown(format!("internal: operator {base:?} compared directly")),
    }
}

fn parse_cidr(s: &str) -> Option<(IpAddr, u32)> {
    match s.split_once('/') {
        Some((ip, bits)) => {
            let ip: IpAddr = ip.parse().ok()?;
            let bits: u32 = bits.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            (bits <= max).then_some((ip, bits))
        }
        None => {
            let ip: IpAddr = s.parse().ok()?;
            Some((ip, if ip.is_ipv4() { 32 } else { 128 }))
        }
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u32) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
