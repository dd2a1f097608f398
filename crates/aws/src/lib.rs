//! The one crate that talks to AWS.
//!
//! Everything else in `share` is pure and synchronous; this crate owns the AWS SDK
//! (`aws-config`, S3, S3 Control, IAM, EC2, STS) and implements [`share_state::Cloud`]:
//! `observe` reads what the engine asks for, concurrently but within a per-account limit,
//! and `execute` carries out plan operations with the retries AWS needs. Keeping the SDK
//! here means the pure crates rebuild in seconds and the engine can be tested against an
//! in-memory fake exactly as it runs against AWS.
//!
//! ```no_run
//! use share_aws::{AccountConfig, AwsCloud, CredentialSource, Options};
//! use share_state::{Cloud, ObserveRequest};
//!
//! let accounts = vec![AccountConfig {
//!     name: "datalake".into(),
//!     id: "222222222222".parse().map_err(|e| format!("{e}"))?,
//!     region: "us-east-1".parse().map_err(|e| format!("{e}"))?,
//!     credentials: CredentialSource::AssumeRole {
//!         role_arn: "arn:aws:iam::222222222222:role/share-admin".into(),
//!         external_id: None,
//!     },
//! }];
//! let cloud = AwsCloud::connect(accounts, Options::default()).map_err(|errors| {
//!     errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
//! })?;
//! let observed = cloud.observe(&ObserveRequest::default());
//! # Ok::<(), String>(())
//! ```
//!
//! Against a local emulator (`Options::endpoint_url`), S3 uses path-style addressing and
//! the two S3 Control fixes of `docs/aws.md` apply; against AWS the SDK runs untouched.

mod clients;
mod cloud;
mod config;
mod errors;
mod execute;
mod faults;
mod local;
mod observe;
mod tasks;

#[cfg(feature = "testing")]
pub mod testing;

pub use cloud::AwsCloud;
pub use config::{AccountConfig, CredentialSource, Options};
