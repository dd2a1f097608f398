//! Unit tests of `request.rs`.

use super::*;

#[test]
fn principals() {
    let s = Principal::parse("arn:aws:sts::111111111111:assumed-role/demo/alice").unwrap();
    assert_eq!(s.identity().as_str(), "arn:aws:iam::111111111111:role/demo");
    assert_eq!(
        s.session_arn().as_deref(),
        Some("arn:aws:sts::111111111111:assumed-role/demo/alice")
    );
    assert_eq!(s.account().as_str(), "111111111111");
    let r = Principal::parse("arn:aws:iam::111111111111:role/svc/demo").unwrap();
    assert!(matches!(r, Principal::Role { session: None, .. }));
    assert!(matches!(
        Principal::parse("arn:aws:iam::111111111111:user/bob").unwrap(),
        Principal::User(_)
    ));
    for bad in [
        "arn:aws:sts::111111111111:assumed-role/demo",
        "arn:aws:sts::111111111111:assumed-role/demo/a",
        "arn:aws:sts::1:assumed-role/demo/alice",
        "arn:aws:sts::111111111111:federated-user/bob",
        "arn:aws:iam::111111111111:group/x",
        "bob",
    ] {
        assert!(Principal::parse(bad).is_err(), "{bad}");
    }
    let user = PrincipalArn::parse("arn:aws:iam::111111111111:user/bob").unwrap();
    assert!(matches!(
        Principal::assumed_role(user, "s1"),
        Err(RequestError::NotARole(_))
    ));
}

#[test]
fn actions() {
    assert!(Action::parse("s3:GetObject").is_ok());
    assert!(Action::parse("s3:GetObject").unwrap().is("S3:GETOBJECT"));
    for bad in ["s3", "s3:", ":x", "s3:Get*", "s3:Get Object"] {
        assert!(Action::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn arns() {
    let p = Principal::parse("arn:aws:iam::111111111111:role/demo").unwrap();
    let req = Request::new(
        p,
        Action::parse("s3:GetObject").unwrap(),
        BucketName::parse("test-bucket-1").unwrap(),
        AccountId::parse("222222222222").unwrap(),
    )
    .object("datasets/credit/a.csv")
    .unwrap();
    assert_eq!(
        req.bucket_form_arn(),
        "arn:aws:s3:::test-bucket-1/datasets/credit/a.csv"
    );
    assert_eq!(req.identity_arn(), req.bucket_form_arn());
    let ap = AccessPoint::new(
        AccessPointName::parse("test-ap-1").unwrap(),
        AccountId::parse("222222222222").unwrap(),
        Region::parse("eu-west-1").unwrap(),
    );
    let req = req.via(ap);
    assert_eq!(
        req.identity_arn(),
        "arn:aws:s3:eu-west-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/a.csv"
    );
    assert!(req.clone().object("").is_err());
}

#[test]
fn s3_uris() {
    let p = Principal::parse("arn:aws:iam::111111111111:role/demo").unwrap();
    let owner = AccountId::parse("222222222222").unwrap();
    let get = Action::parse("s3:GetObject").unwrap();
    let r = Request::for_s3_uri(p.clone(), get.clone(), "s3://b-1/a/b.csv", owner.clone()).unwrap();
    assert_eq!(r.key.as_deref(), Some("a/b.csv"));
    let list = Action::parse("s3:ListBucket").unwrap();
    let r = Request::for_s3_uri(p.clone(), list, "s3://b-1/datasets/", owner.clone()).unwrap();
    assert_eq!(r.key, None);
    assert_eq!(
        r.context.get("s3:prefix"),
        Some(&ContextValue::Values(vec!["datasets/".into()]))
    );
    let r = Request::for_s3_uri(p.clone(), get.clone(), "s3://b-1/", owner.clone()).unwrap();
    assert_eq!(r.key, None);
    for bad in ["b-1/x", "s3://", "s3://B/x"] {
        assert!(
            Request::for_s3_uri(p.clone(), get.clone(), bad, owner.clone()).is_err(),
            "{bad}"
        );
    }
}
