//! The renderings are the spec for what users see: snapshots of a representative plan in
//! every format, the JSON round trip, format-version refusal, and the drift report.

use crate::support::*;
use share_plan::testing::FakeCloud;
use share_plan::{
    DriftStatus, FORMAT_VERSION, Plan, PlanFileError, drift_report, from_json, render_human,
    render_markdown, to_json,
};

/// First plan on the README estate, plus an orphan access point share owns and a public
/// access block someone loosened: creates, updates, a delete, warnings.
fn representative() -> Plan {
    let mut w = world();
    w.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .public_access_block
        .as_mut()
        .unwrap()
        .block_public_policy = false;
    w.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .access_points
        .push(ap_name("old-ap"));
    w.access_points.insert(
        (account(OWNER), ap_name("old-ap")),
        share_state::ObservedAccessPoint {
            account: account(OWNER),
            region: region(),
            bucket: bucket_name(BUCKET),
            vpc: None,
            policy: Some(r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareReadOld","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/old-ap/object/*"}]}"#.into()),
        },
    );
    plan(&desired(), &FakeCloud::new(w))
}

#[test]
fn human_plan() {
    let p = representative();
    let out = render_human(&p, false);
    assert!(!out.contains('\x1b'));
    assert!(
        out.ends_with("Plan: 3 to create, 3 to change, 1 to delete.\n"),
        "{out}"
    );
    assert!(
        out.contains("  datalake (222222222222): 2 to create, 2 to change, 1 to delete\n"),
        "{out}"
    );
    insta::assert_snapshot!("human_plan", out);
}

#[test]
fn human_plan_in_colour() {
    let out = render_human(&representative(), true);
    assert!(out.contains("\x1b[32m+ create\x1b[0m"), "{out}");
    assert!(out.contains("\x1b[31m- delete\x1b[0m"), "{out}");
}

#[test]
fn human_plan_without_changes() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let out = render_human(&plan(&d, &cloud), false);
    assert!(
        out.ends_with("No changes. AWS matches the manifest.\n"),
        "{out}"
    );
    insta::assert_snapshot!("human_no_changes", out);
}

#[test]
fn human_plan_with_errors() {
    let mut w = world();
    w.identities.clear();
    w.buckets.get_mut(&bucket_name(BUCKET)).unwrap().policy = Some("{oops".into());
    let out = render_human(&plan(&desired(), &FakeCloud::new(w)), false);
    insta::assert_snapshot!("human_errors", out);
}

#[test]
fn markdown_plan() {
    let out = render_markdown(&representative());
    assert!(out.contains("<details>"));
    assert!(out.contains("```diff"));
    insta::assert_snapshot!("markdown_plan", out);
}

#[test]
fn json_plan() {
    let p = representative();
    let json = to_json(&p);
    // Fingerprints belong to share-policy's canonical form; mask them so this snapshot
    // pins the plan format, not that crate's hashing.
    insta::with_settings!({filters => vec![(r"[0-9a-f]{64}", "[sha256]")]}, {
        insta::assert_snapshot!("json_plan", json);
    });
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format_version"], FORMAT_VERSION);
    for c in v["changes"].as_array().unwrap() {
        for field in [
            "address",
            "account",
            "resource_type",
            "action",
            "before",
            "after",
            "reason",
        ] {
            assert!(c.get(field).is_some(), "{field} missing in {c}");
        }
    }
    for field in ["create", "update", "delete", "replace", "no-op"] {
        assert!(v["summary"][field].is_u64(), "summary.{field}");
    }
}

#[test]
fn json_is_deterministic_and_round_trips() {
    let p = representative();
    assert_eq!(to_json(&p), to_json(&representative()));
    let back = from_json(&to_json(&p)).unwrap();
    assert_eq!(back, p);
    assert_eq!(to_json(&back), to_json(&p));
}

#[test]
fn other_format_versions_are_refused() {
    let json = to_json(&representative());
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["format_version"] = serde_json::json!(2);
    let err = from_json(&v.to_string()).unwrap_err();
    assert!(matches!(err, PlanFileError::UnsupportedVersion { .. }));
    assert_eq!(
        err.to_string(),
        "the plan file has format version 2, but this version of share reads format version 1: make the plan again with this share (`share plan -o FILE`)"
    );
    v.as_object_mut().unwrap().remove("format_version");
    assert_eq!(
        from_json(&v.to_string()).unwrap_err(),
        PlanFileError::MissingVersion
    );
    assert!(matches!(from_json("nope"), Err(PlanFileError::Json(_))));
}

#[test]
fn unknown_fields_are_ignored_and_inconsistent_plans_refused() {
    let json = to_json(&representative());
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["added_in_a_later_minor"] = serde_json::json!({"x": 1});
    v["changes"][0]["also_new"] = serde_json::json!(true);
    assert!(from_json(&v.to_string()).is_ok());

    // An operation that writes another resource than its change.
    let mut bad = v.clone();
    let idx = bad["changes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["address"] == BUCKET_POLICY)
        .unwrap();
    bad["changes"][idx]["operations"][0]["bucket"] = serde_json::json!("another-bucket");
    let err = from_json(&bad.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("writes `bucket_policy.another-bucket`"),
        "{err}"
    );

    // A dependency that is not in the plan.
    let mut bad = v.clone();
    bad["changes"][idx]["depends_on"] = serde_json::json!(["access_point.nowhere"]);
    let err = from_json(&bad.to_string()).unwrap_err().to_string();
    assert!(err.contains("not a change of the plan"), "{err}");
}

#[test]
fn drift_report_names_what_changed_by_hand() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let r = drift_report(&plan(&d, &cloud));
    assert_eq!(r.status, DriftStatus::InSync);
    assert!(r.is_in_sync());

    // Someone widens the access point grant by hand.
    cloud.with_world(|w| {
        let ap = w
            .access_points
            .get_mut(&(account(OWNER), ap_name(AP)))
            .unwrap();
        ap.policy = Some(
            ap.policy
                .clone()
                .unwrap()
                .replace("object/datasets/credit/*", "object/*"),
        );
    });
    let r = drift_report(&plan(&d, &cloud));
    assert_eq!(r.status, DriftStatus::Drift);
    assert_eq!(r.drifted.len(), 1);
    assert_eq!(r.drifted[0].address, AP_POLICY);
    assert_eq!(
        r.drifted[0].reason,
        "statement ShareReadDemoNotebook changed"
    );
    assert_eq!(r.drifted[0].account_name.as_deref(), Some("datalake"));
    insta::assert_snapshot!("drift_human", r.render_human());
    insta::assert_snapshot!("drift_json", r.to_json());

    let mut w = world();
    w.identities.clear();
    assert_eq!(
        drift_report(&plan(&d, &FakeCloud::new(w))).status,
        DriftStatus::Error
    );
}

#[test]
fn apply_report_and_progress() {
    use share_plan::testing::Failure;
    let cloud = FakeCloud::new(world());
    cloud.fail(Failure {
        address: AP_ADDR.into(),
        api: None,
        times: None,
    });
    let (report, events) = apply_all(&plan(&desired(), &cloud), &cloud);
    let progress: Vec<String> = events.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("apply_progress", progress.join("\n"));
    insta::assert_snapshot!(
        "apply_report",
        share_plan::render_apply_report(&report, false)
    );
}

#[test]
fn unknown_finding_kinds_from_a_newer_share_are_read_as_other() {
    let json = to_json(&representative());
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["warnings"][0]["kind"] = serde_json::json!("something_new");
    let p = from_json(&v.to_string()).unwrap();
    assert_eq!(p.warnings[0].kind, share_plan::FindingKind::Other);
}

#[test]
fn markdown_stays_under_the_comment_size_limit() {
    // Many large documents: the diffs that do not fit are left out, the summaries stay.
    let mut w = world();
    let mut d = desired();
    for i in 0..40 {
        let name = format!("bulk-bucket-{i}");
        w.buckets
            .insert(bucket_name(&name), share_plan::testing::bucket(None));
        let mut b = d.buckets[&bucket_name(BUCKET)].clone();
        b.statements = (0..40)
            .map(|j| {
                st(&format!(
                    r#"{{"Sid":"ShareBulk{j}","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::333333333333:role/reader{j}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{name}/data/{j}/*"}}"#
                ))
            })
            .collect();
        d.buckets.insert(bucket_name(&name), b);
    }
    let p = plan(&d, &FakeCloud::new(w));
    let out = render_markdown(&p);
    assert!(out.len() < 65_536, "{}", out.len());
    assert_eq!(out.matches("<details>").count(), p.actionable().count());
    assert!(out.contains("diff(s) left out to stay under the comment size limit"));
}
