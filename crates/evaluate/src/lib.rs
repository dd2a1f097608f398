//! A local evaluator of AWS policy logic for S3 requests, across every layer `share` writes.
//!
//! `share check` and `share verify` must prove, offline and before anything is applied,
//! that a grantee can reach exactly its prefixes — through the access point and the VPC
//! endpoint the manifest names — and nothing more. moto cannot show this (it ignores
//! resource policies and conditions), and the IAM policy simulator neither sees bucket,
//! access point and endpoint policies together nor runs offline. So this crate implements
//! the AWS documentation's evaluation logic itself (docs/evaluation.md):
//!
//! - [`Request`]: principal (user, role, or assumed-role session), action, bucket or object,
//!   the path (direct, or through an [`AccessPoint`], optionally through an [`Endpoint`])
//!   and extra context keys;
//! - [`Policies`]: identity policies, bucket, access point and endpoint policies, each
//!   optional, as `share_policy::Document`s;
//! - [`evaluate`] → [`Evaluation`]: `Allow`, `ImplicitDeny`, `ExplicitDeny` or
//!   `CannotDecide(reason)`, with a [`LayerReport`] per layer naming the statements that
//!   allowed or denied, and which layers block;
//! - [`check`]: the same against an expectation, for `verify`.
//!
//! Anything the evaluator cannot decide offline (an unknown condition key or operator, a
//! policy variable, a unique principal id) is never treated as a match: it makes the
//! statement undecidable, and the request `CannotDecide` only if that could change the
//! result.
//!
//! Pure: no I/O, no async, no AWS SDK.

mod condition;
mod engine;
mod logic;
mod pattern;
mod principal;
mod request;
mod statement;
mod verify;

pub use engine::{
    Decision, Evaluation, IdentityPolicies, Layer, LayerOutcome, LayerReport, NamedPolicy,
    Policies, PolicySource, StatementRef, Undecided, evaluate,
};
pub use pattern::{action_matches, arn_matches, string_like};
pub use request::{
    AccessPoint, Action, Context, ContextValue, Endpoint, NetworkOrigin, Principal, Request,
    RequestError,
};
pub use verify::{Check, Expect, Verdict, check};
