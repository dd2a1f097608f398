//! Talking to a local emulator (moto) instead of AWS: the two S3 Control fixes.
//!
//! Both are needed only because an emulator is reached through one custom endpoint
//! (moto-notes, "S3 Control needs two fixes"), and both are switched on **only** when
//! `Options::endpoint_url` (or `AWS_ENDPOINT_URL`) is set; against AWS the SDK runs
//! untouched.
//!
//! 1. The S3 Control endpoint rules put the account id in front of the host
//!    (`123456789012.127.0.0.1:5000`), which does not resolve. [`LocalS3ControlResolver`]
//!    wraps the generated resolver and drops that label from the resolved URL, keeping the
//!    signing properties the rules computed.
//! 2. moto answers S3 Control operations with a `<XxxResponse>` root where the SDK requires
//!    `<XxxResult>`. [`WireClient`] wraps the HTTP client, renames the root element of
//!    successful responses and corrects `content-length`.
//!
//! [`WireClient`] is also where test builds inject faults (see `faults`), because a fault
//! injected on the wire goes through the SDK's real error parsing and retry classification.

use crate::faults::Faults;
use aws_sdk_s3control::config::endpoint::{
    DefaultResolver, Endpoint, EndpointFuture, Params, ResolveEndpoint,
};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use std::sync::Arc;

/// The S3 Control endpoint resolver for a custom endpoint: the generated rules, minus the
/// `{AccountId}.` host label.
#[derive(Debug, Default)]
pub(crate) struct LocalS3ControlResolver {
    inner: DefaultResolver,
}

impl ResolveEndpoint for LocalS3ControlResolver {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        EndpointFuture::new(async move {
            let endpoint = ResolveEndpoint::resolve_endpoint(&self.inner, params).await?;
            Ok(match params.account_id() {
                Some(account) => strip_account_label(endpoint, account),
                None => endpoint,
            })
        })
    }
}

/// `http://123456789012.127.0.0.1:5000/x` → `http://127.0.0.1:5000/x`; any other URL is
/// returned unchanged.
pub(crate) fn strip_account_label(endpoint: Endpoint, account: &str) -> Endpoint {
    let Some((scheme, rest)) = endpoint.url().split_once("://") else {
        return endpoint;
    };
    let Some(stripped) = rest.strip_prefix(account).and_then(|r| r.strip_prefix('.')) else {
        return endpoint;
    };
    let url = format!("{scheme}://{stripped}");
    endpoint.into_builder().url(url).build()
}

/// Renames the root element of an XML document from `<XxxResponse …>` to `<XxxResult …>`
/// (and its closing tag). `None` when the document has no such root.
pub(crate) fn rename_response_root(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    // Skip the XML declaration, comments and whitespace before the root element.
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with("<?") {
            pos += trimmed.find("?>")? + 2;
        } else if trimmed.starts_with("<!--") {
            pos += trimmed.find("-->")? + 3;
        } else if trimmed.starts_with('<') {
            break;
        } else {
            return None;
        }
    }
    let name_start = pos + 1;
    let name_len = text[name_start..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(text.len() - name_start);
    let name = &text[name_start..name_start + name_len];
    let stem = name.strip_suffix("Response")?;
    if stem.is_empty() {
        return None;
    }
    let renamed = format!("{stem}Result");
    let closing = format!("</{name}>");
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..name_start]);
    out.push_str(&renamed);
    let after_name = &text[name_start + name_len..];
    match after_name.rfind(&closing) {
        Some(close) => {
            out.push_str(&after_name[..close]);
            out.push_str(&format!("</{renamed}>"));
            out.push_str(&after_name[close + closing.len()..]);
        }
        None => out.push_str(after_name),
    }
    Some(out.into_bytes())
}

/// An HTTP client wrapper that can rename S3 Control response roots (emulator only) and
/// inject faults (test builds only).
#[derive(Debug, Clone)]
pub(crate) struct WireClient {
    inner: SharedHttpClient,
    rename_roots: bool,
    faults: Option<Arc<Faults>>,
}

impl WireClient {
    /// Wraps the SDK's default HTTPS client (rustls with aws-lc, as the SDK itself builds it).
    pub(crate) fn new(rename_roots: bool, faults: Option<Arc<Faults>>) -> Self {
        use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
        let inner = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
            .build_https();
        Self::wrapping(inner, rename_roots, faults)
    }

    /// Wraps a given client.
    pub(crate) fn wrapping(
        inner: SharedHttpClient,
        rename_roots: bool,
        faults: Option<Arc<Faults>>,
    ) -> Self {
        Self {
            inner,
            rename_roots,
            faults,
        }
    }
}

impl HttpClient for WireClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(WireConnector {
            inner: self.inner.http_connector(settings, components),
            rename_roots: self.rename_roots,
            faults: self.faults.clone(),
        })
    }
}

#[derive(Debug)]
struct WireConnector {
    inner: SharedHttpConnector,
    rename_roots: bool,
    faults: Option<Arc<Faults>>,
}

impl HttpConnector for WireConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if let Some(response) = self.faults.as_ref().and_then(|f| f.intercept(&request)) {
            return HttpConnectorFuture::ready(Ok(response));
        }
        let latency = self
            .faults
            .as_ref()
            .map(|f| f.latency())
            .unwrap_or_default();
        if latency.is_zero() && !self.rename_roots {
            return self.inner.call(request);
        }
        let inner = self.inner.clone();
        let rename_roots = self.rename_roots;
        HttpConnectorFuture::new(async move {
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            let mut response = inner.call(request).await?;
            if !rename_roots || !response.status().is_success() {
                return Ok(response);
            }
            let body = std::mem::replace(response.body_mut(), SdkBody::taken());
            let bytes = ByteStream::new(body)
                .collect()
                .await
                .map_err(|e| ConnectorError::io(e.into()))?
                .into_bytes();
            let fixed = rename_response_root(&bytes).unwrap_or_else(|| bytes.to_vec());
            if response.headers().contains_key("content-length") {
                response
                    .headers_mut()
                    .insert("content-length", fixed.len().to_string());
            }
            *response.body_mut() = SdkBody::from(fixed);
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests;
