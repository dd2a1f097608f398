//! Exit codes: `plan` (and `--detailed-exitcode`), `drift`, `apply` without approval, and
//! the errors that stop a plan (missing bucket, role, endpoint).

use crate::harness::*;
use share_aws::testing::REGION;

#[test]
fn plan_exits_0_and_detailed_exitcode_tells_changes_from_none() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let bucket_policy_before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();

    env.share(&["plan", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("Plan: 5 to create, 2 to change, 0 to delete.");
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .clean()
        .stdout_has("Plan: 5 to create, 2 to change, 0 to delete.");
    let json = env
        .share(&[
            "plan",
            "--detailed-exitcode",
            "--format",
            "json",
            "share.yaml",
        ])
        .code(2)
        .json();
    assert_eq!(json["summary"]["create"], 5, "{json:#}");
    assert_eq!(json["summary"]["update"], 2, "{json:#}");

    // Planning writes nothing.
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap(),
        bucket_policy_before
    );
    assert_eq!(env.access_point(AP), None);
    assert_eq!(env.identity_policy(&estate.role), None);

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("Apply complete: 7 applied, 0 failed, 0 skipped.");

    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("No changes. AWS matches the manifest.");
    env.share(&["plan", "share.yaml"]).code(0);
    let json = env
        .share(&[
            "plan",
            "--detailed-exitcode",
            "--format",
            "json",
            "share.yaml",
        ])
        .code(0)
        .json();
    for action in ["create", "update", "delete", "replace"] {
        assert_eq!(json["summary"][action], 0, "{action}: {json:#}");
    }
    assert!(json["summary"]["no-op"].as_u64().unwrap() >= 7, "{json:#}");
}

#[test]
fn drift_exits_0_in_sync_and_2_on_a_hand_edit() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    // Before anything is applied, AWS differs from the manifest: that is drift too.
    env.share(&["drift", "share.yaml"]).code(2).clean();
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);

    env.share(&["drift", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("In sync: AWS matches `share.yaml`.");
    let json = env
        .share(&["drift", "--format", "json", "share.yaml"])
        .code(0)
        .json();
    assert_eq!(json["status"], "in_sync", "{json:#}");

    // Someone widens the partner's object statement in the console.
    let mut live = env.bucket_policy().unwrap();
    for st in live["Statement"].as_array_mut().unwrap() {
        if st["Sid"] == "ShareReadPartnerObjects" {
            st["Resource"] = "arn:aws:s3:::demo-datalake/*".into();
        }
    }
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &live.to_string())
        .unwrap();

    env.share(&["drift", "share.yaml"])
        .code(2)
        .clean()
        .stdout_has("Drift: 1 resource(s) differ from `share.yaml`")
        .stdout_has("bucket_policy.demo-datalake")
        .stdout_has("statement ShareReadPartnerObjects changed");
    let json = env
        .share(&["drift", "--format", "json", "share.yaml"])
        .code(2)
        .json();
    assert_eq!(json["status"], "drift", "{json:#}");
    let drifted = json["drifted"].as_array().unwrap();
    assert_eq!(drifted.len(), 1, "{json:#}");
    assert_eq!(drifted[0]["address"], "bucket_policy.demo-datalake");
    assert_eq!(drifted[0]["account"], "222222222222");
    assert_eq!(drifted[0]["action"], "update");
    // drift only reads: the hand edit is still there.
    assert_eq!(env.bucket_policy().unwrap(), live);
}

#[test]
fn apply_without_a_terminal_needs_auto_approve_and_writes_nothing() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let bucket_policy = env.fx.bucket_policy(&env.data, BUCKET).unwrap();
    let endpoint_policy = env
        .fx
        .endpoint_policy(&env.ml, REGION, &estate.vpce)
        .unwrap();

    // stdin is a pipe, not a terminal: even a piped "yes" is no confirmation.
    let mut cmd = command(env.dir.path());
    cmd.arg("--endpoint-url")
        .arg(env.endpoint())
        .args(["apply", "share.yaml"])
        .write_stdin("yes\n");
    run(&mut cmd)
        .code(1)
        .clean()
        .stderr_has("--auto-approve")
        .stderr_has("not a terminal");

    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap(),
        bucket_policy
    );
    assert_eq!(
        env.fx
            .endpoint_policy(&env.ml, REGION, &estate.vpce)
            .unwrap(),
        endpoint_policy
    );
    assert_eq!(env.access_point(AP), None);
    assert_eq!(env.identity_policy(&estate.role), None);
    assert_eq!(env.fx.public_access_block(&env.data, BUCKET).unwrap(), None);
    assert_eq!(env.fx.ownership(&env.data, BUCKET).unwrap(), None);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2);
}

