//! Every manifest shipped in `manifests/` and `examples/` is valid and warning-free, so
//! users who copy one start from a clean state.

use share_manifest::{Source, load, render_all};

fn yaml_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(crate::root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn shipped_manifests_are_valid_and_clean() {
    let mut files = yaml_files("manifests");
    files.extend(yaml_files("examples"));
    assert!(
        files.len() >= 5,
        "expected prod.yaml and the examples, found {files:?}"
    );
    for path in files {
        let rel = path
            .strip_prefix(crate::root())
            .unwrap()
            .display()
            .to_string();
        let source = Source::new(rel.clone(), std::fs::read_to_string(&path).unwrap());
        match load(&source) {
            Ok(v) => assert!(
                v.warnings.is_empty(),
                "{rel} has warnings:\n{}",
                render_all(&v.warnings, &source, false)
            ),
            Err(diags) => panic!("{rel} is invalid:\n{}", render_all(&diags, &source, false)),
        }
    }
}

/// The scanner this crate uses and serde_yaml (libyaml) read the shipped manifests the same
/// way: the typed manifest, serialized back, equals what serde_yaml reads from the file.
#[test]
fn shipped_manifests_read_the_same_with_serde_yaml() {
    let mut files = yaml_files("manifests");
    files.extend(yaml_files("examples"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest = load(&Source::new("m", text.clone())).unwrap().manifest;
        let ours = serde_json::to_value(&manifest).unwrap();
        let mut theirs: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        // `account` next to `role`/`user` is only a check; the typed grantee drops it.
        if let Some(grantees) = theirs.get_mut("grantees").and_then(|g| g.as_object_mut()) {
            for g in grantees.values_mut().filter_map(|g| g.as_object_mut()) {
                if g.contains_key("role") || g.contains_key("user") {
                    g.remove("account");
                }
            }
        }
        // Defaults are filled in on our side; compare only what the file says.
        assert!(
            subset(&theirs, &ours),
            "{}: {theirs:#} is not within {ours:#}",
            path.display()
        );
    }
}

/// True when every key/value of `small` is in `big` (recursively; lists must match in length).
fn subset(small: &serde_json::Value, big: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (small, big) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| subset(v, w))),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| subset(v, w))
        }
        (Value::Null, Value::Object(b)) => b.is_empty(),
        (a, b) => a == b,
    }
}
