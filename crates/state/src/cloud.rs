//! The boundary between the pure engine and AWS.
//!
//! The engine needs two things from the outside world: read what is live, and perform a
//! batch of independent writes. The AWS crate implements [`Cloud`] with the SDK (bounded
//! concurrency per account, retries); tests implement it in memory. The trait is
//! synchronous on purpose: the pure crates stay free of async, and the implementation owns
//! its runtime.

use crate::{ObserveRequest, ObservedState, Operation};
use share_types::AccountId;

/// What kind of failure, for the engine's decisions and for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Credentials missing, expired, or for another account than the manifest says.
    Credentials,
    /// The caller may not do this (`AccessDenied`, `403`, `405 MethodNotAllowed`).
    AccessDenied,
    /// Something the operation needs does not exist (e.g. `NoSuchBucket` on a write).
    NotFound,
    /// AWS rejected the document (e.g. `MalformedPolicy`), after any propagation retries.
    InvalidDocument,
    /// Throttled or a 5xx, still failing after the retries.
    Unavailable,
    /// Anything else.
    Other,
}

/// A failure reading or writing AWS, naming the account, the resource and AWS's error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{resource}: {}{message}", account.as_ref().map(|a| format!("account {a}, ")).unwrap_or_default(), code.as_ref().map(|c| format!("{c}: ")).unwrap_or_default())]
pub struct CloudError {
    /// The account whose call failed.
    pub account: Option<AccountId>,
    /// The resource (an address or a description such as `credentials`).
    pub resource: String,
    /// AWS's error code, when there is one (`AccessDenied`, `NoSuchBucket`, …).
    pub code: Option<String>,
    /// What happened, in words a user can act on.
    pub message: String,
    /// The kind of failure.
    pub kind: ErrorKind,
}

/// Reads live state and performs writes.
pub trait Cloud {
    /// Reads everything the request names. Absent resources are values, not errors; every
    /// failure is returned (not only the first).
    fn observe(&self, request: &ObserveRequest) -> Result<ObservedState, Vec<CloudError>>;

    /// Performs independent operations (the caller orders dependencies), possibly
    /// concurrently; one result per operation, in the same order.
    fn execute(&self, operations: &[Operation]) -> Vec<Result<(), CloudError>>;
}
