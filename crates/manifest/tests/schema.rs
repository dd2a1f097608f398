//! `manifests/schema.json` is exactly `json_schema()`, pretty-printed with a trailing
//! newline. Regenerate it with:
//!
//! ```sh
//! SHARE_UPDATE_SCHEMA=1 cargo test -p share-manifest --test tests schema
//! ```
//!
//! (or `share schema > manifests/schema.json`).

use share_manifest::{json_schema, json_schema_pretty};

fn rendered() -> String {
    let s = json_schema_pretty();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&s).unwrap(),
        json_schema()
    );
    s
}

#[test]
fn checked_in_schema_is_current() {
    let path = crate::root().join("manifests/schema.json");
    let want = rendered();
    if std::env::var_os("SHARE_UPDATE_SCHEMA").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "manifests/schema.json is stale; regenerate it with\n\n    SHARE_UPDATE_SCHEMA=1 cargo test -p share-manifest --test tests schema\n"
    );
}

/// The shipped manifests satisfy the schema's structure: every key they use is a property
/// the schema declares, at every level (a cheap check without a JSON Schema validator).
#[test]
fn schema_declares_every_key_the_examples_use() {
    let schema = json_schema();
    let defs = &schema["$defs"];
    let props = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let top = props(&schema);
    let section_def = [
        ("accounts", "account"),
        ("buckets", "bucket"),
        ("access_points", "access_point"),
        ("vpc_endpoints", "vpc_endpoint"),
        ("grantees", "grantee"),
    ];
    for dir in ["manifests", "examples"] {
        for entry in std::fs::read_dir(crate::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let doc: serde_json::Value =
                serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for key in doc.as_object().unwrap().keys() {
                assert!(top.contains(key), "{}: {key}", path.display());
            }
            for (section, def) in section_def {
                let allowed = props(&defs[def]);
                for entry in doc[section]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    for key in entry.as_object().unwrap().keys() {
                        assert!(allowed.contains(key), "{}: {section}.{key}", path.display());
                    }
                }
            }
            let grant_keys = props(&defs["grant"]);
            for grant in doc["grants"].as_array().into_iter().flatten() {
                for key in grant.as_object().unwrap().keys() {
                    assert!(grant_keys.contains(key), "{}: grants.{key}", path.display());
                }
            }
        }
    }
}
