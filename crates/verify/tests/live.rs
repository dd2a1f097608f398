//! Live mode over hand-built observed states: the compiled documents as AWS would return
//! them, then drift, foreign statements, missing resources and unreadable documents.

use crate::support::{load_file, repo_root};
use share_compile::Compiled;
use share_evaluate::Layer;
use share_manifest::Manifest;
use share_policy::Document;
use share_state::{
    ObservedAccessPoint, ObservedBucket, ObservedEndpoint, ObservedIdentity, ObservedState,
};
use share_types::{AccessPointName, AccountId, BucketName, PrincipalArn, VpcEndpointId, VpcId};
use share_verify::{Documents, Mode, Outcome, verify};
use std::collections::BTreeMap;

const VPC: &str = "vpc-0a1b2c3d4e5f60718";
const VPCE: &str = "vpce-0f1e2d3c4b5a69788";
const DEMO: &str = "arn:aws:iam::111111111111:role/demo";

fn render(statements: &[share_policy::Statement]) -> String {
    Document::new(statements.to_vec()).to_canonical_json()
}

/// What AWS holds once prod.yaml is applied to an empty estate.
fn applied() -> (Manifest, Compiled, ObservedState) {
    let (v, c) = load_file(&repo_root().join("manifests/prod.yaml"));
    let d = &c.desired;
    let mut o = ObservedState::default();
    for (name, b) in &d.buckets {
        o.buckets.insert(
            name.clone(),
            ObservedBucket {
                exists: true,
                policy: Some(render(&b.statements)),
                ..ObservedBucket::default()
            },
        );
    }
    for (name, ap) in &d.access_points {
        o.access_points.insert(
            (ap.account.clone(), name.clone()),
            ObservedAccessPoint {
                account: ap.account.clone(),
                region: ap.region.clone(),
                bucket: ap.bucket.clone(),
                vpc: ap.vpc.clone(),
                policy: Some(render(&ap.statements)),
            },
        );
    }
    for (id, e) in &d.endpoints {
        o.endpoints.insert(
            id.clone(),
            ObservedEndpoint {
                exists: true,
                vpc: Some(VpcId::parse(VPC).unwrap()),
                endpoint_type: "Gateway".into(),
                service_name: "com.amazonaws.us-east-1.s3".into(),
                state: "available".into(),
                policy: Some(render(&e.statements)),
            },
        );
    }
    for (arn, i) in &d.identities {
        let mut inline = BTreeMap::new();
        if let Some(doc) = &i.document {
            inline.insert("share".to_owned(), doc.to_canonical_json());
        }
        o.identities.insert(
            arn.clone(),
            ObservedIdentity {
                exists: true,
                unique_id: None,
                inline_policies: inline,
            },
        );
    }
    (v.manifest, c, o)
}

fn bucket() -> BucketName {
    BucketName::parse("test-bucket-1").unwrap()
}

fn ap_key() -> (AccountId, AccessPointName) {
    (
        AccountId::parse("222222222222").unwrap(),
        AccessPointName::parse("test-ap-1").unwrap(),
    )
}

/// Adds a foreign statement to a live policy text.
fn with_statement(text: &str, statement: serde_json::Value) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["Statement"].as_array_mut().unwrap().push(statement);
    v.to_string()
}

fn live(m: &Manifest, c: &Compiled, o: &ObservedState) -> share_verify::Report {
    let docs = Documents::live(&c.desired, o).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(docs.mode, Mode::Live);
    verify(m, &docs)
}

#[test]
fn the_applied_estate_verifies() {
    let (m, c, o) = applied();
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Match, "{}", r.render_human(false));
    assert!(r.foreign.is_empty());
    // The endpoint's VPC is read, not assumed.
    assert!(
        !r.assumptions
            .iter()
            .any(|a| a.contains("is taken to be in"))
    );
}

#[test]
fn a_removed_access_point_statement_names_the_grant_and_layer() {
    let (m, c, mut o) = applied();
    let ap = o.access_points.get_mut(&ap_key()).unwrap();
    let mut doc = Document::parse(ap.policy.as_deref().unwrap()).unwrap();
    doc.statements
        .retain(|s| s.sid.as_deref() != Some("ShareReadDemoNotebookThroughMlGatewayObjects"));
    ap.policy = Some(doc.to_canonical_json());
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Mismatch);
    assert!(
        r.mismatched().all(|p| p.grant == 0
            && p.problems
                .iter()
                .any(|x| x.layers.contains(&Layer::AccessPoint))),
        "{}",
        r.render_human(false)
    );
    assert!(
        r.summary().contains("grants[0] at the access point layer"),
        "{}",
        r.summary()
    );
}

