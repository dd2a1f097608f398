//! Generators: documents, AWS-style rewrites (meaning kept) and mutations (meaning changed).

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};
use share_policy::{Conditions, Document, Effect, Principals, Statement, ValueSet};
use std::collections::BTreeMap;

pub const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];
const ACCOUNTS: [&str; 3] = ["111111111111", "222222222222", "123456789012"];
const ACTIONS: [&str; 7] = [
    "s3:GetObject",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:GetBucketLocation",
    "s3:*",
    "*",
    "iam:PassRole",
];
const OPERATORS: [&str; 5] = [
    "StringEquals",
    "StringLike",
    "Bool",
    "NumericLessThan",
    "ArnLike",
];
const CONDITION_KEYS: [&str; 5] = [
    "aws:SourceVpce",
    "s3:prefix",
    "aws:SecureTransport",
    "s3:max-keys",
    "aws:PrincipalArn",
];
const CONDITION_VALUES: [&str; 7] = [
    "vpce-1a2b3c",
    "home/",
    "true",
    "false",
    "10",
    "42",
    "arn:aws:iam::111111111111:role/demo",
];

fn set(values: Vec<String>) -> ValueSet {
    ValueSet(values)
}

fn aws_principal(p: &'static str) -> BoxedStrategy<String> {
    let accounts = || select(ACCOUNTS.to_vec());
    prop_oneof![
        accounts().prop_map(String::from),
        accounts().prop_map(move |a| format!("arn:{p}:iam::{a}:root")),
        (accounts(), select(vec!["demo", "reader", "path/writer"]))
            .prop_map(move |(a, r)| format!("arn:{p}:iam::{a}:role/{r}")),
        Just("*".to_owned()),
        Just("AROAJQABLZS4A3QDU576Q".to_owned()),
    ]
    .boxed()
}

fn principals(p: &'static str) -> BoxedStrategy<Principals> {
    let services = prop::collection::vec(
        select(vec!["s3.amazonaws.com", "ec2.amazonaws.com"]).prop_map(String::from),
        1..3,
    );
    prop_oneof![
        Just(Principals::Any),
        prop::collection::vec(aws_principal(p), 1..4)
            .prop_map(|v| Principals::Typed(BTreeMap::from([("AWS".to_owned(), set(v))]))),
        (prop::collection::vec(aws_principal(p), 1..3), services).prop_map(|(a, s)| {
            Principals::Typed(BTreeMap::from([
                ("AWS".to_owned(), set(a)),
                ("Service".to_owned(), set(s)),
            ]))
        }),
    ]
    .boxed()
}

fn resource(p: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        Just(format!("arn:{p}:s3:::bucket-a")),
        Just(format!("arn:{p}:s3:::bucket-a/*")),
        Just(format!("arn:{p}:s3:::bucket-b/home/*")),
        Just(format!(
            "arn:{p}:s3:us-east-1:123456789012:accesspoint/ap-one/object/*"
        )),
        Just("*".to_owned()),
    ]
    .boxed()
}

fn strings(pool: &[&'static str], len: std::ops::Range<usize>) -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(select(pool.to_vec()).prop_map(String::from), len).boxed()
}

fn conditions() -> BoxedStrategy<Conditions> {
    prop::collection::btree_map(
        select(OPERATORS.to_vec()).prop_map(String::from),
        prop::collection::btree_map(
            select(CONDITION_KEYS.to_vec()).prop_map(String::from),
            strings(&CONDITION_VALUES, 1..4).prop_map(set),
            1..3,
        ),
        0..3,
    )
    .boxed()
}

/// A Sid: none, `""`, share's (prefix `Share`) or someone else's.
pub fn sid() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::new())),
        "[A-Za-z0-9]{1,6}".prop_map(|s| Some(format!("Share{s}"))),
        "[A-Za-z0-9]{1,6}".prop_map(|s| Some(format!("Other{s}"))),
        "[A-Za-z0-9]{1,6}".prop_map(|s| Some(format!("share{s}"))),
    ]
    .boxed()
}

