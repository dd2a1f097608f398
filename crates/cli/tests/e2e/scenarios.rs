//! The shipped manifests, run as they are against an estate built to match them: applied
//! once, applied again with nothing to do, and no foreign statement lost.

use crate::harness::*;
use share_aws::testing::REGION;
use std::path::Path;

fn shipped(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Apply, then a second apply and plan find nothing to do.
#[track_caller]
fn converges(env: &Env) {
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("0 failed, 0 skipped.");
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0)
        .stdout_has("No changes. AWS matches the manifest.");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .stdout_has("No changes");
    env.share(&["drift", "share.yaml"]).code(0);
}

#[test]
fn manifests_prod_yaml_applies_once_and_then_changes_nothing() {
    let env = Env::start();
    let foreign = r#"{"Sid":"AnalyticsTeamRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::test-bucket-1/reports/*"}"#;
    env.fx
        .create_bucket(&env.data, REGION, "test-bucket-1")
        .unwrap();
    env.fx
        .put_bucket_policy(
            &env.data,
            "test-bucket-1",
            &format!(r#"{{"Version":"2012-10-17","Statement":[{foreign}]}}"#),
        )
        .unwrap();
    let (vpc, vpce) = env.fx.create_vpc_with_s3_endpoint(&env.ml, REGION).unwrap();
    let role = env.fx.create_role(&env.ml, "demo", "/").unwrap();
    let manifest = shipped("manifests/prod.yaml")
        .replace("vpc-0a1b2c3d4e5f60718", vpc.as_str())
        .replace("vpce-0f1e2d3c4b5a69788", vpce.as_str())
        // The schema reference is relative to the manifest's home.
        .replace("$schema=./schema.json", "");
    assert!(manifest.contains(vpce.as_str()), "prod.yaml changed shape");
    env.write("share.yaml", &manifest);

    converges(&env);
    let live = env.fx.bucket_policy(&env.data, "test-bucket-1").unwrap();
    assert_kept(live.map(|t| parse(&t)).as_ref(), foreign);
    assert!(env.identity_policy(&role).is_some());
    assert!(
        env.fx
            .access_point(&env.data, REGION, "test-ap-1")
            .unwrap()
            .is_some()
    );
    assert!(!share_sids(&env.endpoint_policy(&vpce).unwrap()).is_empty());
}

#[test]
fn examples_multi_bucket_yaml_across_regions_with_a_user_and_a_role_path() {
    let env = Env::start();
    env.fx
        .create_bucket(&env.data, "eu-central-1", "shared-artifacts")
        .unwrap();
    env.fx
        .create_bucket(&env.data, "us-east-2", "shared-logs-us")
        .unwrap();
    let runner = env.fx.create_role(&env.ml, "runner", "/ci/").unwrap();
    assert_eq!(runner.as_str(), "arn:aws:iam::111111111111:role/ci/runner");
    let auditor = env.fx.create_user(&env.ml, "auditor").unwrap();
    env.write(
        "share.yaml",
        &shipped("examples/multi-bucket.yaml").replace("$schema=../manifests/schema.json", ""),
    );

    converges(&env);
    for principal in [&runner, &auditor] {
        let doc = env
            .fx
            .identity_policy(principal, POLICY_NAME)
            .unwrap()
            .unwrap_or_else(|| panic!("no policy on {principal}"));
        assert!(!share_sids(&parse(&doc)).is_empty(), "{doc}");
    }
    let (bucket, vpc) = env
        .fx
        .access_point(&env.data, "eu-central-1", "artifacts-ci")
        .unwrap()
        .expect("the access point exists in the bucket's region");
    assert_eq!((bucket.as_str(), vpc), ("shared-artifacts", None));
    for bucket in ["shared-artifacts", "shared-logs-us"] {
        let doc = env.fx.bucket_policy(&env.data, bucket).unwrap().unwrap();
        assert!(!share_sids(&parse(&doc)).is_empty(), "{bucket}: {doc}");
    }
}

#[test]
fn prefixes_with_characters_iam_percent_encodes_are_no_change_after_apply() {
    let env = Env::start();
    let estate = env.seed(false);
    env.write(
        "share.yaml",
        &demo_manifest(&estate).replace("datasets/credit/", "data+sets/crédit 2024/"),
    );
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let raw = env
        .fx
        .identity_policy_raw(&estate.role, POLICY_NAME)
        .unwrap()
        .unwrap();
    assert!(raw.contains("%2B") || raw.contains('+'), "{raw}");
    let doc = env.identity_policy(&estate.role).unwrap();
    assert!(
        doc.to_string().contains("data+sets/crédit 2024/"),
        "decoded wrongly: {doc}"
    );
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn many_buckets_and_access_points_converge_in_one_apply() {
    let env = Env::start();
    let role = env.fx.create_role(&env.ml, ROLE, "/").unwrap();
    let mut manifest = format!("{ACCOUNTS}buckets:\n");
    for i in 0..6 {
        env.fx
            .create_bucket(&env.data, REGION, &format!("lake-{i}"))
            .unwrap();
        manifest.push_str(&format!("  lake-{i}:\n    account: datalake\n"));
    }
    manifest.push_str("access_points:\n");
    for i in 0..6 {
        manifest.push_str(&format!("  lake-{i}-ap:\n    bucket: lake-{i}\n"));
    }
    manifest.push_str(&format!(
        "grantees:\n  demo-notebook:\n    role: {role}\n  partner:\n    account: \"333333333333\"\ngrants:\n"
    ));
    for i in 0..6 {
        manifest.push_str(&format!(
            "  - grantee: demo-notebook\n    bucket: lake-{i}\n    access: read-write\n    prefixes: [team/, shared/]\n    via: lake-{i}-ap\n  - grantee: partner\n    bucket: lake-{i}\n    access: read\n    prefixes: [exports/]\n"
        ));
    }
    env.write("share.yaml", &manifest);
    env.share(&[
        "--concurrency",
        "4",
        "apply",
        "--auto-approve",
        "share.yaml",
    ])
    .code(0)
    .clean()
    .stdout_has("Apply complete: 31 applied, 0 failed, 0 skipped.");
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
    for i in 0..6 {
        assert!(
            env.ap_policy(&format!("lake-{i}-ap")).is_some(),
            "lake-{i}-ap"
        );
    }
    let identity = env.identity_policy(&role).unwrap();
    assert!(statements(&identity).len() >= 12, "{identity}");
}

#[test]
fn the_identity_size_limit_counts_the_roles_other_inline_policies() {
    let env = Env::start();
    let estate = env.seed(false);
    // Someone else's inline policy on the role, just under the limit on its own.
    let statements: Vec<String> = (0..95)
        .map(|i| {
            format!(
                r#"{{"Sid":"Other{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-bucket-{i}/*"}}"#
            )
        })
        .collect();
    let theirs = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    assert!(
        theirs.len() < 10_240 && theirs.len() > 9_500,
        "{}",
        theirs.len()
    );
    env.fx
        .put_identity_policy(&estate.role, "team-policy", &theirs)
        .unwrap();
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["plan", "share.yaml"])
        .code(1)
        .clean()
        .output_has("with the identity's other inline policies")
        .output_has("over AWS's limit of 10240");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(1);
    assert_eq!(env.identity_policy(&estate.role), None);
    assert_eq!(
        env.fx
            .identity_policy(&estate.role, "team-policy")
            .unwrap()
            .as_deref(),
        Some(theirs.as_str())
    );
}
