//! `check`: one request over the planned documents of `manifests/prod.yaml` (and
//! `examples/multi-bucket.yaml` for a second bucket), with the statement that decides each
//! layer, and clear errors for names the manifest does not have.

use crate::support::{load_file, repo_root};
use share_evaluate::{Decision, Layer, LayerOutcome};
use share_manifest::Manifest;
use share_verify::{CheckError, CheckReport, CheckRequest, Documents, IdentitySide, check};

const DEMO: &str = "arn:aws:iam::111111111111:role/demo";

fn prod() -> (Manifest, Documents) {
    let (v, c) = load_file(&repo_root().join("manifests/prod.yaml"));
    (v.manifest, Documents::planned(&c.desired))
}

fn req(principal: &str, action: &str, resource: &str) -> CheckRequest {
    CheckRequest {
        principal: principal.into(),
        action: action.into(),
        resource: resource.into(),
        ..CheckRequest::default()
    }
}

fn through(mut r: CheckRequest) -> CheckRequest {
    r.via = Some("test-ap-1".into());
    r.through = Some("ml-gateway".into());
    r
}

fn run(r: &CheckRequest) -> CheckReport {
    let (m, d) = prod();
    check(&m, &d, r).unwrap_or_else(|e| panic!("{e}"))
}

fn sids(report: &CheckReport, layer: Layer) -> Vec<String> {
    report
        .evaluation
        .layers
        .iter()
        .filter(|l| l.layer == layer)
        .flat_map(|l| l.allowed_by.iter().filter_map(|s| s.sid.clone()))
        .collect()
}

#[test]
fn the_notebook_reads_its_prefix_through_the_access_point_and_endpoint() {
    let r = run(&through(req(
        DEMO,
        "s3:GetObject",
        "s3://test-bucket-1/datasets/credit/2024.csv",
    )));
    assert_eq!(r.decision(), &Decision::Allow, "{}", r.render_human());
    assert_eq!(r.identity, IdentitySide::Known);
    assert_eq!(
        sids(&r, Layer::Identity),
        ["ShareReadTestAp1ThroughMlGatewayObjects"]
    );
    assert_eq!(
        sids(&r, Layer::AccessPoint),
        ["ShareReadDemoNotebookThroughMlGatewayObjects"]
    );
    assert_eq!(sids(&r, Layer::Bucket), ["ShareDelegateToAccessPoints"]);
    assert_eq!(
        sids(&r, Layer::Endpoint),
        [
            "ShareReadDemoNotebookTestAp1Objects",
            "ShareReadDemoNotebookTestAp1Objects"
        ]
    );
    let text = r.render_human();
    assert!(text.starts_with("ALLOWED\n"), "{text}");
    assert!(text.contains("Sid `ShareDelegateToAccessPoints`"), "{text}");
    assert!(
        text.contains("the request comes from `vpc-0a1b2c3d4e5f60718`"),
        "{text}"
    );
    assert!(
        text.contains("is taken to be in `vpc-0a1b2c3d4e5f60718`"),
        "{text}"
    );
}

#[test]
fn a_session_of_the_role_is_the_role() {
    let r = run(&through(req(
        "arn:aws:sts::111111111111:assumed-role/demo/notebook",
        "s3:GetObject",
        "s3://test-bucket-1/datasets/credit/2024.csv",
    )));
    assert_eq!(r.decision(), &Decision::Allow);
}

#[test]
fn outside_the_prefix_nothing_allows() {
    let r = run(&through(req(
        DEMO,
        "s3:GetObject",
        "s3://test-bucket-1/datasets/hr/x.csv",
    )));
    assert_eq!(r.decision(), &Decision::ImplicitDeny);
    let ap = r.evaluation.layer(Layer::AccessPoint).unwrap();
    assert_eq!(ap.outcome, LayerOutcome::NoAllow);
    assert!(ap.blocking);
    assert!(r.render_human().starts_with("DENIED (nothing allows it)\n"));
}

#[test]
fn a_write_on_a_read_grant_is_denied() {
    let r = run(&through(req(
        DEMO,
        "s3:PutObject",
        "s3://test-bucket-1/datasets/credit/x.csv",
    )));
    assert!(r.decision().is_denied());
}

#[test]
fn without_the_endpoint_the_vpc_access_point_rejects() {
    let mut r = through(req(
        DEMO,
        "s3:GetObject",
        "s3://test-bucket-1/datasets/credit/x",
    ));
    r.through = None;
    let r = run(&r);
    assert_eq!(r.decision(), &Decision::ExplicitDeny);
    let net = r.evaluation.layer(Layer::AccessPointNetwork).unwrap();
    assert!(net.blocking);
    // The access point policy also wants the endpoint.
    assert_eq!(
        r.evaluation.layer(Layer::AccessPoint).unwrap().outcome,
        LayerOutcome::NoAllow
    );
}