/// A statement in partition `p` with the given Sid strategy.
pub fn statement_with(
    p: &'static str,
    sid: BoxedStrategy<Option<String>>,
) -> BoxedStrategy<Statement> {
    let principal = prop_oneof![
        2 => Just((None, None)),
        3 => principals(p).prop_map(|x| (Some(x), None)),
        1 => principals(p).prop_map(|x| (None, Some(x))),
    ];
    let action = prop_oneof![
        4 => strings(&ACTIONS, 1..4).prop_map(|a| (Some(set(a)), None)),
        1 => strings(&ACTIONS, 1..3).prop_map(|a| (None, Some(set(a)))),
    ];
    let resource = prop_oneof![
        1 => Just((None, None)),
        4 => prop::collection::vec(resource(p), 1..4).prop_map(|r| (Some(set(r)), None)),
        1 => prop::collection::vec(resource(p), 1..3).prop_map(|r| (None, Some(set(r)))),
    ];
    (
        sid,
        any::<bool>(),
        principal,
        action,
        resource,
        conditions(),
    )
        .prop_map(
            |(
                sid,
                allow,
                (principal, not_principal),
                (action, not_action),
                (resource, not_resource),
                condition,
            )| {
                Statement {
                    sid,
                    effect: if allow { Effect::Allow } else { Effect::Deny },
                    principal,
                    not_principal,
                    action,
                    not_action,
                    resource,
                    not_resource,
                    condition,
                }
            },
        )
        .boxed()
}

/// A document in one partition, with its partition.
pub fn document() -> BoxedStrategy<(Document, &'static str)> {
    select(PARTITIONS.to_vec())
        .prop_flat_map(|p| {
            (
                prop_oneof![
                    Just(None),
                    Just(Some("2012-10-17".to_owned())),
                    Just(Some("2008-10-17".to_owned()))
                ],
                prop_oneof![3 => Just(None), 1 => Just(Some("PolicyId1".to_owned()))],
                prop::collection::vec(statement_with(p, sid()), 1..5),
                Just(p),
            )
        })
        .prop_map(|(version, id, statements, p)| {
            (
                Document {
                    version,
                    id,
                    statements,
                },
                p,
            )
        })
        .boxed()
}

/// A small deterministic random source for rewrite choices (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A rewrite AWS (or a person) may apply to a document without changing its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// One-element lists (and a one-statement list) become scalars (vm0#33389).
    Collapse,
    /// Scalars become one-element lists.
    Expand,
    /// Keys of every object are reordered (IAM-trouble "elements within JSON maps").
    ReorderKeys,
    /// Statements and every set's values are reordered (ansible#29341).
    ReorderValues,
    /// `ACCOUNT` → `arn:P:iam::ACCOUNT:root` (IAM-princ).
    AccountIdToRoot,
    /// `arn:P:iam::ACCOUNT:root` → `ACCOUNT`.
    RootToAccountId,
    /// `"*"` → `{"AWS":"*"}`.
    StarToAws,
    /// `{"AWS":"*"}` → `"*"`.
    AwsStarToStar,
    /// Action names in another case.
    ActionCase,
    /// Condition key names in another case.
    ConditionKeyCase,
    /// `"true"`/`"10"` in conditions → `true`/`10`.
    ConditionScalars,
    /// `true`/`10` in conditions → `"true"`/`"10"`.
    ConditionStringify,
    /// A missing Sid becomes `"Sid":""` (aws-cli#849).
    SidEmpty,
    /// `"Sid":""` is dropped.
    SidEmptyDropped,
    /// A missing Version becomes `2008-10-17` and back (aws-cli#849).
    ImplicitVersion,
    /// `Allow` → `allow`.
    EffectCase,
    /// A set value is repeated.
    DuplicateValues,
}

