//! Properties of normalization and equivalence (issue 3, item 2).

use crate::forms::{self, LAYOUTS, MUTATIONS, REWRITES, Rng};
use proptest::prelude::*;
use proptest::sample::select;
use share_policy::{Document, equivalent, fingerprint};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Rewrites `doc` with the given rewrites in order, writes it in `layout` and parses it back.
fn rewritten(
    doc: &Document,
    rewrites: &[forms::Rewrite],
    layout: forms::Layout,
    seed: u64,
) -> (String, Document) {
    let partition = doc.partition().to_owned();
    let mut value = doc.to_value();
    let mut rng = Rng::new(seed);
    for r in rewrites {
        forms::apply(*r, &mut value, &partition, &mut rng);
    }
    let text = forms::write(&value, layout);
    let parsed = Document::parse(&text).unwrap_or_else(|e| {
        panic!("rewrite {rewrites:?} produced an unparsable policy: {e}\n{text}")
    });
    (text, parsed)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn normalize_is_idempotent((doc, _) in forms::document()) {
        let once = doc.normalized();
        prop_assert_eq!(once.normalized(), once);
    }

    #[test]
    fn normalized_is_equivalent_to_original((doc, _) in forms::document()) {
        prop_assert!(equivalent(&doc, &doc.normalized()));
    }

    #[test]
    fn equivalence_is_reflexive_and_symmetric(
        (a, _) in forms::document(),
        (b, _) in forms::document(),
        rewrite in select(REWRITES.to_vec()),
        seed in any::<u64>(),
    ) {
        prop_assert!(equivalent(&a, &a));
        prop_assert!(equivalent(&a, &a.clone()));
        prop_assert_eq!(equivalent(&a, &b), equivalent(&b, &a));
        let (_, a2) = rewritten(&a, &[rewrite], forms::Layout::Compact, seed);
        prop_assert!(equivalent(&a2, &a) && equivalent(&a, &a2));
    }

    #[test]
    fn each_aws_rewrite_keeps_meaning(
        (doc, _) in forms::document(),
        rewrite in select(REWRITES.to_vec()),
        layout in select(LAYOUTS.to_vec()),
        seed in any::<u64>(),
    ) {
        let (text, parsed) = rewritten(&doc, &[rewrite], layout, seed);
        prop_assert!(
            equivalent(&doc, &parsed),
            "{rewrite:?} changed meaning:\n{}\n{}",
            doc.to_canonical_json(),
            text
        );
        prop_assert_eq!(fingerprint(&doc.to_canonical_json()), fingerprint(&text));
    }

    #[test]
    fn any_sequence_of_aws_rewrites_keeps_meaning(
        (doc, _) in forms::document(),
        rewrites in prop::collection::vec(select(REWRITES.to_vec()), 1..8),
        layout in select(LAYOUTS.to_vec()),
        seed in any::<u64>(),
    ) {
        let (text, parsed) = rewritten(&doc, &rewrites, layout, seed);
        prop_assert!(
            equivalent(&doc, &parsed),
            "{rewrites:?} changed meaning:\n{}\n{}",
            doc.to_canonical_json(),
            text
        );
        prop_assert_eq!(doc.normalized().to_canonical_json(), parsed.normalized().to_canonical_json());
    }

    #[test]
    fn every_change_of_meaning_is_seen(
        (doc, partition) in forms::document(),
        mutation in select(MUTATIONS.to_vec()),
        index in any::<usize>(),
        rewrites in prop::collection::vec(select(REWRITES.to_vec()), 0..5),
        seed in any::<u64>(),
    ) {
        let mut changed = doc.clone();
        forms::mutate(&mut changed, mutation, index, partition);
        prop_assert!(
            !equivalent(&doc, &changed),
            "{mutation:?} went unnoticed:\n{}\n{}",
            doc.to_canonical_json(),
            changed.to_canonical_json()
        );
        prop_assert!(!equivalent(&changed, &doc));
        // Still unequal once AWS has rewritten either side.
        let (_, rewritten_doc) = rewritten(&doc, &rewrites, forms::Layout::Compact, seed);
        prop_assert!(!equivalent(&rewritten_doc, &changed));
        prop_assert_ne!(fingerprint(&doc.to_canonical_json()), fingerprint(&changed.to_canonical_json()));
    }

    #[test]
    fn canonical_rendering_is_deterministic_and_parses_back((doc, _) in forms::document()) {
        let text = doc.to_canonical_json();
        prop_assert_eq!(&text, &doc.clone().to_canonical_json());
        let back = Document::parse(&text).unwrap();
        prop_assert!(equivalent(&doc, &back));
        prop_assert_eq!(&back.to_canonical_json(), &text);
        let pretty = doc.to_pretty_json();
        let from_pretty = Document::parse(&pretty).unwrap();
        prop_assert_eq!(from_pretty.to_canonical_json(), doc.to_canonical_json());
        // No value the generators produce holds whitespace, so none may appear.
        prop_assert!(!text.contains(char::is_whitespace));
    }

    #[test]
    fn statement_equivalence_agrees_with_documents(
        (doc, _) in forms::document(),
        rewrite in select(REWRITES.to_vec()),
        seed in any::<u64>(),
    ) {
        // Every rewrite but reordering keeps statement order, so statements pair up.
        prop_assume!(rewrite != forms::Rewrite::ReorderValues);
        let (_, parsed) = rewritten(&doc, &[rewrite], forms::Layout::Compact, seed);
        prop_assert_eq!(parsed.statements.len(), doc.statements.len());
        for (a, b) in doc.statements.iter().zip(&parsed.statements) {
            prop_assert!(a.equivalent(b) && b.equivalent(a));
        }
    }
}
