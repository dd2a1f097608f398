//! Carrying out plan operations, each with the right account's clients.
//!
//! Operations arrive independent of each other (the engine orders dependencies), so they
//! run concurrently within each account's limit. Each replaces a whole document or
//! setting, so repeating one is safe; removals of something already gone succeed.
//!
//! Retries: throttling, 5xx and connection errors are retried by the SDK (standard mode,
//! bounded attempts). A bucket or access point policy that AWS rejects with
//! "Invalid principal in policy" is retried here with exponential backoff until
//! `Options::principal_propagation_timeout`, because a principal created moments ago may
//! not have propagated through IAM yet (aws-semantics §6).

use crate::clients::Account;
use crate::cloud::Inner;
use crate::errors::{CallSite, Described, code, describe, is_not_found};
use crate::tasks::join_all;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use share_state::{CloudError, ErrorKind, Operation};
use share_types::PrincipalKind;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest pause between two propagation retries.
const MAX_BACKOFF: Duration = Duration::from_secs(15);

/// Runs every operation; one result per operation, in order.
pub(crate) async fn execute(
    inner: Arc<Inner>,
    operations: Vec<Operation>,
) -> Vec<Result<(), CloudError>> {
    join_all(operations.into_iter().map(|op| run(inner.clone(), op))).await
}

