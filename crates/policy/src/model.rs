//! The typed policy document and its parser.
//!
//! The parser accepts every form AWS returns or accepts: `Statement` as an object or a list,
//! scalar or list values for `Action`/`Resource`/`Principal` entries, `"*"` principals,
//! `Not*` elements, condition values that are strings, booleans, numbers or lists of them,
//! and a missing `Version` or `Sid`. Anything else is rejected with an error naming the
//! statement and element, so a corrupt live policy is reported instead of half-understood.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Why a policy document could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The text is not JSON.
    #[error("policy is not valid JSON: {0}")]
    Json(String),
    /// The JSON does not have the shape of a policy.
    #[error("{location}: {message}")]
    Shape {
        /// Where in the document, e.g. `Statement[2].Principal`.
        location: String,
        /// What is wrong and what was expected.
        message: String,
    },
}

fn shape(location: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError::Shape {
        location: location.into(),
        message: message.into(),
    }
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Grants the actions.
    Allow,
    /// Denies the actions; an explicit deny wins over any allow.
    Deny,
}

impl Effect {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

/// The values of an `Action`, `NotAction`, `Resource` or `NotResource` element, in the order
/// written. A scalar in JSON is a one-element set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ValueSet(pub Vec<String>);

impl ValueSet {
    /// Builds a set from anything that yields strings.
    pub fn of<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(items.into_iter().map(Into::into).collect())
    }

    /// The values as written.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// True when the set has no values.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principals {
    /// `"*"`: anyone. Equivalent to `{"AWS":"*"}` (aws-semantics §2).
    Any,
    /// `{"AWS": [...], "Service": [...], ...}` keyed by principal type, in the order written.
    Typed(BTreeMap<String, ValueSet>),
}

/// A `Condition` block: operator → key → values. Booleans and numbers are kept as their
/// string form, as AWS compares them (aws-semantics §4.2).
pub type Conditions = BTreeMap<String, BTreeMap<String, ValueSet>>;

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    /// The statement id; `None` when absent.
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// `Principal`, for resource policies.
    pub principal: Option<Principals>,
    /// `NotPrincipal`.
    pub not_principal: Option<Principals>,
    /// `Action`.
    pub action: Option<ValueSet>,
    /// `NotAction`.
    pub not_action: Option<ValueSet>,
    /// `Resource`.
    pub resource: Option<ValueSet>,
    /// `NotResource`.
    pub not_resource: Option<ValueSet>,
    /// `Condition`, empty when absent.
    pub condition: Conditions,
}

impl Statement {
    /// A new statement with only an effect; fill the rest with the public fields.
    pub fn new(effect: Effect) -> Self {
        Self {
            sid: None,
            effect,
            principal: None,
            not_principal: None,
            action: None,
            not_action: None,
            resource: None,
            not_resource: None,
            condition: Conditions::new(),
        }
    }

