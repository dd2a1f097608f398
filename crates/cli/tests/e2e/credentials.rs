//! AWS cannot be reached as the manifest says: no credentials, credentials of another
//! account, keys AWS refuses, an endpoint nobody listens on. Each is exit 1 with one clear
//! line per account (and a closing line), no panic and no SDK debug dump, and nothing read
//! or written.

use crate::harness::*;
use crate::proxy::{Answer, Proxy, Rule};

/// Asserts every line of stderr is a short, single `error: …` line.
#[track_caller]
fn one_line_per_problem(r: &Run, problems: usize) {
    r.code(1).clean();
    let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        problems + 1,
        "expected one line per problem and a closing line\n{r}"
    );
    for line in &lines {
        assert!(
            line.starts_with("error: "),
            "not an error line: {line}\n{r}"
        );
        // The SDK's own list of the credential providers it tried can be long; anything
        // longer is a dump.
        assert!(line.len() < 800, "not a clear line: {line}");
    }
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("nothing was changed")),
        "{r}"
    );
    assert!(r.stdout.is_empty(), "printed a plan anyway\n{r}");
}

#[test]
fn no_credentials_at_all() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let mut cmd = command(env.dir.path());
    cmd.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .arg("--endpoint-url")
        .arg(env.endpoint())
        .args(["plan", "share.yaml"]);
    let r = run(&mut cmd);
    one_line_per_problem(&r, 2);
    r.stderr_has("account `datalake` (222222222222)")
        .stderr_has("account `ml` (111111111111)")
        .stderr_has("no credentials found");
    // The endpoint answered fine: the problem is the missing base credentials, and the
    // message must not send the user looking for a network problem.
    assert!(
        !r.stderr.contains("could not reach"),
        "misleading cause\n{r}"
    );
}

#[test]
fn credentials_of_another_account() {
    let env = Env::start();
    env.fx
        .create_bucket(&env.data, "us-east-1", BUCKET)
        .unwrap();
    // A profile whose keys land in moto's default account 123456789012, not in the one the
    // manifest names.
    std::fs::create_dir_all(env.path(".aws")).unwrap();
    env.write(
        ".aws/credentials",
        "[wrong]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    env.write(
        "share.yaml",
        r#"version: 1
accounts:
  datalake:
    id: "222222222222"
    region: us-east-1
    profile: wrong
buckets:
  demo-datalake:
    account: datalake
grantees:
  partner:
    account: "333333333333"
grants:
  - grantee: partner
    bucket: demo-datalake
    access: read
    prefixes: [exports/partner/]
"#,
    );
    for command in ["plan", "apply", "drift"] {
        let mut args = vec![command, "share.yaml"];
        if command == "apply" {
            args.insert(1, "--auto-approve");
        }
        let r = env.share(&args);
        one_line_per_problem(&r, 1);
        r.stderr_has("account `datalake` (222222222222): credentials belong to 123456789012")
            .stderr_has("profile `wrong`");
    }
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), None);
}

#[test]
fn keys_aws_refuses() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let before = env.fx.bucket_policy(&env.data, BUCKET).unwrap();
    // What AWS answers to an unknown access key.
    let rules: Vec<Rule> = vec![Box::new(|r| {
        r.is_assume_role().then(|| {
            Answer::sts(
                403,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            )
        })
    })];
    let proxy = Proxy::start(env.moto.address(), rules);
    let r = env.share_at(
        &proxy.endpoint_url(),
        &["apply", "--auto-approve", "share.yaml"],
    );
    one_line_per_problem(&r, 2);
    r.stderr_has("InvalidClientTokenId")
        .stderr_has("The security token included in the request is invalid.")
        .stderr_has("arn:aws:iam::222222222222:role/share-admin")
        .stderr_has("arn:aws:iam::111111111111:role/share-admin");
    assert!(!proxy.answered().is_empty());
    assert_eq!(env.fx.bucket_policy(&env.data, BUCKET).unwrap(), before);
}

#[test]
fn an_unreachable_endpoint() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));
    let port = share_testkit::free_port().unwrap();
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let r = env.share_at(&endpoint, &["plan", "share.yaml"]);
    one_line_per_problem(&r, 2);
    r.stderr_has(&format!("could not reach {endpoint}"));
    assert!(
        r.stderr.to_lowercase().contains("connection refused"),
        "{r}"
    );
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    env.share_at(&endpoint, &["drift", "share.yaml"])
        .code(1)
        .clean();
}
