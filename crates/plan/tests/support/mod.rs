//! Fixtures for the engine tests: a representative desired state built by hand (the
//! compiler is tested on its own), the live world it meets, and short helpers to plan and
//! apply against the in-memory fake.

#![allow(dead_code)]

use share_plan::testing::{FakeCloud, bucket, gateway_endpoint, identity};
use share_plan::{ApplyEvent, ApplyReport, Plan, PlanContext, apply, diff};
use share_policy::{Document, Statement};
use share_state::{
    Cloud, DesiredAccessPoint, DesiredBucket, DesiredEndpoint, DesiredIdentity, DesiredState,
    ObjectOwnership, ObservedState, PublicAccessBlock,
};
use share_types::{
    AccessPointName, AccountId, BucketName, PolicyName, PrincipalArn, Region, SidPrefix,
    VpcEndpointId, VpcId,
};

pub const OWNER: &str = "222222222222";
pub const GRANTEE: &str = "111111111111";
pub const BUCKET: &str = "test-bucket-1";
pub const AP: &str = "test-ap-1";
pub const VPC: &str = "vpc-0abc1234";
pub const OTHER_VPC: &str = "vpc-0def5678";
pub const VPCE: &str = "vpce-0123abcd";
pub const ROLE: &str = "arn:aws:iam::111111111111:role/demo";

pub fn account(s: &str) -> AccountId {
    AccountId::parse(s).unwrap()
}
pub fn region() -> Region {
    Region::parse("us-east-1").unwrap()
}
pub fn bucket_name(s: &str) -> BucketName {
    BucketName::parse(s).unwrap()
}
pub fn ap_name(s: &str) -> AccessPointName {
    AccessPointName::parse(s).unwrap()
}
pub fn vpc(s: &str) -> VpcId {
    VpcId::parse(s).unwrap()
}
pub fn vpce(s: &str) -> VpcEndpointId {
    VpcEndpointId::parse(s).unwrap()
}
pub fn arn(s: &str) -> PrincipalArn {
    PrincipalArn::parse(s).unwrap()
}

/// A statement from JSON.
pub fn st(json: &str) -> Statement {
    Statement::from_value(&serde_json::from_str(json).unwrap(), "test").unwrap()
}

/// A foreign statement of another team, as they wrote it (pretty, account id principal).
pub const FOREIGN: &str = r#"{
    "Sid": "OtherTeamRead",
    "Effect": "Allow",
    "Principal": {"AWS": ["444444444444"]},
    "Action": ["s3:GetObject"],
    "Resource": ["arn:aws:s3:::test-bucket-1/other/*"]
  }"#;

pub fn bucket_statements() -> Vec<Statement> {
    vec![
        st(
            r#"{"Sid":"ShareDelegateToAccessPoints","Effect":"Allow","Principal":{"AWS":"*"},"Action":"*",
                "Resource":["arn:aws:s3:::test-bucket-1","arn:aws:s3:::test-bucket-1/*"],
                "Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}"#,
        ),
        st(
            r#"{"Sid":"ShareReadPartner","Effect":"Allow","Principal":{"AWS":["333333333333"]},
                "Action":["s3:GetObject"],"Resource":["arn:aws:s3:::test-bucket-1/datasets/credit/*"]}"#,
        ),
    ]
}

pub fn ap_statements() -> Vec<Statement> {
    vec![
        st(
            r#"{"Sid":"ShareListDemoNotebook","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/demo"]},
                "Action":["s3:ListBucket"],"Resource":["arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1"],
                "Condition":{"StringLike":{"s3:prefix":["datasets/credit/*"]}}}"#,
        ),
        st(
            r#"{"Sid":"ShareReadDemoNotebook","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/demo"]},
                "Action":["s3:GetObject","s3:GetObjectTagging"],
                "Resource":["arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*"]}"#,
        ),
    ]
}

pub fn endpoint_statements() -> Vec<Statement> {
    vec![st(
        r#"{"Sid":"ShareEndpointDemoNotebook","Effect":"Allow","Principal":"*",
            "Action":["s3:GetObject","s3:ListBucket"],
            "Resource":["arn:aws:s3:::test-bucket-1","arn:aws:s3:::test-bucket-1/*",
                        "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1",
                        "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/*"],
            "Condition":{"StringEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/demo"]}}}"#,
    )]
}

pub fn identity_document() -> Document {
    Document::new(vec![
        st(
            r#"{"Sid":"ShareListTestBucket1","Effect":"Allow","Action":["s3:ListBucket"],
                "Resource":["arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1"],
                "Condition":{"StringLike":{"s3:prefix":["datasets/credit/*"]}}}"#,
        ),
        st(
            r#"{"Sid":"ShareReadTestBucket1","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectTagging"],
                "Resource":["arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*"]}"#,
        ),
    ])
}

