//! Unit tests of `arns.rs`.

use super::*;

fn p(s: &str) -> Prefix {
    Prefix::parse(s).unwrap()
}

#[test]
fn arns_follow_the_partition() {
    let b = BucketName::parse("test-bucket-1").unwrap();
    assert_eq!(bucket(Partition::Aws, &b), "arn:aws:s3:::test-bucket-1");
    assert_eq!(
        bucket(Partition::AwsCn, &b),
        "arn:aws-cn:s3:::test-bucket-1"
    );
    let ap = AccessPointName::parse("test-ap-1").unwrap();
    let r = Region::parse("us-gov-west-1").unwrap();
    let a = AccountId::parse("222222222222").unwrap();
    assert_eq!(
        access_point(r.partition(), &r, &a, &ap),
        "arn:aws-us-gov:s3:us-gov-west-1:222222222222:accesspoint/test-ap-1"
    );
    assert_eq!(
        account_root(Partition::Aws, &a),
        "arn:aws:iam::222222222222:root"
    );
}

#[test]
fn scopes_merge_and_drop_covered_prefixes() {
    let a = Scope::of(&[p("data/"), p("data/x/"), p("logs/")]);
    assert_eq!(
        a,
        Scope::Prefixes(["data/".to_owned(), "logs/".to_owned()].into())
    );
    let b = Scope::of(&[p("datasets/")]);
    let u = a.union(&b);
    assert_eq!(
        u.list_prefixes().unwrap(),
        ["data/*", "datasets/*", "logs/*"]
    );
    assert_eq!(u.union(&Scope::Whole), Scope::Whole);
    assert_eq!(Scope::of(&[]), Scope::Whole);
    assert!(Scope::Whole.list_prefixes().is_none());
}

#[test]
fn object_arns() {
    let s = Scope::of(&[p("datasets/credit/")]);
    assert_eq!(
        s.bucket_objects("arn:aws:s3:::b1"),
        ["arn:aws:s3:::b1/datasets/credit/*"]
    );
    assert_eq!(
        s.access_point_objects("arn:aws:s3:us-east-1:222222222222:accesspoint/ap"),
        ["arn:aws:s3:us-east-1:222222222222:accesspoint/ap/object/datasets/credit/*"]
    );
    assert_eq!(
        Scope::Whole.bucket_objects("arn:aws:s3:::b1"),
        ["arn:aws:s3:::b1/*"]
    );
    assert_eq!(
        Scope::Whole.access_point_objects("arn:x/ap"),
        ["arn:x/ap/object/*"]
    );
}
