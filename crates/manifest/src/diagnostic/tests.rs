//! Unit tests of `diagnostic.rs`.

use super::*;

fn len(s: &str) -> usize {
    token_len(&s.chars().collect::<Vec<_>>())
}

#[test]
fn token_lengths() {
    assert_eq!(len("ap-x"), 4);
    assert_eq!(len("ap-x   # comment"), 4);
    assert_eq!(len("via: ap-x"), 3);
    assert_eq!(len("'it''s' trailing"), 7);
    assert_eq!(len("\"a\\\"b\" x"), 6);
    assert_eq!(len("a/b/, c/]"), 4);
    assert_eq!(len("- x"), 1);
    assert_eq!(len("{ a: b }"), 1);
    assert_eq!(len("arn:aws:iam::1:role/x"), 21);
    assert_eq!(len(""), 1);
}

#[test]
fn renders_like_rustc() {
    let src = Source::new("m.yaml", "a: 1\ngrants:\n  - via: ap-x # here\n");
    let d = Diagnostic::error("unknown-reference", "no such access point `ap-x`")
        .with_path("grants[0].via")
        .at(Some(Location {
            line: 3,
            column: 10,
        }))
        .expecting("one of `test-ap-1`");
    assert_eq!(
        d.render(&src, false),
        "error[unknown-reference]: no such access point `ap-x`\n --> m.yaml:3:10\n  |\n3 |   - via: ap-x # here\n  |          ^^^^\n  = expected: one of `test-ap-1`\n"
    );
    let colored = d.render(&src, true);
    assert!(colored.contains("\x1b[1;31merror[unknown-reference]\x1b[0m"));
}

#[test]
fn renders_without_location_and_long_lines() {
    let src = Source::new("big.yaml", "x");
    let d = Diagnostic::warning("w", "msg");
    assert_eq!(d.render(&src, false), "warning[w]: msg\n --> big.yaml\n");
    let long = format!("k: [{}BAD{}]", "a, ".repeat(100), ", b".repeat(100));
    let src = Source::new("l.yaml", long);
    let d = Diagnostic::error("e", "m").at(Some(Location {
        line: 1,
        column: 305,
    }));
    let r = d.render(&src, false);
    assert!(r.contains("a, a, BAD, b, b") && r.contains("| …"), "{r}");
    let caret_line = r.lines().nth(4).unwrap();
    let text_line = r.lines().nth(3).unwrap();
    assert_eq!(caret_line.matches('^').count(), 3, "{r}");
    let caret_at = caret_line.chars().position(|c| c == '^').unwrap();
    let under: String = text_line.chars().skip(caret_at).take(3).collect();
    assert_eq!(under, "BAD", "{r}");
}

#[test]
fn tabs_keep_the_caret_aligned() {
    let src = Source::new("t.yaml", "k:\t'v'\n");
    let d = Diagnostic::error("e", "m").at(Some(Location { line: 1, column: 4 }));
    assert!(d.render(&src, false).contains("\n  |   \t^^^\n"));
}

#[test]
fn summaries() {
    let src = Source::new("s.yaml", "");
    let e = Diagnostic::error("e", "m");
    let w = Diagnostic::warning("w", "m");
    assert_eq!(summary(&[], &src), "s.yaml: valid");
    assert_eq!(
        summary(std::slice::from_ref(&w), &src),
        "s.yaml: valid, 1 warning"
    );
    assert_eq!(
        summary(&[e.clone(), e, w.clone(), w], &src),
        "s.yaml: 2 errors, 2 warnings"
    );
}
