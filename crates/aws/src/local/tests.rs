//! Unit tests of `local.rs`.

use super::*;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

fn rename(s: &str) -> Option<String> {
    rename_response_root(s.as_bytes()).map(|b| String::from_utf8(b).unwrap())
}

#[test]
fn response_roots_become_result_roots() {
    assert_eq!(
        rename(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAccessPointsResponse xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><AccessPointList/></ListAccessPointsResponse>"
        )
        .unwrap(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAccessPointsResult xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><AccessPointList/></ListAccessPointsResult>"
    );
    assert_eq!(
        rename(
            "<GetAccessPointPolicyResponse><Policy>{}</Policy></GetAccessPointPolicyResponse>\n"
        )
        .unwrap(),
        "<GetAccessPointPolicyResult><Policy>{}</Policy></GetAccessPointPolicyResult>\n"
    );
    assert_eq!(
        rename("<!-- x --><CreateAccessPointResponse/>").unwrap(),
        "<!-- x --><CreateAccessPointResult/>"
    );
    // Inner elements named like the root are left alone; only the outermost tags change.
    assert_eq!(
        rename("<AResponse><AResponse>x</AResponse></AResponse>").unwrap(),
        "<AResult><AResponse>x</AResponse></AResult>"
    );
}

#[test]
fn other_documents_are_left_alone() {
    for body in [
        "",
        "{}",
        "<ListAccessPointsResult></ListAccessPointsResult>",
        "<Response></Response>",
        "<?xml version=\"1.0\"?>",
    ] {
        assert_eq!(rename(body), None, "{body:?}");
    }
    assert_eq!(rename_response_root(&[0xff, 0xfe]), None);
}

fn endpoint(url: &str) -> Endpoint {
    Endpoint::builder()
        .url(url.to_owned())
        .property("authSchemes", "kept")
        .build()
}

#[test]
fn the_account_label_is_dropped_from_the_host() {
    let e = strip_account_label(
        endpoint("http://123456789012.127.0.0.1:5000"),
        "123456789012",
    );
    assert_eq!(e.url(), "http://127.0.0.1:5000");
    assert!(
        e.properties().contains_key("authSchemes"),
        "signing properties are kept"
    );
    let e = strip_account_label(
        endpoint("https://111111111111.localstack:4566/v"),
        "111111111111",
    );
    assert_eq!(e.url(), "https://localstack:4566/v");
    // Another account's label, or none, is not touched.
    let e = strip_account_label(endpoint("http://127.0.0.1:5000"), "123456789012");
    assert_eq!(e.url(), "http://127.0.0.1:5000");
    let e = strip_account_label(endpoint("http://1234567890123.x:1"), "123456789012");
    assert_eq!(e.url(), "http://1234567890123.x:1");
}

#[tokio::test]
async fn the_resolver_applies_the_rules_then_drops_the_label() {
    let params = Params::builder()
        .region("us-east-1")
        .account_id("222222222222")
        .requires_account_id(true)
        .endpoint("http://127.0.0.1:5000")
        .use_fips(false)
        .use_dual_stack(false)
        .build()
        .unwrap();
    let resolved = LocalS3ControlResolver::default()
        .resolve_endpoint(&params)
        .await
        .unwrap();
    assert_eq!(resolved.url(), "http://127.0.0.1:5000");
    // The generated rules alone would have produced the unresolvable host.
    let raw = ResolveEndpoint::resolve_endpoint(&DefaultResolver::new(), &params)
        .await
        .unwrap();
    assert_eq!(raw.url(), "http://222222222222.127.0.0.1:5000");
}

/// A connector that answers every request with a fixed body.
#[derive(Debug)]
struct Fixed(u16, &'static str);
impl HttpConnector for Fixed {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let mut response = HttpResponse::new(self.0.try_into().unwrap(), SdkBody::from(self.1));
        response
            .headers_mut()
            .insert("content-length", self.1.len().to_string());
        HttpConnectorFuture::ready(Ok(response))
    }
}

async fn through_wire(status: u16, body: &'static str, rename_roots: bool) -> HttpResponse {
    let connector = WireConnector {
        inner: SharedHttpConnector::new(Fixed(status, body)),
        rename_roots,
        faults: None,
    };
    let request = HttpRequest::get("http://127.0.0.1:1/").unwrap();
    connector.call(request).await.unwrap()
}

fn body_and_length(r: &HttpResponse) -> (String, String) {
    (
        String::from_utf8(r.body().bytes().unwrap().to_vec()).unwrap(),
        r.headers().get("content-length").unwrap().to_owned(),
    )
}

#[tokio::test]
async fn the_connector_renames_successful_responses_and_fixes_the_length() {
    let body = "<ListAccessPointsResponse><AccessPointList/></ListAccessPointsResponse>";
    let r = through_wire(200, body, true).await;
    let (text, length) = body_and_length(&r);
    assert_eq!(
        text,
        "<ListAccessPointsResult><AccessPointList/></ListAccessPointsResult>"
    );
    assert_eq!(length, text.len().to_string());
    assert_eq!(length.parse::<usize>().unwrap(), body.len() - 4);
}

#[tokio::test]
async fn the_connector_leaves_errors_and_aws_alone() {
    let body = "<ErrorResponse><Error><Code>NoSuchAccessPoint</Code></Error></ErrorResponse>";
    let r = through_wire(404, body, true).await;
    assert_eq!(body_and_length(&r).0, body);
    let body = "<ListAccessPointsResponse></ListAccessPointsResponse>";
    let r = through_wire(200, body, false).await;
    assert_eq!(body_and_length(&r).0, body);
}
