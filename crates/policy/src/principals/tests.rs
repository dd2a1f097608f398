//! Unit tests of `principals.rs`.

use super::*;

#[test]
fn finds_unique_ids_only_in_aws_principals() {
    let d = Document::parse(
        r#"{"Statement":[
          {"Effect":"Allow","Principal":{"AWS":["AROAJQABLZS4A3QDU576Q","arn:aws:iam::123456789012:role/x","123456789012"]},"Action":"a"},
          {"Effect":"Deny","NotPrincipal":{"AWS":"AIDAJQABLZS4A3QDU576Q"},"Action":"a"},
          {"Effect":"Allow","Principal":{"Service":"AROAJQABLZS4A3QDU5770"},"Action":"a","Resource":"AIDAJQABLZS4A3QDU5771"},
          {"Effect":"Allow","Principal":{"AWS":["AROAJQABLZS4A3QDU576Q","AROAjqablzs4a3qdu576q","AROA1"]},"Action":"a"}
        ]}"#,
    )
    .unwrap();
    assert_eq!(
        unique_id_principals(&d),
        ["AIDAJQABLZS4A3QDU576Q", "AROAJQABLZS4A3QDU576Q"]
    );
}
