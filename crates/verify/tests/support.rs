//! Loading the repository's manifests.

use share_compile::Compiled;
use share_manifest::{Source, Validated, load};
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every share manifest under `manifests/` and `examples/`: the `*.yaml`/`*.yml` files with
/// a top-level `version:` (other YAML there, such as a CI workflow, is not a manifest).
pub fn manifest_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["manifests", "examples"] {
        let mut stack = vec![repo_root().join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                    && std::fs::read_to_string(&p)
                        .is_ok_and(|t| t.lines().any(|l| l.starts_with("version:")))
                {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    assert!(
        !out.is_empty(),
        "no manifests under manifests/ and examples/"
    );
    out
}

pub fn load_text(name: &str, text: &str) -> Validated {
    match load(&Source::new(name, text)) {
        Ok(v) => v,
        Err(d) => panic!("{name} does not load: {d:#?}"),
    }
}

pub fn load_file(path: &Path) -> (Validated, Compiled) {
    let text = std::fs::read_to_string(path).unwrap();
    let v = load_text(&path.display().to_string(), &text);
    let c = share_compile::compile(&v);
    assert!(!c.has_errors(), "{}: {:#?}", path.display(), c.diagnostics);
    (v, c)
}