    /// Parses one statement object; `location` names it in errors.
    pub fn from_value(value: &Value, location: &str) -> Result<Self, PolicyError> {
        let obj = value
            .as_object()
            .ok_or_else(|| shape(location, "a statement must be a JSON object"))?;
        let mut st = Statement::new(Effect::Allow);
        let mut effect = None;
        for (key, v) in obj {
            let here = format!("{location}.{key}");
            match key.as_str() {
                "Sid" => {
                    st.sid = Some(
                        v.as_str()
                            .ok_or_else(|| shape(&here, "`Sid` must be a string"))?
                            .to_owned(),
                    )
                }
                "Effect" => {
                    let s = v
                        .as_str()
                        .ok_or_else(|| shape(&here, "`Effect` must be \"Allow\" or \"Deny\""))?;
                    effect = Some(if s.eq_ignore_ascii_case("allow") {
                        Effect::Allow
                    } else if s.eq_ignore_ascii_case("deny") {
                        Effect::Deny
                    } else {
                        return Err(shape(
                            &here,
                            format!("`Effect` must be \"Allow\" or \"Deny\", not {s:?}"),
                        ));
                    });
                }
                "Principal" => st.principal = Some(parse_principals(v, &here)?),
                "NotPrincipal" => st.not_principal = Some(parse_principals(v, &here)?),
                "Action" => st.action = Some(parse_values(v, &here)?),
                "NotAction" => st.not_action = Some(parse_values(v, &here)?),
                "Resource" => st.resource = Some(parse_values(v, &here)?),
                "NotResource" => st.not_resource = Some(parse_values(v, &here)?),
                "Condition" => st.condition = parse_conditions(v, &here)?,
                other => {
                    return Err(shape(
                        &here,
                        format!(
                            "unknown statement element `{other}` (expected Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)"
                        ),
                    ));
                }
            }
        }
        st.effect = effect.ok_or_else(|| shape(location, "a statement needs `Effect`"))?;
        if st.action.is_some() && st.not_action.is_some() {
            return Err(shape(
                location,
                "`Action` and `NotAction` cannot both be set",
            ));
        }
        if st.action.is_none() && st.not_action.is_none() {
            return Err(shape(location, "a statement needs `Action` or `NotAction`"));
        }
        if st.resource.is_some() && st.not_resource.is_some() {
            return Err(shape(
                location,
                "`Resource` and `NotResource` cannot both be set",
            ));
        }
        if st.principal.is_some() && st.not_principal.is_some() {
            return Err(shape(
                location,
                "`Principal` and `NotPrincipal` cannot both be set",
            ));
        }
        Ok(st)
    }

    /// The statement as JSON with the fixed key order of aws-semantics §4.3 rule 5
    /// (`Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition`). Values are kept in
    /// the order they are held; one-element sets are written as a scalar, as AWS returns them.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(sid) = &self.sid {
            m.insert("Sid".into(), Value::String(sid.clone()));
        }
        m.insert("Effect".into(), Value::String(self.effect.as_str().into()));
        if let Some(p) = &self.principal {
            m.insert("Principal".into(), principals_value(p));
        }
        if let Some(p) = &self.not_principal {
            m.insert("NotPrincipal".into(), principals_value(p));
        }
        for (name, set) in [
            ("Action", &self.action),
            ("NotAction", &self.not_action),
            ("Resource", &self.resource),
            ("NotResource", &self.not_resource),
        ] {
            if let Some(set) = set {
                m.insert(name.into(), set_value(set));
            }
        }
        if !self.condition.is_empty() {
            let mut c = Map::new();
            for (op, keys) in &self.condition {
                let mut k = Map::new();
                for (key, vals) in keys {
                    k.insert(key.clone(), set_value(vals));
                }
                c.insert(op.clone(), Value::Object(k));
            }
            m.insert("Condition".into(), Value::Object(c));
        }
        Value::Object(m)
    }
}

/// A policy document: `Version`, optional `Id`, and its statements in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    /// `Version`; `None` when absent (which AWS reads as `2008-10-17`, aws-semantics §4.3).
    pub version: Option<String>,
    /// `Id`, rarely used.
    pub id: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

/// The policy language version `share` always writes.
pub const VERSION: &str = "2012-10-17";

impl Document {
    /// A new document with `Version` 2012-10-17 and the given statements.
    pub fn new(statements: Vec<Statement>) -> Self {
        Self {
            version: Some(VERSION.to_owned()),
            id: None,
            statements,
        }
    }