async fn run(inner: Arc<Inner>, op: Operation) -> Result<(), CloudError> {
    let address = op.address();
    let resource = address.to_string();
    let account = inner.account(&address.account(), &resource)?;
    let site = inner.site(account, resource);
    let fail = |d: Described| Err(d.at(&site));
    match op {
        Operation::CreateBucket { region, bucket, .. } => {
            let s3 = account.region(&region).s3;
            let mut call = s3.create_bucket().bucket(bucket.as_str());
            if region.as_str() != "us-east-1" {
                use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
                call = call.create_bucket_configuration(
                    CreateBucketConfiguration::builder()
                        .location_constraint(BucketLocationConstraint::from(region.as_str()))
                        .build(),
                );
            }
            match limited(account, call.send()).await {
                Ok(_) => Ok(()),
                // Already ours: the goal is reached.
                Err(e) if code(&e) == Some("BucketAlreadyOwnedByYou") => Ok(()),
                Err(e) if code(&e) == Some("BucketAlreadyExists") => Err(CloudError {
                    message: "the name is taken by another AWS account (bucket names are global)"
                        .to_owned(),
                    ..describe(&e, &site).at(&site)
                }),
                Err(e) => fail(describe(&e, &site)),
            }
        }
        Operation::PutPublicAccessBlock {
            region,
            bucket,
            config,
            ..
        } => {
            use aws_sdk_s3::types::PublicAccessBlockConfiguration;
            let s3 = account.region(&region).s3;
            let call = s3
                .put_public_access_block()
                .bucket(bucket.as_str())
                .public_access_block_configuration(
                    PublicAccessBlockConfiguration::builder()
                        .block_public_acls(config.block_public_acls)
                        .ignore_public_acls(config.ignore_public_acls)
                        .block_public_policy(config.block_public_policy)
                        .restrict_public_buckets(config.restrict_public_buckets)
                        .build(),
                );
            limited(account, call.send())
                .await
                .map(drop)
                .or_else(|e| fail(describe(&e, &site)))
        }
        Operation::PutOwnershipControls {
            region,
            bucket,
            ownership,
            ..
        } => {
            use aws_sdk_s3::types::{ObjectOwnership, OwnershipControls, OwnershipControlsRule};
            let rule = OwnershipControlsRule::builder()
                .object_ownership(ObjectOwnership::from(ownership.as_str()))
                .build()
                .map_err(|e| build_error(&site, e))?;
            let controls = OwnershipControls::builder()
                .rules(rule)
                .build()
                .map_err(|e| build_error(&site, e))?;
            let s3 = account.region(&region).s3;
            let call = s3
                .put_bucket_ownership_controls()
                .bucket(bucket.as_str())
                .ownership_controls(controls);
            limited(account, call.send())
                .await
                .map(drop)
                .or_else(|e| fail(describe(&e, &site)))
        }
        Operation::CreateAccessPoint {
            account: account_id,
            region,
            name,
            bucket,
            vpc,
        } => {
            let vpc = vpc
                .map(|vpc| {
                    aws_sdk_s3control::types::VpcConfiguration::builder()
                        .vpc_id(vpc.as_str())
                        .build()
                })
                .transpose()
                .map_err(|e| build_error(&site, e))?;
            let s3control = account.region(&region).s3control;
            let call = s3control
                .create_access_point()
                .account_id(account_id.as_str())
                .name(name.as_str())
                .bucket(bucket.as_str())
                .bucket_account_id(account_id.as_str())
                .set_vpc_configuration(vpc);
            limited(account, call.send())
                .await
                .map(drop)
                .or_else(|e| fail(describe(&e, &site)))
        }
        Operation::DeleteAccessPoint {
            account: account_id,
            region,
            name,
        } => {
            let s3control = account.region(&region).s3control;
            let call = s3control
                .delete_access_point()
                .account_id(account_id.as_str())
                .name(name.as_str());
            match limited(account, call.send()).await {
                Ok(_) => Ok(()),
                Err(e) if is_not_found(&e) => Ok(()),
                Err(e) => fail(describe(&e, &site)),
            }
        }
        Operation::PutAccessPointPolicy {
            account: account_id,
            region,
            name,
            document,
        } => {
            let s3control = account.region(&region).s3control;
            let result = with_propagation_retry(inner.propagation_timeout, || {
                let call = s3control
                    .put_access_point_policy()
                    .account_id(account_id.as_str())
                    .name(name.as_str())
                    .policy(document.as_str());
                limited(account, call.send())
            })
            .await;
            result.map(drop).map_err(|e| e.into_error(&site))
        }
        Operation::DeleteAccessPointPolicy {
            account: account_id,
            region,
            name,
        } => {
            let s3control = account.region(&region).s3control;
            let call = s3control
                .delete_access_point_policy()
                .account_id(account_id.as_str())
                .name(name.as_str());
            match limited(account, call.send()).await {
                Ok(_) => Ok(()),
                Err(e) if code(&e) == Some("NoSuchAccessPointPolicy") => Ok(()),
                Err(e) => fail(describe(&e, &site)),
            }
        }
        Operation::PutBucketPolicy {
            region,
            bucket,
            document,
            ..
        } => {
            let s3 = account.region(&region).s3;
            let result = with_propagation_retry(inner.propagation_timeout, || {
                let call = s3
                    .put_bucket_policy()
                    .bucket(bucket.as_str())
                    .policy(document.as_str());
                limited(account, call.send())
            })
            .await;
            result.map(drop).map_err(|e| e.into_error(&site))
        }
        Operation::DeleteBucketPolicy { region, bucket, .. } => {
            let s3 = account.region(&region).s3;
            let call = s3.delete_bucket_policy().bucket(bucket.as_str());
            match limited(account, call.send()).await {
                Ok(_) => Ok(()),
                Err(e) if code(&e) == Some("NoSuchBucketPolicy") => Ok(()),
                Err(e) => fail(describe(&e, &site)),
            }
        }
        Operation::PutEndpointPolicy {
            region,
            endpoint,
            document,
            ..
        } => {
            let ec2 = account.region(&region).ec2;
            let call = ec2
                .modify_vpc_endpoint()
                .vpc_endpoint_id(endpoint.as_str())
                .policy_document(document);
            match limited(account, call.send()).await {
                Ok(out) if out.r#return == Some(false) => Err(CloudError {
                    account: Some(account.config.id.clone()),
                    resource: site.resource.clone(),
                    code: None,
                    message: "ModifyVpcEndpoint answered that it did not apply the policy"
                        .to_owned(),
                    kind: ErrorKind::Other,
                }),
                Ok(_) => Ok(()),
                Err(e) => fail(describe(&e, &site)),
            }
        }
        Operation::PutIdentityPolicy {
            principal,
            policy_name,
            document,
        } => {
            let name = principal.name();
            let result = match principal.kind() {
                PrincipalKind::Role => {
                    let call = account
                        .iam
                        .put_role_policy()
                        .role_name(name)
                        .policy_name(policy_name.as_str())
                        .policy_document(document);
                    limited(account, call.send())
                        .await
                        .map(drop)
                        .map_err(|e| describe(&e, &site))
                }
                PrincipalKind::User => {
                    let call = account
                        .iam
                        .put_user_policy()
                        .user_name(name)
                        .policy_name(policy_name.as_str())
                        .policy_document(document);
                    limited(account, call.send())
                        .await
                        .map(drop)
                        .map_err(|e| describe(&e, &site))
                }
            };
            result.or_else(fail)
        }
        Operation::DeleteIdentityPolicy {
            principal,
            policy_name,
        } => {
            let name = principal.name();
            let result = match principal.kind() {
                PrincipalKind::Role => {
                    let call = account
                        .iam
                        .delete_role_policy()
                        .role_name(name)
                        .policy_name(policy_name.as_str());
                    match limited(account, call.send()).await {
                        Ok(_) => Ok(()),
                        Err(e) if is_not_found(&e) => Ok(()),
                        Err(e) => Err(describe(&e, &site)),
                    }
                }
                PrincipalKind::User => {
                    let call = account
                        .iam
                        .delete_user_policy()
                        .user_name(name)
                        .policy_name(policy_name.as_str());
                    match limited(account, call.send()).await {
                        Ok(_) => Ok(()),
                        Err(e) if is_not_found(&e) => Ok(()),
                        Err(e) => Err(describe(&e, &site)),
                    }
                }
            };
            result.or_else(fail)
        }
    }
}

