//! Property tests: the evaluator's answers move in the directions AWS's logic dictates.
//!
//! Random policies are drawn from a small vocabulary of realistic elements (the actions,
//! resources, principals and conditions of the share pattern, plus a condition key the
//! evaluator cannot know) so that matches are frequent, and random requests take every path.

use crate::support::{A, AP, B, BASE, Case, Exp, ROLE_A, ROLE_B};
use proptest::prelude::*;
use share_evaluate::{Decision, Policies, action_matches, arn_matches, evaluate};
use share_policy::{Conditions, Document, Effect, Principals, Statement, ValueSet};
use std::collections::BTreeMap;

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:Get*",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:*",
    "*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::awsexamplebucket1",
    "arn:aws:s3:::awsexamplebucket1/*",
    "arn:aws:s3:::awsexamplebucket1/datasets/credit/*",
    "arn:aws:s3:::otherbucket/*",
    "arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point",
    "arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*",
    "arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/datasets/*",
];
const PRINCIPALS: &[&str] = &[
    "*",
    "111111111111",
    "arn:aws:iam::111111111111:root",
    "arn:aws:iam::111111111111:role/demo",
    "arn:aws:iam::222222222222:role/analyst",
    "arn:aws:iam::333333333333:root",
];
/// `(operator, key, value)`; the last one uses a key the evaluator cannot know.
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("StringEquals", "s3:DataAccessPointAccount", A),
    ("StringNotEquals", "aws:SourceVpce", "vpce-1a2b3c4d"),
    ("StringLike", "s3:prefix", "datasets/*"),
    ("StringEqualsIfExists", "aws:SourceVpc", "vpc-1a2b3c4d"),
    ("Bool", "aws:SecureTransport", "false"),
    ("Null", "s3:prefix", "true"),
    ("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
];
const UNKNOWN_KEY: &str = "aws:PrincipalOrgID";

#[derive(Debug, Clone)]
struct Spec {
    deny: bool,
    not_action: bool,
    actions: Vec<usize>,
    not_resource: bool,
    resources: Vec<usize>,
    principal: usize,
    condition: Option<usize>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        any::<bool>(),
        prop::bool::weighted(0.15),
        prop::collection::vec(0..ACTIONS.len(), 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(0..RESOURCES.len(), 1..3),
        0..PRINCIPALS.len(),
        prop::option::weighted(0.4, 0..CONDITIONS.len()),
    )
        .prop_map(
            |(deny, not_action, actions, not_resource, resources, principal, condition)| Spec {
                deny,
                not_action,
                actions,
                not_resource,
                resources,
                principal,
                condition,
            },
        )
}

fn statement(s: &Spec, resource_policy: bool) -> Statement {
    let mut st = Statement::new(if s.deny { Effect::Deny } else { Effect::Allow });
    let actions = ValueSet::of(s.actions.iter().map(|&i| ACTIONS[i]));
    if s.not_action {
        st.not_action = Some(actions);
    } else {
        st.action = Some(actions);
    }
    let resources = ValueSet::of(s.resources.iter().map(|&i| RESOURCES[i]));
    if s.not_resource {
        st.not_resource = Some(resources);
    } else {
        st.resource = Some(resources);
    }
    if resource_policy {
        st.principal = Some(match PRINCIPALS[s.principal] {
            "*" => Principals::Any,
            p => Principals::Typed(BTreeMap::from([("AWS".to_owned(), ValueSet::of([p]))])),
        });
    }
    if let Some(c) = s.condition {
        let (op, key, value) = CONDITIONS[c];
        let mut conditions = Conditions::new();
        conditions.insert(
            op.to_owned(),
            BTreeMap::from([(key.to_owned(), ValueSet::of([value]))]),
        );
        st.condition = conditions;
    }
    st
}

/// Policies for all four layers; `None` documents are absent.
#[derive(Debug, Clone)]
struct World {
    identity: Vec<Spec>,
    bucket: Option<Vec<Spec>>,
    access_point: Option<Vec<Spec>>,
    endpoint: Option<Vec<Spec>>,
    request: usize,
}

