//! Unit tests of `faults.rs`.

use super::*;

fn request(method: &str, uri: &str) -> HttpRequest {
    let mut r = HttpRequest::get(uri).unwrap();
    if method != "GET" {
        r = HttpRequest::new(SdkBody::empty());
        r.set_uri(uri).unwrap();
        r.set_method(method).unwrap();
    }
    r
}

#[test]
fn targets_are_recognised_from_the_request() {
    let put_bp = request("PUT", "http://127.0.0.1:5000/bkt?policy");
    let get_bp = request(
        "GET",
        "http://127.0.0.1:5000/bkt?policy&x-id=GetBucketPolicy",
    );
    let put_ap = request(
        "PUT",
        "http://127.0.0.1:5000/v20180820/accesspoint/ap-1/policy",
    );
    let put_pab = request("PUT", "http://127.0.0.1:5000/bkt?publicAccessBlock");
    assert!(FaultTarget::PutBucketPolicy.matches(&put_bp));
    assert!(!FaultTarget::PutBucketPolicy.matches(&get_bp));
    assert!(!FaultTarget::PutBucketPolicy.matches(&put_ap));
    assert!(!FaultTarget::PutBucketPolicy.matches(&put_pab));
    assert!(FaultTarget::GetBucketPolicy.matches(&get_bp));
    assert!(FaultTarget::PutAccessPointPolicy.matches(&put_ap));
    assert!(!FaultTarget::PutAccessPointPolicy.matches(&put_bp));
}

#[test]
fn a_fault_fires_the_given_number_of_times() {
    let faults = Faults::new([Fault::invalid_principal(FaultTarget::PutBucketPolicy, 2)]);
    let put = request("PUT", "http://127.0.0.1:5000/bkt?policy");
    let first = faults.intercept(&put).unwrap();
    assert_eq!(first.status().as_u16(), 400);
    let body = std::str::from_utf8(first.body().bytes().unwrap())
        .unwrap()
        .to_owned();
    assert!(body.contains("<Code>MalformedPolicy</Code>"), "{body}");
    assert!(faults.intercept(&put).is_some());
    assert!(faults.intercept(&put).is_none());
    assert_eq!(faults.fired(FaultTarget::PutBucketPolicy), 2);
}
