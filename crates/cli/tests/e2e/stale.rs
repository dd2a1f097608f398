//! Stale plans and concurrent foreign writers: a saved plan is applied exactly, and a change
//! whose document someone else changed since the plan is refused — with what depends on
//! it — while the rest is applied and the other writer's change stays.

use crate::harness::*;
use crate::proxy::{Proxy, Rule};
use share_aws::testing::{Fixture, REGION};
use std::sync::atomic::{AtomicBool, Ordering};

/// The bucket policy after another team added a break-glass statement by hand.
fn with_break_glass(env: &Env) -> String {
    let mut live = env.bucket_policy().unwrap();
    live["Statement"].as_array_mut().unwrap().push(parse(
        r#"{"Sid":"OpsBreakGlass","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/ops"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::demo-datalake/*"}"#,
    ));
    live.to_string()
}

#[test]
fn a_foreign_writer_between_plan_and_apply_is_refused_and_the_rest_applied() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0)
        .stderr_has("share apply plan.json");

    // Meanwhile: another team edits the bucket policy, and someone creates the access
    // point by hand (exactly as the manifest wants it, but share did not plan on it).
    let theirs = with_break_glass(&env);
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &theirs)
        .unwrap();
    env.fx
        .create_access_point(&env.data, REGION, AP, BUCKET, Some(estate.vpc.as_str()))
        .unwrap();

    let r = env.share(&["apply", "plan.json"]);
    r.code(1)
        .clean()
        .output_has(
            "`bucket_policy.demo-datalake` changed since the plan was made (by someone else?); run `share plan` again",
        )
        .output_has(
            "`access_point.demo-ml-ap` changed since the plan was made (by someone else?); run `share plan` again",
        )
        // The access point's policy depends on the refused access point.
        .output_has("depends on `access_point.demo-ml-ap`, which was not applied")
        .stdout_has("4 applied, 0 failed, 3 skipped.");

    // Their change is intact, byte for byte; nothing was written on the refused resources.
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap().as_deref(),
        Some(theirs.as_str())
    );
    assert_eq!(env.ap_policy(AP), None);
    // The rest was applied.
    assert!(env.identity_policy(&estate.role).is_some());
    assert!(!share_sids(&env.endpoint_policy(&estate.vpce).unwrap()).is_empty());
    assert!(
        env.fx
            .public_access_block(&env.data, BUCKET)
            .unwrap()
            .is_some()
    );

    // Planning again takes their change into account and keeps it.
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .stdout_has(
            "keeps 2 statement(s) share does not own unchanged (AnalyticsTeamRead, OpsBreakGlass)",
        );
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let live = env.bucket_policy().unwrap();
    assert_kept(Some(&live), FOREIGN_BUCKET_STATEMENT);
    assert!(statement(&live, "OpsBreakGlass").is_some(), "{live}");
    assert!(!share_sids(&live).is_empty());
    assert!(!share_sids(&env.ap_policy(AP).unwrap()).is_empty());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_writer_striking_during_the_apply_is_caught_before_its_document_is_written() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let theirs = with_break_glass(&env);

    // The other writer strikes while share is applying the bucket settings, that is after
    // share planned and before it reaches the bucket policy.
    let writer = Fixture::new(&env.endpoint()).unwrap();
    let (data, text) = (env.data.clone(), theirs.clone());
    let fired = AtomicBool::new(false);
    let rules: Vec<Rule> = vec![Box::new(move |r| {
        let settings = r.method == "PUT"
            && r.service() == Some("s3")
            && r.query()
                .split('&')
                .any(|p| p.starts_with("ownershipControls"));
        if settings && !fired.swap(true, Ordering::SeqCst) {
            writer.put_bucket_policy(&data, BUCKET, &text).unwrap();
        }
        None
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(1)
    .clean()
    .output_has("`bucket_policy.demo-datalake` changed since the plan was made")
    .stdout_has("6 applied, 0 failed, 1 skipped.");
    drop(proxy);
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap().as_deref(),
        Some(theirs.as_str())
    );
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert!(statement(&env.bucket_policy().unwrap(), "OpsBreakGlass").is_some());
}

#[test]
fn a_plan_made_from_another_version_of_the_manifest_is_refused() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);
    let before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();

    env.write(
        "share.yaml",
        &demo_manifest(&estate).replace("exports/partner/", "exports/partner-v2/"),
    );
    env.share(&["apply", "plan.json"])
        .code(1)
        .clean()
        .stderr_has("`plan.json` was planned from another version of `share.yaml`")
        .stderr_has("run `share plan` again");
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), before);
    assert_eq!(env.access_point(AP), None);
    assert_eq!(env.identity_policy(&estate.role), None);

    // Even a change that means nothing (a comment) is another version.
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);
    env.write(
        "share.yaml",
        &format!("# reviewed\n{}", demo_manifest(&estate)),
    );
    env.share(&["apply", "plan.json"])
        .code(1)
        .stderr_has("planned from another version");
    assert_eq!(env.access_point(AP), None);
}

