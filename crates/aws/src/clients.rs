//! Building the SDK clients: one set per account (and per region for regional services).
//!
//! Everything that differs between AWS and a local emulator is decided here, once: the
//! custom endpoint, path-style S3, the S3 Control fixes, the call counter, the retry
//! policy, and (in test builds) the fault injector. The rest of the crate just asks an
//! [`Account`] for a client.

use crate::config::{AccountConfig, CredentialSource};
use crate::faults::Faults;
use crate::local::{LocalS3ControlResolver, WireClient};
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::region::Region as SdkRegion;
use share_types::Region;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// Attempts per call for throttling, 5xx and connection errors (the SDK's standard mode,
/// exponential backoff with jitter).
pub(crate) const MAX_ATTEMPTS: u32 = 5;

/// How long to wait for a TCP (and TLS) connection (the SDK's default).
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// How long one attempt of one call may take before it is abandoned and retried, so a
/// stalled connection cannot hang a run.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Counts every attempt of every call (retries included): the figure `observe` reports.
#[derive(Debug, Clone)]
pub(crate) struct CountCalls(pub(crate) Arc<AtomicU64>);

impl Intercept for CountCalls {
    fn name(&self) -> &'static str {
        "CountCalls"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Test-only adjustments, installed through the `testing` feature.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hooks {
    /// Base credentials instead of the default chain (tests must not touch the process
    /// environment, which other tests share).
    pub base_credentials: Option<Credentials>,
    /// Faults to inject on the wire.
    pub faults: Option<Arc<Faults>>,
    /// Shared config and credentials files instead of `~/.aws/…`.
    pub profile_files: Option<aws_runtime::env_config::file::EnvConfigFiles>,
}

/// What every client of a run shares.
#[derive(Debug, Clone)]
pub(crate) struct Factory {
    /// The custom endpoint, when set.
    pub endpoint: Option<String>,
    /// The call counter.
    pub calls: Arc<AtomicU64>,
    s3_http: Option<WireClient>,
    s3control_http: Option<WireClient>,
    /// IAM, EC2, STS: wrapped only when faults are injected.
    other_http: Option<WireClient>,
}

impl Factory {
    pub(crate) fn new(endpoint: Option<String>, faults: Option<Arc<Faults>>) -> Self {
        let local = endpoint.is_some();
        let s3_http = faults
            .is_some()
            .then(|| WireClient::new(false, faults.clone()));
        let s3control_http =
            (local || faults.is_some()).then(|| WireClient::new(local, faults.clone()));
        let other_http = s3_http.clone();
        Self {
            endpoint,
            calls: Arc::new(AtomicU64::new(0)),
            s3_http,
            s3control_http,
            other_http,
        }
    }

    fn retry() -> RetryConfig {
        RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS)
    }

