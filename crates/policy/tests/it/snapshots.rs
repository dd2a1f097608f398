//! Snapshots of canonical and pretty renderings: the exact bytes `share` sends and shows.

use share_policy::{Document, Effect, Principals, Statement, ValueSet, merge, sid};
use std::collections::BTreeMap;

fn aws(values: &[&str]) -> Principals {
    Principals::Typed(BTreeMap::from([(
        "AWS".to_owned(),
        ValueSet::of(values.iter().copied()),
    )]))
}

/// The bucket delegation policy of aws-semantics §1.1 plus a direct grant, as a compiler
/// would build it (sets deliberately unsorted).
fn bucket_policy() -> Document {
    let mut delegate = Statement::new(Effect::Allow);
    delegate.sid = Some(sid("Share", &["delegate", "access-points"]));
    delegate.principal = Some(Principals::Any);
    delegate.action = Some(ValueSet::of(["*"]));
    delegate.resource = Some(ValueSet::of([
        "arn:aws:s3:::test-bucket-1/*",
        "arn:aws:s3:::test-bucket-1",
    ]));
    delegate.condition.insert(
        "StringEquals".into(),
        BTreeMap::from([(
            "s3:DataAccessPointAccount".to_owned(),
            ValueSet::of(["222222222222"]),
        )]),
    );
    let mut list = Statement::new(Effect::Allow);
    list.sid = Some(sid("Share", &["list", "partner", "datasets/credit/"]));
    list.principal = Some(aws(&["arn:aws:iam::333333333333:root"]));
    list.action = Some(ValueSet::of(["s3:ListBucket"]));
    list.resource = Some(ValueSet::of(["arn:aws:s3:::test-bucket-1"]));
    list.condition.insert(
        "StringLike".into(),
        BTreeMap::from([("s3:prefix".to_owned(), ValueSet::of(["datasets/credit/*"]))]),
    );
    let mut read = Statement::new(Effect::Allow);
    read.sid = Some(sid("Share", &["read", "partner", "datasets/credit/"]));
    read.principal = Some(aws(&["arn:aws:iam::333333333333:root"]));
    read.action = Some(ValueSet::of([
        "s3:GetObjectTagging",
        "s3:GetObject",
        "s3:GetObjectRetention",
        "s3:GetObjectLegalHold",
        "s3:GetObjectAcl",
    ]));
    read.resource = Some(ValueSet::of([
        "arn:aws:s3:::test-bucket-1/datasets/credit/*",
    ]));
    Document::new(vec![delegate, list, read])
}

/// A gateway endpoint policy: `Principal "*"` with `aws:PrincipalArn` (aws-semantics §1.2).
fn endpoint_policy() -> Document {
    let mut st = Statement::new(Effect::Allow);
    st.sid = Some(sid("Share", &["read", "demo-notebook", "test-ap-1"]));
    st.principal = Some(Principals::Any);
    st.action = Some(ValueSet::of([
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetBucketLocation",
    ]));
    st.resource = Some(ValueSet::of([
        "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*",
        "arn:aws:s3:::test-bucket-1/datasets/credit/*",
        "arn:aws:s3:::test-bucket-1",
        "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1",
    ]));
    st.condition.insert(
        "StringEquals".into(),
        BTreeMap::from([(
            "aws:PrincipalArn".to_owned(),
            ValueSet::of(["arn:aws:iam::111111111111:role/demo"]),
        )]),
    );
    Document::new(vec![st])
}

#[test]
fn bucket_policy_renderings() {
    let d = bucket_policy();
    insta::assert_snapshot!("bucket_policy_canonical", d.to_canonical_json());
    insta::assert_snapshot!("bucket_policy_pretty", d.to_pretty_json());
}

#[test]
fn endpoint_policy_renderings() {
    let d = endpoint_policy();
    insta::assert_snapshot!("endpoint_policy_canonical", d.to_canonical_json());
    insta::assert_snapshot!("endpoint_policy_pretty", d.to_pretty_json());
}

#[test]
fn normalized_form_of_an_aws_rewritten_policy() {
    // As S3 returned it in 2014 (aws-cli#849): no whitespace, scalars, account id.
    let live = r#"{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"AWS":["333333333333","arn:aws:iam::111111111111:role/demo"]},"Action":["S3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bkt/*","arn:aws:s3:::bkt"],"Condition":{"Bool":{"aws:SecureTransport":true}}},{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::bkt"}]}"#;
    let n = Document::parse(live).unwrap().normalized();
    insta::assert_snapshot!("aws_rewritten_normalized_pretty", n.to_pretty_json());
}

#[test]
fn merged_document() {
    let live = r#"{"Version":"2012-10-17","Id":"Policy1","Statement":[{"Sid":"ShareOld","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::test-bucket-1","arn:aws:s3:::test-bucket-1/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
    let owned = bucket_policy().statements;
    let merged = merge(Some(live), &owned, "Share").unwrap().unwrap();
    insta::assert_snapshot!("merged_canonical", merged);
    insta::assert_snapshot!(
        "merged_pretty",
        Document::parse(&merged).unwrap().to_pretty_json()
    );
}