pub const REWRITES: [Rewrite; 17] = [
    Rewrite::Collapse,
    Rewrite::Expand,
    Rewrite::ReorderKeys,
    Rewrite::ReorderValues,
    Rewrite::AccountIdToRoot,
    Rewrite::RootToAccountId,
    Rewrite::StarToAws,
    Rewrite::AwsStarToStar,
    Rewrite::ActionCase,
    Rewrite::ConditionKeyCase,
    Rewrite::ConditionScalars,
    Rewrite::ConditionStringify,
    Rewrite::SidEmpty,
    Rewrite::SidEmptyDropped,
    Rewrite::ImplicitVersion,
    Rewrite::EffectCase,
    Rewrite::DuplicateValues,
];

/// How the rewritten value is written out: whitespace is another rewrite (pulumi-aws#855).
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    Compact,
    Pretty,
    Tabs,
    Wide,
}

pub const LAYOUTS: [Layout; 4] = [Layout::Compact, Layout::Pretty, Layout::Tabs, Layout::Wide];

pub fn write(value: &Value, layout: Layout) -> String {
    use serde::Serialize;
    let indent: &[u8] = match layout {
        Layout::Compact => return value.to_string(),
        Layout::Pretty => b"  ",
        Layout::Tabs => b"\t",
        Layout::Wide => b"      ",
    };
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        serde_json::ser::PrettyFormatter::with_indent(indent),
    );
    value.serialize(&mut ser).unwrap();
    let text = String::from_utf8(out).unwrap();
    match layout {
        Layout::Wide => format!("\r\n  {}\n\n", text.replace('\n', " \n")),
        _ => text,
    }
}

fn statements_mut(doc: &mut Value) -> Vec<&mut Map<String, Value>> {
    match doc.get_mut("Statement") {
        Some(Value::Array(items)) => items.iter_mut().filter_map(Value::as_object_mut).collect(),
        Some(Value::Object(one)) => vec![one],
        _ => Vec::new(),
    }
}

fn principal_objects(st: &mut Map<String, Value>) -> Vec<&mut Value> {
    st.iter_mut()
        .filter(|(k, _)| *k == "Principal" || *k == "NotPrincipal")
        .map(|(_, v)| v)
        .collect()
}

