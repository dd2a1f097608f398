//! The world every end-to-end test starts from: its own moto server, fixtures that arrange
//! the two accounts as an operator would, a temporary working directory, and a way to run
//! the `share` binary against it exactly as a user does.

use share_aws::testing::{DATA_ACCOUNT, Fixture, ML_ACCOUNT, REGION};
use share_testkit::MotoServer;
use share_types::{AccountId, PrincipalArn, VpcEndpointId, VpcId};
use std::path::PathBuf;
use std::time::Duration;
use tempfile::TempDir;

/// Base credentials the binary starts from (moto accepts any); it assumes
/// `arn:aws:iam::ACCOUNT:role/share-admin` in each account from them.
const ENV: [(&str, &str); 4] = [
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
    ("AWS_REGION", REGION),
    ("AWS_EC2_METADATA_DISABLED", "true"),
];

/// No single `share` run may take longer than this (a hang is a failure, not a stuck CI).
const TIMEOUT: Duration = Duration::from_secs(180);

/// The bucket of most scenarios.
pub const BUCKET: &str = "demo-datalake";
/// The access point of most scenarios.
pub const AP: &str = "demo-ml-ap";
/// The grantee role of most scenarios (in the `ml` account).
pub const ROLE: &str = "demo-notebook";
/// The name of share's inline IAM policy (the default `settings.policy_name`).
pub const POLICY_NAME: &str = "share";

/// The accounts of every manifest: both reached through STS AssumeRole.
pub const ACCOUNTS: &str = r#"version: 1
accounts:
  datalake:
    id: "222222222222"
    region: us-east-1
    assume_role: arn:aws:iam::222222222222:role/share-admin
  ml:
    id: "111111111111"
    region: us-east-1
    assume_role: arn:aws:iam::111111111111:role/share-admin
"#;

/// Another team's statement in the bucket policy, as a user's estate has it. share must
/// keep it exactly.
pub const FOREIGN_BUCKET_STATEMENT: &str = r#"{"Sid":"AnalyticsTeamRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::demo-datalake/reports/*"}"#;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing everything the run printed when it is wrong.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "unexpected exit code\n{self}");
        self
    }

    /// Asserts stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{self}"
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{self}"
        );
        self
    }

    /// Asserts stdout or stderr contains `needle`.
    #[track_caller]
    pub fn output_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle) || self.stderr.contains(needle),
            "output lacks {needle:?}\n{self}"
        );
        self
    }

    /// Asserts nothing panicked and no SDK debug dump reached the user.
    #[track_caller]
    pub fn clean(&self) -> &Self {
        let all = format!("{}\n{}", self.stdout, self.stderr);
        for dump in [
            "panicked",
            "RUST_BACKTRACE",
            "ServiceError {",
            "DispatchFailure",
            "ConnectorError",
            "SdkError",
            "source: ",
            "raw: ",
            "Response {",
        ] {
            assert!(!all.contains(dump), "{dump:?} in the output\n{self}");
        }
        self
    }

    /// The stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--- exit code {} ---\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// One test's world.
pub struct Env {
    pub fx: Fixture,
    pub data: AccountId,
    pub ml: AccountId,
    /// The working directory of every run: manifests and plan files live here.
    pub dir: TempDir,
    // Last, so the fixtures are dropped before the server stops.
    pub moto: MotoServer,
}

/// What [`Env::seed`] created.
#[derive(Debug, Clone)]
pub struct Estate {
    /// A VPC in the `ml` account with an S3 gateway endpoint.
    pub vpc: VpcId,
    pub vpce: VpcEndpointId,
    /// The grantee role `demo-notebook` in `ml`.
    pub role: PrincipalArn,
}

impl Env {
    /// A fresh moto server and an empty working directory.
    pub fn start() -> Self {
        let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
        let fx = Fixture::new(&moto.endpoint_url()).unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary directory: {e}"));
        Self {
            fx,
            data: Fixture::account_id(DATA_ACCOUNT),
            ml: Fixture::account_id(ML_ACCOUNT),
            dir,
            moto,
        }
    }

