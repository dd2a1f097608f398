//! What AWS does that moto never does, injected on the wire by the proxy: throttling and
//! "Invalid principal in policy" are retried until they pass; a failed access point
//! creation skips only the policy that depends on it.

use crate::harness::*;
use crate::proxy::{Answer, Proxy, Request, Rule, first};

#[test]
fn throttling_and_unpropagated_principals_are_retried_until_they_pass() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let rules: Vec<Rule> = vec![
        first(
            2,
            Request::is_put_bucket_policy,
            Answer::s3(503, "SlowDown", "Please reduce your request rate."),
        ),
        first(
            2,
            Request::is_put_access_point_policy,
            Answer::s3control(400, "MalformedPolicy", "Invalid principal in policy"),
        ),
    ];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(0)
    .clean()
    .stdout_has("Apply complete: 7 applied, 0 failed, 0 skipped.");
    assert_eq!(proxy.answered().len(), 4, "{:?}", proxy.answered());
    drop(proxy);
    assert_kept(env.bucket_policy().as_ref(), FOREIGN_BUCKET_STATEMENT);
    assert!(!share_sids(&env.bucket_policy().unwrap()).is_empty());
    assert!(!share_sids(&env.ap_policy(AP).unwrap()).is_empty());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_failed_access_point_creation_skips_only_its_policy() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let rules: Vec<Rule> = vec![Box::new(|r| {
        r.is_create_access_point()
            .then(|| Answer::s3control(403, "AccessDenied", "Access Denied"))
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(1)
    .clean()
    .stderr_has("access_point.demo-ml-ap: create FAILED")
    .output_has("depends on `access_point.demo-ml-ap`, which was not applied")
    .stdout_has("5 applied, 1 failed, 1 skipped.");
    drop(proxy);
    assert_eq!(env.access_point(AP), None);
    assert!(!share_sids(&env.bucket_policy().unwrap()).is_empty());
    assert!(env.identity_policy(&estate.role).is_some());

    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .stdout_has("Plan: 2 to create, 0 to change, 0 to delete.");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}