#[test]
fn aws_rewriting_a_document_between_plan_and_apply_is_not_a_change() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);
    // Same meaning, other bytes.
    let rewritten = aws_rewrite(&env.bucket_policy().unwrap(), None);
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &rewritten)
        .unwrap();
    env.share(&["apply", "plan.json"])
        .code(0)
        .clean()
        .stdout_has("7 applied, 0 failed, 0 skipped.");
    // The saved plan writes the document it showed, whose foreign statement is the one it
    // read (the same meaning as AWS's rewritten form).
    assert_kept(env.bucket_policy().as_ref(), FOREIGN_BUCKET_STATEMENT);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn show_renders_a_saved_plan_and_refuses_other_files() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let planned = env.share(&["plan", "-o", "plan.json", "share.yaml"]);
    planned.code(0);
    let shown = env.share(&["show", "plan.json"]);
    shown.code(0).clean();
    assert_eq!(shown.stdout, planned.stdout, "show differs from plan");
    let saved = std::fs::read_to_string(env.path("plan.json")).unwrap();
    let shown_json = env.share(&["show", "--format", "json", "plan.json"]);
    shown_json.code(0);
    assert_eq!(shown_json.stdout, saved);

    env.write("broken.json", r#"{"format_version": 99, "changes": []}"#);
    env.share(&["show", "broken.json"])
        .code(1)
        .clean()
        .stderr_has("format version");
    env.share(&["apply", "broken.json"])
        .code(1)
        .clean()
        .stderr_has("format version");
    assert_eq!(env.access_point(AP), None);
}

#[test]
fn a_saved_plan_is_applied_once() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);
    env.share(&["apply", "plan.json"])
        .code(0)
        .stdout_has("7 applied, 0 failed, 0 skipped.");
    let after = env.fx.bucket_policy(&env.data, BUCKET).unwrap();
    // Applying it again would redo what it read before the first apply: every document
    // it changed is now different from what it planned on.
    env.share(&["apply", "plan.json"])
        .code(1)
        .clean()
        .output_has("changed since the plan was made")
        .output_has("run `share plan` again");
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), after);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn an_orphan_whose_policy_gained_a_foreign_statement_since_the_plan_is_not_deleted() {
    let env = Env::start();
    let estate = env.seed(false);
    let with_old = demo_manifest(&estate).replace(
        "access_points:\n",
        "access_points:\n  ap-old:\n    bucket: demo-datalake\n",
    ) + "  - grantee: partner\n    bucket: demo-datalake\n    access: read\n    prefixes: [old/]\n    via: ap-old\n";
    env.write("share.yaml", &with_old);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert!(env.access_point("ap-old").is_some());

    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0)
        .stdout_has("- delete access_point.ap-old");
    // Before the apply, someone starts using the access point and says so in its policy.
    let mut policy = env.ap_policy("ap-old").unwrap();
    policy["Statement"].as_array_mut().unwrap().push(parse(
        r#"{"Sid":"MigrationJob","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/migration"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/ap-old/object/*"}"#,
    ));
    let text = policy.to_string();
    env.fx
        .put_access_point_policy(&env.data, share_aws::testing::REGION, "ap-old", &text)
        .unwrap();

    env.share(&["apply", "plan.json"])
        .code(1)
        .clean()
        .output_has("`access_point_policy.ap-old` changed since the plan was made");
    assert!(
        env.access_point("ap-old").is_some(),
        "deleted with a foreign statement"
    );
    assert_eq!(
        env.fx
            .access_point_policy(&env.data, share_aws::testing::REGION, "ap-old")
            .unwrap()
            .as_deref(),
        Some(text.as_str())
    );
    // A new plan sees the foreign statement: the access point is kept, share's statements
    // leave its policy.
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .output_has("not deleted");
    assert!(env.access_point("ap-old").is_some());
    assert_eq!(sids(&env.ap_policy("ap-old").unwrap()), ["MigrationJob"]);
}
