//! Retries: "Invalid principal in policy" while IAM propagates (share's own, bounded by
//! `principal_propagation_timeout`) and throttling (the SDK's), with injected faults since
//! moto produces neither.

use crate::util::{Env, assert_clear, lines};
use share_aws::Options;
use share_aws::testing::{Fault, FaultTarget, Faults};
use share_state::{Cloud, ErrorKind, ObserveRequest, Operation};
use share_types::{AccessPointName, BucketName};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Share1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/just-created"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/*"}]}"#;

fn put_bucket_policy(env: &Env) -> Operation {
    Operation::PutBucketPolicy {
        account: env.data.clone(),
        region: env.region.clone(),
        bucket: BucketName::parse("data-bucket").unwrap(),
        document: DOC.into(),
    }
}

fn put_access_point_policy(env: &Env) -> Operation {
    Operation::PutAccessPointPolicy {
        account: env.data.clone(),
        region: env.region.clone(),
        name: AccessPointName::parse("ap-1").unwrap(),
        document: DOC.into(),
    }
}

fn setup(env: &Env) {
    env.fx
        .create_bucket(&env.data, "us-east-1", "data-bucket")
        .unwrap();
    env.fx
        .create_access_point(&env.data, "us-east-1", "ap-1", "data-bucket", None)
        .unwrap();
}

fn connect(env: &Env, faults: &Arc<Faults>, timeout: Duration) -> share_aws::AwsCloud {
    let options = Options {
        principal_propagation_timeout: timeout,
        ..env.options()
    };
    env.fx
        .connect_with_faults(crate::util::Env::accounts(), options, faults.clone())
        .unwrap_or_else(|e| panic!("{}", lines(&e)))
}

#[test]
fn invalid_principal_is_retried_until_iam_has_propagated() {
    let env = Env::start();
    setup(&env);
    let faults = Arc::new(Faults::new([
        Fault::invalid_principal(FaultTarget::PutBucketPolicy, 3),
        Fault::invalid_principal(FaultTarget::PutAccessPointPolicy, 2),
    ]));
    let cloud = connect(&env, &faults, Duration::from_secs(30));
    let before = cloud.api_calls();
    let results = cloud.execute(&[put_bucket_policy(&env), put_access_point_policy(&env)]);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(faults.fired(FaultTarget::PutBucketPolicy), 3);
    assert_eq!(faults.fired(FaultTarget::PutAccessPointPolicy), 2);
    // Every attempt counts: 3 + 1 and 2 + 1.
    assert_eq!(cloud.api_calls() - before, 7);
    assert_eq!(
        env.fx
            .bucket_policy(&env.data, "data-bucket")
            .unwrap()
            .as_deref(),
        Some(DOC)
    );
    assert_eq!(
        env.fx
            .access_point_policy(&env.data, "us-east-1", "ap-1")
            .unwrap()
            .as_deref(),
        Some(DOC)
    );
}

#[test]
fn invalid_principal_gives_up_after_the_timeout_with_a_clear_message() {
    let env = Env::start();
    setup(&env);
    let faults = Arc::new(Faults::new([
        Fault::invalid_principal(FaultTarget::PutBucketPolicy, usize::MAX),
        Fault::invalid_principal(FaultTarget::PutAccessPointPolicy, usize::MAX),
    ]));
    let timeout = Duration::from_millis(600);
    let cloud = connect(&env, &faults, timeout);
    let started = Instant::now();
    let results = cloud.execute(&[put_bucket_policy(&env), put_access_point_policy(&env)]);
    let elapsed = started.elapsed();
    assert!(elapsed >= timeout, "{elapsed:?}");
    assert!(elapsed < timeout + Duration::from_secs(5), "{elapsed:?}");
    for (result, resource) in results
        .iter()
        .zip(["bucket_policy.data-bucket", "access_point_policy.ap-1"])
    {
        let e = result.as_ref().unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidDocument);
        assert_eq!(e.code.as_deref(), Some("MalformedPolicy"));
        assert_eq!(e.resource, resource);
        let line = e.to_string();
        assert_clear(&line);
        assert!(line.contains("gave up after"), "{line}");
        assert!(line.contains("waiting for IAM to propagate"), "{line}");
        assert!(line.contains("Invalid principal in policy"), "{line}");
    }
    assert!(
        faults.fired(FaultTarget::PutBucketPolicy) >= 3,
        "several attempts were made"
    );
    assert_eq!(
        env.fx.bucket_policy(&env.data, "data-bucket").unwrap(),
        None,
        "nothing was written"
    );
}

#[test]
fn other_malformed_policies_are_not_retried() {
    let env = Env::start();
    setup(&env);
    let faults = Arc::new(Faults::new([Fault {
        message: "Policy has invalid resource".into(),
        ..Fault::invalid_principal(FaultTarget::PutBucketPolicy, usize::MAX)
    }]));
    let cloud = connect(&env, &faults, Duration::from_secs(30));
    let results = cloud.execute(&[put_bucket_policy(&env)]);
    let e = results[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidDocument);
    assert!(
        e.to_string()
            .ends_with("MalformedPolicy: Policy has invalid resource"),
        "{e}"
    );
    assert_eq!(faults.fired(FaultTarget::PutBucketPolicy), 1);
}

#[test]
fn throttling_is_retried_by_the_sdk_and_every_attempt_is_counted() {
    let env = Env::start();
    setup(&env);
    let mut request = ObserveRequest::default();
    request.buckets.insert((
        env.data.clone(),
        env.region.clone(),
        BucketName::parse("data-bucket").unwrap(),
    ));
    let faults = Arc::new(Faults::new([Fault::throttle(
        FaultTarget::GetBucketPolicy,
        2,
    )]));
    let cloud = connect(&env, &faults, Duration::from_secs(30));
    let state = cloud
        .observe(&request)
        .unwrap_or_else(|e| panic!("{}", lines(&e)));
    assert!(state.buckets.values().all(|b| b.exists));
    // 4 bucket reads + 1 access point policy, plus the 2 throttled attempts.
    assert_eq!(state.api_calls, 5 + 2);

    // Throttled beyond the SDK's attempts: reported as unavailable, with AWS's code.
    let faults = Arc::new(Faults::new([Fault::throttle(
        FaultTarget::GetBucketPolicy,
        usize::MAX,
    )]));
    let cloud = connect(&env, &faults, Duration::from_secs(30));
    let errors = cloud.observe(&request).unwrap_err();
    assert_eq!(errors.len(), 1, "{}", lines(&errors));
    assert_eq!(errors[0].kind, ErrorKind::Unavailable);
    assert_eq!(errors[0].code.as_deref(), Some("SlowDown"));
    assert_clear(&errors[0].to_string());
    assert_eq!(
        faults.fired(FaultTarget::GetBucketPolicy),
        5,
        "bounded attempts"
    );
}
