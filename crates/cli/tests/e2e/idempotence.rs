//! Idempotence: after `apply`, a plan is empty — also when AWS has rewritten every stored
//! document its own way.

use crate::harness::*;
use share_aws::testing::REGION;

/// A statement of yet another team, without a Sid (S3 returns such statements with
/// `"Sid":""`).
const FOREIGN_NO_SID: &str = r#"{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::555555555555:root"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::demo-datalake/public/*"]}"#;

#[test]
fn a_second_apply_changes_nothing() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let raw = |env: &Env| {
        (
            env.fx.bucket_policy(&env.data, BUCKET).unwrap(),
            env.fx.access_point_policy(&env.data, REGION, AP).unwrap(),
            env.fx
                .endpoint_policy(&env.ml, REGION, &estate.vpce)
                .unwrap(),
            env.fx
                .identity_policy_raw(&estate.role, POLICY_NAME)
                .unwrap(),
        )
    };
    let after_first = raw(&env);

    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0)
        .stdout_has("No changes. AWS matches the manifest.");
    env.share(&["drift", "share.yaml"]).code(0);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("No changes. AWS matches the manifest.");
    // The saved-plan path too: an empty plan applies as nothing.
    env.share(&["plan", "-o", "plan.json", "share.yaml"])
        .code(0);
    env.share(&["apply", "plan.json"])
        .code(0)
        .stdout_has("No changes to apply.");
    assert_eq!(raw(&env), after_first, "a no-op apply wrote something");
}

#[test]
fn documents_rewritten_the_way_aws_does_are_no_change() {
    let env = Env::start();
    let estate = env.seed(false);
    env.fx
        .put_bucket_policy(
            &env.data,
            BUCKET,
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{FOREIGN_BUCKET_STATEMENT},{FOREIGN_NO_SID}]}}"#
            ),
        )
        .unwrap();
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);

    // IAM already returns its documents percent-encoded, as AWS does.
    let raw_identity = env
        .fx
        .identity_policy_raw(&estate.role, POLICY_NAME)
        .unwrap()
        .unwrap();
    assert!(raw_identity.starts_with("%7B"), "{raw_identity}");

    // Rewrite every live document the way AWS would have stored it.
    let bucket = aws_rewrite(&env.bucket_policy().unwrap(), None);
    assert!(bucket.contains(r#""Sid":"""#), "{bucket}");
    assert!(bucket.contains(r#""AWS":"333333333333""#), "{bucket}");
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &bucket)
        .unwrap();
    let ap = aws_rewrite(&env.ap_policy(AP).unwrap(), Some("2008-10-17"));
    env.fx
        .put_access_point_policy(&env.data, REGION, AP, &ap)
        .unwrap();
    let endpoint = aws_rewrite(&env.endpoint_policy(&estate.vpce).unwrap(), None);
    assert!(
        endpoint.contains(r#""Principal":{"AWS":"*"}"#),
        "{endpoint}"
    );
    env.fx
        .put_endpoint_policy(&env.ml, REGION, &estate.vpce, &endpoint)
        .unwrap();
    let identity = aws_rewrite(&env.identity_policy(&estate.role).unwrap(), None);
    env.fx
        .put_identity_policy(&estate.role, POLICY_NAME, &identity)
        .unwrap();
    // The rewritten forms really are stored.
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap().as_deref(),
        Some(bucket.as_str())
    );

    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0)
        .clean()
        .stdout_has("No changes. AWS matches the manifest.");
    env.share(&["drift", "share.yaml"]).code(0);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .stdout_has("No changes");
    assert_eq!(
        env.fx.bucket_policy(&env.data, BUCKET).unwrap().as_deref(),
        Some(bucket.as_str()),
        "an equivalent document was written again"
    );
}