#[test]
fn listing_takes_the_prefix_from_the_uri_or_the_flag() {
    let r = run(&through(req(
        DEMO,
        "s3:ListBucket",
        "s3://test-bucket-1/datasets/credit/",
    )));
    assert_eq!(r.decision(), &Decision::Allow, "{}", r.render_human());
    let mut flag = through(req(DEMO, "s3:ListBucket", "s3://test-bucket-1"));
    flag.prefix = Some("datasets/credit/2024/".into());
    assert_eq!(run(&flag).decision(), &Decision::Allow);
    flag.prefix = None;
    assert_eq!(run(&flag).decision(), &Decision::ImplicitDeny);
    flag.prefix = Some("datasets/".into());
    assert_eq!(run(&flag).decision(), &Decision::ImplicitDeny);
}

#[test]
fn an_unmanaged_account_is_judged_on_the_resource_side() {
    let r = run(&req(
        "arn:aws:iam::333333333333:role/reader",
        "s3:GetObject",
        "s3://test-bucket-1/exports/partner/a.csv",
    ));
    assert_eq!(r.decision(), &Decision::Allow);
    assert_eq!(r.identity, IdentitySide::Assumed);
    assert!(
        r.notes.iter().any(|n| n.contains("assumed to allow")),
        "{:?}",
        r.notes
    );
    assert_eq!(sids(&r, Layer::Bucket), ["ShareReadPartnerObjects"]);
    let other = run(&req(
        "arn:aws:iam::333333333333:role/reader",
        "s3:GetObject",
        "s3://test-bucket-1/datasets/credit/a.csv",
    ));
    assert_eq!(other.decision(), &Decision::ImplicitDeny);
}

#[test]
fn bad_input_is_an_error_naming_what_is_wrong() {
    let (m, d) = prod();
    let err = |r: CheckRequest| check(&m, &d, &r).unwrap_err();

    let e = err(req(DEMO, "s3:GetObject", "s3://other-bucket/x"));
    assert!(matches!(e, CheckError::UnknownBucket { .. }));
    assert!(e.to_string().contains("`test-bucket-1`"), "{e}");

    let mut r = req(DEMO, "s3:GetObject", "s3://test-bucket-1/x");
    r.via = Some("test-ap-2".into());
    let e = err(r);
    assert!(matches!(e, CheckError::UnknownAccessPoint { .. }));
    assert!(e.to_string().contains("it declares `test-ap-1`"), "{e}");

    let mut r = req(DEMO, "s3:GetObject", "s3://test-bucket-1/x");
    r.through = Some("vpce-0f1e2d3c4b5a69788".into());
    let e = err(r);
    assert!(matches!(e, CheckError::UnknownEndpoint { .. }));
    assert!(e.to_string().contains("`ml-gateway`"), "{e}");

    let mut r = req(DEMO, "s3:GetObject", "s3://test-bucket-1/x");
    r.prefix = Some("x/".into());
    assert!(matches!(err(r), CheckError::PrefixNotListing(_)));

    let mut r = req(DEMO, "s3:ListBucket", "s3://test-bucket-1/a/");
    r.prefix = Some("b/".into());
    assert!(matches!(err(r), CheckError::PrefixTwice { .. }));

    assert!(matches!(
        err(req("demo", "s3:GetObject", "s3://test-bucket-1/x")),
        CheckError::Request(_)
    ));
    assert!(matches!(
        err(req(DEMO, "s3:Get*", "s3://test-bucket-1/x")),
        CheckError::Request(_)
    ));
    assert!(matches!(
        err(req(DEMO, "s3:GetObject", "test-bucket-1/x")),
        CheckError::Request(_)
    ));
}

#[test]
fn an_access_point_of_another_bucket_is_an_error() {
    let (v, c) = load_file(&repo_root().join("examples/multi-bucket.yaml"));
    let docs = Documents::planned(&c.desired);
    let mut r = req(
        "arn:aws:iam::111111111111:role/ci/runner",
        "s3:GetObject",
        "s3://shared-logs-us/x",
    );
    r.via = Some("artifacts-ci".into());
    let e = check(&v.manifest, &docs, &r).unwrap_err();
    assert!(matches!(e, CheckError::WrongBucket { .. }), "{e}");
    r.resource = "s3://shared-artifacts/builds/app.tgz".into();
    r.action = "s3:PutObject".into();
    let ok = check(&v.manifest, &docs, &r).unwrap();
    assert_eq!(ok.decision(), &Decision::Allow, "{}", ok.render_human());
}