    /// The estate of the demo, as a user has it: the bucket `demo-datalake` (its policy
    /// holding another team's statement when `foreign` is true), a VPC with an S3 gateway
    /// endpoint and the role `demo-notebook` in `ml`.
    pub fn seed(&self, foreign: bool) -> Estate {
        let fx = &self.fx;
        fx.create_bucket(&self.data, REGION, BUCKET).unwrap();
        if foreign {
            fx.put_bucket_policy(
                &self.data,
                BUCKET,
                &format!(r#"{{"Version":"2012-10-17","Statement":[{FOREIGN_BUCKET_STATEMENT}]}}"#),
            )
            .unwrap();
        }
        let (vpc, vpce) = fx.create_vpc_with_s3_endpoint(&self.ml, REGION).unwrap();
        let role = fx.create_role(&self.ml, ROLE, "/").unwrap();
        Estate { vpc, vpce, role }
    }

    /// The moto endpoint.
    pub fn endpoint(&self) -> String {
        self.moto.endpoint_url()
    }

    /// A path in the working directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the working directory.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap_or_else(|e| panic!("writing {name}: {e}"));
    }

    /// Runs `share --endpoint-url MOTO ARGS…` in the working directory.
    pub fn share(&self, args: &[&str]) -> Run {
        self.share_at(&self.endpoint(), args)
    }

    /// Runs `share --endpoint-url ENDPOINT ARGS…` in the working directory.
    pub fn share_at(&self, endpoint: &str, args: &[&str]) -> Run {
        let mut cmd = command(self.dir.path());
        cmd.arg("--endpoint-url").arg(endpoint).args(args);
        run(&mut cmd)
    }

    /// Live documents, read back through the fixtures (IAM decoded).
    pub fn bucket_policy(&self) -> Option<serde_json::Value> {
        self.fx
            .bucket_policy(&self.data, BUCKET)
            .unwrap()
            .map(|t| parse(&t))
    }

    pub fn ap_policy(&self, name: &str) -> Option<serde_json::Value> {
        self.fx
            .access_point_policy(&self.data, REGION, name)
            .unwrap()
            .map(|t| parse(&t))
    }

    pub fn endpoint_policy(&self, vpce: &VpcEndpointId) -> Option<serde_json::Value> {
        self.fx
            .endpoint_policy(&self.ml, REGION, vpce)
            .unwrap()
            .map(|t| parse(&t))
    }

    pub fn identity_policy(&self, principal: &PrincipalArn) -> Option<serde_json::Value> {
        self.fx
            .identity_policy(principal, POLICY_NAME)
            .unwrap()
            .map(|t| parse(&t))
    }

    /// The access point's bucket and VPC, `None` when it does not exist.
    pub fn access_point(&self, name: &str) -> Option<(String, Option<String>)> {
        self.fx.access_point(&self.data, REGION, name).unwrap()
    }
}

/// `share` with a clean environment: the test credentials, no profile, no endpoint from
/// the environment, no shared config of the developer (HOME is the working directory, so
/// `~/.aws` is whatever the test puts there), no colour, and stdin a pipe (never a
/// terminal).
pub fn command(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_share"));
    cmd.env_clear()
        .current_dir(dir)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .write_stdin("")
        .timeout(TIMEOUT);
    for (k, v) in ENV {
        cmd.env(k, v);
    }
    cmd
}

