//! `share check` and `share verify`: effective access, proved layer by layer.
//!
//! `share-evaluate` answers "would AWS allow this request, given these documents?". This
//! crate asks it the questions that matter for a manifest and judges the answers:
//!
//! - [`check`]: one request, described with the manifest's names (`--via test-ap-1`,
//!   `--through ml-gateway`), evaluated over every layer, with the statement that decided
//!   each ([`CheckReport`]);
//! - [`verify`]: for every grant, every granted action on every granted prefix must be
//!   allowed at every layer, and the probes just outside it — another key, another action,
//!   a listing without or beyond the prefix, a principal without a grant, the request
//!   around the access point or the endpoint it requires — must be denied. The
//!   expectation of each probe comes from the grants themselves, never from the documents
//!   under test, and each of share's documents is held to what share means it to allow on
//!   its own, so a missing or widened statement is named even where another layer hides it
//!   ([`Report`], with an access matrix for humans and JSON for CI).
//!
//! Both run over [`Documents`]: [`Documents::planned`] (share's compiled statements, what
//! it would write) or [`Documents::live`] (what AWS holds, foreign statements included).
//! In live mode, statements share does not own that allow more than the manifest are
//! reported as findings.
//!
//! Pure: no I/O, no AWS SDK. What is proved and what is not: `docs/verify.md`.
//!
//! ```
//! use share_manifest::{Source, load};
//! use share_verify::{CheckRequest, Documents, Outcome, check, verify};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let text = r#"
//! version: 1
//! accounts:
//!   data: { id: "222222222222" }
//!   analytics: { id: "111111111111" }
//! buckets:
//!   reports-bucket: { account: data }
//! grantees:
//!   analyst: { role: "arn:aws:iam::111111111111:role/analyst" }
//! grants:
//!   - { grantee: analyst, bucket: reports-bucket, access: read, prefixes: [monthly/] }
//! "#;
//! let validated = load(&Source::new("minimal.yaml", text)).map_err(|_| "invalid manifest")?;
//! let compiled = share_compile::compile(&validated);
//! let docs = Documents::planned(&compiled.desired);
//!
//! let report = verify(&validated.manifest, &docs);
//! assert_eq!(report.outcome, Outcome::Match);
//!
//! let answer = check(&validated.manifest, &docs, &CheckRequest {
//!     principal: "arn:aws:iam::111111111111:role/analyst".into(),
//!     action: "s3:PutObject".into(),
//!     resource: "s3://reports-bucket/monthly/2024.csv".into(),
//!     ..CheckRequest::default()
//! })?;
//! assert!(answer.decision().is_denied());
//! # Ok(())
//! # }
//! ```

mod check;
mod documents;
mod model;
mod oracle;
mod probes;
mod report;
mod run;

pub use check::{CheckError, CheckReport, CheckRequest, check};
pub use documents::{AccessPointDocs, DocumentError, Documents, EndpointDocs, IdentitySide, Mode};
pub use oracle::Expectation;
pub use probes::ProbeKind;
pub use report::{Finding, GrantReport, Outcome, Probe, Problem, ProblemKind, Report, Status};
pub use run::verify;