#[test]
fn a_foreign_statement_that_widens_access_is_a_mismatch_and_a_finding() {
    let (m, c, mut o) = applied();
    let b = o.buckets.get_mut(&bucket()).unwrap();
    b.policy = Some(with_statement(
        b.policy.as_deref().unwrap(),
        serde_json::json!({"Sid":"LegacyPartner","Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::333333333333:root"},
            "Action":"s3:GetObject","Resource":"arn:aws:s3:::test-bucket-1/*"}),
    ));
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Mismatch, "{}", r.render_human(false));
    let f = r
        .foreign
        .iter()
        .find(|f| f.sid.as_deref() == Some("LegacyPartner"))
        .unwrap();
    assert_eq!(f.layer, Layer::Bucket);
    assert!(f.effective > 0 && f.effective <= f.probes);
    assert!(
        r.mismatched().all(|p| p.problems[0].foreign),
        "{}",
        r.render_human(false)
    );
    let text = r.render_human(false);
    assert!(text.contains("Statements share does not own that allow more than the manifest"));
    assert!(text.contains("(Sid `LegacyPartner`)"), "{text}");
}

#[test]
fn a_foreign_statement_another_layer_stops_is_only_a_finding() {
    let (m, c, mut o) = applied();
    let b = o.buckets.get_mut(&bucket()).unwrap();
    b.policy = Some(with_statement(
        b.policy.as_deref().unwrap(),
        serde_json::json!({"Sid":"DemoEverything","Effect":"Allow",
            "Principal":{"AWS": DEMO},
            "Action":"s3:GetObject","Resource":"arn:aws:s3:::test-bucket-1/*"}),
    ));
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Match, "{}", r.render_human(false));
    let f = r
        .foreign
        .iter()
        .find(|f| f.sid.as_deref() == Some("DemoEverything"))
        .unwrap();
    assert_eq!(f.effective, 0);
    assert!(
        r.render_human(false)
            .contains("another layer still denies them")
    );
}

#[test]
fn the_default_endpoint_policy_restricts_nothing_and_is_reported() {
    let (m, c, mut o) = applied();
    let e = o
        .endpoints
        .get_mut(&VpcEndpointId::parse(VPCE).unwrap())
        .unwrap();
    e.policy = Some(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#.into(),
    );
    let r = live(&m, &c, &o);
    // The access point and the bucket still hold the line, so access is as granted…
    assert_eq!(r.outcome, Outcome::Match, "{}", r.render_human(false));
    // …but the endpoint lets through what the manifest does not.
    assert!(
        r.foreign
            .iter()
            .any(|f| f.layer == Layer::Endpoint && f.effective == 0)
    );
}

#[test]
fn an_endpoint_in_another_vpc_cannot_reach_the_access_point() {
    let (m, c, mut o) = applied();
    o.endpoints
        .get_mut(&VpcEndpointId::parse(VPCE).unwrap())
        .unwrap()
        .vpc = Some(VpcId::parse("vpc-0ffffffffffffffff").unwrap());
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Mismatch);
    assert!(
        r.mismatched()
            .all(|p| p.kind == share_verify::ProbeKind::Granted)
    );
    assert!(
        r.mismatched()
            .all(|p| p.problems[0].layers == [Layer::AccessPointNetwork]),
        "{}",
        r.render_human(false)
    );
}

#[test]
fn a_foreign_inline_policy_is_judged_with_the_identity() {
    let (m, c, mut o) = applied();
    o.identities
        .get_mut(&PrincipalArn::parse(DEMO).unwrap())
        .unwrap()
        .inline_policies
        .insert(
            "admin".into(),
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
                .into(),
        );
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Match, "{}", r.render_human(false));
    assert!(
        r.foreign
            .iter()
            .any(|f| f.layer == Layer::Identity && f.policy == "identity policy `admin`")
    );
}

#[test]
fn missing_resources_are_noted_and_break_the_grant() {
    let (m, c, mut o) = applied();
    o.access_points.clear();
    let r = live(&m, &c, &o);
    assert_eq!(r.outcome, Outcome::Mismatch);
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.contains("access point `test-ap-1` does not exist"))
    );
    assert!(r.mismatched().all(|p| p.grant == 0));
}

#[test]
fn an_unreadable_live_policy_is_an_error() {
    let (_, c, mut o) = applied();
    o.buckets.get_mut(&bucket()).unwrap().policy = Some("{not json".into());
    let errors = Documents::live(&c.desired, &o).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .starts_with("the bucket policy of `test-bucket-1` does not parse"),
        "{}",
        errors[0]
    );
}
