//! Unit tests of `arn.rs`.

use super::*;

#[test]
fn arns() {
    let a = Arn::parse("arn:aws:s3:us-east-1:123456789012:accesspoint/test-ap").unwrap();
    assert_eq!(a.service(), "s3");
    assert_eq!(a.region(), "us-east-1");
    assert_eq!(a.account().unwrap().as_str(), "123456789012");
    assert_eq!(a.resource(), "accesspoint/test-ap");
    assert!(Arn::parse("arn:aws:s3:::bucket/key:with:colons").is_ok());
    for bad in [
        "",
        "arn:aws:s3",
        "arn:foo:s3:::b",
        "arx:aws:s3:::b",
        "arn:aws:iam::12:role/x",
    ] {
        assert!(Arn::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn partitions() {
    let r = |s: &str| Region::parse(s).unwrap();
    assert_eq!(r("us-east-1").partition(), Partition::Aws);
    assert_eq!(r("cn-north-1").partition(), Partition::AwsCn);
    assert_eq!(r("us-gov-west-1").partition(), Partition::AwsUsGov);
}

#[test]
fn principals() {
    let p = PrincipalArn::parse("arn:aws:iam::111111111111:role/service/demo").unwrap();
    assert_eq!(p.kind(), PrincipalKind::Role);
    assert_eq!(p.name(), "demo");
    assert_eq!(p.path(), "/service/");
    assert_eq!(p.account().as_str(), "111111111111");
    let u = PrincipalArn::parse("arn:aws:iam::111111111111:user/alice").unwrap();
    assert_eq!(u.kind(), PrincipalKind::User);
    assert_eq!(u.path(), "/");
    for bad in [
        "arn:aws:iam::111111111111:group/x",
        "arn:aws:iam::111111111111:role/",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::111111111111:role/a*",
        "arn:aws:iam:us-east-1:111111111111:role/x",
    ] {
        assert!(PrincipalArn::parse(bad).is_err(), "{bad}");
    }
}
