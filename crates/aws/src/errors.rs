//! Turning SDK errors into one clear line each.
//!
//! The SDK's errors are precise but verbose (`Debug` dumps of nested contexts). A user of
//! `share` needs four things per problem: which account, which resource, AWS's error code,
//! and AWS's message, plus a [`ErrorKind`] the engine and the CLI's exit code can act on.
//! Failures that never reached AWS (connection refused, credentials that could not be
//! loaded, an AssumeRole that was refused) are reduced to their root cause the same way.

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use share_state::{CloudError, ErrorKind};
use share_types::AccountId;
use std::error::Error as StdError;

/// Where the call went, for messages about failures that never reached AWS.
#[derive(Debug, Clone)]
pub(crate) struct CallSite<'a> {
    /// The account whose credentials were used.
    pub account: &'a AccountId,
    /// The address or description of the resource.
    pub resource: String,
    /// The custom endpoint, when one is set.
    pub endpoint: Option<&'a str>,
    /// How the account's credentials are obtained (`role arn:…`), for credential failures.
    pub credentials: &'a str,
}

/// What an SDK error amounts to, before the call site is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Described {
    pub code: Option<String>,
    pub message: String,
    pub kind: ErrorKind,
}

impl Described {
    pub(crate) fn at(self, site: &CallSite<'_>) -> CloudError {
        CloudError {
            account: Some(site.account.clone()),
            resource: site.resource.clone(),
            code: self.code,
            message: self.message,
            kind: self.kind,
        }
    }
}

/// The AWS error code of an SDK error, when AWS answered with one.
pub(crate) fn code<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<&str> {
    match err {
        SdkError::ServiceError(ctx) => ctx.err().code(),
        _ => None,
    }
}

/// True when AWS answered that the thing does not exist.
pub(crate) fn is_not_found<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> bool {
    match err {
        SdkError::ServiceError(ctx) => {
            classify(ctx.err().code(), ctx.raw().status().as_u16()) == ErrorKind::NotFound
        }
        _ => false,
    }
}

/// Describes any SDK error as code, one-line message and kind.
pub(crate) fn describe<E>(err: &SdkError<E, HttpResponse>, site: &CallSite<'_>) -> Described
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    if let SdkError::ServiceError(ctx) = err {
        let code = ctx.err().code().map(str::to_owned);
        let status = ctx.raw().status().as_u16();
        let mut message = one_line(ctx.err().message().unwrap_or(""));
        if message.is_empty() {
            message = format!("AWS answered HTTP {status}");
        }
        if matches!(
            code.as_deref(),
            Some(
                "PermanentRedirect"
                    | "AuthorizationHeaderMalformed"
                    | "IllegalLocationConstraintException"
            )
        ) {
            message.push_str(" (the bucket is in another region than the manifest says)");
        }
        let kind = classify(code.as_deref(), status);
        return Described {
            code,
            message,
            kind,
        };
    }
    describe_failure(err, site)
}