fn world() -> impl Strategy<Value = World> {
    let doc = || prop::collection::vec(spec(), 0..4);
    (
        doc(),
        prop::option::weighted(0.8, doc()),
        prop::option::weighted(0.8, doc()),
        prop::option::weighted(0.5, doc()),
        0..REQUESTS,
    )
        .prop_map(
            |(identity, bucket, access_point, endpoint, request)| World {
                identity,
                bucket,
                access_point,
                endpoint,
                request,
            },
        )
}

const REQUESTS: usize = 3 * 3 * 2 * 2 * 2;

/// The request number `n`: principal × action × path × endpoint × prefix.
fn request_case(n: usize) -> Case {
    let principals = [
        ROLE_B,
        ROLE_A,
        "arn:aws:sts::111111111111:assumed-role/other/s1",
    ];
    let actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"];
    let principal = principals[n % 3];
    let action = actions[(n / 3) % 3];
    let via = (n / 9) % 2 == 1;
    let through = (n / 18) % 2 == 1;
    let prefix = (n / 36) % 2 == 1;
    Case {
        name: "property",
        principal,
        action,
        key: if action == "s3:ListBucket" {
            None
        } else {
            Some("datasets/credit/a.csv")
        },
        via: via.then_some(AP),
        through: through.then_some(("vpce-1a2b3c4d", "vpc-1a2b3c4d")),
        context: if prefix {
            &[("s3:prefix", "datasets/credit/")]
        } else {
            &[]
        },
        ..BASE
    }
}

struct Docs {
    identity: Document,
    bucket: Option<Document>,
    access_point: Option<Document>,
    endpoint: Option<Document>,
}

impl Docs {
    fn of(w: &World) -> Self {
        let doc = |specs: &[Spec], resource: bool| {
            Document::new(specs.iter().map(|s| statement(s, resource)).collect())
        };
        Self {
            identity: doc(&w.identity, false),
            bucket: w.bucket.as_deref().map(|s| doc(s, true)),
            access_point: w.access_point.as_deref().map(|s| doc(s, true)),
            endpoint: w.endpoint.as_deref().map(|s| doc(s, true)),
        }
    }

    fn policies(&self) -> Policies<'_> {
        let mut p = Policies::new().identity("inline", &self.identity);
        p.bucket = self.bucket.as_ref();
        p.access_point = self.access_point.as_ref();
        p.endpoint = self.endpoint.as_ref();
        p
    }

    fn decide(&self, w: &World) -> Decision {
        evaluate(&request_case(w.request).request(), &self.policies()).decision
    }

    fn map(&self, f: impl Fn(&mut Document)) -> Self {
        let apply = |d: &Document| {
            let mut d = d.clone();
            f(&mut d);
            d
        };
        Self {
            identity: apply(&self.identity),
            bucket: self.bucket.as_ref().map(apply),
            access_point: self.access_point.as_ref().map(apply),
            endpoint: self.endpoint.as_ref().map(apply),
        }
    }
}

/// The default endpoint policy's statement: Allow `*` on `*` to `*`.
fn default_endpoint_statement() -> Spec {
    Spec {
        deny: false,
        not_action: false,
        actions: vec![ACTIONS.len() - 1],
        not_resource: false,
        resources: vec![0],
        principal: 0,
        condition: None,
    }
}