/// The manifest of the README, compiled by hand: one bucket in `datalake`, one VPC access
/// point, one gateway endpoint and one grantee role in `ml`.
pub fn desired() -> DesiredState {
    let mut d = DesiredState {
        sid_prefix: SidPrefix::parse("Share").unwrap(),
        policy_name: PolicyName::parse("share").unwrap(),
        ..DesiredState::default()
    };
    d.buckets.insert(
        bucket_name(BUCKET),
        DesiredBucket {
            account: account(OWNER),
            region: region(),
            create: false,
            public_access_block: PublicAccessBlock::all(true),
            object_ownership: ObjectOwnership::BucketOwnerEnforced,
            statements: bucket_statements(),
        },
    );
    d.access_points.insert(
        ap_name(AP),
        DesiredAccessPoint {
            account: account(OWNER),
            region: region(),
            bucket: bucket_name(BUCKET),
            vpc: Some(vpc(VPC)),
            statements: ap_statements(),
        },
    );
    d.endpoints.insert(
        vpce(VPCE),
        DesiredEndpoint {
            account: account(GRANTEE),
            region: region(),
            statements: endpoint_statements(),
        },
    );
    d.identities.insert(
        arn(ROLE),
        DesiredIdentity {
            document: Some(identity_document()),
        },
    );
    d
}

/// The estate as a user's accounts look before share: the bucket's policy already holds
/// another team's statement, the endpoint has AWS's default policy, the role exists with an
/// inline policy of its own.
pub fn world() -> ObservedState {
    let mut w = ObservedState::default();
    let policy = format!(r#"{{"Version": "2012-10-17", "Statement": [{FOREIGN}]}}"#);
    w.buckets.insert(bucket_name(BUCKET), bucket(Some(&policy)));
    w.endpoints.insert(vpce(VPCE), gateway_endpoint(VPC, None));
    w.identities.insert(
        arn(ROLE),
        identity(
            "AROAJQABLZS4A3QDU576Q",
            &[(
                "team-baseline",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}"#,
            )],
        ),
    );
    w
}

pub fn ctx() -> PlanContext {
    PlanContext {
        manifest_path: "manifests/demo.yaml".into(),
        manifest_sha256: "5f0c0a4b0d6f4e2c9a1b3c5d7e9f00112233445566778899aabbccddeeff0011".into(),
        account_names: [
            (account(OWNER), "datalake".to_owned()),
            (account(GRANTEE), "ml".to_owned()),
        ]
        .into_iter()
        .collect(),
    }
}

/// Reads what `desired` needs from the cloud and diffs.
pub fn plan(desired: &DesiredState, cloud: &FakeCloud) -> Plan {
    let observed = cloud
        .observe(&desired.observe_request())
        .unwrap_or_else(|e| panic!("observe failed: {e:?}"));
    diff(desired, &observed, &ctx())
}

/// Applies a plan, collecting the events.
pub fn apply_all(plan: &Plan, cloud: &FakeCloud) -> (ApplyReport, Vec<ApplyEvent>) {
    let mut events = Vec::new();
    let report = apply(plan, cloud, &mut |e| events.push(e.clone()));
    (report, events)
}

/// The change for an address (display form), or panic with the plan's addresses.
pub fn change<'a>(plan: &'a Plan, address: &str) -> &'a share_plan::Change {
    plan.changes
        .iter()
        .find(|c| c.address.to_string() == address)
        .unwrap_or_else(|| {
            panic!(
                "no change for {address}; changes: {:?}",
                plan.changes
                    .iter()
                    .map(|c| format!("{} {}", c.action, c.address))
                    .collect::<Vec<_>>()
            )
        })
}

pub fn has_change(plan: &Plan, address: &str) -> bool {
    plan.changes
        .iter()
        .any(|c| c.address.to_string() == address)
}

/// Asserts that a plan does nothing.
pub fn assert_empty(plan: &Plan) {
    let actionable: Vec<String> = plan
        .actionable()
        .map(|c| format!("{} {}: {}", c.action, c.address, c.reason))
        .collect();
    assert!(
        actionable.is_empty(),
        "expected no changes, got {actionable:#?}"
    );
    assert!(plan.errors.is_empty(), "errors: {:#?}", plan.errors);
}

/// The foreign statements of a live document.
pub fn foreign_of(text: &str) -> Vec<serde_json::Value> {
    share_policy::split(text, "Share").unwrap().foreign
}

pub const BUCKET_POLICY: &str = "bucket_policy.test-bucket-1";
pub const AP_ADDR: &str = "access_point.test-ap-1";
pub const AP_POLICY: &str = "access_point_policy.test-ap-1";
pub const ENDPOINT_POLICY: &str = "endpoint_policy.vpce-0123abcd";
pub const IDENTITY_POLICY: &str = "identity_policy.arn:aws:iam::111111111111:role/demo#share";
