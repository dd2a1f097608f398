//! Unit tests of `model.rs`.

use super::*;

#[test]
fn parses_aws_forms() {
    let d = Document::parse(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}}"#,
    )
    .unwrap();
    assert_eq!(d.statements.len(), 1);
    let s = &d.statements[0];
    assert_eq!(s.principal, Some(Principals::Any));
    assert_eq!(s.condition["Bool"]["aws:SecureTransport"].0, vec!["true"]);
    assert_eq!(s.condition["NumericLessThan"]["s3:max-keys"].0, vec!["10"]);
}

#[test]
fn rejects_bad_shapes() {
    for (text, needle) in [
        ("[]", "JSON object"),
        ("{}", "needs `Statement`"),
        (r#"{"Statement":[{"Action":"s3:*"}]}"#, "needs `Effect`"),
        (
            r#"{"Statement":[{"Effect":"Maybe","Action":"s3:*"}]}"#,
            "Allow",
        ),
        (r#"{"Statement":[{"Effect":"Allow"}]}"#, "Action"),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":[1]}]}"#,
            "list of strings",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":"a","Foo":1}]}"#,
            "unknown statement element",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":"a","Principal":"me"}]}"#,
            "principal",
        ),
        ("not json", "not valid JSON"),
    ] {
        let e = Document::parse(text).unwrap_err().to_string();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn round_trips_key_order() {
    let d = Document::parse(
        r#"{"Statement":[{"Resource":"r","Action":["a","b"],"Effect":"Deny","Sid":"X"}],"Version":"2012-10-17"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&d.to_value()).unwrap(),
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"X","Effect":"Deny","Action":["a","b"],"Resource":"r"}]}"#
    );
}