/// Runs one call within the account's concurrency limit.
async fn limited<T>(account: &Account, call: impl Future<Output = T>) -> T {
    let _permit = account.permit().await;
    call.await
}

fn build_error(site: &CallSite<'_>, e: impl std::fmt::Display) -> CloudError {
    CloudError {
        account: Some(site.account.clone()),
        resource: site.resource.clone(),
        code: None,
        message: format!("could not build the request: {e}"),
        kind: ErrorKind::Other,
    }
}

/// "Invalid principal in policy": a principal that IAM has not propagated yet.
fn is_invalid_principal<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> bool {
    match err {
        SdkError::ServiceError(ctx) => {
            ctx.err().code() == Some("MalformedPolicy")
                && ctx
                    .err()
                    .message()
                    .is_some_and(|m| m.to_ascii_lowercase().contains("invalid principal"))
        }
        _ => false,
    }
}

/// Why a policy put finally failed.
enum PutFailure<E> {
    /// Any error other than "Invalid principal".
    Failed(SdkError<E, HttpResponse>),
    /// Still "Invalid principal" when the propagation timeout ran out.
    GaveUp {
        error: SdkError<E, HttpResponse>,
        waited: Duration,
        attempts: u32,
    },
}

impl<E> PutFailure<E>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    fn into_error(self, site: &CallSite<'_>) -> CloudError {
        match self {
            Self::Failed(e) => describe(&e, site).at(site),
            Self::GaveUp {
                error,
                waited,
                attempts,
            } => {
                let described = describe(&error, site);
                CloudError {
                    message: format!(
                        "gave up after {} ({attempts} attempts) waiting for IAM to propagate a principal the policy names: AWS still answers \"{}\"; check that every principal in the policy exists, or raise the propagation timeout",
                        format_duration(waited),
                        described.message
                    ),
                    ..described.at(site)
                }
            }
        }
    }
}

/// `120 s`, `2.5 s`, `300 ms`.
pub(crate) fn format_duration(d: Duration) -> String {
    if d >= Duration::from_secs(10) {
        format!("{} s", d.as_secs())
    } else if d >= Duration::from_secs(1) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// The first pause: a fraction of the timeout, between 50 ms and 1 s, so a test with a
/// short timeout still sees several attempts and AWS sees few.
fn first_backoff(timeout: Duration) -> Duration {
    (timeout / 20).clamp(Duration::from_millis(50), Duration::from_secs(1))
}

/// Retries `attempt` while it fails with "Invalid principal in policy", with exponential
/// backoff, until `timeout` has passed since the first attempt; the last attempt is made
/// at the deadline.
async fn with_propagation_retry<T, E, F, Fut>(
    timeout: Duration,
    mut attempt: F,
) -> Result<T, PutFailure<E>>
where
    E: ProvideErrorMetadata,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
{
    let started = Instant::now();
    let deadline = started + timeout;
    let mut backoff = first_backoff(timeout);
    let mut attempts = 0;
    loop {
        attempts += 1;
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) if is_invalid_principal(&error) => {
                let now = Instant::now();
                if now >= deadline {
                    return Err(PutFailure::GaveUp {
                        error,
                        waited: now - started,
                        attempts,
                    });
                }
                tracing::info!(
                    attempts,
                    "AWS answered \"Invalid principal in policy\"; retrying while IAM propagates"
                );
                tokio::time::sleep(backoff.min(deadline - now)).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
            Err(error) => return Err(PutFailure::Failed(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration(Duration::from_secs(120)), "120 s");
        assert_eq!(format_duration(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(format_duration(Duration::from_millis(300)), "300 ms");
    }

    #[test]
    fn backoff_starts_small_for_short_timeouts() {
        assert_eq!(
            first_backoff(Duration::from_secs(120)),
            Duration::from_secs(1)
        );
        assert_eq!(
            first_backoff(Duration::from_secs(2)),
            Duration::from_millis(100)
        );
        assert_eq!(
            first_backoff(Duration::from_millis(10)),
            Duration::from_millis(50)
        );
    }
}
