//! Snapshots of what a user reads: the human and JSON plans of the demo scenario (a bucket
//! with another team's statement, a VPC access point, a gateway endpoint with AWS's default
//! policy, a grantee role, a partner account), and the JSON drift report after a hand edit.
//! Values moto generates (VPC and endpoint ids) and the hashes that depend on them are
//! filtered out.

use crate::harness::*;

fn filters(env: &Env) -> Vec<(String, String)> {
    vec![
        (
            regex_escape(&env.dir.path().display().to_string()),
            "[DIR]".into(),
        ),
        (r"127\.0\.0\.1:\d+".into(), "[ENDPOINT]".into()),
        (r"vpce-[0-9a-f]{8,17}".into(), "vpce-[ID]".into()),
        (r"vpc-[0-9a-f]{8,17}".into(), "vpc-[ID]".into()),
        (r"\b[0-9a-f]{64}\b".into(), "[SHA256]".into()),
    ]
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

macro_rules! snapshot {
    ($env:expr, $name:expr, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in filters($env) {
            settings.add_filter(&pattern, replacement);
        }
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!($name, $value));
    }};
}

#[test]
fn plans_and_drift_report_of_the_demo_scenario() {
    let env = Env::start();
    let estate = env.seed(true);
    env.write("share.yaml", &demo_manifest(&estate));

    let human = env.share(&["plan", "share.yaml"]);
    human.code(0);
    snapshot!(&env, "plan_human", human.stdout);

    let json = env.share(&["plan", "--format", "json", "share.yaml"]);
    json.code(0);
    snapshot!(&env, "plan_json", json.stdout);

    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    let mut live = env.bucket_policy().unwrap();
    for st in live["Statement"].as_array_mut().unwrap() {
        if st["Sid"] == "ShareReadPartnerObjects" {
            st["Resource"] = "arn:aws:s3:::demo-datalake/*".into();
        }
    }
    env.fx
        .put_bucket_policy(&env.data, BUCKET, &live.to_string())
        .unwrap();
    let drift = env.share(&["drift", "--format", "json", "share.yaml"]);
    drift.code(2);
    snapshot!(&env, "drift_json", drift.stdout);
}