/// Runs a command and collects what it did.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run share: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Parses a policy text the way a test reads it.
pub fn parse(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The statements of a policy document (a lone statement object counts as one).
pub fn statements(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    match &doc["Statement"] {
        serde_json::Value::Array(list) => list.clone(),
        serde_json::Value::Null => Vec::new(),
        one => vec![one.clone()],
    }
}

/// The Sids of a policy document, in order (`""` for a statement without one).
pub fn sids(doc: &serde_json::Value) -> Vec<String> {
    statements(doc)
        .iter()
        .map(|s| s["Sid"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The Sids starting with share's prefix.
pub fn share_sids(doc: &serde_json::Value) -> Vec<String> {
    sids(doc)
        .into_iter()
        .filter(|s| s.starts_with("Share"))
        .collect()
}

/// The statement with this Sid.
pub fn statement(doc: &serde_json::Value, sid: &str) -> Option<serde_json::Value> {
    statements(doc)
        .into_iter()
        .find(|s| s["Sid"].as_str() == Some(sid))
}

/// Asserts the live document holds `expected` (a statement's JSON text) exactly: the same
/// keys in the same order, the same scalars and lists.
#[track_caller]
pub fn assert_kept(live: Option<&serde_json::Value>, expected: &str) {
    let expected_value = parse(expected);
    let sid = expected_value["Sid"].as_str().unwrap_or_default();
    let live = live.unwrap_or_else(|| panic!("the document holding {sid} is gone"));
    let found = statement(live, sid).unwrap_or_else(|| panic!("statement {sid} lost: {live}"));
    assert_eq!(
        serde_json::to_string(&found).unwrap(),
        serde_json::to_string(&expected_value).unwrap(),
        "statement {sid} was rewritten"
    );
}

/// The standard scenario's manifest: the notebook reads through the VPC access point and
/// the gateway endpoint, the partner account reads its export folder on the bucket.
pub fn demo_manifest(estate: &Estate) -> String {
    format!(
        r#"{ACCOUNTS}buckets:
  demo-datalake:
    account: datalake
access_points:
  demo-ml-ap:
    bucket: demo-datalake
    vpc: {vpc}
vpc_endpoints:
  ml-gateway:
    account: ml
    id: {vpce}
grantees:
  demo-notebook:
    role: arn:aws:iam::111111111111:role/demo-notebook
  partner:
    account: "333333333333"
grants:
  - grantee: demo-notebook
    bucket: demo-datalake
    access: read
    prefixes: [datasets/credit/]
    via: demo-ml-ap
    through: ml-gateway
  - grantee: partner
    bucket: demo-datalake
    access: read
    prefixes: [exports/partner/]
"#,
        vpc = estate.vpc,
        vpce = estate.vpce,
    )
}

/// Raw calls to moto for what the fixtures do not offer (deleting a role), sent as the
/// given account (`x-moto-account-id`). Loopback only.
pub fn moto_iam(env: &Env, account: &str, form: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let address = env.moto.address();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let body = format!("{form}&Version=2010-05-08");
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00\r\nx-moto-account-id: {account}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// The document as AWS stores and returns it after rewriting (aws-semantics §4.1): statements
/// reordered, every one-element list collapsed to a scalar, root ARNs as bare account ids,
/// `"Principal":"*"` as `{"AWS":"*"}`, `"Sid":""` on statements without one, minified;
/// `Version` set to `version` when given.
pub fn aws_rewrite(doc: &serde_json::Value, version: Option<&str>) -> String {
    use serde_json::Value;
    fn collapse(v: &mut Value) {
        if let Value::Array(list) = v
            && list.len() == 1
        {
            *v = list[0].clone();
        }
    }
    fn root_to_id(v: &mut Value) {
        match v {
            Value::String(s) => {
                if let Some(id) = s
                    .strip_prefix("arn:aws:iam::")
                    .and_then(|rest| rest.strip_suffix(":root"))
                {
                    *s = id.to_owned();
                }
            }
            Value::Array(list) => list.iter_mut().for_each(root_to_id),
            _ => {}
        }
    }
    let mut doc = doc.clone();
    if let Some(v) = version {
        doc["Version"] = v.into();
    }
    let mut list = statements(&doc);
    list.reverse();
    for st in &mut list {
        let o = st.as_object_mut().expect("a statement is an object");
        o.entry("Sid").or_insert_with(|| "".into());
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if let Some(v) = o.get_mut(key) {
                collapse(v);
            }
        }
        if let Some(p) = o.get_mut("Principal") {
            if p == "*" {
                *p = serde_json::json!({"AWS": "*"});
            } else if let Some(map) = p.as_object_mut() {
                for v in map.values_mut() {
                    root_to_id(v);
                    collapse(v);
                }
            }
        }
        if let Some(Value::Object(ops)) = o.get_mut("Condition") {
            for keys in ops.values_mut() {
                if let Some(keys) = keys.as_object_mut() {
                    keys.values_mut().for_each(collapse);
                }
            }
        }
    }
    doc["Statement"] = Value::Array(list);
    serde_json::to_string(&doc).expect("JSON")
}
