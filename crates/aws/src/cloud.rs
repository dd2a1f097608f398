//! [`AwsCloud`]: the SDK behind the synchronous [`Cloud`] trait.
//!
//! The engine is synchronous on purpose, so `AwsCloud` owns a tokio runtime and blocks on
//! it. `connect` does the one thing that must happen before any read: it proves, with STS
//! `GetCallerIdentity`, that each account's credentials really belong to the account the
//! manifest names, and reports every account that is wrong at once.

use crate::clients::{Account, Factory, Hooks};
use crate::config::{AccountConfig, Options, sanitize_session_name};
use crate::errors::{CallSite, describe, one_line};
use share_state::{Cloud, CloudError, ErrorKind, ObserveRequest, ObservedState, Operation};
use share_types::AccountId;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// AWS, as the engine sees it: per-account clients and a runtime to drive them.
#[derive(Debug)]
pub struct AwsCloud {
    runtime: tokio::runtime::Runtime,
    inner: Arc<Inner>,
}

/// What the tasks of a run share.
#[derive(Debug)]
pub(crate) struct Inner {
    pub accounts: BTreeMap<AccountId, Account>,
    pub factory: Factory,
    pub propagation_timeout: Duration,
}

impl Inner {
    /// The account with this id, or an error naming the resource that needed it.
    pub(crate) fn account(&self, id: &AccountId, resource: &str) -> Result<&Account, CloudError> {
        self.accounts.get(id).ok_or_else(|| CloudError {
            account: Some(id.clone()),
            resource: resource.to_owned(),
            code: None,
            message: format!(
                "account {id} is not one of the manifest's accounts, so share has no credentials for it"
            ),
            kind: ErrorKind::Credentials,
        })
    }

    /// The call site of a resource in an account, for error messages.
    pub(crate) fn site<'a>(&'a self, account: &'a Account, resource: String) -> CallSite<'a> {
        CallSite {
            account: &account.config.id,
            resource,
            endpoint: self.factory.endpoint.as_deref(),
            credentials: &account.credentials,
        }
    }

    pub(crate) fn calls(&self) -> u64 {
        self.factory.calls.load(Ordering::Relaxed)
    }
}

impl AwsCloud {
    /// Builds per-account clients and confirms with STS `GetCallerIdentity` that each
    /// account's credentials really are that account. Returns every problem, one line each
    /// (`account `ml` (111111111111): credentials belong to 123456789012`).
    ///
    /// The endpoint is `options.endpoint_url`, else the `AWS_ENDPOINT_URL` environment
    /// variable; either turns on the local-emulator fixes.
    pub fn connect(
        accounts: Vec<AccountConfig>,
        options: Options,
    ) -> Result<AwsCloud, Vec<CloudError>> {
        Self::connect_with(accounts, options, Hooks::default())
    }

