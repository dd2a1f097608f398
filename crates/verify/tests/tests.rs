//! Integration tests of `share-verify`, in one binary: the property of issue #6 over the
//! repository's manifests and generated ones (`mutations`, `generated`), `check` on single
//! requests, and live mode over hand-built observed states.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod check;
mod generated;
mod live;
mod mutations;
mod support;
