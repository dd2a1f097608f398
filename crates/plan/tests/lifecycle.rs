//! The life of a share: first apply, the empty second plan, grant removal, access point
//! replacement and orphans, the endpoint default policy.

use crate::support::*;
use share_plan::testing::FakeCloud;
use share_plan::{Action, FindingKind};
use share_state::Operation;

#[test]
fn first_plan_from_an_estate_without_share() {
    let cloud = FakeCloud::new(world());
    let p = plan(&desired(), &cloud);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);

    assert_eq!(change(&p, IDENTITY_POLICY).action, Action::Create);
    assert_eq!(change(&p, AP_ADDR).action, Action::Create);
    let ap_policy = change(&p, AP_POLICY);
    assert_eq!(ap_policy.action, Action::Create);
    assert_eq!(ap_policy.depends_on.len(), 1);
    assert_eq!(ap_policy.depends_on[0].to_string(), AP_ADDR);

    let bp = change(&p, BUCKET_POLICY);
    assert_eq!(bp.action, Action::Update);
    assert_eq!(bp.foreign_statements, 1);
    assert_eq!(
        bp.reason,
        "statement ShareDelegateToAccessPoints missing; statement ShareReadPartner missing"
    );
    let Operation::PutBucketPolicy { document, .. } = &bp.operations[0] else {
        panic!("{:?}", bp.operations);
    };
    // The foreign statement is carried exactly as it was.
    let foreign = foreign_of(document);
    assert_eq!(foreign.len(), 1);
    assert_eq!(
        foreign[0],
        serde_json::from_str::<serde_json::Value>(FOREIGN).unwrap()
    );

    let ep = change(&p, ENDPOINT_POLICY);
    assert_eq!(ep.action, Action::Update);
    assert!(
        ep.reason.contains("default full-access policy"),
        "{}",
        ep.reason
    );
    assert!(ep.reason.contains("restricts nothing"), "{}", ep.reason);

    // Settings already match: no-ops, listed.
    assert_eq!(
        change(&p, "bucket_public_access_block.test-bucket-1").action,
        Action::NoOp
    );
    assert_eq!(
        change(&p, "bucket_ownership_controls.test-bucket-1").action,
        Action::NoOp
    );

    let kinds: Vec<FindingKind> = p.warnings.iter().map(|w| w.kind).collect();
    assert!(
        kinds.contains(&FindingKind::ForeignStatementsKept),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&FindingKind::EndpointDefaultReplaced),
        "{kinds:?}"
    );
    assert_eq!(p.summary.total.create, 3);
    assert_eq!(p.summary.total.update, 2);
    assert_eq!(p.fingerprints.len(), 8);
    assert_eq!(p.fingerprints[AP_POLICY], None);
    assert!(p.fingerprints[BUCKET_POLICY].is_some());
}

#[test]
fn second_plan_after_apply_is_empty_despite_aws_rewrites() {
    let cloud = FakeCloud::new(world());
    cloud.set_percent_encode_iam(true);
    let d = desired();
    let (report, _) = apply_all(&plan(&d, &cloud), &cloud);
    assert!(report.is_success(), "{report:#?}");

    // The stored documents really are in AWS's rewritten forms.
    let w = cloud.world();
    let stored = w.buckets[&bucket_name(BUCKET)].policy.clone().unwrap();
    assert!(!stored.contains(' '), "{stored}");
    assert!(
        stored.contains("arn:aws:iam::333333333333:root"),
        "{stored}"
    );
    assert!(
        stored.contains("arn:aws:iam::444444444444:root"),
        "{stored}"
    );
    let inline = &w.identities[&arn(ROLE)].inline_policies["share"];
    assert!(inline.starts_with("%7B"), "{inline}");

    let again = plan(&d, &cloud);
    assert_empty(&again);
    assert!(again.summary.total.no_op >= 7);
    // And a third time, to be sure nothing oscillates.
    assert_empty(&plan(&d, &cloud));
}

#[test]
fn a_bucket_share_creates_gets_settings_and_policy_in_one_apply() {
    let mut world = world();
    world.buckets.clear();
    let cloud = FakeCloud::new(world);
    let mut d = desired();
    d.buckets.get_mut(&bucket_name(BUCKET)).unwrap().create = true;
    d.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .public_access_block
        .block_public_acls = false;
    let p = plan(&d, &cloud);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    assert_eq!(change(&p, "bucket.test-bucket-1").action, Action::Create);
    for a in [
        "bucket_public_access_block.test-bucket-1",
        "bucket_ownership_controls.test-bucket-1",
        BUCKET_POLICY,
        AP_ADDR,
    ] {
        let c = change(&p, a);
        assert_eq!(c.action, Action::Create, "{a}");
        assert_eq!(c.depends_on[0].to_string(), "bucket.test-bucket-1", "{a}");
    }
    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
    let again = plan(&d, &cloud);
    assert_empty(&again);
    assert_eq!(change(&again, "bucket.test-bucket-1").action, Action::NoOp);
}

