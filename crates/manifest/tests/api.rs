//! The typed manifest and its lookups, as the compiler and planner will use them.

use share_manifest::{
    Access, AccountName, AccountRef, EndpointName, Grantee, GranteeName, Location, ObjectOwnership,
    Severity, Source, load,
};
use share_types::{AccessPointName, AccountId, BucketName, Region};

fn prod() -> share_manifest::Validated {
    let text = std::fs::read_to_string(crate::root().join("manifests/prod.yaml")).unwrap();
    load(&Source::new("manifests/prod.yaml", text)).unwrap()
}

fn valid(text: &str) -> share_manifest::Validated {
    match load(&Source::new("t.yaml", text)) {
        Ok(v) => v,
        Err(d) => panic!("{d:#?}"),
    }
}

fn errors(text: &str) -> Vec<&'static str> {
    match load(&Source::new("t.yaml", text)) {
        Ok(v) => panic!("valid, warnings {:?}", v.warnings),
        Err(d) => d
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect(),
    }
}

const BASE: &str = r#"version: 1
accounts:
  datalake: { id: "222222222222", region: eu-west-1 }
  ml: { id: "111111111111" }
buckets:
  b-one: { account: datalake }
  b-two: { account: datalake, region: us-west-2 }
  b-three: { account: ml }
vpc_endpoints:
  gw: { account: ml, id: vpce-0f1e2d3c4b5a69788 }
grantees:
  r: { role: "arn:aws:iam::111111111111:role/r" }
  u: { user: "arn:aws:iam::999999999999:user/u" }
  a-named: { account: ml }
  a-id: { account: "333333333333" }
grants:
  - { grantee: r, bucket: b-one, access: read, prefixes: [x/], through: gw }
  - { grantee: u, bucket: b-two, access: write, prefixes: [y/] }
  - { grantee: a-named, bucket: b-three, access: list, prefixes: [z/] }
  - { grantee: a-id, bucket: b-one, access: read-write, prefixes: [w/] }
"#;

fn n<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

#[test]
fn prod_manifest_is_the_sagemaker_scenario() {
    let v = prod();
    let m = &v.manifest;
    assert!(v.warnings.is_empty());
    assert_eq!(m.version, 1);
    assert_eq!(m.settings.sid_prefix.as_str(), "Share");
    assert_eq!(m.settings.policy_name.as_str(), "share");
    let bucket: BucketName = n("test-bucket-1");
    assert_eq!(m.bucket_account(&bucket).id.as_str(), "222222222222");
    assert_eq!(m.bucket_region(&bucket).as_str(), "us-east-1");
    let ap: AccessPointName = n("test-ap-1");
    assert_eq!(
        m.access_points[&ap].vpc.as_ref().unwrap().as_str(),
        "vpc-0a1b2c3d4e5f60718"
    );
    let gw: EndpointName = n("ml-gateway");
    assert_eq!(m.endpoint_account(&gw).id.as_str(), "111111111111");
    let demo: GranteeName = n("demo-notebook");
    assert_eq!(
        m.managed_account_of(&demo).map(AccountName::as_str),
        Some("ml")
    );
    let partner: GranteeName = n("partner");
    assert_eq!(m.managed_account_of(&partner), None);
    assert_eq!(m.grantee_account_id(&partner).as_str(), "333333333333");
    let g = &m.grants[0];
    assert_eq!(
        (g.index, g.access, g.via.as_ref(), g.through.as_ref()),
        (0, Access::Read, Some(&ap), Some(&gw))
    );
    assert_eq!(g.prefixes[0].as_str(), "datasets/credit/");
    assert_eq!(m.grants[1].path(), "grants[1]");
    assert_eq!(m.grants_on(&bucket).count(), 2);
    // Spans point at the text.
    let loc = v.spans.locate("grants[0].via").unwrap();
    let text = std::fs::read_to_string(crate::root().join("manifests/prod.yaml")).unwrap();
    let line = text.lines().nth(loc.line - 1).unwrap();
    assert_eq!(&line[loc.column - 1..], "test-ap-1");
    assert!(v.spans.locate("buckets.test-bucket-1").is_some());
    assert!(v.spans.locate("grants[1].prefixes[0]").is_some());
}

#[test]
fn lookups_and_region_rule() {
    let v = valid(BASE);
    let m = &v.manifest;
    // bucket.region → account.region → us-east-1
    assert_eq!(m.bucket_region(&n("b-one")), n::<Region>("eu-west-1"));
    assert_eq!(m.bucket_region(&n("b-two")), n::<Region>("us-west-2"));
    assert_eq!(m.bucket_region(&n("b-three")), n::<Region>("us-east-1"));
    assert_eq!(m.account_region(&n("ml")).as_str(), "us-east-1");
    assert_eq!(
        m.grantee_account_id(&n("r")),
        n::<AccountId>("111111111111")
    );
    assert_eq!(
        m.grantee_account_id(&n("u")),
        n::<AccountId>("999999999999")
    );
    assert_eq!(
        m.grantee_account_id(&n("a-named")),
        n::<AccountId>("111111111111")
    );
    assert_eq!(
        m.grantee_account_id(&n("a-id")),
        n::<AccountId>("333333333333")
    );
    assert_eq!(
        m.managed_account_of(&n("r")).map(AccountName::as_str),
        Some("ml")
    );
    assert_eq!(m.managed_account_of(&n("u")), None, "unmanaged account");
    assert_eq!(m.managed_account_of(&n("a-named")), None, "whole account");
    assert!(matches!(
        m.grantees[&n::<GranteeName>("a-named")],
        Grantee::Account(AccountRef::Named(_))
    ));
    assert!(matches!(
        m.grantees[&n::<GranteeName>("a-id")],
        Grantee::Account(AccountRef::Id(_))
    ));
    assert_eq!(
        m.buckets[&n::<BucketName>("b-one")].object_ownership,
        ObjectOwnership::BucketOwnerEnforced
    );
    assert!(m.buckets[&n::<BucketName>("b-one")].block_public_access);
    assert!(!m.buckets[&n::<BucketName>("b-one")].create);
    assert!(Access::ReadWrite.writes() && Access::Write.writes() && !Access::Read.writes());
    assert_eq!(Access::ReadWrite.as_str(), "read-write");
    assert_eq!(ObjectOwnership::ObjectWriter.as_str(), "ObjectWriter");
    assert_eq!(
        m.account_by_id(&n("222222222222")).map(|(k, _)| k.as_str()),
        Some("datalake")
    );
}

