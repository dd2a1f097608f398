//! The IAM/S3 policy model.
//!
//! `share` reads policies in every shape AWS returns them (aws-semantics §4.1) and must
//! decide whether two documents *mean* the same thing, because AWS rewrites what it stores.
//! This crate is the pure core of that: a typed model ([`Document`], [`Statement`]) that
//! parses every accepted form and rejects the rest with a precise error, normalization and
//! semantic equivalence (aws-semantics §4.3), canonical rendering used for sizes and
//! fingerprints, and the merge that replaces share's statements while keeping every foreign
//! statement exactly as it was.
//!
//! - model: [`Document::parse`] and the typed [`Document`]/[`Statement`];
//! - normalize: [`Document::normalized`], [`equivalent`], [`Statement::equivalent`];
//! - render: [`Document::to_canonical_json`], [`Document::to_pretty_json`], [`fingerprint`];
//! - merge: [`split`] and [`merge`] by Sid prefix;
//! - sid: [`sid`], [`is_valid_sid`], [`dedupe_sids`];
//! - size: [`DocumentKind`] and [`size`] (aws-semantics §5);
//! - encoding: [`decode_iam_document`]; principals: [`unique_id_principals`].
//!
//! The rules and decisions are written up in `docs/policy-equivalence.md`.
//!
//! No AWS SDK, no I/O, no async.

mod encoding;
mod merge;
mod model;
mod normalize;
mod principals;
mod render;
mod sid;
mod size;

pub use encoding::decode_iam_document;
pub use merge::{Split, is_owned, merge, split};
pub use model::{
    Conditions, Document, Effect, PolicyError, Principals, Statement, VERSION, ValueSet,
};
pub use normalize::{
    DEFAULT_PARTITION, IMPLICIT_VERSION, equivalent, equivalent_in, is_account_id,
};
pub use principals::{is_unique_id, unique_id_principals};
pub use render::fingerprint;
pub use sid::{MAX_SID_LEN, dedupe_sids, is_valid_sid, sid};
pub use size::{DocumentKind, size};
