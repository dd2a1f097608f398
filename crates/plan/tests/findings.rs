//! Errors that stop a plan and warnings that do not.

use crate::support::*;
use share_plan::testing::FakeCloud;
use share_plan::{Action, FindingKind};

fn kinds(findings: &[share_plan::Finding]) -> Vec<(FindingKind, String)> {
    findings
        .iter()
        .map(|f| (f.kind, f.address.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn missing_role_is_an_error_share_never_creates_identities() {
    let mut w = world();
    w.identities.clear();
    let p = plan(&desired(), &FakeCloud::new(w));
    assert_eq!(
        kinds(&p.errors),
        [(FindingKind::IdentityMissing, IDENTITY_POLICY.to_owned())]
    );
    assert!(
        p.errors[0]
            .message
            .contains("share never creates identities")
    );
    assert!(!has_change(&p, IDENTITY_POLICY));
    // A grantee with no grants whose role is gone is no problem.
    let mut d = desired();
    d.identities.get_mut(&arn(ROLE)).unwrap().document = None;
    let mut w = world();
    w.identities.clear();
    assert!(plan(&d, &FakeCloud::new(w)).errors.is_empty());
}

#[test]
fn missing_bucket_is_an_error_unless_share_may_create_it() {
    let mut w = world();
    w.buckets.clear();
    let cloud = FakeCloud::new(w);
    let p = plan(&desired(), &cloud);
    assert_eq!(
        kinds(&p.errors),
        [(
            FindingKind::BucketMissing,
            "bucket.test-bucket-1".to_owned()
        )]
    );
    assert!(p.errors[0].message.contains("`create: true`"));
    // Nothing is planned on a bucket that is not there.
    for a in [BUCKET_POLICY, AP_ADDR, AP_POLICY] {
        assert!(!has_change(&p, a), "{a}");
    }
    let mut d = desired();
    d.buckets.get_mut(&bucket_name(BUCKET)).unwrap().create = true;
    let p = plan(&d, &cloud);
    assert!(p.errors.is_empty());
    assert_eq!(change(&p, "bucket.test-bucket-1").action, Action::Create);
}

#[test]
fn unusable_endpoints_are_errors() {
    type Edit = fn(&mut share_state::ObservedEndpoint);
    let cases: [(&str, Edit); 5] = [
        ("does not exist", |e| e.exists = false),
        ("is deleted", |e| e.state = "Deleted".into()),
        ("is an Interface endpoint, not a Gateway endpoint", |e| {
            e.endpoint_type = "Interface".into()
        }),
        (
            "is for service `com.amazonaws.us-east-1.dynamodb`, not S3",
            |e| e.service_name = "com.amazonaws.us-east-1.dynamodb".into(),
        ),
        ("is pending", |e| e.state = "pending".into()),
    ];
    for (expected, edit) in cases {
        let mut w = world();
        edit(w.endpoints.get_mut(&vpce(VPCE)).unwrap());
        let p = plan(&desired(), &FakeCloud::new(w));
        if expected == "is pending" {
            // Pending endpoints are usable: their policy can be set.
            assert!(p.errors.is_empty(), "{:#?}", p.errors);
            continue;
        }
        assert_eq!(
            kinds(&p.errors),
            [(FindingKind::EndpointUnusable, ENDPOINT_POLICY.to_owned())],
            "{expected}"
        );
        assert!(
            p.errors[0].message.contains(expected),
            "{}",
            p.errors[0].message
        );
        assert!(!has_change(&p, ENDPOINT_POLICY));
    }
    let mut w = world();
    w.endpoints.clear();
    let p = plan(&desired(), &FakeCloud::new(w));
    assert_eq!(p.errors[0].kind, FindingKind::EndpointUnusable);
}

#[test]
fn an_unparseable_live_policy_is_an_error_and_never_overwritten() {
    for bad in [
        "{not json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Futuristic":true}]}"#,
    ] {
        let mut w = world();
        w.buckets.get_mut(&bucket_name(BUCKET)).unwrap().policy = Some(bad.into());
        let cloud = FakeCloud::new(w);
        let p = plan(&desired(), &cloud);
        assert_eq!(
            kinds(&p.errors),
            [(FindingKind::UnparseablePolicy, BUCKET_POLICY.to_owned())]
        );
        assert!(
            p.errors[0].message.contains("never overwrites"),
            "{}",
            p.errors[0].message
        );
        assert!(!has_change(&p, BUCKET_POLICY));
        let (report, _) = apply_all(&p, &cloud);
        assert!(report.applied.is_empty());
        assert_eq!(
            cloud.world().buckets[&bucket_name(BUCKET)]
                .policy
                .as_deref(),
            Some(bad)
        );
    }
}

#[test]
fn unparseable_identity_and_endpoint_policies_are_errors_too() {
    let mut w = world();
    w.identities
        .get_mut(&arn(ROLE))
        .unwrap()
        .inline_policies
        .insert("share".into(), "%7B%22broken".into());
    w.endpoints.get_mut(&vpce(VPCE)).unwrap().policy = Some("[]".into());
    let p = plan(&desired(), &FakeCloud::new(w));
    assert_eq!(
        kinds(&p.errors),
        [
            (FindingKind::UnparseablePolicy, IDENTITY_POLICY.to_owned()),
            (FindingKind::UnparseablePolicy, ENDPOINT_POLICY.to_owned()),
        ]
    );
}

