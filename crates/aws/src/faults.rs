//! Fault injection on the wire, for tests of the retry paths.
//!
//! moto never answers "Invalid principal in policy", never throttles and never fails with a
//! 5xx (moto-notes), yet those are the paths where `share` must behave well. A [`Faults`]
//! plan, installed only through the `testing` feature, answers chosen requests with a
//! fabricated AWS error instead of sending them, so the SDK's real error parsing, retry
//! classification and `share`'s own propagation retry all run as they would against AWS.

// Only the `testing` feature builds fault plans; without it the wire wrapper never has one.
#![cfg_attr(not(feature = "testing"), allow(dead_code))]

use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::sync::Mutex;
use std::time::Duration;

/// The API calls a fault can target, recognised from the HTTP request.
// Named exactly after the AWS APIs, which happen to share a suffix.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultTarget {
    /// S3 `PutBucketPolicy` (`PUT /BUCKET?policy`).
    PutBucketPolicy,
    /// S3 Control `PutAccessPointPolicy` (`PUT /v20180820/accesspoint/NAME/policy`).
    PutAccessPointPolicy,
    /// S3 `GetBucketPolicy` (`GET /BUCKET?policy`).
    GetBucketPolicy,
}

impl FaultTarget {
    fn matches(self, request: &HttpRequest) -> bool {
        let method = request.method();
        let uri = request.uri();
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let path = path
            .split_once("://")
            .map_or(path, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        let has_policy_param = query.split('&').any(|p| p == "policy" || p == "policy=");
        match self {
            Self::PutBucketPolicy => {
                method == "PUT" && has_policy_param && !path.starts_with("/v20180820/")
            }
            Self::GetBucketPolicy => {
                method == "GET" && has_policy_param && !path.starts_with("/v20180820/")
            }
            Self::PutAccessPointPolicy => {
                method == "PUT"
                    && path.starts_with("/v20180820/accesspoint/")
                    && path.ends_with("/policy")
            }
        }
    }

    /// S3 errors are unwrapped `<Error>`; S3 Control wraps them in `<ErrorResponse>`.
    fn wrapped_errors(self) -> bool {
        matches!(self, Self::PutAccessPointPolicy)
    }
}

/// One injected fault: the first `times` matching requests fail with this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Which call.
    pub target: FaultTarget,
    /// How many matching calls fail (later ones go through).
    pub times: usize,
    /// The HTTP status of the fabricated answer.
    pub status: u16,
    /// The AWS error code.
    pub code: String,
    /// The AWS error message.
    pub message: String,
}

impl Fault {
    /// `400 MalformedPolicy: Invalid principal in policy`, as AWS answers while IAM
    /// propagates a new principal (aws-semantics §6).
    pub fn invalid_principal(target: FaultTarget, times: usize) -> Self {
        Self {
            target,
            times,
            status: 400,
            code: "MalformedPolicy".to_owned(),
            message: "Invalid principal in policy".to_owned(),
        }
    }

    /// `503 SlowDown`, S3's throttling answer.
    pub fn throttle(target: FaultTarget, times: usize) -> Self {
        Self {
            target,
            times,
            status: 503,
            code: "SlowDown".to_owned(),
            message: "Please reduce your request rate.".to_owned(),
        }
    }
}

/// A set of faults, with how many times each has fired, and an optional delay before every
/// request (to model the round trip to AWS that a loopback emulator does not have).
#[derive(Debug, Default)]
pub struct Faults {
    plan: Mutex<Vec<(Fault, usize)>>,
    latency: Duration,
}

impl Faults {
    /// A plan of faults.
    pub fn new(faults: impl IntoIterator<Item = Fault>) -> Self {
        Self {
            plan: Mutex::new(faults.into_iter().map(|f| (f, 0)).collect()),
            latency: Duration::ZERO,
        }
    }

    /// Delays every request of every service by `latency` before sending it.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The delay added before every request.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// How many times faults targeting `target` have fired so far.
    pub fn fired(&self, target: FaultTarget) -> usize {
        self.plan
            .lock()
            .map(|plan| {
                plan.iter()
                    .filter(|(f, _)| f.target == target)
                    .map(|(_, n)| n)
                    .sum()
            })
            .unwrap_or(0)
    }

    /// The fabricated answer for this request, if a fault targets it and has not yet
    /// fired `times` times.
    pub(crate) fn intercept(&self, request: &HttpRequest) -> Option<HttpResponse> {
        let mut plan = self.plan.lock().ok()?;
        let (fault, fired) = plan
            .iter_mut()
            .find(|(f, fired)| *fired < f.times && f.target.matches(request))?;
        *fired += 1;
        let error = format!(
            "<Error><Code>{}</Code><Message>{}</Message><RequestId>share-fault</RequestId></Error>",
            fault.code, fault.message
        );
        let body = if fault.target.wrapped_errors() {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse>{error}</ErrorResponse>"
            )
        } else {
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{error}")
        };
        let mut response =
            HttpResponse::new(fault.status.try_into().ok()?, SdkBody::from(body.clone()));
        response
            .headers_mut()
            .insert("content-type", "application/xml");
        response
            .headers_mut()
            .insert("content-length", body.len().to_string());
        Some(response)
    }
}

#[cfg(test)]
mod tests;
