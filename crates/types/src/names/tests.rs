//! Unit tests of `names.rs`.

use super::*;

#[test]
fn account_ids() {
    assert!(AccountId::parse("123456789012").is_ok());
    assert!(AccountId::parse("12345678901").is_err());
    assert!(AccountId::parse("12345678901a").is_err());
    let e = AccountId::parse("1").unwrap_err();
    assert_eq!(e.kind, "account id");
    assert!(e.to_string().contains("12 digits"));
}

#[test]
fn regions() {
    for ok in [
        "us-east-1",
        "eu-central-2",
        "us-gov-west-1",
        "cn-north-1",
        "ap-southeast-4",
    ] {
        assert!(Region::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "us-east",
        "US-EAST-1",
        "useast1",
        "",
        "us-east-1a",
        "u-east-1",
    ] {
        assert!(Region::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn bucket_names() {
    for ok in ["test-bucket-1", "abc", "my.bucket.name", "a1b"] {
        assert!(BucketName::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "ab",
        "Test-bucket",
        "-abc",
        "abc-",
        "a..b",
        "192.168.5.4",
        "xn--abc",
        "bucket-s3alias",
        "under_score",
        &"a".repeat(64),
    ] {
        assert!(BucketName::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn access_point_names() {
    assert!(AccessPointName::parse("test-ap-1").is_ok());
    assert!(AccessPointName::parse(&"a".repeat(50)).is_ok());
    for bad in [
        "ab",
        "Ap-one",
        "ap_one",
        "ap.one",
        "-ap",
        "ap-",
        "my-ap-s3alias",
        &"a".repeat(51),
    ] {
        assert!(AccessPointName::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn vpc_ids() {
    assert!(VpcId::parse("vpc-0abc1234").is_ok());
    assert!(VpcId::parse("vpc-0a1b2c3d4e5f60718").is_ok());
    assert!(VpcId::parse("vpc-0ABC1234").is_err());
    assert!(VpcId::parse("vpce-0abc1234").is_err());
    assert!(VpcEndpointId::parse("vpce-0abc1234").is_ok());
    assert!(VpcEndpointId::parse("vpce-123").is_err());
}

#[test]
fn prefixes() {
    assert!(Prefix::parse("datasets/credit/").is_ok());
    for bad in ["", "/abs", "a*", "a?b", "${aws:username}/"] {
        assert!(Prefix::parse(bad).is_err(), "{bad}");
    }
    let a = Prefix::parse("data/").unwrap();
    let b = Prefix::parse("data/x/").unwrap();
    assert!(a.covers(&b));
    assert!(!b.covers(&a));
}

#[test]
fn sid_prefix_and_policy_name() {
    assert!(SidPrefix::parse("Share").is_ok());
    assert!(SidPrefix::parse("Share_1").is_err());
    assert!(PolicyName::parse("share").is_ok());
    assert!(PolicyName::parse("has space").is_err());
}

#[test]
fn serde_validates() {
    let ok: AccountId = serde_json::from_str("\"123456789012\"").unwrap();
    assert_eq!(ok.as_str(), "123456789012");
    assert!(serde_json::from_str::<AccountId>("\"12\"").is_err());
}