    /// Parses policy JSON text.
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PolicyError::Json(e.to_string()))?;
        Self::from_value(&value)
    }

    /// Parses a policy from a JSON value.
    pub fn from_value(value: &Value) -> Result<Self, PolicyError> {
        let obj = value
            .as_object()
            .ok_or_else(|| shape("policy", "a policy must be a JSON object"))?;
        let mut doc = Document {
            version: None,
            id: None,
            statements: Vec::new(),
        };
        let mut saw_statement = false;
        for (key, v) in obj {
            match key.as_str() {
                "Version" => {
                    doc.version = Some(
                        v.as_str()
                            .ok_or_else(|| shape("Version", "`Version` must be a string"))?
                            .to_owned(),
                    )
                }
                "Id" => {
                    doc.id = Some(
                        v.as_str()
                            .ok_or_else(|| shape("Id", "`Id` must be a string"))?
                            .to_owned(),
                    )
                }
                "Statement" => {
                    saw_statement = true;
                    match v {
                        Value::Array(items) => {
                            for (i, item) in items.iter().enumerate() {
                                doc.statements
                                    .push(Statement::from_value(item, &format!("Statement[{i}]"))?);
                            }
                        }
                        Value::Object(_) => {
                            doc.statements.push(Statement::from_value(v, "Statement")?)
                        }
                        _ => {
                            return Err(shape(
                                "Statement",
                                "`Statement` must be an object or a list of objects",
                            ));
                        }
                    }
                }
                other => {
                    return Err(shape(
                        other,
                        format!(
                            "unknown policy element `{other}` (expected Version, Id, Statement)"
                        ),
                    ));
                }
            }
        }
        if !saw_statement {
            return Err(shape("policy", "a policy needs `Statement`"));
        }
        Ok(doc)
    }

    /// The document as JSON, `Version` first, then `Id`, then `Statement` (always a list).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(v) = &self.version {
            m.insert("Version".into(), Value::String(v.clone()));
        }
        if let Some(id) = &self.id {
            m.insert("Id".into(), Value::String(id.clone()));
        }
        m.insert(
            "Statement".into(),
            Value::Array(self.statements.iter().map(Statement::to_value).collect()),
        );
        Value::Object(m)
    }
}

fn set_value(set: &ValueSet) -> Value {
    match set.0.as_slice() {
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    }
}

fn principals_value(p: &Principals) -> Value {
    match p {
        Principals::Any => Value::String("*".into()),
        Principals::Typed(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), set_value(v))).collect())
        }
    }
}

/// A scalar (string, bool, number) as the string AWS compares.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_values(v: &Value, here: &str) -> Result<ValueSet, PolicyError> {
    match v {
        Value::String(s) => Ok(ValueSet(vec![s.clone()])),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| shape(here, "expected a string or a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(ValueSet),
        _ => Err(shape(here, "expected a string or a list of strings")),
    }
}

fn parse_principals(v: &Value, here: &str) -> Result<Principals, PolicyError> {
    match v {
        Value::String(s) if s == "*" => Ok(Principals::Any),
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            for (kind, vals) in map {
                if !matches!(
                    kind.as_str(),
                    "AWS" | "Service" | "Federated" | "CanonicalUser"
                ) {
                    return Err(shape(
                        format!("{here}.{kind}"),
                        "principal type must be AWS, Service, Federated or CanonicalUser",
                    ));
                }
                out.insert(kind.clone(), parse_values(vals, &format!("{here}.{kind}"))?);
            }
            Ok(Principals::Typed(out))
        }
        _ => Err(shape(
            here,
            "a principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}",
        )),
    }
}

fn parse_conditions(v: &Value, here: &str) -> Result<Conditions, PolicyError> {
    let ops = v
        .as_object()
        .ok_or_else(|| shape(here, "`Condition` must be an object of operators"))?;
    let mut out = Conditions::new();
    for (op, keys) in ops {
        let at = format!("{here}.{op}");
        let keys = keys
            .as_object()
            .ok_or_else(|| shape(&at, "a condition operator must map keys to values"))?;
        let mut inner = BTreeMap::new();
        for (key, vals) in keys {
            let at = format!("{at}.{key}");
            let set = match vals {
                Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        scalar_string(i).ok_or_else(|| {
                            shape(&at, "condition values must be strings, booleans or numbers")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                other => vec![scalar_string(other).ok_or_else(|| {
                    shape(&at, "condition values must be strings, booleans or numbers")
                })?],
            };
            inner.insert(key.clone(), ValueSet(set));
        }
        out.insert(op.clone(), inner);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