/// Failures that are not an answer from AWS: credentials, connection, timeout, parsing.
fn describe_failure(err: &(dyn StdError + 'static), site: &CallSite<'_>) -> Described {
    // Credentials first: a refused AssumeRole is reported as the role, not as the call.
    if chain(err).any(|e| e.is::<CredentialsError>()) {
        // "No credentials found" may carry connector errors of the providers it tried (IMDS,
        // SSO…); it is a configuration problem, not an unreachable endpoint.
        let not_loaded = chain(err).any(|e| {
            matches!(
                e.downcast_ref::<CredentialsError>(),
                Some(CredentialsError::CredentialsNotLoaded(_))
            )
        });
        let (code, detail) = innermost_aws_answer(err).unwrap_or_else(|| {
            let detail = if not_loaded {
                root_cause(err)
            } else {
                transport_or_root(err, site)
            };
            (None, detail)
        });
        // Credentials that could not be fetched because the endpoint is unreachable are an
        // availability problem, not a configuration one. The AWS code, if any, is shown
        // once, by `CloudError`'s display.
        let kind = if code.is_none() && !not_loaded && is_transport(err) {
            ErrorKind::Unavailable
        } else {
            ErrorKind::Credentials
        };
        return Described {
            code,
            message: one_line(&format!(
                "could not get credentials from {}: {detail}",
                site.credentials
            )),
            kind,
        };
    }
    let kind = if is_transport(err) || is_timeout(err) {
        ErrorKind::Unavailable
    } else {
        ErrorKind::Other
    };
    Described {
        code: None,
        message: one_line(&transport_or_root(err, site)),
        kind,
    }
}

/// True when the request never got an answer: the connection failed or timed out.
fn is_transport(err: &(dyn StdError + 'static)) -> bool {
    chain(err).any(|e| {
        e.downcast_ref::<ConnectorError>()
            .is_some_and(|c| !c.is_user())
            || e.downcast_ref::<std::io::Error>().is_some_and(|io| {
                use std::io::ErrorKind::*;
                matches!(
                    io.kind(),
                    ConnectionRefused
                        | ConnectionReset
                        | ConnectionAborted
                        | NotConnected
                        | TimedOut
                        | HostUnreachable
                        | NetworkUnreachable
                        | AddrNotAvailable
                        | BrokenPipe
                        | UnexpectedEof
                )
            })
    })
}

fn is_timeout(err: &(dyn StdError + 'static)) -> bool {
    chain(err).any(|e| {
        let text = e.to_string();
        text.contains("timed out") || text.contains("timeout")
    })
}

/// "could not reach ENDPOINT: Connection refused (os error 111)" or the root cause.
fn transport_or_root(err: &(dyn StdError + 'static), site: &CallSite<'_>) -> String {
    let root = root_cause(err);
    if !is_transport(err) {
        return root;
    }
    let target = site.endpoint.unwrap_or("AWS");
    let timed_out = chain(err).any(|e| {
        e.downcast_ref::<ConnectorError>()
            .is_some_and(ConnectorError::is_timeout)
    });
    if timed_out {
        format!("timed out reaching {target}: {root}")
    } else {
        format!("could not reach {target}: {root}")
    }
}

/// For credential failures: the code and message of the AWS answer deep in the chain (an
/// STS AssumeRole refusal), when there is one.
fn innermost_aws_answer(err: &(dyn StdError + 'static)) -> Option<(Option<String>, String)> {
    use aws_sdk_sts::operation::assume_role::AssumeRoleError;
    chain(err).find_map(|e| {
        let sdk = e.downcast_ref::<SdkError<AssumeRoleError, HttpResponse>>()?;
        match sdk {
            SdkError::ServiceError(ctx) => Some((
                ctx.err().code().map(str::to_owned),
                ctx.err().message().unwrap_or("refused").to_owned(),
            )),
            _ => None,
        }
    })
}

fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// The message of the deepest error that says something.
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut best = err.to_string();
    for e in chain(err).skip(1) {
        let text = e.to_string();
        if !text.trim().is_empty() {
            best = text;
        }
    }
    best
}

/// Collapses whitespace so every message is one line.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The kind of an AWS error answer.
pub(crate) fn classify(code: Option<&str>, status: u16) -> ErrorKind {
    const CREDENTIALS: &[&str] = &[
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
        "AuthFailure",
        "InvalidToken",
        "TokenRefreshRequired",
        "RequestExpired",
        "MissingAuthenticationToken",
        "IncompleteSignature",
    ];
    const DENIED: &[&str] = &[
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AllAccessDisabled",
        "MethodNotAllowed",
        "AuthorizationError",
    ];
    const INVALID: &[&str] = &[
        "MalformedPolicy",
        "MalformedPolicyDocument",
        "MalformedPolicyDocumentException",
        "InvalidPolicyDocument",
        "PolicyTooLarge",
    ];
    const UNAVAILABLE: &[&str] = &[
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "SlowDown",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "EC2ThrottledException",
        "PriorRequestNotComplete",
    ];
    if let Some(code) = code {
        if CREDENTIALS.contains(&code) {
            return ErrorKind::Credentials;
        }
        if DENIED.contains(&code) {
            return ErrorKind::AccessDenied;
        }
        if INVALID.contains(&code) {
            return ErrorKind::InvalidDocument;
        }
        if UNAVAILABLE.contains(&code) {
            return ErrorKind::Unavailable;
        }
        if code.starts_with("NoSuch") || code.contains("NotFound") {
            return ErrorKind::NotFound;
        }
    }
    match status {
        403 | 405 => ErrorKind::AccessDenied,
        404 => ErrorKind::NotFound,
        429 | 500..=599 => ErrorKind::Unavailable,
        _ => ErrorKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        let k = |c: &str, s: u16| classify(Some(c), s);
        assert_eq!(k("NoSuchBucket", 404), ErrorKind::NotFound);
        assert_eq!(k("NoSuchEntity", 404), ErrorKind::NotFound);
        assert_eq!(k("InvalidVpcEndpointId.NotFound", 400), ErrorKind::NotFound);
        assert_eq!(k("AccessDenied", 403), ErrorKind::AccessDenied);
        assert_eq!(k("MethodNotAllowed", 405), ErrorKind::AccessDenied);
        assert_eq!(k("UnauthorizedOperation", 403), ErrorKind::AccessDenied);
        assert_eq!(k("InvalidAccessKeyId", 403), ErrorKind::Credentials);
        assert_eq!(k("ExpiredToken", 400), ErrorKind::Credentials);
        assert_eq!(k("AuthFailure", 401), ErrorKind::Credentials);
        assert_eq!(k("MalformedPolicy", 400), ErrorKind::InvalidDocument);
        assert_eq!(
            k("MalformedPolicyDocument", 400),
            ErrorKind::InvalidDocument
        );
        assert_eq!(k("SlowDown", 503), ErrorKind::Unavailable);
        assert_eq!(k("Throttling", 400), ErrorKind::Unavailable);
        assert_eq!(k("RequestLimitExceeded", 503), ErrorKind::Unavailable);
        assert_eq!(k("Whatever", 500), ErrorKind::Unavailable);
        assert_eq!(k("BucketAlreadyExists", 409), ErrorKind::Other);
        assert_eq!(classify(None, 403), ErrorKind::AccessDenied);
        assert_eq!(classify(None, 405), ErrorKind::AccessDenied);
        assert_eq!(classify(None, 404), ErrorKind::NotFound);
        assert_eq!(classify(None, 400), ErrorKind::Other);
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(one_line("a\n  b\tc "), "a b c");
    }
}
