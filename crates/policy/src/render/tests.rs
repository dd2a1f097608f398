//! Unit tests of `render.rs`.

use super::*;

#[test]
fn canonical_sorts_sets_keeps_statement_order() {
    let d = Document::parse(
        r#"{ "Statement": [ {"Resource":["r2","r1","r2"],"Action":["b","a"],"Effect":"Allow","Sid":"Z"},
            {"Effect":"Deny","Action":"x","Principal":{"AWS":["2","1"]}} ], "Version": "2012-10-17" }"#,
    )
    .unwrap();
    assert_eq!(
        d.to_canonical_json(),
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Z","Effect":"Allow","Action":["a","b"],"Resource":["r1","r2"]},{"Effect":"Deny","Principal":{"AWS":["1","2"]},"Action":"x"}]}"#
    );
}

#[test]
fn fingerprint_ignores_aws_rewrites() {
    let a = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["123456789012"]},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}"#;
    let b = "{\n \"Statement\": {\"Resource\": [\"arn:aws:s3:::b/*\"], \"Action\": \"s3:getobject\", \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}, \"Effect\": \"Allow\", \"Sid\": \"\"},\n \"Version\": \"2012-10-17\"\n}";
    assert_eq!(fingerprint(a), fingerprint(b));
    let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%5B%22123456789012%22%5D%7D%2C%22Action%22%3A%5B%22s3%3AGetObject%22%5D%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F%2A%22%7D%5D%7D";
    assert_eq!(fingerprint(a), fingerprint(encoded));
    assert_ne!(fingerprint(a), fingerprint(&a.replace("Allow", "Deny")));
    assert_eq!(fingerprint(a).len(), 64);
}

#[test]
fn fingerprint_of_unparsable_text_is_of_its_bytes() {
    assert_eq!(
        fingerprint("not json"),
        hex::encode(Sha256::digest(b"not json"))
    );
    assert_ne!(fingerprint("not json"), fingerprint("not json "));
}