/// A manifest sharing `bucket` with the notebook role `role` (through the standard access
/// point and endpoint when `vpce` is given).
fn manifest_for(bucket_block: &str, role: &str, vpc_and_vpce: Option<(&str, &str)>) -> String {
    let (network, via) = match vpc_and_vpce {
        Some((vpc, vpce)) => (
            format!(
                "access_points:\n  demo-ml-ap:\n    bucket: demo-datalake\n    vpc: {vpc}\nvpc_endpoints:\n  ml-gateway:\n    account: ml\n    id: {vpce}\n"
            ),
            "    via: demo-ml-ap\n    through: ml-gateway\n",
        ),
        None => (String::new(), ""),
    };
    format!(
        r#"{ACCOUNTS}buckets:
{bucket_block}{network}grantees:
  demo-notebook:
    role: {role}
grants:
  - grantee: demo-notebook
    bucket: demo-datalake
    access: read
    prefixes: [datasets/credit/]
{via}"#
    )
}

#[test]
fn a_missing_bucket_is_an_error_unless_declared_create_true() {
    let env = Env::start();
    let role = env.fx.create_role(&env.ml, ROLE, "/").unwrap();
    let manifest = manifest_for(
        "  demo-datalake:\n    account: datalake\n",
        role.as_str(),
        None,
    );
    env.write("share.yaml", &manifest);

    for args in [
        &["plan", "share.yaml"][..],
        &["plan", "--detailed-exitcode", "share.yaml"],
        &["drift", "share.yaml"],
        &["apply", "--auto-approve", "share.yaml"],
    ] {
        env.share(args)
            .code(1)
            .clean()
            .output_has("bucket `demo-datalake` does not exist in account 222222222222");
    }
    let r = env.share(&["plan", "-o", "plan.json", "share.yaml"]);
    r.code(1).stderr_has("no plan file was written");
    assert!(
        !env.path("plan.json").exists(),
        "a plan with errors was saved"
    );
    assert!(env.fx.list_buckets(&env.data).unwrap().is_empty());
    assert_eq!(
        env.identity_policy(&role),
        None,
        "apply wrote despite the error"
    );

    // Declared `create: true`, the same bucket is share's to create.
    let manifest = manifest_for(
        "  demo-datalake:\n    account: datalake\n    create: true\n",
        role.as_str(),
        None,
    );
    env.write("share.yaml", &manifest);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .stdout_has("bucket missing (declared `create: true`)");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_eq!(
        env.fx.list_buckets(&env.data).unwrap(),
        vec![BUCKET.to_owned()]
    );
    assert!(!share_sids(&env.bucket_policy().unwrap()).is_empty());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_missing_role_is_an_error_and_nothing_is_written() {
    let env = Env::start();
    let estate = env.seed(true);
    let before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();
    let manifest = manifest_for(
        "  demo-datalake:\n    account: datalake\n",
        "arn:aws:iam::111111111111:role/nobody",
        Some((estate.vpc.as_str(), estate.vpce.as_str())),
    );
    env.write("share.yaml", &manifest);
    let message =
        "role `arn:aws:iam::111111111111:role/nobody` does not exist in account 111111111111";
    for args in [
        &["plan", "share.yaml"][..],
        &["plan", "--detailed-exitcode", "share.yaml"],
        &["drift", "share.yaml"],
        &["apply", "--auto-approve", "share.yaml"],
    ] {
        env.share(args).code(1).clean().output_has(message);
    }
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), before);
    assert_eq!(env.access_point(AP), None);
}

