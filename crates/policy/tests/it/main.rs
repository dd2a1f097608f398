//! Integration tests of share-policy, built into one test binary.
//!
//! - `forms`: proptest generators of policy documents in every AWS form, the AWS-style
//!   rewrites that must not change meaning, and the mutations that must.
//! - `properties`: normalization and equivalence properties.
//! - `merge_props`: foreign statements survive a merge.
//! - `table`: real-world AWS rewrites (equal) and near misses (not equal).
//! - `snapshots`: canonical and pretty renderings.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod forms;
mod merge_props;
mod properties;
mod snapshots;
mod table;
