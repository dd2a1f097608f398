//! `share check` and `share verify` through the binary (issue #6).
//!
//! Offline: the repository's manifests in planned mode, exit codes and output formats.
//! Live: against a real `moto_server`, with the live documents seeded through the fixtures
//! (the compiled documents, rendered canonically) or written by `share apply`; then one
//! share statement is removed by hand, and `verify --live` must exit 2 naming the grant and
//! the layer. The e2e harness (`e2e/harness.rs`) starts moto and runs the binary.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{AP, BUCKET, Env, Estate, Run, command, demo_manifest, run};
use share_aws::testing::REGION;
use share_policy::Document;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `share ARGS…` in the repository root, offline.
fn offline(args: &[&str]) -> Run {
    run(command(&repo_root()).args(args))
}

const DEMO: &str = "arn:aws:iam::111111111111:role/demo";

fn check_prod(extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "manifests/prod.yaml",
        "--principal",
        DEMO,
        "--via",
        "test-ap-1",
        "--through",
        "ml-gateway",
    ];
    args.extend_from_slice(extra);
    offline(&args)
}

// ----- offline -----

#[test]
fn verify_prod_planned_prints_a_full_matrix_and_exits_0() {
    let r = offline(&["verify", "manifests/prod.yaml", "--planned"]);
    r.code(0).clean();
    r.stdout_has("Verifying every grant against planned documents")
        .stdout_has("Access matrix")
        .stdout_has("granted  other-key  other-action  list-all  list-other")
        .stdout_has("[0] demo-notebook: read on s3://test-bucket-1/datasets/credit/ via `test-ap-1` through `ml-gateway`")
        .stdout_has("[1] partner: read on s3://test-bucket-1/exports/partner/")
        .stdout_has("Result: MATCH.");
    // One row per grant, every probe column filled for the grant that uses every layer.
    let row = r
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("[0]") && l.contains('✓'))
        .unwrap();
    assert_eq!(row.matches('✓').count(), 1, "{row}");
    assert_eq!(row.matches('✗').count(), 9, "{row}");
    // Planned mode is the default.
    let default = offline(&["verify", "manifests/prod.yaml"]);
    default.code(0);
    assert_eq!(default.stdout, r.stdout);
}

#[test]
fn verify_json_is_the_report() {
    let r = offline(&["verify", "manifests/prod.yaml", "--format", "json"]);
    r.code(0).clean();
    let j = r.json();
    assert_eq!(j["manifest"], "manifests/prod.yaml");
    assert_eq!(j["mode"], "planned");
    assert_eq!(j["outcome"], "match");
    assert_eq!(j["mismatches"], 0);
    assert_eq!(j["grants"].as_array().unwrap().len(), 2);
    let probe = &j["grants"][0]["probes"][0];
    assert_eq!(probe["kind"], "granted");
    assert_eq!(probe["expect"], "allowed");
    assert_eq!(probe["decision"]["kind"], "allow");
    assert!(probe["evaluation"]["layers"].as_array().unwrap().len() >= 4);
}

#[test]
fn verify_every_example_planned() {
    for name in [
        "examples/minimal.yaml",
        "examples/multi-bucket.yaml",
        "examples/partner-only.yaml",
        "examples/write-grant.yaml",
    ] {
        offline(&["verify", name, "--quiet"])
            .code(0)
            .stdout_has("Result: MATCH.");
    }
}

#[test]
fn verify_holds_a_same_account_grantee_to_its_endpoint() {
    // Regression: a same-account grantee's identity policy allows the request on its own,
    // so it must carry the endpoint condition too (docs/verify.md). `verify --live` exiting
    // 2 on a broken document is tested against moto below.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("share.yaml"),
        r#"version: 1
accounts:
  lake: { id: "222222222222" }
  net: { id: "111111111111" }
buckets:
  lake-bucket: { account: lake }
vpc_endpoints:
  gw: { account: net, id: vpce-0a1b2c3d }
grantees:
  local: { role: "arn:aws:iam::222222222222:role/local" }
grants:
  - { grantee: local, bucket: lake-bucket, access: read, prefixes: [data/], through: gw }
"#,
    )
    .unwrap();
    let r = run(command(dir.path()).args(["verify", "share.yaml"]));
    r.code(0).clean();
    r.stdout_has("Result: MATCH.");
}

#[test]
fn check_allowed_exits_0_and_names_the_deciding_statements() {
    let r = check_prod(&[
        "--action",
        "s3:GetObject",
        "--resource",
        "s3://test-bucket-1/datasets/credit/2024.csv",
    ]);
    r.code(0).clean();
    assert!(r.stdout.starts_with("ALLOWED\n"), "{r}");
    r.stdout_has(
        "identity policy `share` statement 2 (Sid `ShareReadTestAp1ThroughMlGatewayObjects`)",
    )
    .stdout_has("(Sid `ShareReadDemoNotebookThroughMlGatewayObjects`)")
    .stdout_has("(Sid `ShareDelegateToAccessPoints`)")
    .stdout_has("(Sid `ShareReadDemoNotebookTestAp1Objects`)")
    .stdout_has("through `ml-gateway` (vpce-0f1e2d3c4b5a69788)");
}