fn big_statements(n: usize) -> Vec<share_policy::Statement> {
    (0..n)
        .map(|i| {
            st(&format!(
                r#"{{"Sid":"ShareBig{i}","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::333333333333:role/r{i}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::test-bucket-1/some/long/prefix/number/{i}/*"}}"#
            ))
        })
        .collect()
}

#[test]
fn documents_over_their_size_limit_are_errors() {
    let cloud = FakeCloud::new(world());
    let mut d = desired();
    d.buckets.get_mut(&bucket_name(BUCKET)).unwrap().statements = big_statements(150);
    let p = plan(&d, &cloud);
    assert_eq!(
        kinds(&p.errors),
        [(FindingKind::SizeLimit, BUCKET_POLICY.to_owned())]
    );
    assert!(
        p.errors[0].message.contains("over AWS's limit of 20480"),
        "{}",
        p.errors[0].message
    );
    assert!(!has_change(&p, BUCKET_POLICY));
}

#[test]
fn iam_inline_size_counts_every_inline_policy_of_the_identity() {
    // share's own document is small; the role's other inline policy is not.
    let filler = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"logs:*","Resource":"{}"}}]}}"#,
        "x".repeat(9_900)
    );
    let mut w = world();
    w.identities
        .get_mut(&arn(ROLE))
        .unwrap()
        .inline_policies
        .insert("team-baseline".into(), filler.clone());
    let p = plan(&desired(), &FakeCloud::new(w));
    assert_eq!(
        kinds(&p.errors),
        [(FindingKind::SizeLimit, IDENTITY_POLICY.to_owned())]
    );
    let m = &p.errors[0].message;
    assert!(m.contains("other inline policies"), "{m}");
    assert!(m.contains("10240"), "{m}");

    // A smaller one leaves room.
    let mut w = world();
    w.identities
        .get_mut(&arn(ROLE))
        .unwrap()
        .inline_policies
        .insert("team-baseline".into(), filler.replace(&"x".repeat(900), ""));
    let p = plan(&desired(), &FakeCloud::new(w));
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
}

#[test]
fn dangling_principals_are_warned_about_and_share_rewrites_its_own() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    // The partner's role was deleted: AWS now shows its unique id, in share's statement and
    // in a foreign one.
    cloud.with_world(|w| {
        let b = w.buckets.get_mut(&bucket_name(BUCKET)).unwrap();
        let p = b.policy.clone().unwrap();
        let p = p.replace("arn:aws:iam::333333333333:root", "AROAJQABLZS4A3QDU576Q");
        let p = p.replace("arn:aws:iam::444444444444:root", "AIDAJQABLZS4A3QDU5770");
        b.policy = Some(p);
    });
    let p = plan(&d, &cloud);
    let w = p
        .warnings
        .iter()
        .find(|w| w.kind == FindingKind::DanglingPrincipal)
        .expect("dangling warning");
    assert_eq!(w.address.as_deref(), Some(BUCKET_POLICY));
    assert!(
        w.message
            .contains("AIDAJQABLZS4A3QDU5770, AROAJQABLZS4A3QDU576Q"),
        "{}",
        w.message
    );
    let bp = change(&p, BUCKET_POLICY);
    assert_eq!(bp.action, Action::Update);
    assert_eq!(
        bp.reason,
        "statement ShareReadPartner changed (principal AROAJQABLZS4A3QDU576Q shows as an IAM unique id)"
    );
    assert!(apply_all(&p, &cloud).0.is_success());
    let again = plan(&d, &cloud);
    assert_empty(&again);
    // The foreign dangling principal is left as it is, and still warned about.
    assert!(
        again
            .warnings
            .iter()
            .any(|w| w.kind == FindingKind::DanglingPrincipal)
    );
}

#[test]
fn foreign_statements_are_counted_per_document() {
    let p = plan(&desired(), &FakeCloud::new(world()));
    let w: Vec<&share_plan::Finding> = p
        .warnings
        .iter()
        .filter(|w| w.kind == FindingKind::ForeignStatementsKept)
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].address.as_deref(), Some(BUCKET_POLICY));
    assert_eq!(
        w[0].message,
        "keeps 1 statement(s) share does not own unchanged (OtherTeamRead)"
    );
}

#[test]
fn a_foreign_document_under_an_old_version_is_not_rewritten_for_nothing() {
    // Someone else's bucket policy without Version; share has nothing to say about it.
    let mut w = world();
    w.buckets.get_mut(&bucket_name(BUCKET)).unwrap().policy =
        Some(format!(r#"{{"Statement":[{FOREIGN}]}}"#));
    let cloud = FakeCloud::new(w);
    let mut d = desired();
    d.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .statements
        .clear();
    let p = plan(&d, &cloud);
    assert_eq!(change(&p, BUCKET_POLICY).action, Action::NoOp);
}
