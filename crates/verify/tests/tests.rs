//! Integration tests of `share-verify`, in one binary.

mod support;