    pub(crate) fn connect_with(
        accounts: Vec<AccountConfig>,
        options: Options,
        hooks: Hooks,
    ) -> Result<AwsCloud, Vec<CloudError>> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("share-aws")
            .build()
            .map_err(|e| vec![setup_error(format!("could not start the I/O runtime: {e}"))])?;
        let endpoint = options.endpoint_url.clone().or_else(|| {
            std::env::var("AWS_ENDPOINT_URL")
                .ok()
                .filter(|v| !v.trim().is_empty())
        });
        let mut errors = Vec::new();
        if let Some(endpoint) = &endpoint
            && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
        {
            errors.push(setup_error(format!(
                "endpoint URL `{endpoint}` must start with http:// or https://"
            )));
        }
        let mut seen: BTreeMap<&AccountId, &str> = BTreeMap::new();
        for a in &accounts {
            if let Some(other) = seen.insert(&a.id, &a.name) {
                errors.push(setup_error(format!(
                    "accounts `{other}` and `{}` both have id {}",
                    a.name, a.id
                )));
            }
        }
        if accounts.is_empty() {
            errors.push(setup_error("no accounts to connect to".to_owned()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let factory = Factory::new(endpoint, hooks.faults.clone());
        let session_name = sanitize_session_name(&options.session_name);
        let inner = runtime.block_on(async {
            // One base configuration: the default chain is loaded once, for every account.
            let base = factory.base_config(&accounts[0].region, &hooks).await;
            let mut map = BTreeMap::new();
            for config in accounts {
                let account = Account::build(
                    config,
                    &base,
                    &factory,
                    &session_name,
                    options.concurrency,
                    &hooks,
                )
                .await;
                map.insert(account.config.id.clone(), account);
            }
            Arc::new(Inner {
                accounts: map,
                factory,
                propagation_timeout: options.principal_propagation_timeout,
            })
        });
        let checks = runtime.block_on(verify_identities(inner.clone()));
        let errors: Vec<CloudError> = checks.into_iter().flatten().collect();
        if errors.is_empty() {
            Ok(AwsCloud { runtime, inner })
        } else {
            Err(errors)
        }
    }

    /// How many AWS API calls (attempts, retries included) this instance has made so far,
    /// including the identity checks of `connect`.
    pub fn api_calls(&self) -> u64 {
        self.inner.calls()
    }

    /// The endpoint in use, when a custom one is set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.factory.endpoint.as_deref()
    }

    #[cfg(feature = "testing")]
    pub(crate) fn connect_for_tests(
        accounts: Vec<AccountConfig>,
        options: Options,
        base_credentials: aws_credential_types::Credentials,
        faults: Option<Arc<crate::faults::Faults>>,
        profile_files: Option<aws_runtime::env_config::file::EnvConfigFiles>,
    ) -> Result<AwsCloud, Vec<CloudError>> {
        Self::connect_with(
            accounts,
            options,
            Hooks {
                base_credentials: Some(base_credentials),
                faults,
                profile_files,
            },
        )
    }
}

fn setup_error(message: String) -> CloudError {
    CloudError {
        account: None,
        resource: "configuration".to_owned(),
        code: None,
        message,
        kind: ErrorKind::Other,
    }
}

/// `GetCallerIdentity` in every account, concurrently; one error per wrong account.
async fn verify_identities(inner: Arc<Inner>) -> Vec<Option<CloudError>> {
    let ids: Vec<AccountId> = inner.accounts.keys().cloned().collect();
    crate::tasks::join_all(ids.into_iter().map(|id| {
        let inner = inner.clone();
        async move {
            let account = inner.accounts.get(&id)?;
            let label = format!("account `{}` ({})", account.config.name, account.config.id);
            let result = {
                let _permit = account.permit().await;
                account.sts.get_caller_identity().send().await
            };
            match result {
                Ok(identity) => {
                    let actual = identity.account().unwrap_or("an unknown account");
                    (actual != account.config.id.as_str()).then(|| CloudError {
                        account: None,
                        resource: label,
                        code: None,
                        message: format!(
                            "credentials belong to {actual} ({}), not {}; check {}",
                            identity.arn().unwrap_or("no ARN"),
                            account.config.id,
                            account.credentials
                        ),
                        kind: ErrorKind::Credentials,
                    })
                }
                Err(e) => {
                    let site = inner.site(account, label.clone());
                    let described = describe(&e, &site);
                    Some(CloudError {
                        account: None,
                        resource: label,
                        code: described.code,
                        message: one_line(&described.message),
                        kind: described.kind,
                    })
                }
            }
        }
    }))
    .await
}

impl Cloud for AwsCloud {
    fn observe(&self, request: &ObserveRequest) -> Result<ObservedState, Vec<CloudError>> {
        let before = self.inner.calls();
        let result = self
            .runtime
            .block_on(crate::observe::observe(self.inner.clone(), request.clone()));
        result.map(|mut state| {
            state.api_calls = self.inner.calls().saturating_sub(before);
            state
        })
    }

    fn execute(&self, operations: &[Operation]) -> Vec<Result<(), CloudError>> {
        self.runtime.block_on(crate::execute::execute(
            self.inner.clone(),
            operations.to_vec(),
        ))
    }
}
