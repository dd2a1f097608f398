//! Access points: a changed network origin replaces one (delete, then create, then its
//! policy again); one share owns that leaves the manifest is deleted; one that also holds
//! someone else's statements is kept, with a warning.

use crate::harness::*;
use share_aws::testing::REGION;

#[test]
fn a_changed_vpc_replaces_the_access_point() {
    let env = Env::start();
    let estate = env.seed(false);
    let (other_vpc, _) = env
        .fx
        .create_vpc_with_s3_endpoint(&env.data, REGION)
        .unwrap();
    let manifest = demo_manifest(&estate);
    env.write("share.yaml", &manifest);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert_eq!(
        env.access_point(AP),
        Some((BUCKET.to_owned(), Some(estate.vpc.to_string())))
    );
    let policy_before = env.ap_policy(AP).unwrap();

    // Another VPC.
    env.write(
        "share.yaml",
        &manifest.replace(
            &format!("vpc: {}", estate.vpc),
            &format!("vpc: {other_vpc}"),
        ),
    );
    let r = env.share(&["plan", "--detailed-exitcode", "share.yaml"]);
    r.code(2)
        .clean()
        .stdout_has("-/+ replace access_point.demo-ml-ap")
        .stdout_has(&format!(
            "network origin changed: VPC {} → VPC {other_vpc} (immutable in AWS: delete, then create)",
            estate.vpc
        ))
        .stdout_has("the access point is replaced: its policy is written again to the new access point")
        // A replace counts once as a create and once as a delete.
        .stdout_has("Plan: 1 to create, 1 to change, 1 to delete.");
    let json = env
        .share(&["plan", "--format", "json", "share.yaml"])
        .code(0)
        .json();
    let change = |address: &str| {
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["address"] == address)
            .cloned()
            .unwrap_or_else(|| panic!("no change {address}: {json:#}"))
    };
    let ap = change("access_point.demo-ml-ap");
    assert_eq!(ap["action"], "replace");
    let ops: Vec<&str> = ap["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["delete_access_point", "create_access_point"]);
    let policy = change("access_point_policy.demo-ml-ap");
    assert_eq!(policy["action"], "update");
    assert_eq!(
        policy["depends_on"],
        serde_json::json!(["access_point.demo-ml-ap"])
    );
    assert_eq!(json["summary"]["replace"], 1);

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_eq!(
        env.access_point(AP),
        Some((BUCKET.to_owned(), Some(other_vpc.to_string())))
    );
    assert_eq!(env.ap_policy(AP).unwrap(), policy_before);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);

    // Internet origin.
    env.write(
        "share.yaml",
        &manifest.replace(&format!("    vpc: {}\n", estate.vpc), ""),
    );
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .stdout_has(&format!(
            "network origin changed: VPC {other_vpc} → internet"
        ));
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert_eq!(env.access_point(AP), Some((BUCKET.to_owned(), None)));
    assert!(env.ap_policy(AP).is_some());
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}

#[test]
fn a_replace_that_would_lose_foreign_statements_is_refused() {
    let env = Env::start();
    let estate = env.seed(false);
    let (other_vpc, _) = env
        .fx
        .create_vpc_with_s3_endpoint(&env.data, REGION)
        .unwrap();
    let manifest = demo_manifest(&estate);
    env.write("share.yaml", &manifest);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let mut policy = env.ap_policy(AP).unwrap();
    policy["Statement"].as_array_mut().unwrap().push(parse(
        r#"{"Sid":"AuditorsList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/auditor"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/demo-ml-ap"}"#,
    ));
    let text = policy.to_string();
    env.fx
        .put_access_point_policy(&env.data, REGION, AP, &text)
        .unwrap();

    env.write(
        "share.yaml",
        &manifest.replace(
            &format!("vpc: {}", estate.vpc),
            &format!("vpc: {other_vpc}"),
        ),
    );
    for args in [
        &["plan", "share.yaml"][..],
        &["apply", "--auto-approve", "share.yaml"],
    ] {
        env.share(args)
            .code(1)
            .clean()
            .output_has("the access point must be replaced")
            .output_has("1 statement(s) share does not own (AuditorsList)");
    }
    assert_eq!(
        env.access_point(AP),
        Some((BUCKET.to_owned(), Some(estate.vpc.to_string())))
    );
    assert_eq!(
        env.fx
            .access_point_policy(&env.data, REGION, AP)
            .unwrap()
            .as_deref(),
        Some(text.as_str())
    );
}

fn orphan_manifest(access_points: &[&str]) -> String {
    let mut out =
        format!("{ACCOUNTS}buckets:\n  demo-datalake:\n    account: datalake\naccess_points:\n");
    for ap in access_points {
        out.push_str(&format!("  {ap}:\n    bucket: demo-datalake\n"));
    }
    out.push_str(
        "grantees:\n  demo-notebook:\n    role: arn:aws:iam::111111111111:role/demo-notebook\ngrants:\n",
    );
    for ap in access_points {
        out.push_str(&format!(
            "  - grantee: demo-notebook\n    bucket: demo-datalake\n    access: read\n    prefixes: [{ap}/]\n    via: {ap}\n"
        ));
    }
    out
}

#[test]
fn orphan_access_points_are_deleted_only_when_share_owns_them() {
    let env = Env::start();
    let _estate = env.seed(false);
    env.write(
        "share.yaml",
        &orphan_manifest(&["ap-main", "ap-old", "ap-shared"]),
    );
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    for ap in ["ap-main", "ap-old", "ap-shared"] {
        assert!(env.access_point(ap).is_some(), "{ap}");
    }
    // Someone else adds a statement to one of them.
    let foreign = r#"{"Sid":"AuditorsList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/auditor"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1:222222222222:accesspoint/ap-shared"}"#;
    let mut policy = env.ap_policy("ap-shared").unwrap();
    policy["Statement"]
        .as_array_mut()
        .unwrap()
        .push(parse(foreign));
    env.fx
        .put_access_point_policy(&env.data, REGION, "ap-shared", &policy.to_string())
        .unwrap();

    // Both leave the manifest.
    env.write("share.yaml", &orphan_manifest(&["ap-main"]));
    let r = env.share(&["plan", "--detailed-exitcode", "share.yaml"]);
    r.code(2)
        .clean()
        .stdout_has("- delete access_point.ap-old")
        .stdout_has("orphan: not in the manifest, and every statement of its policy is share's")
        .stdout_has("access point `ap-shared` is not in the manifest but its policy has 1 statement(s) share does not own (AuditorsList): not deleted");
    assert!(!r.stdout.contains("delete access_point.ap-shared"), "{r}");
    assert!(!r.stdout.contains("access_point.ap-main in"), "{r}");
    let json = env
        .share(&["plan", "--format", "json", "share.yaml"])
        .code(0)
        .json();
    let kinds: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"orphan_not_deleted"), "{json:#}");

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_eq!(env.access_point("ap-old"), None);
    assert!(env.access_point("ap-shared").is_some());
    assert!(env.access_point("ap-main").is_some());
    let shared = env.ap_policy("ap-shared").unwrap();
    assert_eq!(sids(&shared), ["AuditorsList"]);
    assert_kept(Some(&shared), foreign);
    assert!(!share_sids(&env.ap_policy("ap-main").unwrap()).is_empty());

    // Settled: ap-shared holds nothing of share's any more, so it is not share's business.
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
}
