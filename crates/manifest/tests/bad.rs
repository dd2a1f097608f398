//! The corpus of bad manifests (`tests/manifests/bad/*.yaml`, one broken rule each, named
//! after it) and of manifests that are valid but warned about (`tests/manifests/warn/`).
//! Each one's rendered diagnostics (colour off) are an insta snapshot in `snapshots/`:
//! the snapshots are the spec of the messages. After an intended change, review with
//! `cargo insta review`, or rerun with `INSTA_UPDATE=always` and read the diff.

use share_manifest::{Diagnostic, MAX_MANIFEST_BYTES, Severity, Source, load, render_all};
use std::path::Path;

fn corpus(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crate::root().join("tests/manifests").join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

/// Loads a corpus file as the CLI would (through `Source::from_path`), naming it by its path
/// from the workspace root so snapshots do not depend on where the repository is.
fn load_file(rel: &str) -> (Source, Result<share_manifest::Validated, Vec<Diagnostic>>) {
    match Source::from_path(&crate::root().join(rel)) {
        Ok(mut source) => {
            source.name = rel.to_owned();
            let result = load(&source);
            (source, result)
        }
        Err(mut d) => {
            d.message = d
                .message
                .replace(&format!("{}/", crate::root().display()), "");
            let source = Source::new(rel, "");
            (source, Err(vec![d]))
        }
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn bad_manifests_report_every_problem_located() {
    let names = corpus("bad");
    assert!(names.len() >= 30, "the corpus has {} files", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("tests/manifests/bad/{name}");
        let (source, result) = load_file(&rel);
        let diags = match result {
            Ok(v) => {
                failures.push(format!(
                    "{rel} loaded without errors (warnings: {:?})",
                    v.warnings
                ));
                continue;
            }
            Err(diags) => diags,
        };
        assert!(diags.iter().any(|d| d.severity == Severity::Error), "{rel}");
        for d in &diags {
            assert!(d.location.is_some(), "{rel}: {d} has no location");
            assert!(
                d.expected.is_some(),
                "{rel}: {d} says nothing of what was expected"
            );
        }
        let stem = name.trim_end_matches(".yaml");
        settings().bind(|| {
            insta::assert_snapshot!(format!("bad-{stem}"), render_all(&diags, &source, false));
        });
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn warned_manifests_are_valid_and_located() {
    let names = corpus("warn");
    assert!(names.len() >= 5);
    for name in &names {
        let rel = format!("tests/manifests/warn/{name}");
        let (source, result) = load_file(&rel);
        let warnings = match result {
            Ok(v) => v.warnings,
            Err(d) => panic!("{rel} has errors:\n{}", render_all(&d, &source, false)),
        };
        let stem = name.trim_end_matches(".yaml");
        assert!(!warnings.is_empty(), "{rel} has no warning");
        assert!(
            warnings.iter().all(|w| w.code == stem),
            "{rel}: {warnings:#?}"
        );
        for w in &warnings {
            assert!(w.location.is_some() && w.expected.is_some(), "{rel}: {w}");
        }
        settings().bind(|| {
            insta::assert_snapshot!(
                format!("warn-{stem}"),
                render_all(&warnings, &source, false)
            );
        });
    }
}

/// A 20 MB manifest is refused by size, whether read from a file or handed over as text,
/// without parsing it. It is generated here, not checked in.
#[test]
fn a_20_mb_manifest_is_refused() {
    let mut text = String::from("version: 1\ngrants:\n");
    let grant =
        "  - { grantee: partner, bucket: test-bucket-1, access: read, prefixes: [exports/] }\n";
    while text.len() < 20 * 1000 * 1000 {
        text.push_str(grant);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, &text).unwrap();
    let started = std::time::Instant::now();
    let err = Source::from_path(&path).unwrap_err();
    assert_eq!(err.code, "file-too-large");
    assert!(err.message.contains(&MAX_MANIFEST_BYTES.to_string()));

    let source = Source::new("huge.yaml", text);
    let diags = load(&source).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(diags.len(), 1);
    settings().bind(|| {
        insta::assert_snapshot!("bad-20mb-file", render_all(&diags, &source, false));
    });
}

/// Just under the limit, a large (if silly) manifest still loads, and in bounded time.
#[test]
fn a_manifest_just_under_the_limit_loads() {
    let mut text = String::from(
        "version: 1\naccounts: {datalake: {id: \"222222222222\"}}\nbuckets: {test-bucket-1: {account: datalake}}\ngrantees: {partner: {account: \"333333333333\"}}\ngrants:\n",
    );
    let mut i = 0;
    loop {
        let grant = format!(
            "  - {{ grantee: partner, bucket: test-bucket-1, access: read, prefixes: [p{i}/] }}\n"
        );
        if text.len() + grant.len() > MAX_MANIFEST_BYTES {
            break;
        }
        text.push_str(&grant);
        i += 1;
    }
    let v = load(&Source::new("big.yaml", text)).unwrap();
    assert_eq!(v.manifest.grants.len(), i);
}

#[test]
fn reading_a_missing_file_is_an_io_error() {
    let e = Source::from_path(Path::new("/nonexistent/share.yaml")).unwrap_err();
    assert_eq!(e.code, "io");
    assert!(e.message.contains("/nonexistent/share.yaml"));
}
