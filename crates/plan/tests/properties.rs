//! The engine's promises as properties over generated estates: whatever foreign statements
//! are there, in whatever form AWS stored them, whatever subset of grants the manifest
//! holds, and whichever write fails half-way, no foreign statement is ever lost, a re-run
//! converges, and the plan after it is empty.

use crate::support::*;
use proptest::prelude::*;
use share_plan::testing::{Failure, FakeCloud, aws_rewrite};
use share_state::DesiredState;

fn foreign_statement(i: usize, variant: u8) -> String {
    // Different shapes a foreign writer might use: list or scalar values, account id or
    // root ARN, with or without Sid, a Deny, a condition.
    match variant % 4 {
        0 => format!(
            r#"{{"Sid":"Team{i}","Effect":"Allow","Principal":{{"AWS":["44444444444{i}"]}},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::test-bucket-1/t{i}/*"]}}"#
        ),
        1 => format!(
            r#"{{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::test-bucket-1/locked{i}/*"}}"#
        ),
        2 => format!(
            r#"{{"Sid":"","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::55555555555{i}:root"}},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::test-bucket-1","Condition":{{"StringLike":{{"s3:prefix":["p{i}/*"]}}}}}}"#
        ),
        _ => format!(
            r#"{{"Sid":"share{i}LowercaseIsNotOurs","Effect":"Allow","Principal":{{"Service":"logging.s3.amazonaws.com"}},"Action":"s3:PutObject","Resource":"arn:aws:s3:::test-bucket-1/logs{i}/*"}}"#
        ),
    }
}

#[derive(Debug, Clone)]
struct Case {
    foreign: Vec<u8>,
    rewrite_foreign: bool,
    bucket_grants: Vec<bool>,
    ap_grants: Vec<bool>,
    endpoint_grant: bool,
    identity_grant: bool,
    fail_at: Option<usize>,
    second: Vec<bool>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(any::<u8>(), 0..4),
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 2),
        prop::collection::vec(any::<bool>(), 2),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0usize..5),
        prop::collection::vec(any::<bool>(), 6),
    )
        .prop_map(
            |(
                foreign,
                rewrite_foreign,
                bucket_grants,
                ap_grants,
                endpoint_grant,
                identity_grant,
                fail_at,
                second,
            )| Case {
                foreign,
                rewrite_foreign,
                bucket_grants,
                ap_grants,
                endpoint_grant,
                identity_grant,
                fail_at,
                second,
            },
        )
}

fn pick<T: Clone>(items: &[T], keep: &[bool]) -> Vec<T> {
    items
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(i, _)| i.clone())
        .collect()
}

fn desired_for(bucket: &[bool], ap: &[bool], endpoint: bool, identity: bool) -> DesiredState {
    let mut d = desired();
    d.buckets.get_mut(&bucket_name(BUCKET)).unwrap().statements =
        pick(&bucket_statements(), bucket);
    d.access_points.get_mut(&ap_name(AP)).unwrap().statements = pick(&ap_statements(), ap);
    if !endpoint {
        d.endpoints.get_mut(&vpce(VPCE)).unwrap().statements.clear();
    }
    if !identity {
        d.identities.get_mut(&arn(ROLE)).unwrap().document = None;
    }
    d
}

/// The foreign statements of the bucket policy, normalized, as a sorted list.
fn foreign_meaning(cloud: &FakeCloud) -> Vec<String> {
    let Some(text) = cloud.world().buckets[&bucket_name(BUCKET)].policy.clone() else {
        return Vec::new();
    };
    let foreign = foreign_of(&text);
    let doc =
        share_policy::Document::parse(&serde_json::json!({ "Statement": foreign }).to_string())
            .unwrap();
    let mut out: Vec<String> = doc
        .normalized()
        .statements
        .iter()
        .map(|s| s.to_value().to_string())
        .collect();
    out.sort();
    out
}

const ADDRESSES: [&str; 5] = [
    IDENTITY_POLICY,
    AP_ADDR,
    AP_POLICY,
    BUCKET_POLICY,
    ENDPOINT_POLICY,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn foreign_statements_survive_and_plans_converge(c in case()) {
        let mut w = world();
        let statements: Vec<String> = c
            .foreign
            .iter()
            .enumerate()
            .map(|(i, v)| foreign_statement(i, *v))
            .collect();
        let policy = if statements.is_empty() {
            None
        } else {
            let text = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(","));
            Some(if c.rewrite_foreign { aws_rewrite(&text) } else { text })
        };
        w.buckets.get_mut(&bucket_name(BUCKET)).unwrap().policy = policy;
        let cloud = FakeCloud::new(w);
        let before = foreign_meaning(&cloud);
        prop_assert_eq!(before.len(), c.foreign.len());

        for d in [
            desired_for(&c.bucket_grants, &c.ap_grants, c.endpoint_grant, c.identity_grant),
            desired_for(&c.second[0..2], &c.second[2..4], c.second[4], c.second[5]),
        ] {
            if let Some(i) = c.fail_at {
                cloud.fail(Failure { address: ADDRESSES[i].into(), api: None, times: Some(1) });
            }
            let p = plan(&d, &cloud);
            prop_assert!(p.errors.is_empty(), "{:#?}", p.errors);
            let _ = apply_all(&p, &cloud);
            cloud.clear_failures();
            prop_assert_eq!(&foreign_meaning(&cloud), &before);

            // Whatever failed, a second run completes and a third plan is empty.
            let (report, _) = apply_all(&plan(&d, &cloud), &cloud);
            prop_assert!(report.is_success(), "{:#?}", report);
            let again = plan(&d, &cloud);
            prop_assert!(!again.has_changes(), "{}", share_plan::render_human(&again, false));
            prop_assert_eq!(&foreign_meaning(&cloud), &before);
        }
    }
}