#[test]
fn a_missing_or_deleted_endpoint_is_an_error() {
    let env = Env::start();
    let estate = env.seed(true);
    let manifest = |vpce: &str| {
        manifest_for(
            "  demo-datalake:\n    account: datalake\n",
            estate.role.as_str(),
            Some((estate.vpc.as_str(), vpce)),
        )
    };
    env.write("share.yaml", &manifest("vpce-0123456789abcdef0"));
    for args in [
        &["plan", "share.yaml"][..],
        &["plan", "--detailed-exitcode", "share.yaml"],
        &["drift", "share.yaml"],
    ] {
        env.share(args)
            .code(1)
            .clean()
            .output_has("VPC endpoint `vpce-0123456789abcdef0` in account 111111111111");
    }
    let json = env
        .share(&["drift", "--format", "json", "share.yaml"])
        .code(1)
        .json();
    assert_eq!(json["status"], "error", "{json:#}");
    assert_eq!(json["errors"][0]["kind"], "endpoint_unusable", "{json:#}");

    // The real endpoint works; once deleted, it is an error again.
    env.write("share.yaml", &manifest(estate.vpce.as_str()));
    env.share(&["plan", "share.yaml"]).code(0);
    env.fx
        .delete_endpoint(&env.ml, REGION, &estate.vpce)
        .unwrap();
    let before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();
    for args in [
        &["plan", "share.yaml"][..],
        &["apply", "--auto-approve", "share.yaml"],
    ] {
        env.share(args)
            .code(1)
            .clean()
            .output_has(&format!("VPC endpoint `{}`", estate.vpce));
    }
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), before);
}

#[test]
fn bucket_settings_changed_by_hand_are_drift_and_are_restored() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    env.fx
        .put_public_access_block(
            &env.data,
            BUCKET,
            share_state::PublicAccessBlock {
                block_public_policy: false,
                ..share_state::PublicAccessBlock::all(true)
            },
        )
        .unwrap();
    env.fx
        .put_ownership(
            &env.data,
            BUCKET,
            share_state::ObjectOwnership::ObjectWriter,
        )
        .unwrap();
    env.share(&["drift", "share.yaml"])
        .code(2)
        .stdout_has("Drift: 2 resource(s)")
        .stdout_has("public access block differs: block_public_policy false → true")
        .stdout_has("object ownership ObjectWriter → BucketOwnerEnforced");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert_eq!(
        env.fx.public_access_block(&env.data, BUCKET).unwrap(),
        Some(share_state::PublicAccessBlock::all(true))
    );
    assert_eq!(
        env.fx.ownership(&env.data, BUCKET).unwrap(),
        Some(share_state::ObjectOwnership::BucketOwnerEnforced)
    );
    env.share(&["drift", "share.yaml"]).code(0);
}

#[test]
fn the_manifest_and_endpoint_come_from_defaults_and_the_environment() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    std::fs::create_dir_all(env.path("elsewhere")).unwrap();
    env.write("elsewhere/other.yaml", &demo_manifest(&estate));

    // `./share.yaml`, endpoint from AWS_ENDPOINT_URL.
    let mut cmd = command(env.dir.path());
    cmd.env("AWS_ENDPOINT_URL", env.endpoint())
        .args(["plan", "--detailed-exitcode"]);
    run(&mut cmd)
        .code(2)
        .clean()
        .stdout_has("share plan for `share.yaml`");

    // $SHARE_MANIFEST wins over ./share.yaml.
    let mut cmd = command(env.dir.path());
    cmd.env("SHARE_MANIFEST", "elsewhere/other.yaml").args([
        "--endpoint-url",
        &env.endpoint(),
        "plan",
    ]);
    run(&mut cmd)
        .code(0)
        .stdout_has("share plan for `elsewhere/other.yaml`");

    // -q: only the result, no progress lines; --concurrency 1 is enough.
    let r = env.share(&["-q", "--concurrency", "1", "apply", "--auto-approve"]);
    r.code(0).stdout_has("Apply complete: 7 applied");
    assert!(!r.stderr.contains("Applying:"), "{r}");
    env.share(&["plan", "--detailed-exitcode"]).code(0);

    // Colour only on a terminal: a pipe gets none, even without NO_COLOR.
    let mut cmd = command(env.dir.path());
    cmd.env_remove("NO_COLOR")
        .args(["--endpoint-url", &env.endpoint(), "drift", "share.yaml"]);
    let r = run(&mut cmd);
    r.code(0);
    assert!(
        !r.stdout.contains('\x1b') && !r.stderr.contains('\x1b'),
        "{r}"
    );

    // A bad flag value is a usage error (exit 1: 2 means changes or drift), not a crash.
    env.share(&["--concurrency", "0", "plan"]).code(1);
}
