//! `share validate` over the manifest corpus and every shipped manifest (no AWS).

use crate::harness::{Run, command, run};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The files of `dir` (relative to the workspace) whose name ends with `ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(workspace().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(ext))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no {ext} files in {dir}");
    out
}

fn validate(path: &str, strict: bool) -> Run {
    let mut cmd = command(&workspace());
    cmd.arg("validate").arg(path);
    if strict {
        cmd.arg("--strict");
    }
    run(&mut cmd)
}

#[test]
fn every_bad_manifest_exits_1_with_located_errors() {
    for path in files("tests/manifests/bad", ".yaml") {
        let r = validate(&path, false);
        r.code(1).clean();
        assert!(r.stdout.is_empty(), "{path}: printed a result\n{r}");
        assert!(r.stderr.contains("error"), "{path}: no error shown\n{r}");
        assert!(
            r.stderr.contains(&path),
            "{path}: the file is not named\n{r}"
        );
    }
}

#[test]
fn every_warning_manifest_exits_0_and_1_with_strict() {
    for path in files("tests/manifests/warn", ".yaml") {
        let r = validate(&path, false);
        r.code(0).clean().stdout_has(": valid (");
        assert!(
            r.stderr.contains("warning"),
            "{path}: no warning shown\n{r}"
        );
        validate(&path, true).code(1).clean().stderr_has("warning");
    }
}

#[test]
fn every_shipped_manifest_is_valid() {
    let mut all = files("manifests", ".yaml");
    all.extend(files("examples", ".yaml"));
    for path in all {
        validate(&path, false)
            .code(0)
            .clean()
            .stdout_has(&format!("{path}: valid ("));
    }
}

#[test]
fn a_missing_manifest_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(command(dir.path()).arg("validate"));
    r.code(1)
        .clean()
        .stderr_has("cannot read `share.yaml`: No such file or directory");
    assert!(r.stdout.is_empty(), "{r}");
}

#[test]
fn diagnostics_are_not_coloured_in_a_pipe() {
    let mut cmd = command(&workspace());
    cmd.env_remove("NO_COLOR")
        .args(["validate", "tests/manifests/bad/many-problems.yaml"]);
    let r = run(&mut cmd);
    r.code(1);
    assert!(!r.stderr.contains('\x1b'), "{r}");
}