#[test]
fn grant_removal_removes_statements_and_deletes_empty_documents() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());

    let mut d2 = d.clone();
    // The partner grant goes: one statement out of the bucket policy.
    d2.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .statements
        .truncate(1);
    // The access point keeps no grant: its policy has nothing left.
    d2.access_points
        .get_mut(&ap_name(AP))
        .unwrap()
        .statements
        .clear();
    // The grantee has no grants left.
    d2.identities.get_mut(&arn(ROLE)).unwrap().document = None;

    let p = plan(&d2, &cloud);
    let bp = change(&p, BUCKET_POLICY);
    assert_eq!(bp.action, Action::Update);
    assert_eq!(
        bp.reason,
        "statement ShareReadPartner no longer in manifest"
    );
    let ap = change(&p, AP_POLICY);
    assert_eq!(ap.action, Action::Delete);
    assert!(
        ap.reason
            .starts_with("statement ShareListDemoNotebook no longer in manifest; statement ShareReadDemoNotebook no longer in manifest"),
        "{}",
        ap.reason
    );
    assert!(matches!(
        ap.operations[..],
        [Operation::DeleteAccessPointPolicy { .. }]
    ));
    let id = change(&p, IDENTITY_POLICY);
    assert_eq!(id.action, Action::Delete);
    assert!(matches!(
        id.operations[..],
        [Operation::DeleteIdentityPolicy { .. }]
    ));

    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
    let w = cloud.world();
    assert_eq!(w.access_points[&(account(OWNER), ap_name(AP))].policy, None);
    assert!(
        !w.identities[&arn(ROLE)]
            .inline_policies
            .contains_key("share")
    );
    assert!(
        w.identities[&arn(ROLE)]
            .inline_policies
            .contains_key("team-baseline")
    );
    let bucket_policy = w.buckets[&bucket_name(BUCKET)].policy.clone().unwrap();
    assert_eq!(foreign_of(&bucket_policy).len(), 1);
    assert_empty(&plan(&d2, &cloud));

    // Every share statement out of the bucket policy: the foreign one keeps it alive.
    let mut d3 = d2.clone();
    d3.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .statements
        .clear();
    let p = plan(&d3, &cloud);
    assert_eq!(change(&p, BUCKET_POLICY).action, Action::Update);
    assert!(apply_all(&p, &cloud).0.is_success());
    let left = cloud.world().buckets[&bucket_name(BUCKET)]
        .policy
        .clone()
        .unwrap();
    let parts = share_policy::split(&left, "Share").unwrap();
    assert!(parts.owned.is_empty());
    assert_eq!(parts.foreign.len(), 1);
}

#[test]
fn a_bucket_policy_left_empty_is_deleted() {
    let mut w = world();
    w.buckets.get_mut(&bucket_name(BUCKET)).unwrap().policy = None;
    let cloud = FakeCloud::new(w);
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let mut d2 = d.clone();
    d2.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .statements
        .clear();
    let p = plan(&d2, &cloud);
    let bp = change(&p, BUCKET_POLICY);
    assert_eq!(bp.action, Action::Delete);
    assert!(
        bp.reason
            .ends_with("no statement left: the bucket policy is deleted"),
        "{}",
        bp.reason
    );
    assert_eq!(bp.after, None);
    assert!(apply_all(&p, &cloud).0.is_success());
    assert_eq!(cloud.world().buckets[&bucket_name(BUCKET)].policy, None);
    assert_empty(&plan(&d2, &cloud));
}

#[test]
fn access_point_network_change_is_a_replace() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());

    let mut d2 = d.clone();
    d2.access_points.get_mut(&ap_name(AP)).unwrap().vpc = Some(vpc(OTHER_VPC));
    let p = plan(&d2, &cloud);
    let ap = change(&p, AP_ADDR);
    assert_eq!(ap.action, Action::Replace);
    assert_eq!(
        ap.reason,
        "network origin changed: VPC vpc-0abc1234 → VPC vpc-0def5678 (immutable in AWS: delete, then create)"
    );
    assert!(matches!(
        ap.operations[..],
        [
            Operation::DeleteAccessPoint { .. },
            Operation::CreateAccessPoint { .. }
        ]
    ));
    let pol = change(&p, AP_POLICY);
    assert_eq!(pol.action, Action::Update);
    assert_eq!(pol.depends_on[0].to_string(), AP_ADDR);
    assert!(
        pol.reason.starts_with("the access point is replaced"),
        "{}",
        pol.reason
    );
    assert_eq!(p.summary.total.replace, 1);
    assert_eq!(
        share_plan::closing_line(&p),
        "Plan: 1 to create, 1 to change, 1 to delete."
    );

    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
    let w = cloud.world();
    let live = &w.access_points[&(account(OWNER), ap_name(AP))];
    assert_eq!(live.vpc, Some(vpc(OTHER_VPC)));
    assert!(live.policy.is_some());
    assert_empty(&plan(&d2, &cloud));
}

