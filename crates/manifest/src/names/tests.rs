//! Unit tests of `names.rs`.

use super::*;
use std::collections::BTreeMap;

#[test]
fn logical_names() {
    for ok in [
        "datalake",
        "ml",
        "demo-notebook",
        "a_b",
        "A1",
        &"x".repeat(64),
    ] {
        assert!(AccountName::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["", "with space", "dot.ted", "ü", &"x".repeat(65)] {
        let e = GranteeName::parse(bad).unwrap_err();
        assert_eq!(e.kind, "grantee name");
        assert!(e.expected.contains("1–64"));
    }
}

#[test]
fn borrow_as_str_for_lookups() {
    let mut m = BTreeMap::new();
    m.insert(EndpointName::parse("gw").unwrap(), 1);
    assert_eq!(m.get("gw"), Some(&1));
}
