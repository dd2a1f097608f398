//! The manifest text and the name it is shown under, read with a size limit.
//!
//! Reading is the only I/O this crate does, so it is kept apart and guarded: a manifest
//! larger than [`MAX_MANIFEST_BYTES`] is refused before it is read whole, and text that is
//! not UTF-8 is refused with the position of the first bad byte. Everything after this
//! point works on a `&str` in memory.

use crate::diagnostic::{Diagnostic, Location};
use std::io::Read as _;
use std::path::Path;

/// The largest manifest `share` reads: 5 MiB. Real manifests are a few kilobytes; the limit
/// keeps a wrong path (a log file, a disk image) or a hostile input from exhausting memory.
pub const MAX_MANIFEST_BYTES: usize = 5 * 1024 * 1024;

/// A manifest's text and the name diagnostics show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as the user gave it (or any label, e.g. `<stdin>`).
    pub name: String,
    /// The full text.
    pub text: String,
}

impl Source {
    /// A source from text already in memory.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a manifest file, refusing files over [`MAX_MANIFEST_BYTES`] and text that is not
    /// UTF-8. The error is a diagnostic with code `io`, `file-too-large` or `not-utf8`.
    pub fn from_path(path: &Path) -> Result<Source, Diagnostic> {
        let name = path.display().to_string();
        let io_error = |e: std::io::Error| {
            Diagnostic::error("io", format!("cannot read `{name}`: {e}"))
                .expecting("a readable manifest file (see `share validate --help`)")
        };
        let file = std::fs::File::open(path).map_err(io_error)?;
        let meta = file.metadata().map_err(io_error)?;
        if meta.is_dir() {
            return Err(Diagnostic::error("io", format!("`{name}` is a directory"))
                .expecting("the path of a manifest file, e.g. `manifests/prod.yaml`"));
        }
        if meta.len() > MAX_MANIFEST_BYTES as u64 {
            return Err(too_large(&name, meta.len()));
        }
        // The metadata can lie (special files, a file growing while read): read at most one
        // byte past the limit and check again.
        let mut bytes = Vec::new();
        file.take(MAX_MANIFEST_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(too_large(&name, bytes.len() as u64));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source { name, text }),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Err(Diagnostic::error(
                    "not-utf8",
                    format!("`{name}` is not valid UTF-8 (byte {valid} cannot be decoded)"),
                )
                .at(Some(Location { line, column }))
                .expecting("a UTF-8 text file; save the manifest as UTF-8"))
            }
        }
    }
}

/// The diagnostic for a manifest over the size limit.
pub(crate) fn too_large(name: &str, len: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        format!(
            "`{name}` is {len} bytes, more than the {} bytes (5 MiB) a manifest may have",
            MAX_MANIFEST_BYTES
        ),
    )
    .expecting("a manifest under 5 MiB; split it into several manifests")
}

#[cfg(test)]
mod tests;
