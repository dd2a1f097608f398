//! `execute`: every write, checked by reading back raw and through `observe`.

use crate::util::{Env, assert_clear, lines};
use share_aws::testing::Fixture;
use share_state::{
    Cloud, ErrorKind, ObjectOwnership, ObserveRequest, Operation, PublicAccessBlock,
};
use share_types::{AccessPointName, BucketName, PolicyName, PrincipalArn};

fn bucket(s: &str) -> BucketName {
    BucketName::parse(s).unwrap()
}
fn ap(s: &str) -> AccessPointName {
    AccessPointName::parse(s).unwrap()
}
fn policy_name(s: &str) -> PolicyName {
    PolicyName::parse(s).unwrap()
}

fn all_ok(results: Vec<Result<(), share_state::CloudError>>) {
    let errors: Vec<_> = results.into_iter().filter_map(Result::err).collect();
    assert!(errors.is_empty(), "{}", lines(&errors));
}

const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Share1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/*"}]}"#;
const IDENTITY_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Share1","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/a+b/*"}]}"#;

#[test]
fn every_write_round_trips() {
    let env = Env::start();
    let (fx, data, ml, r) = (&env.fx, &env.data, &env.ml, &env.region);
    let eu = Fixture::region("eu-west-1");
    let (vpc, _) = fx.create_vpc_with_s3_endpoint(data, "us-east-1").unwrap();
    let (_, endpoint) = fx.create_vpc_with_s3_endpoint(ml, "us-east-1").unwrap();
    let role = fx.create_role(ml, "demo", "/").unwrap();
    let user = fx.create_user(ml, "alice").unwrap();
    let cloud = env.cloud();

    // Creation first (the engine orders dependencies; `execute` runs a batch at once).
    all_ok(cloud.execute(&[
        Operation::CreateBucket {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
        },
        Operation::CreateBucket {
            account: data.clone(),
            region: eu.clone(),
            bucket: bucket("eu-bucket"),
        },
    ]));
    let ops = vec![
        Operation::PutPublicAccessBlock {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
            config: PublicAccessBlock::all(true),
        },
        Operation::PutOwnershipControls {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
            ownership: ObjectOwnership::BucketOwnerEnforced,
        },
        Operation::CreateAccessPoint {
            account: data.clone(),
            region: r.clone(),
            name: ap("ap-internet"),
            bucket: bucket("data-bucket"),
            vpc: None,
        },
        Operation::CreateAccessPoint {
            account: data.clone(),
            region: r.clone(),
            name: ap("ap-vpc"),
            bucket: bucket("data-bucket"),
            vpc: Some(vpc.clone()),
        },
        Operation::PutBucketPolicy {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
            document: DOC.into(),
        },
        Operation::PutBucketPolicy {
            account: data.clone(),
            region: eu.clone(),
            bucket: bucket("eu-bucket"),
            document: DOC.into(),
        },
        Operation::PutEndpointPolicy {
            account: ml.clone(),
            region: r.clone(),
            endpoint: endpoint.clone(),
            document: DOC.into(),
        },
        Operation::PutIdentityPolicy {
            principal: role.clone(),
            policy_name: policy_name("share"),
            document: IDENTITY_DOC.into(),
        },
        Operation::PutIdentityPolicy {
            principal: user.clone(),
            policy_name: policy_name("share"),
            document: IDENTITY_DOC.into(),
        },
    ];
    let before = cloud.api_calls();
    all_ok(cloud.execute(&ops));
    assert_eq!(
        cloud.api_calls() - before,
        ops.len() as u64,
        "one call per operation"
    );
    all_ok(cloud.execute(&[Operation::PutAccessPointPolicy {
        account: data.clone(),
        region: r.clone(),
        name: ap("ap-internet"),
        document: DOC.into(),
    }]));

    // Read back raw.
    assert!(
        fx.list_buckets(data)
            .unwrap()
            .contains(&"eu-bucket".to_owned())
    );
    assert_eq!(
        fx.bucket_policy(data, "data-bucket").unwrap().as_deref(),
        Some(DOC)
    );
    assert_eq!(
        fx.bucket_policy(data, "eu-bucket").unwrap().as_deref(),
        Some(DOC)
    );
    assert_eq!(
        fx.public_access_block(data, "data-bucket").unwrap(),
        Some(PublicAccessBlock::all(true))
    );
    assert_eq!(
        fx.ownership(data, "data-bucket").unwrap(),
        Some(ObjectOwnership::BucketOwnerEnforced)
    );
    assert_eq!(
        fx.access_point(data, "us-east-1", "ap-vpc").unwrap(),
        Some(("data-bucket".to_owned(), Some(vpc.to_string())))
    );
    assert_eq!(
        fx.access_point_policy(data, "us-east-1", "ap-internet")
            .unwrap()
            .as_deref(),
        Some(DOC)
    );
    assert_eq!(
        fx.endpoint_policy(ml, "us-east-1", &endpoint)
            .unwrap()
            .as_deref(),
        Some(DOC)
    );
    assert_eq!(
        fx.identity_policy(&role, "share").unwrap().as_deref(),
        Some(IDENTITY_DOC)
    );
    assert_eq!(
        fx.identity_policy(&user, "share").unwrap().as_deref(),
        Some(IDENTITY_DOC)
    );

    // And through observe.
    let mut request = ObserveRequest::default();
    request
        .buckets
        .insert((data.clone(), r.clone(), bucket("data-bucket")));
    request.identities.extend([role.clone(), user.clone()]);
    request
        .endpoints
        .insert((ml.clone(), r.clone(), endpoint.clone()));
    let state = cloud.observe(&request).unwrap();
    let b = &state.buckets[&bucket("data-bucket")];
    assert_eq!(b.policy.as_deref(), Some(DOC));
    assert_eq!(b.public_access_block, Some(PublicAccessBlock::all(true)));
    assert_eq!(
        b.object_ownership,
        Some(ObjectOwnership::BucketOwnerEnforced)
    );
    assert_eq!(
        state.access_points[&(data.clone(), ap("ap-internet"))]
            .policy
            .as_deref(),
        Some(DOC)
    );
    assert_eq!(
        state.access_points[&(data.clone(), ap("ap-vpc"))].vpc,
        Some(vpc.clone())
    );
    assert_eq!(state.endpoints[&endpoint].policy.as_deref(), Some(DOC));
    assert_eq!(
        state.identities[&role].inline_policies["share"],
        IDENTITY_DOC
    );
    assert_eq!(
        state.identities[&user].inline_policies["share"],
        IDENTITY_DOC
    );

    // Removals; run twice, since removing what is already gone is success.
    let removals = vec![
        Operation::DeleteAccessPointPolicy {
            account: data.clone(),
            region: r.clone(),
            name: ap("ap-internet"),
        },
        Operation::DeleteBucketPolicy {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
        },
        Operation::DeleteIdentityPolicy {
            principal: role.clone(),
            policy_name: policy_name("share"),
        },
        Operation::DeleteIdentityPolicy {
            principal: user.clone(),
            policy_name: policy_name("share"),
        },
    ];
    all_ok(cloud.execute(&removals));
    all_ok(cloud.execute(&removals));
    assert_eq!(
        fx.access_point_policy(data, "us-east-1", "ap-internet")
            .unwrap(),
        None
    );
    assert_eq!(fx.bucket_policy(data, "data-bucket").unwrap(), None);
    assert_eq!(fx.identity_policy(&role, "share").unwrap(), None);
    assert_eq!(fx.identity_policy(&user, "share").unwrap(), None);
    let delete_ap = [Operation::DeleteAccessPoint {
        account: data.clone(),
        region: r.clone(),
        name: ap("ap-vpc"),
    }];
    all_ok(cloud.execute(&delete_ap));
    all_ok(cloud.execute(&delete_ap));
    assert_eq!(fx.access_point(data, "us-east-1", "ap-vpc").unwrap(), None);
    // Creating a bucket that is already ours is reaching the goal.
    all_ok(cloud.execute(&[Operation::CreateBucket {
        account: data.clone(),
        region: r.clone(),
        bucket: bucket("data-bucket"),
    }]));
}

#[test]
fn failures_name_account_resource_and_code_in_one_line_each_in_order() {
    let env = Env::start();
    let (data, ml, r) = (&env.data, &env.ml, &env.region);
    env.fx
        .create_bucket(data, "us-east-1", "data-bucket")
        .unwrap();
    let missing_role = PrincipalArn::parse("arn:aws:iam::111111111111:role/nobody").unwrap();
    let cloud = env.cloud();
    let results = cloud.execute(&[
        Operation::PutBucketPolicy {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("missing-bucket"),
            document: DOC.into(),
        },
        Operation::PutBucketPolicy {
            account: data.clone(),
            region: r.clone(),
            bucket: bucket("data-bucket"),
            document: DOC.into(),
        },
        Operation::PutIdentityPolicy {
            principal: missing_role,
            policy_name: policy_name("share"),
            document: IDENTITY_DOC.into(),
        },
        Operation::PutAccessPointPolicy {
            account: data.clone(),
            region: r.clone(),
            name: ap("no-such-ap"),
            document: DOC.into(),
        },
        Operation::PutEndpointPolicy {
            account: ml.clone(),
            region: r.clone(),
            endpoint: "vpce-0123456789abcdef0".parse().unwrap(),
            document: DOC.into(),
        },
        Operation::PutBucketPolicy {
            account: Fixture::account_id("333333333333"),
            region: r.clone(),
            bucket: bucket("partner-bucket"),
            document: DOC.into(),
        },
    ]);
    assert_eq!(results.len(), 6);
    let e = results[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.code.as_deref(), Some("NoSuchBucket"));
    assert_eq!(e.resource, "bucket_policy.missing-bucket");
    let line = e.to_string();
    assert_clear(&line);
    assert!(
        line.starts_with("account 222222222222, bucket_policy.missing-bucket: NoSuchBucket: "),
        "{line}"
    );
    assert!(results[1].is_ok());
    let e = results[2].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.code.as_deref(), Some("NoSuchEntity"));
    assert_clear(&e.to_string());
    let e = results[3].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    assert_eq!(e.code.as_deref(), Some("NoSuchAccessPoint"));
    assert_clear(&e.to_string());
    let e = results[4].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    assert_eq!(e.code.as_deref(), Some("InvalidVpcEndpointId.NotFound"));
    let e = results[5].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Credentials);
}
