//! No input makes `load` panic or hang: random text, random bytes decoded lossily, and
//! mutations of a real manifest (characters inserted, deleted or replaced, lines
//! duplicated or shuffled, indentation changed) all come back as `Ok` or `Err`, and every
//! diagnostic renders.

use proptest::prelude::*;
use share_manifest::{Source, load};

fn prod() -> String {
    std::fs::read_to_string(crate::root().join("manifests/prod.yaml")).unwrap()
}

/// Loads and renders; the test only cares that this returns.
fn exercise(text: String) {
    let source = Source::new("fuzz.yaml", text);
    let diags = match load(&source) {
        Ok(v) => v.warnings,
        Err(d) => d,
    };
    for d in &diags {
        let _ = d.render(&source, false);
        let _ = d.render(&source, true);
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, usize),
    Dedent(usize),
}

fn yaml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            ':', '-', ' ', '\n', '\t', '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '\'',
            '"', '?', '%', '@', '`', '\\', '\u{feff}', '\r', '\0', 'é',
        ]),
        any::<char>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), yaml_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), yaml_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), 1usize..6).prop_map(|(l, n)| Edit::Indent(l, n)),
        any::<usize>().prop_map(Edit::Dedent),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match *e {
            Edit::Insert(i, c) => {
                let i = i % (chars.len() + 1);
                chars.insert(i, c);
            }
            Edit::Delete(i) if !chars.is_empty() => {
                let i = i % chars.len();
                chars.remove(i);
            }
            Edit::Replace(i, c) if !chars.is_empty() => {
                let i = i % chars.len();
                chars[i] = c;
            }
            Edit::DuplicateLine(l)
            | Edit::Indent(l, _)
            | Edit::Dedent(l)
            | Edit::SwapLines(l, _) => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<String> = s.split('\n').map(str::to_owned).collect();
                let n = lines.len();
                let l = l % n;
                match *e {
                    Edit::DuplicateLine(_) => {
                        let line = lines[l].clone();
                        lines.insert(l, line);
                    }
                    Edit::Indent(_, k) => lines[l].insert_str(0, &" ".repeat(k)),
                    Edit::Dedent(_) => {
                        let trimmed = lines[l].strip_prefix(' ').map(str::to_owned);
                        if let Some(t) = trimmed {
                            lines[l] = t;
                        }
                    }
                    Edit::SwapLines(_, b) => lines.swap(l, b % n),
                    _ => {}
                }
                chars = lines.join("\n").chars().collect();
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    // 512 cases each by default; `PROPTEST_CASES=100000` for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        exercise(text);
    }

    #[test]
    fn yaml_flavoured_text_never_panics(chars in prop::collection::vec(yaml_char(), 0..300)) {
        exercise(chars.into_iter().collect());
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        exercise(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn mutated_manifests_never_panic(edits in prop::collection::vec(edit(), 1..12)) {
        exercise(apply(&prod(), &edits));
    }
}

/// Inputs that have broken YAML parsers before: each must come back quickly.
#[test]
fn known_nasty_inputs_return() {
    let nasty = [
        "\0".to_owned(),
        "\u{feff}".to_owned(),
        "---".to_owned(),
        "...".to_owned(),
        "--- |\n  \t".to_owned(),
        "? ".repeat(10_000),
        "- ".repeat(10_000),
        "[".repeat(10_000),
        "{".repeat(10_000),
        "{a: ".repeat(10_000),
        "&a ".repeat(1_000) + "x",
        "*a".to_owned(),
        "!".repeat(1_000),
        "%YAML 1.2\n%YAML 1.2\n---\n".to_owned(),
        "%TAG ! tag:x,2000:\n--- !a b\n".to_owned(),
        "a: &x\n  b: *x\n".to_owned(),
        "version: 1\ngrants: &g\n  - *g\n".to_owned(),
        "\"\\u".to_owned(),
        "'".to_owned(),
        "a: |0\n".to_owned(),
        "a: >-9\n b".to_owned(),
        "\r\r\r\n\n\r".to_owned(),
        format!(
            "version: 1\naccounts:\n{}",
            "  a: {id: \"222222222222\"}\n".repeat(5_000)
        ),
        format!(
            "version: 1\ngrantees: {{{}}}",
            (0..3_000)
                .map(|i| format!("g{i}: {{account: \"333333333333\"}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    for text in nasty {
        let started = std::time::Instant::now();
        exercise(text.clone());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "slow on {:?}",
            &text[..text.len().min(40)]
        );
    }
}

/// Files just under the size limit, built to hit every check many times, load in bounded
/// time: no check is quadratic in the number of entries.
#[test]
fn huge_pathological_manifests_load_in_bounded_time() {
    use std::fmt::Write as _;
    let head = "version: 1\naccounts: {datalake: {id: \"222222222222\"}}\nbuckets: {bkt-one: {account: datalake}, bkt-two: {account: datalake}}\n";
    let mut cases = Vec::new();

    // Many access points and many grants through them on the wrong bucket or to unknown names.
    let mut t = format!("{head}grantees: {{g: {{account: \"333333333333\"}}}}\naccess_points:\n");
    for i in 0..100_000 {
        let _ = writeln!(t, "  ap-{i:06}: {{bucket: bkt-one}}");
    }
    t.push_str("grants:\n");
    for i in 0..12_000 {
        let via = if i % 2 == 0 {
            format!("ap-{i:06}")
        } else {
            format!("nope-{i:06}")
        };
        let _ = writeln!(
            t,
            "  - {{grantee: g, bucket: bkt-two, access: read, prefixes: [p/], via: {via}}}"
        );
    }
    cases.push(("access points", t));

    // One grant with a huge list of nested, duplicate and slash-less prefixes.
    let mut t = format!(
        "{head}grantees: {{g: {{account: \"333333333333\"}}}}\ngrants:\n  - grantee: g\n    bucket: bkt-one\n    access: read\n    prefixes:\n"
    );
    for i in 0..120_000 {
        let _ = writeln!(t, "      - d/{}/{}", i % 1000, i % 7);
    }
    cases.push(("prefixes", t));

    // A mapping with a huge number of duplicate keys, and many unused grantees.
    let mut t = format!("{head}grantees:\n");
    for i in 0..60_000 {
        let _ = writeln!(t, "  g{}: {{account: \"333333333333\"}}", i % 30_000);
    }
    t.push_str("grants:\n");
    for i in 0..10_000 {
        let _ = writeln!(
            t,
            "  - {{grantee: g{i}, bucket: bkt-one, access: read, prefixes: [p{i}/]}}"
        );
    }
    cases.push(("grantees", t));

    for (what, text) in cases {
        assert!(
            text.len() <= share_manifest::MAX_MANIFEST_BYTES,
            "{what}: {}",
            text.len()
        );
        let started = std::time::Instant::now();
        exercise(text);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(30),
            "{what}: {took:?}"
        );
    }
}