#[test]
fn access_point_replace_is_refused_when_its_policy_has_foreign_statements() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    cloud.with_world(|w| {
        let ap = w.access_points.get_mut(&(account(OWNER), ap_name(AP))).unwrap();
        let policy = ap.policy.clone().unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&policy).unwrap();
        v["Statement"].as_array_mut().unwrap().push(serde_json::json!({
            "Sid": "AuditorRead", "Effect": "Allow", "Principal": {"AWS": "555555555555"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/*"
        }));
        ap.policy = Some(v.to_string());
    });
    let mut d2 = d.clone();
    d2.access_points.get_mut(&ap_name(AP)).unwrap().vpc = None;
    let p = plan(&d2, &cloud);
    assert!(!has_change(&p, AP_ADDR));
    assert!(!has_change(&p, AP_POLICY));
    assert_eq!(p.errors.len(), 1, "{:#?}", p.errors);
    assert_eq!(p.errors[0].kind, FindingKind::ReplaceRefused);
    assert!(
        p.errors[0].message.contains("AuditorRead"),
        "{}",
        p.errors[0].message
    );
    assert!(
        p.errors[0].message.contains("VPC vpc-0abc1234 → internet"),
        "{}",
        p.errors[0].message
    );
}

fn orphan_world() -> (FakeCloud, share_state::DesiredState) {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let owned = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareReadOld","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/old-ap/object/*"}]}"#;
    let mixed = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareReadOld","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/mixed-ap/object/*"},{"Sid":"TeamB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::666666666666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/mixed-ap/object/*"}]}"#;
    let foreign = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TeamC","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777777777777:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/team-ap/object/*"}]}"#;
    cloud.with_world(|w| {
        for (name, policy) in [
            ("old-ap", Some(owned)),
            ("mixed-ap", Some(mixed)),
            ("team-ap", Some(foreign)),
            ("bare-ap", None),
            (
                "empty-ap",
                Some(r#"{"Version":"2012-10-17","Statement":[]}"#),
            ),
        ] {
            w.access_points.insert(
                (account(OWNER), ap_name(name)),
                share_state::ObservedAccessPoint {
                    account: account(OWNER),
                    region: region(),
                    bucket: bucket_name(BUCKET),
                    vpc: None,
                    policy: policy.map(str::to_owned),
                },
            );
            w.buckets
                .get_mut(&bucket_name(BUCKET))
                .unwrap()
                .access_points
                .push(ap_name(name));
        }
    });
    (cloud, d)
}

#[test]
fn orphan_access_points_are_deleted_only_when_share_owns_them() {
    let (cloud, d) = orphan_world();
    let p = plan(&d, &cloud);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    let old = change(&p, "access_point.old-ap");
    assert_eq!(old.action, Action::Delete);
    assert!(old.reason.starts_with("orphan"), "{}", old.reason);
    assert!(!has_change(&p, "access_point.mixed-ap"));
    assert!(!has_change(&p, "access_point.team-ap"));
    assert!(!has_change(&p, "access_point.bare-ap"));
    assert!(!has_change(&p, "access_point.empty-ap"));
    // The mixed one: share's statements leave its policy, the access point stays.
    let mixed = change(&p, "access_point_policy.mixed-ap");
    assert_eq!(mixed.action, Action::Update);
    assert_eq!(mixed.foreign_statements, 1);
    let warning = p
        .warnings
        .iter()
        .find(|w| w.kind == FindingKind::OrphanNotDeleted)
        .expect("orphan warning");
    assert_eq!(warning.address.as_deref(), Some("access_point.mixed-ap"));
    assert!(warning.message.contains("TeamB"), "{}", warning.message);

    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
    let w = cloud.world();
    assert!(
        !w.access_points
            .contains_key(&(account(OWNER), ap_name("old-ap")))
    );
    for kept in ["mixed-ap", "team-ap", "bare-ap", "empty-ap"] {
        assert!(
            w.access_points
                .contains_key(&(account(OWNER), ap_name(kept))),
            "{kept}"
        );
    }
    let mixed_policy = w.access_points[&(account(OWNER), ap_name("mixed-ap"))]
        .policy
        .clone()
        .unwrap();
    let parts = share_policy::split(&mixed_policy, "Share").unwrap();
    assert!(parts.owned.is_empty());
    assert_eq!(parts.foreign.len(), 1);
    let again = plan(&d, &cloud);
    assert_empty(&again);
}

#[test]
fn orphan_that_gained_a_foreign_statement_since_the_plan_is_not_deleted() {
    let (cloud, d) = orphan_world();
    let p = plan(&d, &cloud);
    cloud.with_world(|w| {
        let ap = w.access_points.get_mut(&(account(OWNER), ap_name("old-ap"))).unwrap();
        ap.policy = Some(r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareReadOld","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"*"},{"Sid":"NewTeam","Effect":"Allow","Principal":{"AWS":"888888888888"},"Action":"s3:GetObject","Resource":"*"}]}"#.into());
    });
    let (report, _) = apply_all(&p, &cloud);
    let skipped: Vec<String> = report
        .skipped
        .iter()
        .map(|s| s.address.to_string())
        .collect();
    assert_eq!(skipped, ["access_point.old-ap"]);
    assert_eq!(report.skipped[0].reason.kind(), "stale");
    assert!(
        cloud
            .world()
            .access_points
            .contains_key(&(account(OWNER), ap_name("old-ap")))
    );
}

#[test]
fn endpoint_default_policy_is_replaced_then_restored() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let live = cloud.world().endpoints[&vpce(VPCE)].policy.clone().unwrap();
    assert!(live.contains("ShareEndpointDemoNotebook"), "{live}");
    assert!(!live.contains(r#""Action":"*""#), "{live}");

    let mut d2 = d.clone();
    d2.endpoints
        .get_mut(&vpce(VPCE))
        .unwrap()
        .statements
        .clear();
    let p = plan(&d2, &cloud);
    let ep = change(&p, ENDPOINT_POLICY);
    assert_eq!(ep.action, Action::Delete);
    assert!(
        ep.reason
            .contains("AWS's default full-access policy is restored"),
        "{}",
        ep.reason
    );
    let [Operation::PutEndpointPolicy { document, .. }] = &ep.operations[..] else {
        panic!("{:?}", ep.operations);
    };
    assert_eq!(document, share_plan::DEFAULT_ENDPOINT_POLICY);
    assert!(apply_all(&p, &cloud).0.is_success());
    let p = plan(&d2, &cloud);
    assert_empty(&p);
    assert!(!has_change(&p, ENDPOINT_POLICY));
}

#[test]
fn endpoint_with_foreign_statements_keeps_them_and_is_never_reset() {
    let foreign = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NetworkTeam","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-tools/*"}]}"#;
    let mut w = world();
    w.endpoints.get_mut(&vpce(VPCE)).unwrap().policy = Some(foreign.into());
    let cloud = FakeCloud::new(w);
    let d = desired();
    let p = plan(&d, &cloud);
    let ep = change(&p, ENDPOINT_POLICY);
    assert_eq!(ep.action, Action::Update);
    assert_eq!(ep.foreign_statements, 1);
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.kind == FindingKind::EndpointDefaultReplaced)
    );
    assert!(apply_all(&p, &cloud).0.is_success());

    let mut d2 = d.clone();
    d2.endpoints
        .get_mut(&vpce(VPCE))
        .unwrap()
        .statements
        .clear();
    let p = plan(&d2, &cloud);
    let ep = change(&p, ENDPOINT_POLICY);
    assert_eq!(ep.action, Action::Update);
    assert!(apply_all(&p, &cloud).0.is_success());
    let live = cloud.world().endpoints[&vpce(VPCE)].policy.clone().unwrap();
    let parts = share_policy::split(&live, "Share").unwrap();
    assert!(parts.owned.is_empty());
    assert_eq!(parts.foreign.len(), 1);
    assert!(!live.contains(r#""Action":"*""#));
}

#[test]
fn endpoint_default_policy_without_version_is_recognised() {
    let mut w = world();
    w.endpoints.get_mut(&vpce(VPCE)).unwrap().policy =
        Some(share_plan::DEFAULT_ENDPOINT_POLICY.into());
    let cloud = FakeCloud::new(w);
    let mut d = desired();
    d.endpoints.get_mut(&vpce(VPCE)).unwrap().statements.clear();
    let p = plan(&d, &cloud);
    assert!(!has_change(&p, ENDPOINT_POLICY));
    d.endpoints.get_mut(&vpce(VPCE)).unwrap().statements = endpoint_statements();
    let p = plan(&d, &cloud);
    assert_eq!(change(&p, ENDPOINT_POLICY).foreign_statements, 0);
}
