//! Where each manifest path was written: `grants[2].via` → line 14, column 10.
//!
//! The loader records a position for every key and value it reads, so later stages (the
//! compiler, the planner, lints) can point a user at the line behind a finding even though
//! they only hold the typed [`crate::Manifest`].

use crate::diagnostic::Location;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    key: Option<Location>,
    value: Location,
    scalar: bool,
}

/// Positions of manifest paths.
///
/// Paths join mapping keys with `.` and list positions with `[i]` (0-based): `version`,
/// `accounts.ml.assume_role`, `buckets.test-bucket-1`, `grants[2]`, `grants[2].prefixes[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: BTreeMap<String, Entry>,
}

impl SourceMap {
    /// Where `path` is best pointed at: the value when it is a scalar (`grants[2].via` → the
    /// access point name), else the key that introduces it (`buckets.test-bucket-1` → the
    /// bucket's name), else the start of the value (`grants[2]` → its first key).
    pub fn locate(&self, path: &str) -> Option<Location> {
        let e = self.entries.get(path)?;
        if e.scalar {
            Some(e.value)
        } else {
            Some(e.key.unwrap_or(e.value))
        }
    }

    /// Where the key of `path` is written (`None` for list items and the root).
    pub fn key(&self, path: &str) -> Option<Location> {
        self.entries.get(path).and_then(|e| e.key)
    }

    /// Where the value of `path` starts.
    pub fn value(&self, path: &str) -> Option<Location> {
        self.entries.get(path).map(|e| e.value)
    }

    /// Every recorded path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    pub(crate) fn insert(
        &mut self,
        path: String,
        key: Option<Location>,
        value: Location,
        scalar: bool,
    ) {
        self.entries.insert(path, Entry { key, value, scalar });
    }
}

/// `parent.key`, or `key` at the root.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[i]`.
pub(crate) fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_prefers_scalar_values_then_keys() {
        let mut m = SourceMap::default();
        let l = |line, column| Location { line, column };
        m.insert("a".into(), Some(l(1, 1)), l(1, 4), true);
        m.insert("b".into(), Some(l(2, 1)), l(3, 3), false);
        m.insert("g[0]".into(), None, l(5, 5), false);
        assert_eq!(m.locate("a"), Some(l(1, 4)));
        assert_eq!(m.locate("b"), Some(l(2, 1)));
        assert_eq!(m.locate("g[0]"), Some(l(5, 5)));
        assert_eq!(m.locate("nope"), None);
        assert_eq!(m.key("a"), Some(l(1, 1)));
        assert_eq!(m.value("b"), Some(l(3, 3)));
        assert_eq!(m.paths().collect::<Vec<_>>(), ["a", "b", "g[0]"]);
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("a", "x"), "a.x");
        assert_eq!(index("g", 2), "g[2]");
    }
}