fn uses_unknown_key(w: &World) -> bool {
    let all = w
        .identity
        .iter()
        .chain(w.bucket.iter().flatten())
        .chain(w.access_point.iter().flatten())
        .chain(w.endpoint.iter().flatten());
    all.clone()
        .any(|s| s.condition.is_some_and(|c| CONDITIONS[c].1 == UNKNOWN_KEY))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Adding a Deny statement anywhere never turns a denial into an allow, and never undoes
    /// an explicit deny.
    #[test]
    fn adding_a_deny_never_allows_more(w in world(), extra in spec(), layer in 0..4usize) {
        let docs = Docs::of(&w);
        let before = docs.decide(&w);
        let mut extra = extra;
        extra.deny = true;
        let mut w2 = w.clone();
        match layer {
            0 => w2.identity.push(extra),
            1 => w2.bucket.get_or_insert_with(Vec::new).push(extra),
            2 => w2.access_point.get_or_insert_with(Vec::new).push(extra),
            _ => w2.endpoint.get_or_insert_with(Vec::new).push(extra),
        }
        let after = Docs::of(&w2).decide(&w2);
        if !before.is_allowed() {
            prop_assert!(!after.is_allowed(), "{before:?} became {after:?}");
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    /// A Deny of everything, to everyone, in the bucket policy always wins.
    #[test]
    fn a_matching_deny_always_wins(w in world()) {
        let mut w2 = w.clone();
        w2.bucket.get_or_insert_with(Vec::new).push(Spec {
            deny: true,
            not_action: false,
            actions: vec![ACTIONS.len() - 1],
            not_resource: false,
            resources: vec![0],
            principal: 0,
            condition: None,
        });
        prop_assert_eq!(Docs::of(&w2).decide(&w2), Decision::ExplicitDeny);
    }

    /// Without any Allow statement (and with an endpoint policy present when the request
    /// goes through an endpoint) nothing is allowed.
    #[test]
    fn removing_every_allow_never_allows(w in world()) {
        let docs = Docs::of(&w).map(|d| d.statements.retain(|s| s.effect == Effect::Deny));
        let docs = Docs {
            endpoint: Some(docs.endpoint.clone().unwrap_or_else(|| Document::new(Vec::new()))),
            ..docs
        };
        prop_assert!(!docs.decide(&w).is_allowed());
    }

    /// Adding an Allow statement never takes an allow away.
    #[test]
    fn adding_an_allow_never_denies_more(w in world(), extra in spec(), layer in 0..4usize) {
        let before = Docs::of(&w).decide(&w);
        let mut extra = extra;
        extra.deny = false;
        let mut w2 = w.clone();
        match layer {
            0 => w2.identity.push(extra),
            1 => w2.bucket.get_or_insert_with(Vec::new).push(extra),
            2 => w2.access_point.get_or_insert_with(Vec::new).push(extra),
            // An absent endpoint policy is the default full-access one: keep it.
            _ => w2.endpoint.get_or_insert_with(|| vec![default_endpoint_statement()]).push(extra),
        }
        let after = Docs::of(&w2).decide(&w2);
        if before.is_allowed() {
            prop_assert!(after.is_allowed(), "{after:?}");
        }
    }

    /// Statement order does not matter.
    #[test]
    fn statement_order_is_irrelevant(w in world()) {
        let docs = Docs::of(&w);
        let reversed = docs.map(|d| d.statements.reverse());
        prop_assert_eq!(Exp::of(&docs.decide(&w)), Exp::of(&reversed.decide(&w)));
    }

    /// Only what the evaluator cannot know makes it undecided.
    #[test]
    fn undecided_only_with_unknown_keys(w in world()) {
        if !uses_unknown_key(&w) {
            let d = Docs::of(&w).decide(&w);
            prop_assert!(!matches!(d, Decision::CannotDecide(_)), "{d:?}");
        }
    }

    /// A literal ARN matches itself; ARN matching is case-sensitive, action matching is not.
    #[test]
    fn literal_patterns(key in "[A-Za-z0-9/._-]{1,40}", action in "[A-Za-z]{1,20}") {
        let arn = format!("arn:aws:s3:::awsexamplebucket1/{key}");
        prop_assert!(arn_matches(&arn, &arn));
        prop_assert!(arn_matches("arn:aws:s3:::awsexamplebucket1/*", &arn));
        if key.to_uppercase() != key {
            prop_assert!(!arn_matches(&arn.to_uppercase(), &arn));
        }
        let a = format!("s3:{action}");
        prop_assert!(action_matches(&a.to_uppercase(), &a));
        prop_assert!(action_matches("s3:*", &a));
    }
}

#[test]
fn vocabulary_is_consistent() {
    // Keeps the shared constants honest for the request generator.
    assert_eq!(B, "111111111111");
    assert!(request_case(REQUESTS - 1).request().access_point.is_some());
}
