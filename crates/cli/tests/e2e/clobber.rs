//! Never clobber: other people's statements in the bucket, access point and endpoint
//! policies survive apply, re-apply, grant removal and applies that fail half-way.

use crate::harness::*;
use crate::proxy::{Answer, Proxy, Rule};
use share_aws::testing::REGION;

const FOREIGN_AP_STATEMENT: &str = r#"{"Sid":"AuditorsList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/auditor"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/demo-ml-ap"}"#;
const FOREIGN_ENDPOINT_STATEMENT: &str = r#"{"Sid":"CorpArtifacts","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::corp-artifacts","arn:aws:s3:::corp-artifacts/*"]}"#;

/// The demo estate with a foreign statement in every resource policy share will manage:
/// the bucket policy, the access point's (which exists already, as the manifest says) and
/// the endpoint's.
fn seed_foreign_everywhere(env: &Env) -> Estate {
    let estate = env.seed(true);
    env.fx
        .create_access_point(&env.data, REGION, AP, BUCKET, Some(estate.vpc.as_str()))
        .unwrap();
    env.fx
        .put_access_point_policy(
            &env.data,
            REGION,
            AP,
            &format!(r#"{{"Version":"2012-10-17","Statement":[{FOREIGN_AP_STATEMENT}]}}"#),
        )
        .unwrap();
    env.fx
        .put_endpoint_policy(
            &env.ml,
            REGION,
            &estate.vpce,
            &format!(r#"{{"Version":"2012-10-17","Statement":[{FOREIGN_ENDPOINT_STATEMENT}]}}"#),
        )
        .unwrap();
    env.write("share.yaml", &demo_manifest(&estate));
    estate
}

#[track_caller]
fn assert_all_foreign_kept(env: &Env, estate: &Estate) {
    assert_kept(env.bucket_policy().as_ref(), FOREIGN_BUCKET_STATEMENT);
    assert_kept(env.ap_policy(AP).as_ref(), FOREIGN_AP_STATEMENT);
    assert_kept(
        env.endpoint_policy(&estate.vpce).as_ref(),
        FOREIGN_ENDPOINT_STATEMENT,
    );
}

/// The demo manifest without any grant (the grantees stay declared, so share still reads
/// and cleans up the notebook role's policy).
fn no_grants(estate: &Estate) -> String {
    let full = demo_manifest(estate);
    let (head, _) = full.split_once("grants:").unwrap();
    head.to_owned()
}

#[test]
fn foreign_statements_survive_apply_reapply_and_grant_removal() {
    let env = Env::start();
    let estate = seed_foreign_everywhere(&env);

    let r = env.share(&["plan", "--detailed-exitcode", "share.yaml"]);
    r.code(2)
        .stdout_has("keeps 1 statement(s) share does not own unchanged (AnalyticsTeamRead)")
        .stdout_has("keeps 1 statement(s) share does not own unchanged (AuditorsList)")
        .stdout_has("keeps 1 statement(s) share does not own unchanged (CorpArtifacts)");
    // The existing access point is adopted, not recreated.
    assert!(!r.stdout.contains("access_point.demo-ml-ap in"), "{r}");

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_all_foreign_kept(&env, &estate);
    assert_eq!(
        sids(&env.bucket_policy().unwrap())[0],
        "AnalyticsTeamRead",
        "foreign statements come first"
    );
    assert!(!share_sids(&env.bucket_policy().unwrap()).is_empty());
    assert!(!share_sids(&env.ap_policy(AP).unwrap()).is_empty());
    assert!(!share_sids(&env.endpoint_policy(&estate.vpce).unwrap()).is_empty());

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .stdout_has("No changes");
    assert_all_foreign_kept(&env, &estate);

    // Every grant removed: share's statements go, the others stay, so no document is
    // deleted and the endpoint keeps its foreign policy (not reset to the default).
    env.write("share.yaml", &no_grants(&estate));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_all_foreign_kept(&env, &estate);
    assert_eq!(sids(&env.bucket_policy().unwrap()), ["AnalyticsTeamRead"]);
    assert_eq!(sids(&env.ap_policy(AP).unwrap()), ["AuditorsList"]);
    assert_eq!(
        sids(&env.endpoint_policy(&estate.vpce).unwrap()),
        ["CorpArtifacts"]
    );
    assert_eq!(env.identity_policy(&estate.role), None);
    assert!(env.access_point(AP).is_some());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_failed_apply_keeps_foreign_statements_and_a_rerun_converges() {
    let env = Env::start();
    let estate = seed_foreign_everywhere(&env);
    let bucket_policy_before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();

    // 1. Every PutBucketPolicy is refused (as AWS does when an SCP or a permission boundary
    //    forbids it); the later endpoint wave still runs.
    let rules: Vec<Rule> = vec![Box::new(|r| {
        r.is_put_bucket_policy()
            .then(|| Answer::s3(403, "AccessDenied", "Access Denied"))
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(1)
    .clean()
    .stderr_has("bucket_policy.demo-datalake: update FAILED")
    .output_has("AccessDenied")
    .stdout_has("5 applied, 1 failed, 0 skipped.");
    assert_eq!(proxy.answered().len(), 1, "{:?}", proxy.answered());
    drop(proxy);
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap(),
        bucket_policy_before,
        "a failed write changed the bucket policy"
    );
    assert_all_foreign_kept(&env, &estate);
    assert!(!share_sids(&env.endpoint_policy(&estate.vpce).unwrap()).is_empty());

    // 2. A new plan has only the failed change left; applying it converges.
    let r = env.share(&["plan", "--detailed-exitcode", "share.yaml"]);
    r.code(2)
        .stdout_has("Plan: 0 to create, 1 to change, 0 to delete.");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
    assert_all_foreign_kept(&env, &estate);

    // 3. Removing the grants while the endpoint write fails: everything else is removed,
    //    the endpoint policy is left exactly as it was, and a re-run finishes the job.
    env.write("share.yaml", &no_grants(&estate));
    let endpoint_before = env
        .fx
        .endpoint_policy(&env.ml, REGION, &estate.vpce)
        .unwrap();
    let rules: Vec<Rule> = vec![Box::new(|r| {
        r.is_modify_vpc_endpoint().then(|| {
            Answer::ec2(
                403,
                "UnauthorizedOperation",
                "You are not authorized to perform this operation.",
            )
        })
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(1)
    .clean()
    .output_has("UnauthorizedOperation")
    .stdout_has("1 failed");
    drop(proxy);
    assert_eq!(
        env.fx
            .endpoint_policy(&env.ml, REGION, &estate.vpce)
            .unwrap(),
        endpoint_before
    );
    assert_eq!(sids(&env.bucket_policy().unwrap()), ["AnalyticsTeamRead"]);
    assert_eq!(sids(&env.ap_policy(AP).unwrap()), ["AuditorsList"]);
    assert_all_foreign_kept(&env, &estate);

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert_eq!(
        sids(&env.endpoint_policy(&estate.vpce).unwrap()),
        ["CorpArtifacts"]
    );
    assert_all_foreign_kept(&env, &estate);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_role_deleted_between_plan_and_apply_fails_only_its_own_change() {
    let env = Env::start();
    let estate = seed_foreign_everywhere(&env);
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);

    // A real failure, no injection: the grantee role disappears before the apply.
    let (status, body) = moto_iam(
        &env,
        "111111111111",
        "Action=DeleteRole&RoleName=demo-notebook",
    );
    assert_eq!(status, 200, "{body}");

    let r = env.share(&["apply", "plan.json"]);
    r.code(1)
        .clean()
        .output_has("identity_policy.arn:aws:iam::111111111111:role/demo-notebook#share")
        .stdout_has("1 failed");
    // The resource side went ahead, keeping every foreign statement.
    assert_all_foreign_kept(&env, &estate);
    assert!(!share_sids(&env.bucket_policy().unwrap()).is_empty());
    assert!(!share_sids(&env.ap_policy(AP).unwrap()).is_empty());
    assert!(!share_sids(&env.endpoint_policy(&estate.vpce).unwrap()).is_empty());

    // The next plan names the problem; once the role is back, a re-run converges.
    env.share(&["plan", "share.yaml"])
        .code(1)
        .output_has("does not exist in account 111111111111");
    let role = env.fx.create_role(&env.ml, ROLE, "/").unwrap();
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert!(env.identity_policy(&role).is_some());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
    assert_all_foreign_kept(&env, &estate);
}

#[test]
fn a_live_policy_that_does_not_parse_is_an_error_and_never_overwritten() {
    let env = Env::start();
    let estate = env.seed(false);
    // moto, like a careless script, stores anything.
    let garbage = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Half"#;
    env.fx
        .put_bucket_policy(&env.data, BUCKET, garbage)
        .unwrap();
    env.write("share.yaml", &demo_manifest(&estate));
    for args in [
        &["plan", "share.yaml"][..],
        &["drift", "share.yaml"],
        &["apply", "--auto-approve", "share.yaml"],
    ] {
        env.share(args)
            .code(1)
            .clean()
            .output_has("bucket_policy.demo-datalake")
            .output_has("does not parse as a policy");
    }
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap().as_deref(),
        Some(garbage)
    );
    assert_eq!(env.access_point(AP), None, "apply wrote despite the error");
}
