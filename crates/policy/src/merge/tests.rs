//! Unit tests of `merge.rs`.

use super::*;
use crate::model::{Effect, ValueSet};

/// Regression: a plain "starts with" made another team's `SharedWithBiTeam` share's,
/// and a plan deleted it.
#[test]
fn ownership_needs_a_word_boundary_after_the_prefix() {
    assert!(is_owned(Some("ShareReadPartnerList"), "Share"));
    assert!(is_owned(Some("Share2"), "Share"));
    assert!(is_owned(Some("Share"), "Share"));
    assert!(!is_owned(Some("SharedWithBiTeam"), "Share"));
    assert!(!is_owned(Some("share"), "Share"));
    assert!(!is_owned(None, "Share"));
    let live = r#"{"Statement":[{"Sid":"SharedWithBiTeam","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#;
    let parts = split(live, "Share").unwrap();
    assert_eq!(parts.foreign.len(), 1);
    assert!(parts.owned.is_empty());
}

fn owned(sid: &str) -> Statement {
    let mut st = Statement::new(Effect::Allow);
    st.sid = Some(sid.into());
    st.action = Some(ValueSet::of(["s3:GetObject"]));
    st.resource = Some(ValueSet::of(["arn:aws:s3:::b/*"]));
    st
}

const LIVE: &str = r#"{"Id":"Keep","Version":"2008-10-17","Statement":[
    {"Sid":"ShareOld","Effect":"Allow","Action":"s3:*","Resource":"*"},
    {"Resource":"*","Effect":"Deny","Action":"s3:DeleteBucket"},
    {"Sid":"","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*","Principal":{"AWS":"123456789012"}},
    {"Sid":"shareLowercaseIsForeign","Effect":"Allow","Action":"a"}]}"#;

#[test]
fn splits_by_prefix() {
    let s = split(LIVE, "Share").unwrap();
    assert_eq!(s.owned.len(), 1);
    assert_eq!(s.owned[0].sid.as_deref(), Some("ShareOld"));
    assert_eq!(s.foreign.len(), 3);
    assert_eq!(
        s.foreign[0],
        serde_json::json!({"Resource":"*","Effect":"Deny","Action":"s3:DeleteBucket"})
    );
}

#[test]
fn merge_keeps_foreign_exactly_and_first() {
    let out = merge(Some(LIVE), &[owned("ShareNew")], "Share")
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        r#"{"Version":"2012-10-17","Id":"Keep","Statement":[{"Resource":"*","Effect":"Deny","Action":"s3:DeleteBucket"},{"Sid":"","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*","Principal":{"AWS":"123456789012"}},{"Sid":"shareLowercaseIsForeign","Effect":"Allow","Action":"a"},{"Sid":"ShareNew","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
    );
}

#[test]
fn merge_single_statement_object() {
    let live = r#"{"Statement":{"Effect":"Allow","Action":"a"}}"#;
    let out = merge(Some(live), &[], "Share").unwrap().unwrap();
    assert_eq!(
        out,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a"}]}"#
    );
}

#[test]
fn merge_to_nothing_deletes() {
    let live =
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareA","Effect":"Allow","Action":"a"}]}"#;
    assert_eq!(merge(Some(live), &[], "Share").unwrap(), None);
    assert_eq!(merge(None, &[], "Share").unwrap(), None);
    assert_eq!(merge(Some("  "), &[], "Share").unwrap(), None);
    assert_eq!(
        merge(None, &[owned("ShareA")], "Share").unwrap().unwrap(),
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareA","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
    );
}

#[test]
fn never_overwrites_what_it_cannot_read() {
    for bad in [
        "not json",
        r#"{"Statement":[{"Effect":"Allow","Action":"a","Futuristic":1}]}"#,
        r#"{"Version":"2012-10-17"}"#,
    ] {
        assert!(
            merge(Some(bad), &[owned("ShareA")], "Share").is_err(),
            "{bad}"
        );
        assert!(split(bad, "Share").is_err(), "{bad}");
    }
}

#[test]
fn rejects_bad_desired_statements_and_prefixes() {
    assert!(merge(None, &[owned("Other")], "Share").is_err());
    assert!(merge(None, &[Statement::new(Effect::Allow)], "Share").is_err());
    assert!(merge(None, &[owned("ShareA"), owned("ShareA")], "Share").is_err());
    assert!(merge(None, &[owned("ShareA")], "").is_err());
    assert!(split("{\"Statement\":[]}", "Sh-are").is_err());
}