#[test]
fn check_denied_exits_2() {
    let r = check_prod(&[
        "--action",
        "s3:PutObject",
        "--resource",
        "s3://test-bucket-1/datasets/credit/2024.csv",
    ]);
    r.code(2).clean();
    assert!(r.stdout.starts_with("DENIED"), "{r}");
    r.stdout_has("nothing allows  <- blocks");
    // A listing outside the prefix, with the prefix as a flag.
    check_prod(&[
        "--action",
        "s3:ListBucket",
        "--resource",
        "s3://test-bucket-1",
        "--prefix",
        "datasets/",
    ])
    .code(2);
    check_prod(&[
        "--action",
        "s3:ListBucket",
        "--resource",
        "s3://test-bucket-1",
        "--prefix",
        "datasets/credit/",
    ])
    .code(0);
    // `--quiet`: only the answer.
    let q = check_prod(&[
        "--quiet",
        "--action",
        "s3:GetObject",
        "--resource",
        "s3://test-bucket-1/other/x",
    ]);
    q.code(2);
    assert_eq!(q.stdout, "DENIED (nothing allows it)\n");
}

#[test]
fn check_errors_exit_1_with_one_clear_line() {
    let unknown_bucket = check_prod(&["--action", "s3:GetObject", "--resource", "s3://nope/x"]);
    unknown_bucket
        .code(1)
        .clean()
        .stderr_has("error: bucket `nope` is not in the manifest");
    check_prod(&["--action", "s3:Get*", "--resource", "s3://test-bucket-1/x"])
        .code(1)
        .stderr_has("invalid action `s3:Get*`");
    offline(&[
        "check",
        "manifests/prod.yaml",
        "--principal",
        "demo",
        "--action",
        "s3:GetObject",
        "--resource",
        "s3://test-bucket-1/x",
    ])
    .code(1)
    .stderr_has("invalid principal `demo`");
    offline(&[
        "check",
        "manifests/prod.yaml",
        "--principal",
        DEMO,
        "--action",
        "s3:GetObject",
        "--resource",
        "s3://test-bucket-1/x",
        "--via",
        "test-ap-9",
    ])
    .code(1)
    .stderr_has("access point `test-ap-9` is not in the manifest's `access_points` (it declares `test-ap-1`)");
    offline(&[
        "check",
        "missing.yaml",
        "--principal",
        DEMO,
        "--action",
        "s3:GetObject",
        "--resource",
        "s3://test-bucket-1/x",
    ])
    .code(1);
    // `--planned` and `--live` exclude each other.
    let both = offline(&["verify", "manifests/prod.yaml", "--planned", "--live"]);
    assert_ne!(both.code, 0, "{both}");
    both.stderr_has("cannot be used with");
}

// ----- live, against moto -----

/// The demo estate with its access point, and the manifest for it.
fn estate(env: &Env) -> (Estate, String) {
    let estate = env.seed(false);
    env.fx
        .create_access_point(&env.data, REGION, AP, BUCKET, Some(estate.vpc.as_str()))
        .unwrap();
    let manifest = demo_manifest(&estate);
    env.write("share.yaml", &manifest);
    (estate, manifest)
}

/// Writes the compiled documents of `manifest` into moto, as `share apply` would leave
/// them on an estate with no other statements.
fn seed_compiled(env: &Env, estate: &Estate, manifest: &str) {
    let source = share_manifest::Source::new("share.yaml", manifest);
    let validated = share_manifest::load(&source).unwrap_or_else(|d| panic!("{d:#?}"));
    let desired = share_compile::compile(&validated).desired;
    let render = |st: &[share_policy::Statement]| Document::new(st.to_vec()).to_canonical_json();
    for b in desired.buckets.values() {
        env.fx
            .put_bucket_policy(&env.data, BUCKET, &render(&b.statements))
            .unwrap();
    }
    for (name, ap) in &desired.access_points {
        env.fx
            .put_access_point_policy(&env.data, REGION, name.as_str(), &render(&ap.statements))
            .unwrap();
    }
    for e in desired.endpoints.values() {
        env.fx
            .put_endpoint_policy(&env.ml, REGION, &estate.vpce, &render(&e.statements))
            .unwrap();
    }
    for (arn, i) in &desired.identities {
        let doc = i.document.as_ref().unwrap();
        env.fx
            .put_identity_policy(arn, "share", &doc.to_canonical_json())
            .unwrap();
    }
}

/// Removes the statement `sid` from the access point policy in moto.
fn remove_from_ap_policy(env: &Env, sid: &str) {
    let text = env
        .fx
        .access_point_policy(&env.data, REGION, AP)
        .unwrap()
        .unwrap();
    let mut doc = Document::parse(&text).unwrap();
    let before = doc.statements.len();
    doc.statements.retain(|s| s.sid.as_deref() != Some(sid));
    assert_eq!(doc.statements.len() + 1, before, "no statement {sid}");
    env.fx
        .put_access_point_policy(&env.data, REGION, AP, &doc.to_canonical_json())
        .unwrap();
}