/// Every set-valued JSON value of a statement: actions, resources, principal values and
/// condition values, with whether it holds action names.
fn sets_mut(st: &mut Map<String, Value>) -> Vec<(&mut Value, bool)> {
    let mut out = Vec::new();
    for (k, v) in st.iter_mut() {
        match k.as_str() {
            "Action" | "NotAction" => out.push((v, true)),
            "Resource" | "NotResource" => out.push((v, false)),
            "Principal" | "NotPrincipal" => {
                if let Value::Object(m) = v {
                    out.extend(m.values_mut().map(|v| (v, false)));
                }
            }
            "Condition" => {
                if let Value::Object(ops) = v {
                    for keys in ops.values_mut() {
                        if let Value::Object(keys) = keys {
                            out.extend(keys.values_mut().map(|v| (v, false)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn condition_values_mut(st: &mut Map<String, Value>) -> Vec<&mut Value> {
    let mut out = Vec::new();
    if let Some(Value::Object(ops)) = st.get_mut("Condition") {
        for keys in ops.values_mut() {
            if let Value::Object(keys) = keys {
                for v in keys.values_mut() {
                    match v {
                        Value::Array(items) => out.extend(items.iter_mut()),
                        other => out.push(other),
                    }
                }
            }
        }
    }
    out
}

fn recase(s: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => s.to_ascii_lowercase(),
        1 => s.to_ascii_uppercase(),
        _ => s
            .chars()
            .map(|c| {
                if rng.coin() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
    }
}

fn reorder_keys(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
            rng.shuffle(&mut entries);
            for (k, mut v) in entries {
                reorder_keys(&mut v, rng);
                m.insert(k, v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reorder_keys(i, rng)),
        _ => {}
    }
}

fn reorder_arrays(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(m) => m.values_mut().for_each(|v| reorder_arrays(v, rng)),
        Value::Array(items) => {
            rng.shuffle(items);
            items.iter_mut().for_each(|i| reorder_arrays(i, rng));
        }
        _ => {}
    }
}

fn each_aws_principal_value(st: &mut Map<String, Value>, mut f: impl FnMut(&mut String)) {
    for p in principal_objects(st) {
        if let Some(aws) = p.get_mut("AWS") {
            match aws {
                Value::String(s) => f(s),
                Value::Array(items) => items.iter_mut().for_each(|i| {
                    if let Value::String(s) = i {
                        f(s)
                    }
                }),
                _ => {}
            }
        }
    }
}

/// Applies `rewrite` to a document value; `partition` is the original document's
/// inferred partition (`Document::partition`).
pub fn apply(rewrite: Rewrite, doc: &mut Value, partition: &str, rng: &mut Rng) {
    match rewrite {
        Rewrite::Collapse => {
            for st in statements_mut(doc) {
                for (v, _) in sets_mut(st) {
                    if let Value::Array(items) = v
                        && items.len() == 1
                        && rng.coin()
                    {
                        let one = items.remove(0);
                        *v = one;
                    }
                }
            }
            if let Some(Value::Array(items)) = doc.get_mut("Statement")
                && items.len() == 1
            {
                let one = items.remove(0);
                doc["Statement"] = one;
            }
        }
        Rewrite::Expand => {
            for st in statements_mut(doc) {
                for (v, _) in sets_mut(st) {
                    if !v.is_array() && rng.coin() {
                        *v = Value::Array(vec![v.take()]);
                    }
                }
            }
            if let Some(one @ Value::Object(_)) = doc.get_mut("Statement") {
                *one = Value::Array(vec![one.take()]);
            }
        }
        Rewrite::ReorderKeys => reorder_keys(doc, rng),
        Rewrite::ReorderValues => reorder_arrays(doc, rng),
        Rewrite::AccountIdToRoot => {
            for st in statements_mut(doc) {
                each_aws_principal_value(st, |s| {
                    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) && rng.coin() {
                        *s = format!("arn:{partition}:iam::{s}:root");
                    }
                });
            }
        }
        Rewrite::RootToAccountId => {
            // A bare id is read in the partition of the document's other ARNs (`aws` when
            // there are none), so the root ARN is the only place that may carry, say,
            // `aws-cn`; AWS only ever rewrites id → ARN, never back.
            let resource_prefix = format!("arn:{partition}:");
            let anchored = partition == "aws"
                || statements_mut(doc).into_iter().any(|st| {
                    sets_mut(st).into_iter().any(|(v, _)| match v {
                        Value::String(s) => {
                            s.starts_with(&resource_prefix) && !s.ends_with(":root")
                        }
                        Value::Array(items) => items.iter().any(|i| {
                            i.as_str().is_some_and(|s| {
                                s.starts_with(&resource_prefix) && !s.ends_with(":root")
                            })
                        }),
                        _ => false,
                    })
                });
            if !anchored {
                return;
            }
            let prefix = format!("arn:{partition}:iam::");
            for st in statements_mut(doc) {
                each_aws_principal_value(st, |s| {
                    let id = s
                        .strip_prefix(&prefix)
                        .and_then(|r| r.strip_suffix(":root"))
                        .map(str::to_owned);
                    if let Some(id) = id
                        && rng.coin()
                    {
                        *s = id;
                    }
                });
            }
        }
        Rewrite::StarToAws => {
            for st in statements_mut(doc) {
                for p in principal_objects(st) {
                    if p == "*" {
                        *p = serde_json::json!({"AWS": "*"});
                    }
                }
            }
        }
        Rewrite::AwsStarToStar => {
            for st in statements_mut(doc) {
                for p in principal_objects(st) {
                    let only_star = p.as_object().is_some_and(|m| {
                        m.len() == 1
                            && m.get("AWS").is_some_and(|a| {
                                a == "*"
                                    || a.as_array().is_some_and(|l| {
                                        !l.is_empty() && l.iter().all(|x| x == "*")
                                    })
                            })
                    });
                    if only_star {
                        *p = Value::String("*".into());
                    }
                }
            }
        }
        Rewrite::ActionCase => {
            for st in statements_mut(doc) {
                for (v, is_action) in sets_mut(st) {
                    if !is_action {
                        continue;
                    }
                    match v {
                        Value::String(s) => *s = recase(s, rng),
                        Value::Array(items) => {
                            for i in items {
                                if let Value::String(s) = i {
                                    *s = recase(s, rng);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        Rewrite::ConditionKeyCase => {
            for st in statements_mut(doc) {
                if let Some(Value::Object(ops)) = st.get_mut("Condition") {
                    for keys in ops.values_mut() {
                        if let Value::Object(keys) = keys {
                            let entries: Vec<(String, Value)> =
                                std::mem::take(keys).into_iter().collect();
                            for (k, v) in entries {
                                keys.insert(recase(&k, rng), v);
                            }
                        }
                    }
                }
            }
        }
        Rewrite::ConditionScalars => {
            for st in statements_mut(doc) {
                for v in condition_values_mut(st) {
                    let replacement = match v.as_str() {
                        Some("true") => Some(Value::Bool(true)),
                        Some("false") => Some(Value::Bool(false)),
                        Some(n) => n.parse::<u64>().ok().map(Value::from),
                        None => None,
                    };
                    if let Some(r) = replacement.filter(|_| rng.coin()) {
                        *v = r;
                    }
                }
            }
        }
        Rewrite::ConditionStringify => {
            for st in statements_mut(doc) {
                for v in condition_values_mut(st) {
                    if (v.is_boolean() || v.is_number()) && rng.coin() {
                        *v = Value::String(v.to_string());
                    }
                }
            }
        }
        Rewrite::SidEmpty => {
            for st in statements_mut(doc) {
                if !st.contains_key("Sid") {
                    st.insert("Sid".into(), Value::String(String::new()));
                }
            }
        }
        Rewrite::SidEmptyDropped => {
            for st in statements_mut(doc) {
                if st.get("Sid").is_some_and(|s| s == "") {
                    st.remove("Sid");
                }
            }
        }
        Rewrite::ImplicitVersion => {
            let m = doc.as_object_mut().unwrap();
            match m.get("Version").and_then(Value::as_str) {
                None => {
                    m.insert("Version".into(), Value::String("2008-10-17".into()));
                }
                Some("2008-10-17") => {
                    m.remove("Version");
                }
                Some(_) => {}
            }
        }
        Rewrite::EffectCase => {
            for st in statements_mut(doc) {
                if let Some(Value::String(e)) = st.get_mut("Effect") {
                    *e = if rng.coin() {
                        e.to_ascii_lowercase()
                    } else {
                        e.to_ascii_uppercase()
                    };
                }
            }
        }
        Rewrite::DuplicateValues => {
            for st in statements_mut(doc) {
                for (v, _) in sets_mut(st) {
                    if let Value::Array(items) = v
                        && !items.is_empty()
                        && rng.coin()
                    {
                        let i = rng.below(items.len());
                        let dup = items[i].clone();
                        items.push(dup);
                    }
                }
            }
        }
    }
}

/// A change of meaning.
#[derive(Debug, Clone, Copy)]
pub enum Mutation {
    FlipEffect,
    ChangeAction,
    ChangeResource,
    ResourceCase,
    ChangePrincipal,
    ChangeConditionValue,
    ConditionValueCase,
    DuplicateStatement,
    DropStatement,
}

pub const MUTATIONS: [Mutation; 9] = [
    Mutation::FlipEffect,
    Mutation::ChangeAction,
    Mutation::ChangeResource,
    Mutation::ResourceCase,
    Mutation::ChangePrincipal,
    Mutation::ChangeConditionValue,
    Mutation::ConditionValueCase,
    Mutation::DuplicateStatement,
    Mutation::DropStatement,
];

fn first_mut(set: &mut ValueSet) -> Option<&mut String> {
    set.0.first_mut()
}

/// Applies a mutation to statement `index % len` of `doc`. Every mutation introduces a value
/// the generators never produce, so the result always differs in meaning.
pub fn mutate(doc: &mut Document, mutation: Mutation, index: usize, partition: &str) {
    let n = doc.statements.len();
    let i = index % n;
    match mutation {
        Mutation::DuplicateStatement => {
            let copy = doc.statements[i].clone();
            doc.statements.push(copy);
            return;
        }
        Mutation::DropStatement => {
            doc.statements.remove(i);
            return;
        }
        _ => {}
    }
    let st = &mut doc.statements[i];
    match mutation {
        Mutation::FlipEffect => {
            st.effect = match st.effect {
                Effect::Allow => Effect::Deny,
                Effect::Deny => Effect::Allow,
            }
        }
        Mutation::ChangeAction => {
            let set = st.action.as_mut().or(st.not_action.as_mut()).unwrap();
            *first_mut(set).unwrap() = "s3:MutatedAction".into();
        }
        Mutation::ChangeResource => match st.resource.as_mut().or(st.not_resource.as_mut()) {
            Some(set) => first_mut(set).unwrap().push_str("-x"),
            None => st.resource = Some(ValueSet::of([format!("arn:{partition}:s3:::mutated")])),
        },
        Mutation::ResourceCase => {
            let target = st
                .resource
                .as_mut()
                .or(st.not_resource.as_mut())
                .and_then(|s| {
                    s.0.iter_mut()
                        .find(|r| r.bytes().any(|b| b.is_ascii_lowercase()))
                });
            match target {
                Some(r) => {
                    // Uppercase the last lowercase letter: `bucket-a/*` → `bucket-A/*`.
                    let pos = r.rfind(|c: char| c.is_ascii_lowercase()).unwrap();
                    let upper = r[pos..=pos].to_ascii_uppercase();
                    r.replace_range(pos..=pos, &upper);
                }
                None => st.resource = Some(ValueSet::of(["arn:aws:s3:::Bucket-a"])),
            }
        }
        Mutation::ChangePrincipal => {
            let slot = if st.principal.is_some() || st.not_principal.is_none() {
                &mut st.principal
            } else {
                &mut st.not_principal
            };
            *slot = Some(match slot.take() {
                None | Some(Principals::Any) => Principals::Typed(BTreeMap::from([(
                    "AWS".to_owned(),
                    ValueSet::of(["999999999999"]),
                )])),
                Some(Principals::Typed(mut map)) => {
                    map.entry("AWS".to_owned())
                        .or_default()
                        .0
                        .push("999999999999".into());
                    Principals::Typed(map)
                }
            });
        }
        Mutation::ChangeConditionValue | Mutation::ConditionValueCase => {
            let target = st
                .condition
                .values_mut()
                .flat_map(|keys| keys.values_mut())
                .flat_map(|set| set.0.iter_mut())
                .find(|v| v.bytes().any(|b| b.is_ascii_lowercase()));
            match (target, mutation) {
                (Some(v), Mutation::ConditionValueCase) => *v = v.to_ascii_uppercase(),
                (Some(v), _) => v.push('Z'),
                (None, _) => {
                    st.condition.insert(
                        "StringEquals".into(),
                        BTreeMap::from([(
                            "aws:sourcevpce".to_owned(),
                            ValueSet::of(["vpce-mutated"]),
                        )]),
                    );
                }
            }
        }
        Mutation::DuplicateStatement | Mutation::DropStatement => {}
    }
}
