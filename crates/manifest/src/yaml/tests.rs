//! Unit tests of `yaml.rs`.

use super::*;

fn root(text: &str) -> Node {
    parse(text).root.unwrap().unwrap()
}

fn err(text: &str) -> Diagnostic {
    parse(text).root.unwrap_err()
}

#[test]
fn positions() {
    let n = root("a: 1\nb:\n  - 'x'\n  - {c: d}\n");
    let Kind::Map(entries) = &n.kind else {
        panic!()
    };
    assert_eq!(entries[0].0.start, Location { line: 1, column: 1 });
    assert_eq!(entries[0].1.start, Location { line: 1, column: 4 });
    let Kind::Seq(items) = &entries[1].1.kind else {
        panic!()
    };
    assert_eq!(items[0].start, Location { line: 3, column: 5 });
    assert_eq!(items[0].resolve(), Some(Scalar::Str("x")));
    assert_eq!(items[1].start, Location { line: 4, column: 5 });
}

#[test]
fn scalar_resolution() {
    let r = resolve_plain;
    assert_eq!(r("~"), Scalar::Null);
    assert_eq!(r(""), Scalar::Null);
    assert_eq!(r("True"), Scalar::Bool(true));
    assert_eq!(r("yes"), Scalar::Str("yes"));
    assert_eq!(r("1"), Scalar::Int(Some(1)));
    assert_eq!(r("-7"), Scalar::Int(Some(-7)));
    assert_eq!(r("0x1f"), Scalar::Int(Some(31)));
    assert_eq!(r("222222222222"), Scalar::Int(Some(222_222_222_222)));
    assert_eq!(r("99999999999999999999999"), Scalar::Int(None));
    assert_eq!(r("1.0"), Scalar::Float);
    assert_eq!(r("1e3"), Scalar::Float);
    assert_eq!(r(".5"), Scalar::Float);
    assert_eq!(r(".inf"), Scalar::Float);
    assert_eq!(r("1.2.3"), Scalar::Str("1.2.3"));
    assert_eq!(r("."), Scalar::Str("."));
    assert_eq!(r("e3"), Scalar::Str("e3"));
    let n = root("a: '1'\n");
    let Kind::Map(e) = &n.kind else { panic!() };
    assert_eq!(e[0].1.resolve(), Some(Scalar::Str("1")));
    assert_eq!(e[0].1.describe(), "the string \"1\"");
}

#[test]
fn tags() {
    let p = parse("a: !!str 1\nb: !Ref x\n");
    let Kind::Map(e) = &p.root.unwrap().unwrap().kind else {
        panic!()
    };
    assert_eq!(e[0].1.resolve(), Some(Scalar::Str("1")));
    assert_eq!(p.notes.len(), 1);
    assert_eq!(p.notes[0].code, "yaml-tag");
}

#[test]
fn aliases_are_copied_and_bounded() {
    let n = root("a: &x [1, 2]\nb: *x\n");
    let Kind::Map(e) = &n.kind else { panic!() };
    assert_eq!(e[1].1.start, Location { line: 2, column: 4 });
    assert!(matches!(&e[1].1.kind, Kind::Seq(v) if v.len() == 2));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert_eq!(err(&bomb).code, "yaml-alias-limit");
    assert_eq!(err("a: &x [*x]\n").code, "yaml-alias");
}

#[test]
fn depth_is_bounded() {
    let flow = format!("a: {}", "[".repeat(100));
    assert_eq!(err(&flow).code, "yaml-too-deep");
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i * 2));
        block.push_str("- \n");
    }
    assert_eq!(err(&block).code, "yaml-too-deep");
    let deep_alias = format!(
        "a: &x {}{}\nb: [[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]\n",
        "[".repeat(50),
        "]".repeat(50)
    );
    assert_eq!(err(&deep_alias).code, "yaml-too-deep");
}

#[test]
fn documents_and_syntax() {
    assert!(parse("").root.unwrap().is_none());
    assert!(parse("# nothing\n").root.unwrap().is_none());
    assert_eq!(err("a: 1\n---\nb: 2\n").code, "multiple-documents");
    let e = err("a: b: c\n");
    assert_eq!(e.code, "yaml-syntax");
    assert_eq!(e.location, Some(Location { line: 1, column: 5 }));
}