const NOTEBOOK: &str = "arn:aws:iam::111111111111:role/demo-notebook";

fn check_live(env: &Env, action: &str, resource: &str) -> Run {
    env.share(&[
        "check",
        "share.yaml",
        "--live",
        "--principal",
        NOTEBOOK,
        "--action",
        action,
        "--resource",
        resource,
        "--via",
        AP,
        "--through",
        "ml-gateway",
    ])
}

#[test]
fn live_verify_passes_then_names_the_grant_and_layer_of_a_removed_statement() {
    let env = Env::start();
    let (estate, manifest) = estate(&env);
    seed_compiled(&env, &estate, &manifest);

    let ok = env.share(&["verify", "share.yaml", "--live"]);
    ok.code(0).clean();
    ok.stdout_has("Verifying every grant against live documents (read from AWS)")
        .stdout_has("identity side: known: its inline policies, as read from AWS")
        .stdout_has("Result: MATCH.");
    // The endpoint's VPC is read from AWS, not assumed.
    assert!(!ok.stdout.contains("is taken to be in"), "{ok}");
    check_live(
        &env,
        "s3:GetObject",
        "s3://demo-datalake/datasets/credit/a.csv",
    )
    .code(0)
    .stdout_has("(Sid `ShareReadDemoNotebookThroughMlGatewayObjects`)");

    remove_from_ap_policy(&env, "ShareReadDemoNotebookThroughMlGatewayObjects");

    let broken = env.share(&["verify", "share.yaml", "--live"]);
    broken.code(2).clean();
    broken
        .stdout_has("Result: MISMATCH.")
        .stdout_has("grants[0] at the access point layer")
        .stdout_has("[0] granted: s3:GetObject s3://demo-datalake/datasets/credit/share-verify-probe")
        .stdout_has("narrower at access point: the access point layer does not allow it, but grants[0] allows it there");
    let json = env.share(&["verify", "share.yaml", "--live", "--format", "json"]);
    json.code(2);
    let j = json.json();
    assert_eq!(j["outcome"], "mismatch");
    let layers: Vec<&serde_json::Value> = j["grants"][0]["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "mismatch")
        .flat_map(|p| p["problems"].as_array().unwrap())
        .flat_map(|p| p["layers"].as_array().unwrap())
        .collect();
    assert!(layers.iter().any(|l| *l == "access_point"), "{json}");
    assert!(
        j["grants"][1]["probes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "ok")
    );

    check_live(&env, "s3:GetObject", "s3://demo-datalake/datasets/credit/a.csv")
        .code(2)
        .stdout_has("access point (arn:aws:s3:us-east-1:222222222222:accesspoint/demo-ml-ap/object/datasets/credit/a.csv): nothing allows  <- blocks");
}

#[test]
fn live_verify_flags_a_foreign_statement_and_exits_1_when_it_cannot_decide() {
    let env = Env::start();
    let (estate, manifest) = estate(&env);
    seed_compiled(&env, &estate, &manifest);
    // Someone adds an organisation guard: its key cannot be known offline.
    let text = env.fx.bucket_policy(&env.data, BUCKET).unwrap().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["Statement"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "Sid": "OrgOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::demo-datalake/*",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
        }));
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &doc.to_string())
        .unwrap();

    let r = check_live(
        &env,
        "s3:GetObject",
        "s3://demo-datalake/datasets/credit/a.csv",
    );
    r.code(1).clean();
    assert!(r.stdout.starts_with("CANNOT DECIDE"), "{r}");
    r.stderr_has("cannot decide offline")
        .stderr_has("aws:PrincipalOrgID");
    let v = env.share(&["verify", "share.yaml", "--live"]);
    v.code(1).clean();
    v.stdout_has("Cannot decide (")
        .stdout_has("Result: UNDECIDED.");

    // A foreign allow that widens the partner's access is a mismatch, reported as foreign.
    doc["Statement"].as_array_mut().unwrap().pop();
    doc["Statement"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "Sid": "LegacyPartner", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::333333333333:root"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::demo-datalake/*"
        }));
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &doc.to_string())
        .unwrap();
    let w = env.share(&["verify", "share.yaml", "--live"]);
    w.code(2).clean();
    w.stdout_has("Statements share does not own that allow more than the manifest")
        .stdout_has("the bucket policy of `demo-datalake`, statement 4 (Sid `LegacyPartner`)")
        .stdout_has("(not share's)");
}

#[test]
fn live_verify_after_apply() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    env.share(&["apply", "share.yaml", "--auto-approve"])
        .code(0)
        .clean();
    let r = env.share(&["verify", "share.yaml", "--live"]);
    r.code(0).clean();
    r.stdout_has("Result: MATCH.");
}
