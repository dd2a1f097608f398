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
    check_plan_contract(&json.json());

    let markdown = env.share(&["plan", "--format", "markdown", "share.yaml"]);
    markdown
        .code(0)
        .stdout_has("Plan: 5 to create, 2 to change, 0 to delete.")
        .stdout_has("<details>")
        .stdout_has("```diff");
    assert_eq!(
        markdown.stdout.matches("<details>").count(),
        markdown.stdout.matches("</details>").count()
    );

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

/// The JSON plan's contract (issue #5, docs/plan-format.md): every change has `address`,
/// `account`, `resource_type`, `action` (one of five), `before`, `after` and `reason`, and
/// `summary` counts them per action.
fn check_plan_contract(plan: &serde_json::Value) {
    assert_eq!(plan["format_version"], 1);
    let changes = plan["changes"].as_array().unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for c in changes {
        for field in ["address", "account", "resource_type", "action", "reason"] {
            assert!(c[field].is_string(), "{field} in {c:#}");
        }
        for field in ["before", "after"] {
            assert!(c.get(field).is_some(), "{field} in {c:#}");
        }
        let action = c["action"].as_str().unwrap();
        assert!(
            ["create", "update", "delete", "replace", "no-op"].contains(&action),
            "{action}"
        );
        *counts.entry(action.to_owned()).or_insert(0u64) += 1;
        if action == "no-op" {
            assert_eq!(c["before"], c["after"], "{c:#}");
        }
    }
    for action in ["create", "update", "delete", "replace", "no-op"] {
        assert_eq!(
            plan["summary"][action].as_u64(),
            Some(counts.get(action).copied().unwrap_or(0)),
            "summary.{action}"
        );
    }
}
