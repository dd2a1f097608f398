//! Merge properties (issue 3, item 4): for any live document, in any AWS form, every foreign
//! statement survives a merge unchanged and in order, and share's statements are exactly
//! the desired ones.

use crate::forms::{self, REWRITES, Rng};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;
use share_policy::{Document, Statement, dedupe_sids, equivalent, is_owned, merge, split};

const PREFIX: &str = "Share";

/// Desired statements: all with share's prefix, Sids made unique.
fn desired() -> BoxedStrategy<Vec<Statement>> {
    select(forms::PARTITIONS.to_vec())
        .prop_flat_map(|p| {
            prop::collection::vec(
                forms::statement_with(
                    p,
                    // Owned Sids continue the prefix at a word boundary (`is_owned`).
                    "[A-Z0-9][A-Za-z0-9]{0,3}"
                        .prop_map(|s| Some(format!("{PREFIX}{s}")))
                        .boxed(),
                ),
                0..4,
            )
        })
        .prop_map(|mut v| {
            dedupe_sids(&mut v);
            v
        })
        .boxed()
}

/// A live document in some AWS form: generated, then rewritten.
fn live() -> BoxedStrategy<(String, Value)> {
    (
        forms::document(),
        prop::collection::vec(select(REWRITES.to_vec()), 0..6),
        select(forms::LAYOUTS.to_vec()),
        any::<u64>(),
    )
        .prop_map(|((doc, _), rewrites, layout, seed)| {
            let partition = doc.partition().to_owned();
            let mut value = doc.to_value();
            let mut rng = Rng::new(seed);
            for r in rewrites {
                forms::apply(r, &mut value, &partition, &mut rng);
            }
            (forms::write(&value, layout), value)
        })
        .boxed()
}

fn raw_statements(value: &Value) -> Vec<Value> {
    match &value["Statement"] {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    }
}

fn sid_of(v: &Value) -> Option<&str> {
    v.get("Sid").and_then(Value::as_str)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn foreign_statements_survive_merge((text, value) in live(), owned in desired()) {
        let expected_foreign: Vec<Value> = raw_statements(&value)
            .into_iter()
            .filter(|s| !is_owned(sid_of(s), PREFIX))
            .collect();
        let merged = merge(Some(&text), &owned, PREFIX).unwrap();
        let Some(merged) = merged else {
            prop_assert!(expected_foreign.is_empty() && owned.is_empty());
            return Ok(());
        };
        let out: Value = serde_json::from_str(&merged).unwrap();
        // Version first, the live Id kept.
        prop_assert_eq!(out.as_object().unwrap().keys().next().map(String::as_str), Some("Version"));
        prop_assert_eq!(&out["Version"], "2012-10-17");
        prop_assert_eq!(out.get("Id"), value.get("Id"));
        let statements = out["Statement"].as_array().unwrap();
        prop_assert_eq!(statements.len(), expected_foreign.len() + owned.len());
        // Foreign: exactly the raw values, same order, first.
        prop_assert_eq!(&statements[..expected_foreign.len()], &expected_foreign[..]);
        // Owned: exactly the desired ones, in the order given.
        for (raw, want) in statements[expected_foreign.len()..].iter().zip(&owned) {
            let got = Statement::from_value(raw, "merged").unwrap();
            prop_assert_eq!(&got, &want.with_sorted_sets());
        }
        // Reading the result back splits it the same way.
        let again = split(&merged, PREFIX).unwrap();
        prop_assert_eq!(again.foreign, expected_foreign);
        prop_assert_eq!(again.owned.len(), owned.len());
        // Merging again with the same desired statements changes nothing, byte for byte.
        prop_assert_eq!(merge(Some(&merged), &owned, PREFIX).unwrap(), Some(merged.clone()));
    }

    #[test]
    fn merging_back_what_was_split_keeps_meaning((text, value) in live()) {
        let parts = split(&text, PREFIX).unwrap();
        prop_assert_eq!(
            parts.foreign.len() + parts.owned.len(),
            raw_statements(&value).len()
        );
        let merged = merge(Some(&text), &parts.owned, PREFIX).unwrap().unwrap();
        let mut before = Document::parse(&text).unwrap();
        before.version = Some("2012-10-17".into());
        prop_assert!(equivalent(&before, &Document::parse(&merged).unwrap()));
    }
}