    /// The configuration every account starts from: region, endpoint, retry policy, and
    /// the base credentials (the default chain, or a test's static keys).
    pub(crate) async fn base_config(&self, region: &Region, hooks: &Hooks) -> SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(SdkRegion::new(region.to_string()))
            .retry_config(Self::retry())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .build(),
            );
        if let Some(endpoint) = &self.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        if let Some(files) = &hooks.profile_files {
            loader = loader.profile_files(files.clone());
        }
        if let Some(credentials) = &hooks.base_credentials {
            loader = loader.credentials_provider(credentials.clone());
        }
        loader.load().await
    }

    /// The SDK configuration of one account: its region and its credentials.
    pub(crate) async fn account_config(
        &self,
        account: &AccountConfig,
        base: &SdkConfig,
        session_name: &str,
        hooks: &Hooks,
    ) -> SdkConfig {
        let region = SdkRegion::new(account.region.to_string());
        match &account.credentials {
            CredentialSource::DefaultChain => base.to_builder().region(region).build(),
            CredentialSource::Profile(profile) => {
                // The profile provider alone, not the default chain with a profile name:
                // a missing profile must say so, not fall through to instance metadata.
                let provider_config = aws_config::provider_config::ProviderConfig::default()
                    .with_region(Some(region.clone()))
                    .with_retry_config(Self::retry());
                let mut builder = aws_config::profile::ProfileFileCredentialsProvider::builder()
                    .profile_name(profile)
                    .configure(&provider_config);
                if let Some(files) = &hooks.profile_files {
                    builder = builder.profile_files(files.clone());
                }
                base.to_builder()
                    .region(region)
                    .credentials_provider(SharedCredentialsProvider::new(builder.build()))
                    .build()
            }
            CredentialSource::AssumeRole {
                role_arn,
                external_id,
            } => {
                let mut builder = aws_config::sts::AssumeRoleProvider::builder(role_arn)
                    .session_name(session_name)
                    .region(region.clone())
                    .configure(base);
                if let Some(external_id) = external_id {
                    builder = builder.external_id(external_id);
                }
                let provider = builder.build().await;
                base.to_builder()
                    .region(region)
                    .credentials_provider(SharedCredentialsProvider::new(provider))
                    .build()
            }
        }
    }

    fn interceptor(&self) -> CountCalls {
        CountCalls(self.calls.clone())
    }

    pub(crate) fn sts(&self, sdk: &SdkConfig) -> aws_sdk_sts::Client {
        let mut config = aws_sdk_sts::config::Builder::from(sdk)
            .retry_config(Self::retry())
            .interceptor(self.interceptor());
        if let Some(http) = &self.other_http {
            config = config.http_client(http.clone());
        }
        aws_sdk_sts::Client::from_conf(config.build())
    }

    pub(crate) fn iam(&self, sdk: &SdkConfig) -> aws_sdk_iam::Client {
        let mut config = aws_sdk_iam::config::Builder::from(sdk)
            .retry_config(Self::retry())
            .interceptor(self.interceptor());
        if let Some(http) = &self.other_http {
            config = config.http_client(http.clone());
        }
        aws_sdk_iam::Client::from_conf(config.build())
    }

    pub(crate) fn regional(&self, sdk: &SdkConfig, region: &Region) -> Regional {
        let sdk_region = SdkRegion::new(region.to_string());
        let mut s3 = aws_sdk_s3::config::Builder::from(sdk)
            .region(sdk_region.clone())
            .retry_config(Self::retry())
            .interceptor(self.interceptor());
        if self.endpoint.is_some() {
            s3 = s3.force_path_style(true);
        }
        if let Some(http) = &self.s3_http {
            s3 = s3.http_client(http.clone());
        }
        let mut s3control = aws_sdk_s3control::config::Builder::from(sdk)
            .region(sdk_region.clone())
            .retry_config(Self::retry())
            .interceptor(self.interceptor());
        if self.endpoint.is_some() {
            s3control = s3control.endpoint_resolver(LocalS3ControlResolver::default());
        }
        if let Some(http) = &self.s3control_http {
            s3control = s3control.http_client(http.clone());
        }
        let mut ec2 = aws_sdk_ec2::config::Builder::from(sdk)
            .region(sdk_region)
            .retry_config(Self::retry())
            .interceptor(self.interceptor());
        if let Some(http) = &self.other_http {
            ec2 = ec2.http_client(http.clone());
        }
        Regional {
            s3: aws_sdk_s3::Client::from_conf(s3.build()),
            s3control: aws_sdk_s3control::Client::from_conf(s3control.build()),
            ec2: aws_sdk_ec2::Client::from_conf(ec2.build()),
        }
    }
}

/// The clients of one account in one region.
#[derive(Debug, Clone)]
pub(crate) struct Regional {
    pub s3: aws_sdk_s3::Client,
    pub s3control: aws_sdk_s3control::Client,
    pub ec2: aws_sdk_ec2::Client,
}

/// One manifest account: its configuration, clients, and concurrency limit.
#[derive(Debug)]
pub(crate) struct Account {
    pub config: AccountConfig,
    pub iam: aws_sdk_iam::Client,
    pub sts: aws_sdk_sts::Client,
    /// How the credentials are obtained, for messages.
    pub credentials: String,
    sdk: SdkConfig,
    factory: Factory,
    permits: Semaphore,
    regional: Mutex<HashMap<Region, Regional>>,
}

impl Account {
    pub(crate) async fn build(
        config: AccountConfig,
        base: &SdkConfig,
        factory: &Factory,
        session_name: &str,
        concurrency: usize,
        hooks: &Hooks,
    ) -> Self {
        let sdk = factory
            .account_config(&config, base, session_name, hooks)
            .await;
        Self {
            iam: factory.iam(&sdk),
            sts: factory.sts(&sdk),
            credentials: config.credentials.describe(),
            config,
            sdk,
            factory: factory.clone(),
            permits: Semaphore::new(concurrency.max(1)),
            regional: Mutex::new(HashMap::new()),
        }
    }

    /// The clients for a region, built on first use.
    pub(crate) fn region(&self, region: &Region) -> Regional {
        let mut map = match self.regional.lock() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(region.clone())
            .or_insert_with(|| self.factory.regional(&self.sdk, region))
            .clone()
    }

    /// Waits for a free slot of this account's concurrency limit.
    pub(crate) async fn permit(&self) -> Option<SemaphorePermit<'_>> {
        // The semaphore is never closed, so this only fails if that changes.
        self.permits.acquire().await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emulator_fixes_are_installed_only_for_a_custom_endpoint() {
        let aws = Factory::new(None, None);
        assert!(aws.s3control_http.is_none() && aws.s3_http.is_none() && aws.other_http.is_none());
        let local = Factory::new(Some("http://127.0.0.1:5000".into()), None);
        assert!(local.s3control_http.is_some());
        assert!(local.s3_http.is_none() && local.other_http.is_none());
    }
}