#[test]
fn serializes_back_to_an_equivalent_manifest() {
    for text in [
        BASE.to_owned(),
        std::fs::read_to_string(crate::root().join("manifests/prod.yaml")).unwrap(),
    ] {
        let m = valid(&text).manifest;
        let yaml = serde_yaml::to_string(&m).unwrap();
        let again = valid(&yaml).manifest;
        assert_eq!(m, again, "{yaml}");
    }
}

#[test]
fn unquoted_account_ids_are_read_as_written() {
    let v = valid("version: 1\naccounts:\n  a: { id: 012345678901 }\n");
    assert_eq!(
        v.manifest.accounts[&n::<AccountName>("a")].id.as_str(),
        "012345678901"
    );
}

#[test]
fn null_sections_are_empty() {
    let v = valid(
        "version: 1\nsettings:\naccounts:\nbuckets:\naccess_points:\nvpc_endpoints:\ngrantees:\ngrants:\n",
    );
    assert!(v.manifest.accounts.is_empty() && v.manifest.grants.is_empty());
}

#[test]
fn each_rule_has_its_code() {
    let with = |extra: &str| format!("{BASE}{extra}");
    assert_eq!(
        errors(&with(
            "  - { grantee: r, bucket: b-one, access: read, prefixes: [x/], through: gw }\n"
        )),
        ["duplicate-grant"]
    );
    assert_eq!(
        errors(&with(
            "  - { grantee: nope, bucket: b-one, access: read, prefixes: [x/] }\n"
        )),
        ["unknown-reference"]
    );
    assert_eq!(
        errors(&with(
            "  - { grantee: r, bucket: b-one, access: read, prefixes: [] }\n"
        )),
        ["empty-prefixes"]
    );
    assert_eq!(
        errors(&with(
            "  - { grantee: r, bucket: b-one, access: read, prefixes: [q/, q/] }\n"
        )),
        ["duplicate-prefix"]
    );
    assert_eq!(
        errors(&with("  - { grantee: r, bucket: b-one, access: reed }\n")),
        ["invalid-value"]
    );
    assert_eq!(
        errors(&with(
            "  - { grantee: r, bucket: b-one, access: read, extra: 1 }\n"
        )),
        ["unknown-field"]
    );
    assert_eq!(errors("version: 3\n"), ["unsupported-version"]);
    assert_eq!(errors(""), ["empty-manifest"]);
    assert_eq!(errors("version: 1\n---\n"), ["multiple-documents"]);
}

#[test]
fn warnings_do_not_fail_and_are_located() {
    let v = valid(&format!(
        "{BASE}  - {{ grantee: r, bucket: b-three, access: read }}\n"
    ));
    let codes: Vec<_> = v.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["whole-bucket-grant"]);
    assert_eq!(
        v.warnings[0].location,
        Some(Location {
            line: 21,
            column: 5
        })
    );
    assert_eq!(v.warnings[0].path.as_deref(), Some("grants[4]"));
}

#[test]
fn too_many_problems_are_capped() {
    let text = format!("version: 1\naccounts:\n{}", "  a: {}\n".repeat(2_000));
    let d = load(&Source::new("t.yaml", text)).unwrap_err();
    assert_eq!(d.len(), share_manifest::MAX_DIAGNOSTICS + 1);
    assert_eq!(d.last().unwrap().code, "too-many-diagnostics");
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_fine() {
    let source = Source::new(
        "w.yaml",
        "\u{feff}version: 1\r\naccounts:\r\n  a: { id: \"12\" }\r\n",
    );
    let d = load(&source).unwrap_err();
    assert_eq!(d[0].code, "invalid-value");
    assert_eq!(
        d[0].location,
        Some(Location {
            line: 3,
            column: 12
        })
    );
    let r = d[0].render(&source, false);
    assert!(
        r.contains("3 |   a: { id: \"12\" }\n  |            ^^^^\n"),
        "{r}"
    );
}

#[test]
fn merge_keys_are_not_yaml_magic_here() {
    let text = "version: 1\naccounts:\n  base: &b { id: \"222222222222\" }\n  other:\n    <<: *b\n";
    let d = load(&Source::new("m.yaml", text)).unwrap_err();
    let codes: Vec<_> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-field", "unknown-field"]);
}
