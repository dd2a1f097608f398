//! What the caller tells `share-aws`: the manifest's accounts and the run's options.
//!
//! Kept apart from the SDK types so the CLI can build them from the manifest and flags
//! without touching `aws-config`.

use share_types::{AccountId, Region};
use std::time::Duration;

/// One account of the manifest, with how to get credentials for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountConfig {
    /// The logical name from the manifest (`datalake`, `ml`), used in messages.
    pub name: String,
    /// The account id the manifest says these credentials belong to; checked with STS.
    pub id: AccountId,
    /// The account's home region: STS, IAM, and the default for its clients.
    pub region: Region,
    /// Where the credentials come from.
    pub credentials: CredentialSource,
}

/// Where an account's credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// The SDK's default chain: environment, shared config and credentials files, web
    /// identity, container, instance metadata.
    DefaultChain,
    /// A named profile of the shared config and credentials files (`profile: ml-admin`).
    Profile(String),
    /// STS AssumeRole from the default chain's credentials, with the run's session name.
    AssumeRole {
        /// The role to assume, e.g. `arn:aws:iam::222222222222:role/share-admin`.
        role_arn: String,
        /// The external id the role's trust policy requires, if any.
        external_id: Option<String>,
    },
}

impl CredentialSource {
    /// How the credentials are obtained, for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::DefaultChain => "the default credential chain".to_owned(),
            Self::Profile(p) => format!("profile `{p}`"),
            Self::AssumeRole { role_arn, .. } => format!("role {role_arn}"),
        }
    }
}

/// Options for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// A custom endpoint for every service (`--endpoint-url`, or `AWS_ENDPOINT_URL` when
    /// this is `None`), for rehearsing against a local emulator such as moto. Turns on
    /// path-style S3 addressing and the two S3 Control fixes of `docs/aws.md`.
    pub endpoint_url: Option<String>,
    /// At most this many calls in flight per account (`--concurrency`); default 8.
    pub concurrency: usize,
    /// The STS session name for assumed roles (`share-<run id>`); it shows in the target
    /// account's CloudTrail. At most 64 characters of `[A-Za-z0-9+=,.@_-]`; other
    /// characters are replaced by `-`.
    pub session_name: String,
    /// How long to keep retrying a bucket or access point policy that AWS rejects with
    /// "Invalid principal in policy" while IAM propagates a new principal; default 120 s.
    pub principal_propagation_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            endpoint_url: None,
            concurrency: 8,
            session_name: "share".to_owned(),
            principal_propagation_timeout: Duration::from_secs(120),
        }
    }
}

/// The session name made acceptable to STS: 2–64 characters of `[\w+=,.@-]`.
pub(crate) fn sanitize_session_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@_-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    while out.len() < 2 {
        out.push('-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_are_made_valid() {
        assert_eq!(
            sanitize_session_name("share-20260101T000000Z"),
            "share-20260101T000000Z"
        );
        assert_eq!(sanitize_session_name("share run/1"), "share-run-1");
        assert_eq!(sanitize_session_name(""), "--");
        assert_eq!(sanitize_session_name(&"x".repeat(80)).len(), 64);
    }

    #[test]
    fn defaults() {
        let o = Options::default();
        assert_eq!(o.concurrency, 8);
        assert_eq!(o.principal_propagation_timeout, Duration::from_secs(120));
        assert_eq!(o.endpoint_url, None);
    }
}
