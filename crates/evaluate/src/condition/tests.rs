//! Unit tests of `condition.rs`.

use super::*;
use share_policy::Document;

fn conds(json: &str) -> Conditions {
    let doc = Document::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{json}}}]}}"#
    ))
    .unwrap();
    doc.statements[0].condition.clone()
}

fn facts() -> Facts {
    let mut f = Facts::default();
    f.present("aws:SourceVpce", "vpce-1a2b3c4d");
    f.present("s3:prefix", "datasets/credit/2024/");
    f.present("s3:max-keys", "10");
    f.present("aws:SecureTransport", "true");
    f.present("aws:SourceIp", "203.0.113.7");
    f.present("aws:PrincipalArn", "arn:aws:iam::111111111111:role/demo");
    f.set(
        "aws:TagKeys",
        KeyState::Present(vec!["key1:legal".into(), "key1:hr".into()]),
    );
    f.absent("aws:SourceVpc");
    f
}

fn eval(json: &str) -> Tri {
    evaluate(&conds(json), &facts(), true)
}

#[test]
fn strings() {
    assert_eq!(
        eval(r#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringEquals":{"AWS:SOURCEVPCE":"vpce-1a2b3c4d"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringEquals":{"aws:SourceVpce":"VPCE-1A2B3C4D"}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"StringEqualsIgnoreCase":{"aws:SourceVpce":"VPCE-1A2B3C4D"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringNotEquals":{"aws:SourceVpce":["a","b"]}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringNotEquals":{"aws:SourceVpce":["a","vpce-1a2b3c4d"]}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"StringLike":{"s3:prefix":"datasets/credit/*"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringNotLike":{"s3:prefix":"datasets/credit/*"}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"StringEquals":{"s3:prefix":"datasets/credit/*"}}"#),
        Tri::No
    );
}

#[test]
fn missing_keys() {
    assert_eq!(
        eval(r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"StringNotEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}"#),
        Tri::Yes
    );
    assert_eq!(eval(r#"{"Null":{"aws:SourceVpc":"true"}}"#), Tri::Yes);
    assert_eq!(eval(r#"{"Null":{"aws:SourceVpc":"false"}}"#), Tri::No);
    assert_eq!(eval(r#"{"Null":{"aws:SourceVpce":false}}"#), Tri::Yes);
    assert_eq!(
        eval(r#"{"ForAllValues:StringEquals":{"aws:SourceVpc":"x"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"ForAnyValue:StringEquals":{"aws:SourceVpc":"x"}}"#),
        Tri::No
    );
    assert_eq!(eval(r#"{"Bool":{"aws:SourceVpc":"true"}}"#), Tri::No);
}

#[test]
fn unknowns() {
    assert!(
        matches!(eval(r#"{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#), Tri::Unknown(r) if r.contains("aws:PrincipalOrgID"))
    );
    assert!(
        matches!(eval(r#"{"StringFuzzy":{"aws:SourceVpce":"x"}}"#), Tri::Unknown(r) if r.contains("unknown condition operator"))
    );
    assert!(
        matches!(eval(r#"{"StringLike":{"s3:prefix":"${aws:username}/*"}}"#), Tri::Unknown(r) if r.contains("policy variable"))
    );
    assert!(matches!(
        eval(r#"{"NullIfExists":{"s3:prefix":"true"}}"#),
        Tri::Unknown(_)
    ));
    assert!(matches!(
        eval(r#"{"DateLessThan":{"s3:prefix":"2020-01-01"}}"#),
        Tri::Unknown(_)
    ));
    assert!(
        matches!(eval(r#"{"StringEquals":{"aws:TagKeys":"key1:hr"}}"#), Tri::Unknown(r) if r.contains("multivalued"))
    );
    // An unknown key under a false operator does not matter.
    assert_eq!(
        eval(
            r#"{"StringEquals":{"aws:SourceVpce":"other"},"StringLike":{"aws:PrincipalOrgID":"o-*"}}"#
        ),
        Tri::No
    );
    // 2008-10-17 documents treat `${` literally.
    assert_eq!(
        evaluate(
            &conds(r#"{"StringLike":{"s3:prefix":"${x}/*"}}"#),
            &facts(),
            false
        ),
        Tri::No
    );
}

#[test]
fn sets() {
    assert_eq!(
        eval(r#"{"ForAllValues:StringLike":{"aws:TagKeys":"key1*"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["key1:hr","x"]}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["key1:hr","x"]}}"#),
        Tri::No
    );
    assert_eq!(
        eval(r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["key1:hr","key1:legal","x"]}}"#),
        Tri::Yes
    );
}

#[test]
fn numbers_bools_arns_ips() {
    assert_eq!(
        eval(r#"{"NumericLessThanEquals":{"s3:max-keys":10}}"#),
        Tri::Yes
    );
    assert_eq!(eval(r#"{"NumericLessThan":{"s3:max-keys":10}}"#), Tri::No);
    assert_eq!(
        eval(r#"{"NumericNotEquals":{"s3:max-keys":"11"}}"#),
        Tri::Yes
    );
    assert_eq!(eval(r#"{"Bool":{"aws:SecureTransport":false}}"#), Tri::No);
    assert_eq!(eval(r#"{"Bool":{"aws:SecureTransport":"True"}}"#), Tri::Yes);
    assert_eq!(
        eval(r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/*"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/demo"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::222222222222:*"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}"#),
        Tri::Yes
    );
    assert_eq!(
        eval(r#"{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}"#),
        Tri::No
    );
}
