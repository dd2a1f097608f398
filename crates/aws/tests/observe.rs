//! `observe`: every read, absent resources as values, decoding, accounts kept apart, and
//! the exact number of calls.

use crate::util::{Env, lines};
use share_state::{
    Cloud, ObjectOwnership, ObserveRequest, ObservedBucket, ObservedIdentity, PublicAccessBlock,
};
use share_types::{AccessPointName, BucketName, PrincipalArn, VpcEndpointId};

fn bucket(s: &str) -> BucketName {
    BucketName::parse(s).unwrap()
}
fn ap(s: &str) -> AccessPointName {
    AccessPointName::parse(s).unwrap()
}

/// The bucket policy as AWS would have rewritten it: minified, account as `:root`,
/// one-element lists as scalars. moto stores it byte for byte, so this is what comes back.
const BUCKET_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareAbc","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/*"}]}"#;
const AP_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/ap-internet/object/*"}]}"#;
const ENDPOINT_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareE","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/*"}]}"#;
/// Characters IAM percent-encodes, and a `+` that must not become a space.
const ROLE_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Share1\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::data-bucket/a+b/100% done/é/*\"}]\n}";
const FOREIGN_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#;

#[test]
fn reads_everything_with_the_minimum_number_of_calls() {
    let env = Env::start();
    let (fx, data, ml) = (&env.fx, &env.data, &env.ml);
    let east = "us-east-1";

    // The owner account: a fully configured bucket with two access points.
    fx.create_bucket(data, east, "data-bucket").unwrap();
    fx.put_bucket_policy(data, "data-bucket", BUCKET_POLICY)
        .unwrap();
    fx.put_public_access_block(data, "data-bucket", PublicAccessBlock::all(true))
        .unwrap();
    fx.put_ownership(data, "data-bucket", ObjectOwnership::BucketOwnerEnforced)
        .unwrap();
    let (data_vpc, _) = fx.create_vpc_with_s3_endpoint(data, east).unwrap();
    fx.create_access_point(data, east, "ap-internet", "data-bucket", None)
        .unwrap();
    fx.put_access_point_policy(data, east, "ap-internet", AP_POLICY)
        .unwrap();
    fx.create_access_point(data, east, "ap-vpc", "data-bucket", Some(data_vpc.as_str()))
        .unwrap();
    // A bare bucket, a bucket in another region, and one the request does not name but
    // whose access point it does.
    fx.create_bucket(data, east, "bare-bucket").unwrap();
    fx.create_bucket(data, "eu-west-1", "eu-bucket").unwrap();
    fx.put_bucket_policy(data, "eu-bucket", BUCKET_POLICY)
        .unwrap();
    fx.create_bucket(data, east, "unrequested-bucket").unwrap();
    fx.create_access_point(data, east, "ap-elsewhere", "unrequested-bucket", None)
        .unwrap();

    // The grantee account: a role with two inline policies, a user, an endpoint.
    let demo = fx.create_role(ml, "demo", "/").unwrap();
    fx.put_identity_policy(&demo, "share", ROLE_POLICY).unwrap();
    fx.put_identity_policy(&demo, "other-team", FOREIGN_POLICY)
        .unwrap();
    let alice = fx.create_user(ml, "alice").unwrap();
    fx.put_identity_policy(&alice, "share", FOREIGN_POLICY)
        .unwrap();
    let (ml_vpc, endpoint) = fx.create_vpc_with_s3_endpoint(ml, east).unwrap();
    fx.put_endpoint_policy(ml, east, &endpoint, ENDPOINT_POLICY)
        .unwrap();
    let (_, deleted) = fx.create_vpc_with_s3_endpoint(ml, east).unwrap();
    fx.delete_endpoint(ml, east, &deleted).unwrap();
    let missing_endpoint = VpcEndpointId::parse("vpce-0123456789abcdef0").unwrap();
    let ghost = PrincipalArn::parse("arn:aws:iam::111111111111:role/ghost").unwrap();

    let r = &env.region;
    let eu = share_aws::testing::Fixture::region("eu-west-1");
    let mut request = ObserveRequest::default();
    for name in ["data-bucket", "bare-bucket", "missing-bucket"] {
        request
            .buckets
            .insert((data.clone(), r.clone(), bucket(name)));
    }
    request
        .buckets
        .insert((data.clone(), eu.clone(), bucket("eu-bucket")));
    for name in ["ap-internet", "ap-elsewhere", "ap-missing"] {
        request
            .access_points
            .insert((data.clone(), r.clone(), ap(name)));
    }
    for id in [&endpoint, &deleted, &missing_endpoint] {
        request
            .endpoints
            .insert((ml.clone(), r.clone(), id.clone()));
    }
    request
        .identities
        .extend([demo.clone(), alice.clone(), ghost.clone()]);

    let cloud = env.cloud();
    let state = cloud
        .observe(&request)
        .unwrap_or_else(|e| panic!("{}", lines(&e)));

    // Buckets.
    let b = &state.buckets[&bucket("data-bucket")];
    assert!(b.exists);
    assert_eq!(b.policy.as_deref(), Some(BUCKET_POLICY), "byte for byte");
    assert_eq!(b.public_access_block, Some(PublicAccessBlock::all(true)));
    assert_eq!(
        b.object_ownership,
        Some(ObjectOwnership::BucketOwnerEnforced)
    );
    let mut names = b.access_points.clone();
    names.sort();
    assert_eq!(names, vec![ap("ap-internet"), ap("ap-vpc")]);
    let bare = &state.buckets[&bucket("bare-bucket")];
    assert!(bare.exists);
    assert_eq!(bare.policy, None);
    assert!(bare.access_points.is_empty());
    assert_eq!(
        state.buckets[&bucket("missing-bucket")],
        ObservedBucket::default()
    );
    let eu_bucket = &state.buckets[&bucket("eu-bucket")];
    assert!(eu_bucket.exists);
    assert_eq!(eu_bucket.policy.as_deref(), Some(BUCKET_POLICY));

    // Access points: those on listed buckets, and those named elsewhere.
    let internet = &state.access_points[&(data.clone(), ap("ap-internet"))];
    assert_eq!(internet.bucket, bucket("data-bucket"));
    assert_eq!(internet.vpc, None);
    assert_eq!(internet.account, *data);
    assert_eq!(internet.region, *r);
    assert_eq!(internet.policy.as_deref(), Some(AP_POLICY));
    let vpc = &state.access_points[&(data.clone(), ap("ap-vpc"))];
    assert_eq!(vpc.vpc.as_ref(), Some(&data_vpc));
    assert_eq!(vpc.policy, None);
    let elsewhere = &state.access_points[&(data.clone(), ap("ap-elsewhere"))];
    assert_eq!(elsewhere.bucket, bucket("unrequested-bucket"));
    assert!(
        !state
            .access_points
            .contains_key(&(data.clone(), ap("ap-missing")))
    );
    assert_eq!(state.access_points.len(), 3);

    // Endpoints.
    let e = &state.endpoints[&endpoint];
    assert!(e.exists);
    assert_eq!(e.vpc.as_ref(), Some(&ml_vpc));
    assert!(
        e.endpoint_type.eq_ignore_ascii_case("gateway"),
        "{}",
        e.endpoint_type
    );
    assert_eq!(e.service_name, "com.amazonaws.us-east-1.s3");
    assert!(e.state.eq_ignore_ascii_case("available"), "{}", e.state);
    assert_eq!(e.policy.as_deref(), Some(ENDPOINT_POLICY));
    assert!(
        !state.endpoints[&deleted].exists,
        "deleted endpoints are absent"
    );
    assert!(!state.endpoints[&missing_endpoint].exists);

    // Identities: decoded documents, foreign policies included, unique ids.
    let d = &state.identities[&demo];
    assert!(d.exists);
    assert!(
        d.unique_id
            .as_deref()
            .is_some_and(|id| id.starts_with("AROA")),
        "{d:?}"
    );
    assert_eq!(d.inline_policies.len(), 2);
    assert_eq!(
        d.inline_policies["share"], ROLE_POLICY,
        "percent-decoded, + kept"
    );
    assert_eq!(d.inline_policies["other-team"], FOREIGN_POLICY);
    let a = &state.identities[&alice];
    assert!(a.exists);
    // moto's user ids are random letters, not `AIDA…` as in AWS.
    assert!(
        a.unique_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{a:?}"
    );
    assert_eq!(a.inline_policies["share"], FOREIGN_POLICY);
    assert_eq!(state.identities[&ghost], ObservedIdentity::default());

    // Exactly the minimum: see the table in `observe.rs`.
    let minimum = [
        4 + 2, // data-bucket: policy, public access block, ownership, list; 2 AP policies
        4,     // bare-bucket
        1,     // missing-bucket: the policy read says NoSuchBucket
        4,     // eu-bucket
        2,     // ap-elsewhere: GetAccessPoint + policy
        1,     // ap-missing: GetAccessPoint
        2,     // endpoints: one call naming the missing id, one for the rest
        2 + 2, // demo: GetRole, ListRolePolicies, 2 GetRolePolicy
        2 + 1, // alice
        1,     // ghost: GetRole
    ]
    .iter()
    .sum::<u64>();
    assert_eq!(state.api_calls, minimum);
    // Reading again reads the same, with the same cost.
    let again = cloud.observe(&request).unwrap();
    assert_eq!(again, state);
}

#[test]
fn the_raw_iam_document_is_percent_encoded_and_observe_decodes_it() {
    let env = Env::start();
    let role = env.fx.create_role(&env.ml, "demo", "/service/").unwrap();
    env.fx
        .put_identity_policy(&role, "share", ROLE_POLICY)
        .unwrap();
    let raw = env.fx.identity_policy_raw(&role, "share").unwrap().unwrap();
    assert!(
        raw.starts_with("%7B"),
        "IAM returns documents percent-encoded: {raw}"
    );
    assert!(
        raw.contains("%2B"),
        "RFC 3986: `+` is encoded, so decoding must keep it: {raw}"
    );
    let mut request = ObserveRequest::default();
    request.identities.insert(role.clone());
    let state = env.cloud().observe(&request).unwrap();
    assert_eq!(
        state.identities[&role].inline_policies["share"],
        ROLE_POLICY
    );
}

#[test]
fn accounts_are_kept_apart() {
    let env = Env::start();
    let (fx, data, ml, r) = (&env.fx, &env.data, &env.ml, &env.region);
    // Same role name, different documents, in each account.
    let in_ml = fx.create_role(ml, "demo", "/").unwrap();
    fx.put_identity_policy(&in_ml, "share", FOREIGN_POLICY)
        .unwrap();
    let in_data = PrincipalArn::parse("arn:aws:iam::222222222222:role/demo").unwrap();
    fx.create_bucket(data, "us-east-1", "data-bucket").unwrap();
    fx.create_access_point(data, "us-east-1", "ap-1", "data-bucket", None)
        .unwrap();
    let (_, endpoint) = fx.create_vpc_with_s3_endpoint(ml, "us-east-1").unwrap();

    let mut request = ObserveRequest::default();
    request.identities.extend([in_ml.clone(), in_data.clone()]);
    // The access point is data's: ml has none of that name.
    request
        .access_points
        .insert((ml.clone(), r.clone(), ap("ap-1")));
    request
        .access_points
        .insert((data.clone(), r.clone(), ap("ap-1")));
    // The endpoint is ml's: data does not see it.
    request
        .endpoints
        .insert((data.clone(), r.clone(), endpoint.clone()));
    let state = env.cloud().observe(&request).unwrap();
    assert!(state.identities[&in_ml].exists);
    assert!(!state.identities[&in_data].exists, "data has no role demo");
    assert!(
        state
            .access_points
            .contains_key(&(data.clone(), ap("ap-1")))
    );
    assert!(!state.access_points.contains_key(&(ml.clone(), ap("ap-1"))));
    assert!(
        !state.endpoints[&endpoint].exists,
        "ml's endpoint is not data's"
    );
    assert_eq!(env.fx.list_buckets(ml).unwrap(), Vec::<String>::new());
    assert_eq!(
        env.fx.list_buckets(data).unwrap(),
        vec!["data-bucket".to_owned()]
    );
}

#[test]
fn an_empty_request_makes_no_calls() {
    let env = Env::start();
    let state = env.cloud().observe(&ObserveRequest::default()).unwrap();
    assert_eq!(state.api_calls, 0);
    assert_eq!(state, Default::default());
}

#[test]
fn a_role_with_another_path_is_a_clear_error() {
    let env = Env::start();
    env.fx.create_role(&env.ml, "demo", "/team/").unwrap();
    let wrong = PrincipalArn::parse("arn:aws:iam::111111111111:role/demo").unwrap();
    let mut request = ObserveRequest::default();
    request.identities.insert(wrong);
    let errors = env.cloud().observe(&request).unwrap_err();
    let text = lines(&errors);
    assert!(
        text.contains("arn:aws:iam::111111111111:role/team/demo"),
        "{text}"
    );
    assert!(text.contains("check the path"), "{text}");
}

#[test]
fn an_account_share_has_no_credentials_for_is_an_error_not_a_guess() {
    let env = Env::start();
    let mut request = ObserveRequest::default();
    request.buckets.insert((
        share_aws::testing::Fixture::account_id("333333333333"),
        env.region.clone(),
        bucket("partner-bucket"),
    ));
    let errors = env.cloud().observe(&request).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, share_state::ErrorKind::Credentials);
    assert!(
        errors[0]
            .to_string()
            .contains("not one of the manifest's accounts")
    );
}
