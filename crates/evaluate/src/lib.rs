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
//!
//! ```
//! use share_evaluate::{check, evaluate, AccessPoint, Action, Decision, Expect, Layer,
//!                      Policies, Principal, Request, Verdict};
//! use share_policy::Document;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let identity = Document::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
//!     "Action":"s3:GetObject",
//!     "Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/*"}]}"#)?;
//! let access_point = Document::parse(r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareRead",
//!     "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},
//!     "Action":"s3:GetObject",
//!     "Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*"}]}"#)?;
//! let bucket = Document::parse(r#"{"Version":"2012-10-17","Statement":[{"Sid":"Delegate",
//!     "Effect":"Allow","Principal":{"AWS":"*"},"Action":"*",
//!     "Resource":["arn:aws:s3:::test-bucket-1","arn:aws:s3:::test-bucket-1/*"],
//!     "Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}]}"#)?;
//!
//! let request = Request::new(
//!     Principal::parse("arn:aws:sts::111111111111:assumed-role/demo/notebook")?,
//!     Action::parse("s3:GetObject")?,
//!     "test-bucket-1".parse()?,
//!     "222222222222".parse()?,
//! )
//! .object("datasets/credit/2024.csv")?
//! .via(AccessPoint::new("test-ap-1".parse()?, "222222222222".parse()?, "us-east-1".parse()?));
//! let policies = Policies::new()
//!     .identity("share", &identity)
//!     .access_point(&access_point)
//!     .bucket(&bucket);
//!
//! let evaluation = evaluate(&request, &policies);
//! assert_eq!(evaluation.decision, Decision::Allow);
//! let ap = evaluation.layer(Layer::AccessPoint).ok_or("no access point layer")?;
//! assert_eq!(ap.allowed_by[0].sid.as_deref(), Some("ShareRead"));
//!
//! // A probe just outside the grant, and one that bypasses the access point.
//! let outside = check(&request.clone().with_key("datasets/hr/x.csv")?, &policies, Expect::Denied);
//! assert_eq!(outside.verdict, Verdict::AsExpected);
//! let bypass = check(&request.without_access_point(), &policies, Expect::Denied);
//! assert_eq!(bypass.verdict, Verdict::AsExpected);
//! # Ok(())
//! # }
//! ```

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
