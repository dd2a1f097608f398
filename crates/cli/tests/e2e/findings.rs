//! Findings that shape a plan without stopping it: dangling principals (IAM unique ids in
//! place of ARNs), and grantees in accounts share does not manage.

use crate::harness::*;
use crate::proxy::{Proxy, Rule};
use std::sync::{Arc, Mutex};

/// An IAM role unique id (`AROA` and 17 more characters): what AWS shows in a policy once
/// the role it named was deleted.
const UNIQUE_ID: &str = "AROAJQABLZS4A3QDU576Q";

#[test]
fn a_unique_id_principal_in_a_live_policy_is_a_warning() {
    let env = Env::start();
    let estate = env.seed(false);
    let dangling = format!(
        r#"{{"Sid":"OldContractor","Effect":"Allow","Principal":{{"AWS":"{UNIQUE_ID}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::demo-datalake/contractor/*"}}"#
    );
    env.fx
        .put_bucket_policy(
            &env.data,
            BUCKET,
            &format!(r#"{{"Version":"2012-10-17","Statement":[{dangling}]}}"#),
        )
        .unwrap();
    env.write("share.yaml", &demo_manifest(&estate));

    let r = env.share(&["plan", "share.yaml"]);
    r.code(0).clean().stdout_has(&format!(
        "bucket_policy.demo-datalake: names {UNIQUE_ID} by IAM unique id"
    ));
    let json = env
        .share(&["plan", "--format", "json", "share.yaml"])
        .code(0)
        .json();
    let warning = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "dangling_principal")
        .cloned()
        .unwrap_or_else(|| panic!("no dangling_principal warning: {json:#}"));
    assert_eq!(warning["address"], "bucket_policy.demo-datalake");
    assert_eq!(warning["account"], "222222222222");
    assert!(
        warning["message"].as_str().unwrap().contains(UNIQUE_ID),
        "{warning}"
    );

    // share keeps the foreign statement as it is (it is not share's to fix) and says so
    // on every plan.
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert_kept(env.bucket_policy().as_ref(), &dangling);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0)
        .stdout_has(UNIQUE_ID);
    env.share(&["drift", "share.yaml"]).code(0);
}

#[test]
fn a_share_statement_whose_principal_became_a_unique_id_is_rewritten() {
    let env = Env::start();
    let estate = env.seed(false);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);

    // The partner statement reads back with a unique id (as after the role was deleted).
    let mut live = env.bucket_policy().unwrap();
    for st in live["Statement"].as_array_mut().unwrap() {
        if st["Sid"] == "ShareReadPartnerObjects" {
            st["Principal"] = serde_json::json!({ "AWS": UNIQUE_ID });
        }
    }
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &live.to_string())
        .unwrap();

    env.share(&["drift", "share.yaml"])
        .code(2)
        .stdout_has(&format!(
            "statement ShareReadPartnerObjects changed (principal {UNIQUE_ID} shows as an IAM unique id)"
        ));
    env.share(&["plan", "share.yaml"])
        .code(0)
        .stdout_has(&format!("names {UNIQUE_ID} by IAM unique id"));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let fixed = statement(&env.bucket_policy().unwrap(), "ShareReadPartnerObjects").unwrap();
    assert_eq!(fixed["Principal"]["AWS"], "arn:aws:iam::333333333333:root");
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_grantee_in_an_unmanaged_account_gets_the_resource_side_only() {
    let env = Env::start();
    env.fx
        .create_bucket(&env.data, "us-east-1", BUCKET)
        .unwrap();
    // A role in 333333333333, an account the manifest does not manage (and where it does
    // not even exist in moto): share writes the bucket side, never IAM there.
    env.write(
        "share.yaml",
        &format!(
            r#"{ACCOUNTS}buckets:
  demo-datalake:
    account: datalake
grantees:
  partner-etl:
    role: arn:aws:iam::333333333333:role/etl
  partner:
    account: "333333333333"
grants:
  - grantee: partner-etl
    bucket: demo-datalake
    access: write
    prefixes: [inbox/]
  - grantee: partner
    bucket: demo-datalake
    access: list
    prefixes: [exports/]
"#
        ),
    );
    let json = env
        .share(&[
            "plan",
            "--detailed-exitcode",
            "--format",
            "json",
            "share.yaml",
        ])
        .code(2)
        .json();
    assert_eq!(json["errors"], serde_json::json!([]), "{json:#}");
    for change in json["changes"].as_array().unwrap() {
        assert_eq!(change["account"], "222222222222", "{change:#}");
        assert_ne!(change["resource_type"], "identity_policy", "{change:#}");
        for op in change["operations"].as_array().unwrap() {
            assert_ne!(op["op"], "put_identity_policy", "{op:#}");
        }
    }
    assert!(json["accounts"].get("333333333333").is_none(), "{json:#}");
    assert_eq!(
        json["summary"]["by_account"].as_object().unwrap().len(),
        1,
        "{json:#}"
    );

    // Every IAM call of the apply, seen on the wire: reads only.
    let iam_calls = Arc::new(Mutex::new(Vec::new()));
    let seen = iam_calls.clone();
    let rules: Vec<Rule> = vec![Box::new(move |r| {
        if r.service() == Some("iam") {
            seen.lock().unwrap().push(r.action().unwrap_or_default());
        }
        None
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    )
    .code(0)
    .clean();
    drop(proxy);
    let iam_calls = iam_calls.lock().unwrap().clone();
    assert!(
        iam_calls
            .iter()
            .all(|a| a.starts_with("Get") || a.starts_with("List")),
        "IAM writes: {iam_calls:?}"
    );
    let live = env.bucket_policy().unwrap();
    let principals: Vec<String> = statements(&live)
        .iter()
        .map(|s| s["Principal"]["AWS"].to_string())
        .collect();
    assert!(
        principals
            .iter()
            .any(|p| p.contains("arn:aws:iam::333333333333:role/etl")),
        "{live}"
    );
    assert!(
        principals
            .iter()
            .any(|p| p.contains("arn:aws:iam::333333333333:root")),
        "{live}"
    );
    // Writing needs bucket-owner-enforced ownership, which share set.
    assert_eq!(
        env.fx.ownership(&env.data, BUCKET).unwrap(),
        Some(share_state::ObjectOwnership::BucketOwnerEnforced)
    );
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}
