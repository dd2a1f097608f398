//! Integration tests of the manifest loader, built as one binary (like ripgrep's).
//!
//! - `good`: every manifest in `manifests/` and `examples/` loads without errors.
//! - `bad`: the corpus in `tests/manifests/bad/` renders exactly as its snapshot.
//! - `schema`: `manifests/schema.json` is `json_schema()`.
//! - `robust`: random and mutated input never panics or hangs.
//! - `api`: the lookups and the typed manifest.

#![allow(clippy::unwrap_used)]

mod api;
mod bad;
mod good;
mod robust;
mod schema;

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}
