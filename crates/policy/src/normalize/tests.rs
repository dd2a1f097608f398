//! Unit tests of `normalize.rs`.

use super::*;

fn doc(text: &str) -> Document {
    Document::parse(text).unwrap()
}

#[test]
fn account_id_uses_document_partition() {
    let d = doc(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::b/*"}]}"#,
    );
    let n = d.normalized();
    assert_eq!(
        n.statements[0].principal,
        Some(Principals::Typed(BTreeMap::from([(
            "AWS".to_owned(),
            ValueSet::of(["arn:aws-cn:iam::123456789012:root"])
        )])))
    );
    assert_eq!(n.version.as_deref(), Some(IMPLICIT_VERSION));
}

#[test]
fn explicit_partition_reads_bare_ids() {
    let a = doc(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"a","Resource":"*"}]}"#,
    );
    let b = doc(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::123456789012:root"},"Action":"a","Resource":"*"}]}"#,
    );
    assert!(!equivalent(&a, &b));
    assert!(equivalent_in(&a, &b, "aws-cn"));
    assert!(!equivalent_in(&a, &b, "aws"));
}

#[test]
fn conflicting_partitions_default_to_aws() {
    let d = doc(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"a","Resource":["arn:aws-cn:s3:::b","arn:aws-us-gov:s3:::c"]}]}"#,
    );
    assert_eq!(d.partition(), "aws");
    let w = doc(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Resource":"arn:*:s3:::b"}]}"#,
    );
    assert_eq!(w.partition(), "aws");
}

#[test]
fn case_colliding_condition_keys_keep_spelling() {
    let d = doc(
        r#"{"Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"AWS:SourceVpce":"x","aws:sourcevpce":"y","S3:Prefix":"p"}}}]}"#,
    );
    let n = d.normalized();
    let keys: Vec<_> = n.statements[0].condition["StringEquals"]
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["AWS:SourceVpce", "aws:sourcevpce", "s3:prefix"]);
    assert_eq!(n.normalized(), n);
}

#[test]
fn multiset_not_set() {
    let a = doc(
        r#"{"Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Action":"a"},{"Effect":"Deny","Action":"a"}]}"#,
    );
    let b = doc(
        r#"{"Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Deny","Action":"a"},{"Effect":"Deny","Action":"a"}]}"#,
    );
    assert!(!equivalent(&a, &b));
    assert!(equivalent(&a, &a.clone()));
}

#[test]
fn statement_equivalence_infers_partition_from_pair() {
    let a = Statement::from_value(
        &serde_json::json!({"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"a","Resource":"*"}),
        "a",
    )
    .unwrap();
    let b = Statement::from_value(
        &serde_json::json!({"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::123456789012:root"},"Action":"A","Resource":"*"}),
        "b",
    )
    .unwrap();
    assert!(a.equivalent(&b));
    assert!(b.equivalent(&a));
}
