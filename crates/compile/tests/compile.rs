//! Tests of the compiler through its public API, on real manifests.
//!
//! Snapshots of every manifest in `manifests/` and `examples/` are the reviewed spec of the
//! compiled documents; the property checks below hold for every one of them and for
//! generated manifests: no `s3:*`, no unconditioned `*` principal, no object resource or
//! listing prefix outside the grants that produced it, byte-identical output on every run
//! and for any order of grants or keys, and size limits reported at the grants.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use proptest::prelude::*;
use share_compile::{
    Compiled, POLICY_TOO_LARGE, RenderFormat, WRITE_WITHOUT_PREFIX, action_set, compile, render,
};
use share_manifest::{Access, Manifest, Severity, Source, Validated, load, render_all};
use share_policy::{Principals, Statement};
use share_state::Address;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn bkt(s: &str) -> share_types::BucketName {
    share_types::BucketName::parse(s).unwrap()
}
fn apn(s: &str) -> share_types::AccessPointName {
    share_types::AccessPointName::parse(s).unwrap()
}
fn vpce(s: &str) -> share_types::VpcEndpointId {
    share_types::VpcEndpointId::parse(s).unwrap()
}
fn arn(s: &str) -> share_types::PrincipalArn {
    share_types::PrincipalArn::parse(s).unwrap()
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `*.yaml` directly in `manifests/` and `examples/` (subfolders hold other material:
/// the demo's template, CI pipelines), with a snapshot name from its path.
fn manifest_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["manifests", "examples"] {
        let mut stack = vec![repo_root().join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    let rel = p
                        .strip_prefix(repo_root())
                        .unwrap_or(&p)
                        .with_extension("")
                        .to_string_lossy()
                        .replace(['/', '\\', '.'], "__");
                    out.push((rel, p));
                }
            }
        }
    }
    out.sort();
    out
}

fn load_text(name: &str, text: &str) -> Validated {
    let source = Source::new(name, text);
    match load(&source) {
        Ok(v) => v,
        Err(ds) => panic!("{name} does not load:\n{}", render_all(&ds, &source, false)),
    }
}

fn load_file(path: &Path) -> Validated {
    let text = std::fs::read_to_string(path).unwrap();
    load_text(&path.display().to_string(), &text)
}

/// Every (address, statement) of the desired state.
fn all_statements(c: &Compiled) -> Vec<(String, &Statement)> {
    let d = &c.desired;
    let mut out = Vec::new();
    for (n, b) in &d.buckets {
        out.extend(
            b.statements
                .iter()
                .map(|s| (format!("bucket_policy.{n}"), s)),
        );
    }
    for (n, ap) in &d.access_points {
        out.extend(
            ap.statements
                .iter()
                .map(|s| (format!("access_point_policy.{n}"), s)),
        );
    }
    for (n, e) in &d.endpoints {
        out.extend(
            e.statements
                .iter()
                .map(|s| (format!("endpoint_policy.{n}"), s)),
        );
    }
    for (n, i) in &d.identities {
        if let Some(doc) = &i.document {
            out.extend(
                doc.statements
                    .iter()
                    .map(|s| (format!("identity_policy.{n}"), s)),
            );
        }
    }
    out
}

/// The keys a resource-side condition pins `*` principals to.
const PINNING_KEYS: [&str; 4] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
];

fn is_anyone(p: &Principals) -> bool {
    match p {
        Principals::Any => true,
        Principals::Typed(m) => m.values().any(|v| v.iter().any(|x| x == "*")),
    }
}

/// Where an object resource points: (`bucket` or `access point` name, key pattern).
fn object_target(resource: &str) -> Option<(bool, String, String)> {
    if let Some((_, rest)) = resource.split_once(":accesspoint/") {
        let (ap, key) = rest.split_once("/object/")?;
        return Some((true, ap.to_owned(), key.to_owned()));
    }
    let (_, rest) = resource.split_once(":s3:::")?;
    let (bucket, key) = rest.split_once('/')?;
    Some((false, bucket.to_owned(), key.to_owned()))
}

/// The invariants every compiled manifest keeps.
fn check_invariants(name: &str, v: &Validated, c: &Compiled) {
    let m = &v.manifest;
    for (addr, st) in all_statements(c) {
        let here = format!("{name}: {addr} {:?}", st.sid);
        // Sids: prefix + IAM charset.
        let sid = st.sid.as_deref().unwrap_or_default();
        assert!(sid.starts_with(m.settings.sid_prefix.as_str()), "{here}");
        assert!(share_policy::is_valid_sid(sid), "{here}");
        // No wildcard actions.
        for a in st.action.as_ref().unwrap().iter() {
            assert!(a != "*" && !a.contains('*'), "{here}: action {a}");
        }
        assert!(
            st.not_action.is_none() && st.not_resource.is_none(),
            "{here}"
        );
        // `*` principals only with a condition pinning them.
        if let Some(p) = &st.principal
            && is_anyone(p)
        {
            let pinned = st
                .condition
                .get("StringEquals")
                .is_some_and(|keys| keys.keys().any(|k| PINNING_KEYS.contains(&k.as_str())));
            assert!(pinned, "{here}: unconditioned `*` principal");
        }
        // Object resources and listing prefixes inside the prefixes of the grants behind
        // this document.
        let contributing: Vec<_> = c
            .contributors
            .iter()
            .filter(|(a, _)| addr_matches(a, &addr))
            .flat_map(|(_, gs)| gs.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|i| &m.grants[i])
            .collect();
        assert!(!contributing.is_empty(), "{here}: no contributing grants");
        for r in st.resource.as_ref().unwrap().iter() {
            assert!(r != "*", "{here}");
            let Some((is_ap, target, key)) = object_target(r) else {
                continue;
            };
            let key = key
                .strip_suffix('*')
                .unwrap_or_else(|| panic!("{here}: {r}"));
            let covered = contributing.iter().any(|g| {
                let same = if is_ap {
                    g.via.as_ref().is_some_and(|ap| ap.as_str() == target)
                } else {
                    g.bucket.as_str() == target
                };
                same && (g.prefixes.is_empty()
                    || g.prefixes.iter().any(|p| key.starts_with(p.as_str())))
            });
            assert!(
                covered,
                "{here}: object resource {r} outside every grant's prefixes"
            );
        }
        if let Some(keys) = st.condition.get("StringLike")
            && let Some(values) = keys.get("s3:prefix")
        {
            for v in values.iter() {
                let key = v.strip_suffix('*').unwrap_or(v);
                assert!(
                    contributing
                        .iter()
                        .any(|g| g.prefixes.iter().any(|p| key.starts_with(p.as_str()))),
                    "{here}: s3:prefix {v} outside every grant's prefixes"
                );
            }
        }
        // A `ListBucket` with no prefix condition only for whole-bucket grants (or in
        // endpoint policies, which never carry `s3:prefix`).
        let lists = st
            .action
            .as_ref()
            .unwrap()
            .iter()
            .any(|a| a == "s3:ListBucket");
        let has_prefix = st
            .condition
            .get("StringLike")
            .is_some_and(|k| k.contains_key("s3:prefix"));
        let scoped_doc = !addr.starts_with("endpoint_policy.")
            && sid != "ShareDelegateToAccessPoints"
            && !sid.ends_with("DelegateToAccessPoints");
        if lists && !has_prefix && scoped_doc {
            assert!(
                contributing.iter().any(|g| g.prefixes.is_empty()),
                "{here}: unscoped ListBucket without a whole-bucket grant"
            );
        }
    }
    // Sids are unique per document.
    let mut seen = BTreeSet::new();
    for (addr, st) in all_statements(c) {
        assert!(
            seen.insert((addr.clone(), st.sid.clone())),
            "{name}: duplicate Sid in {addr}"
        );
    }
}

/// True when the contributors address `a` is the document `addr` names.
fn addr_matches(a: &Address, addr: &str) -> bool {
    let s = a.to_string();
    match a {
        Address::IdentityPolicy { principal, .. } => addr == format!("identity_policy.{principal}"),
        _ => s == addr,
    }
}

/// `render` pretty plus the compile diagnostics, one per line.
fn snapshot_text(v: &Validated, c: &Compiled) -> String {
    let mut s = render(&c.desired, &v.manifest, None, RenderFormat::Pretty);
    if !c.diagnostics.is_empty() {
        s.push_str("\n# compile diagnostics\n");
        for d in &c.diagnostics {
            s.push_str(&format!("{d}\n"));
        }
    }
    s
}

#[test]
fn snapshots_of_every_manifest() {
    let files = manifest_files();
    assert!(
        !files.is_empty(),
        "no manifests found under manifests/ and examples/"
    );
    for (name, path) in files {
        let v = load_file(&path);
        let c = compile(&v);
        check_invariants(&name, &v, &c);
        insta::assert_snapshot!(name.clone(), snapshot_text(&v, &c));
    }
}

#[test]
fn every_manifest_compiles_deterministically_in_any_grant_order() {
    for (name, path) in manifest_files() {
        let v = load_file(&path);
        let first = compile(&v);
        let second = compile(&v);
        assert_eq!(first, second, "{name}");
        let text = render(&first.desired, &v.manifest, None, RenderFormat::Json);
        assert_eq!(
            text,
            render(&second.desired, &v.manifest, None, RenderFormat::Json)
        );
        let n = v.manifest.grants.len();
        for shift in 0..n.max(1) {
            for reverse in [false, true] {
                let mut shuffled = v.clone();
                shuffled.manifest.grants.rotate_left(shift % n.max(1));
                if reverse {
                    shuffled.manifest.grants.reverse();
                }
                let c = compile(&shuffled);
                assert_eq!(
                    c.desired, first.desired,
                    "{name}: shift {shift} reverse {reverse}"
                );
                assert_eq!(
                    render(&c.desired, &v.manifest, None, RenderFormat::Json),
                    text,
                    "{name}"
                );
            }
        }
    }
}

const SCENARIO: &str = r#"
version: 1
accounts:
  datalake: { id: "222222222222", region: us-east-1 }
  ml: { id: "111111111111", region: us-east-1 }
buckets:
  test-bucket-1: { account: datalake }
access_points:
  test-ap-1: { bucket: test-bucket-1, vpc: vpc-0a1b2c3d }
vpc_endpoints:
  ml-gateway: { account: ml, id: vpce-0f1e2d3c }
grantees:
  demo-notebook: { role: "arn:aws:iam::111111111111:role/demo" }
  uploader: { role: "arn:aws:iam::111111111111:role/uploader" }
  partner: { account: "333333333333" }
  ml-account: { account: ml }
  idle: { user: "arn:aws:iam::111111111111:user/idle" }
grants:
  - grantee: demo-notebook
    bucket: test-bucket-1
    access: read
    prefixes: [datasets/credit/]
    via: test-ap-1
    through: ml-gateway
  - grantee: demo-notebook
    bucket: test-bucket-1
    access: read
    prefixes: [datasets/fraud/]
    via: test-ap-1
    through: ml-gateway
  - grantee: partner
    bucket: test-bucket-1
    access: read
    prefixes: [exports/partner/, exports/shared/]
  - grantee: uploader
    bucket: test-bucket-1
    access: write
    prefixes: [incoming/]
    through: ml-gateway
  - grantee: ml-account
    bucket: test-bucket-1
    access: list
    prefixes: [catalog/]
    through: ml-gateway
"#;

/// The same manifest with sections, keys and grants in another order.
const SCENARIO_REORDERED: &str = r#"
grants:
  - grantee: ml-account
    through: ml-gateway
    prefixes: [catalog/]
    access: list
    bucket: test-bucket-1
  - grantee: uploader
    bucket: test-bucket-1
    access: write
    through: ml-gateway
    prefixes: [incoming/]
  - grantee: demo-notebook
    through: ml-gateway
    via: test-ap-1
    bucket: test-bucket-1
    access: read
    prefixes: [datasets/fraud/]
  - access: read
    grantee: partner
    prefixes: [exports/shared/, exports/partner/]
    bucket: test-bucket-1
  - grantee: demo-notebook
    bucket: test-bucket-1
    access: read
    prefixes: [datasets/credit/]
    via: test-ap-1
    through: ml-gateway
grantees:
  idle: { user: "arn:aws:iam::111111111111:user/idle" }
  partner: { account: "333333333333" }
  uploader: { role: "arn:aws:iam::111111111111:role/uploader" }
  ml-account: { account: ml }
  demo-notebook: { role: "arn:aws:iam::111111111111:role/demo" }
vpc_endpoints:
  ml-gateway: { id: vpce-0f1e2d3c, account: ml }
access_points:
  test-ap-1: { vpc: vpc-0a1b2c3d, bucket: test-bucket-1 }
buckets:
  test-bucket-1: { account: datalake }
accounts:
  ml: { region: us-east-1, id: "111111111111" }
  datalake: { region: us-east-1, id: "222222222222" }
version: 1
"#;

fn scenario() -> (Validated, Compiled) {
    let v = load_text("scenario.yaml", SCENARIO);
    let c = compile(&v);
    check_invariants("scenario", &v, &c);
    (v, c)
}

fn find<'a>(sts: &'a [Statement], sid: &str) -> &'a Statement {
    sts.iter()
        .find(|s| s.sid.as_deref() == Some(sid))
        .unwrap_or_else(|| {
            panic!(
                "no {sid} in {:?}",
                sts.iter().map(|s| s.sid.clone()).collect::<Vec<_>>()
            )
        })
}

fn values(st: &Statement, field: &str) -> Vec<String> {
    let set = match field {
        "Action" => st.action.as_ref(),
        _ => st.resource.as_ref(),
    };
    set.unwrap().iter().map(str::to_owned).collect()
}

#[test]
fn reordering_keys_and_grants_gives_the_same_documents() {
    let (v, c) = scenario();
    let v2 = load_text("reordered.yaml", SCENARIO_REORDERED);
    let c2 = compile(&v2);
    assert_eq!(c.desired, c2.desired);
    assert_eq!(
        render(&c.desired, &v.manifest, None, RenderFormat::Pretty),
        render(&c2.desired, &v2.manifest, None, RenderFormat::Pretty)
    );
}

#[test]
fn grants_on_the_same_principal_and_resource_merge() {
    let (_, c) = scenario();
    let ap = &c.desired.access_points[&apn("test-ap-1")].statements;
    let objects = find(ap, "ShareReadDemoNotebookThroughMlGatewayObjects");
    assert_eq!(
        values(objects, "Resource"),
        [
            "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*",
            "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/fraud/*",
        ]
    );
    let list = find(ap, "ShareReadDemoNotebookThroughMlGatewayList");
    assert_eq!(
        list.condition["StringLike"]["s3:prefix"].0,
        ["datasets/credit/*", "datasets/fraud/*"]
    );
    // One grant with two prefixes: one statement, two resources.
    let bucket = &c.desired.buckets[&bkt("test-bucket-1")].statements;
    let partner = find(bucket, "ShareReadPartnerObjects");
    assert_eq!(
        values(partner, "Resource"),
        [
            "arn:aws:s3:::test-bucket-1/exports/partner/*",
            "arn:aws:s3:::test-bucket-1/exports/shared/*"
        ]
    );
    assert_eq!(
        find(bucket, "ShareReadPartnerList").condition["StringLike"]["s3:prefix"].0,
        ["exports/partner/*", "exports/shared/*"]
    );
}

#[test]
fn bucket_policy_shapes() {
    let (_, c) = scenario();
    let b = &c.desired.buckets[&bkt("test-bucket-1")];
    assert!(b.public_access_block.block_public_policy && b.public_access_block.ignore_public_acls);
    let sts = &b.statements;
    // Account grantee: the root ARN.
    let loc = find(sts, "ShareReadPartnerLocation");
    assert_eq!(
        loc.principal,
        Some(Principals::Typed(
            [(
                "AWS".to_owned(),
                share_policy::ValueSet::of(["arn:aws:iam::333333333333:root"])
            )]
            .into()
        ))
    );
    assert_eq!(values(loc, "Action"), ["s3:GetBucketLocation"]);
    assert!(loc.condition.is_empty());
    // A direct grant through an endpoint is bound to it on the resource side.
    let upload = find(sts, "ShareWriteUploaderThroughMlGatewayObjects");
    assert_eq!(
        upload.condition["StringEquals"]["aws:SourceVpce"].0,
        ["vpce-0f1e2d3c"]
    );
    assert_eq!(values(upload, "Action"), action_set(Access::Write).1);
    assert!(
        !sts.iter()
            .any(|s| s.sid.as_deref() == Some("ShareWriteUploaderThroughMlGatewayList"))
    );
    // The delegation statement: only what goes through access points.
    let d = find(sts, "ShareDelegateToAccessPoints");
    let mut expected: Vec<String> = action_set(Access::Read)
        .0
        .into_iter()
        .map(String::from)
        .collect();
    expected.extend(action_set(Access::Read).1.into_iter().map(String::from));
    expected.sort();
    assert_eq!(values(d, "Action"), expected);
    assert_eq!(
        values(d, "Resource"),
        [
            "arn:aws:s3:::test-bucket-1",
            "arn:aws:s3:::test-bucket-1/datasets/credit/*",
            "arn:aws:s3:::test-bucket-1/datasets/fraud/*"
        ]
    );
    assert_eq!(
        d.condition["StringEquals"]["s3:DataAccessPointAccount"].0,
        ["222222222222"]
    );
    // Sorted by Sid.
    let sids: Vec<_> = sts.iter().map(|s| s.sid.clone().unwrap()).collect();
    let mut sorted = sids.clone();
    sorted.sort();
    assert_eq!(sids, sorted);
}

#[test]
fn endpoint_policy_shapes() {
    let (_, c) = scenario();
    let e = &c.desired.endpoints[&vpce("vpce-0f1e2d3c")];
    assert_eq!(e.account.as_str(), "111111111111");
    let sts = &e.statements;
    for st in sts {
        assert_eq!(st.principal, Some(Principals::Any), "{:?}", st.sid);
    }
    let via = find(sts, "ShareReadDemoNotebookTestAp1Objects");
    assert_eq!(
        via.condition["StringEquals"]["aws:PrincipalArn"].0,
        ["arn:aws:iam::111111111111:role/demo"]
    );
    assert_eq!(
        values(via, "Resource"),
        [
            "arn:aws:s3:::test-bucket-1/datasets/credit/*",
            "arn:aws:s3:::test-bucket-1/datasets/fraud/*",
            "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/credit/*",
            "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1/object/datasets/fraud/*",
        ]
    );
    let bucket = find(sts, "ShareReadDemoNotebookTestAp1Bucket");
    assert_eq!(
        values(bucket, "Resource"),
        [
            "arn:aws:s3:::test-bucket-1",
            "arn:aws:s3:us-east-1:222222222222:accesspoint/test-ap-1"
        ]
    );
    // Direct grant: bucket form only.
    let up = find(sts, "ShareWriteUploaderTestBucket1Objects");
    assert_eq!(
        values(up, "Resource"),
        ["arn:aws:s3:::test-bucket-1/incoming/*"]
    );
    // Whole-account grantee: aws:PrincipalAccount.
    let acct = find(sts, "ShareListMlAccountTestBucket1Bucket");
    assert_eq!(
        acct.condition["StringEquals"]["aws:PrincipalAccount"].0,
        ["111111111111"]
    );
    assert!(!acct.condition["StringEquals"].contains_key("aws:PrincipalArn"));
}

#[test]
fn identity_policy_shapes() {
    let (v, c) = scenario();
    let ids = &c.desired.identities;
    // Only roles and users of managed accounts; an idle grantee's policy is removed.
    let keys: Vec<_> = ids.keys().map(|k| k.to_string()).collect();
    assert_eq!(
        keys,
        [
            "arn:aws:iam::111111111111:role/demo",
            "arn:aws:iam::111111111111:role/uploader",
            "arn:aws:iam::111111111111:user/idle"
        ]
    );
    assert!(
        ids[&arn("arn:aws:iam::111111111111:user/idle")]
            .document
            .is_none()
    );
    let demo = ids[&arn("arn:aws:iam::111111111111:role/demo")]
        .document
        .as_ref()
        .unwrap();
    assert_eq!(demo.version.as_deref(), Some("2012-10-17"));
    for st in &demo.statements {
        assert!(st.principal.is_none());
        for r in values(st, "Resource") {
            assert!(
                r.contains(":accesspoint/test-ap-1"),
                "via grants use AP-form: {r}"
            );
        }
    }
    let up = ids[&arn("arn:aws:iam::111111111111:role/uploader")]
        .document
        .as_ref()
        .unwrap();
    let st = find(
        &up.statements,
        "ShareWriteTestBucket1ThroughMlGatewayObjects",
    );
    assert_eq!(
        values(st, "Resource"),
        ["arn:aws:s3:::test-bucket-1/incoming/*"]
    );
    // A grant `through` an endpoint is limited to it on the identity side too.
    assert_eq!(
        st.condition["StringEquals"]["aws:SourceVpce"].0,
        ["vpce-0f1e2d3c"]
    );
    assert_eq!(
        c.desired.policy_name.as_str(),
        v.manifest.settings.policy_name.as_str()
    );
}

#[test]
fn access_point_carries_network_origin_and_owner() {
    let (_, c) = scenario();
    let ap = &c.desired.access_points[&apn("test-ap-1")];
    assert_eq!(ap.account.as_str(), "222222222222");
    assert_eq!(ap.region.as_str(), "us-east-1");
    assert_eq!(ap.vpc.as_ref().map(|v| v.as_str()), Some("vpc-0a1b2c3d"));
    assert_eq!(ap.bucket.as_str(), "test-bucket-1");
}

#[test]
fn contributors_name_the_grants_behind_each_document() {
    let (_, c) = scenario();
    let by_addr: Vec<(String, Vec<usize>)> = c
        .contributors
        .iter()
        .map(|(a, g)| (a.to_string(), g.iter().copied().collect()))
        .collect();
    assert!(by_addr.contains(&("access_point_policy.test-ap-1".to_owned(), vec![0, 1])));
    assert!(by_addr.contains(&(
        "bucket_policy.test-bucket-1".to_owned(),
        vec![0, 1, 2, 3, 4]
    )));
    assert!(by_addr.contains(&("endpoint_policy.vpce-0f1e2d3c".to_owned(), vec![0, 1, 3, 4])));
}

#[test]
fn partitions_come_from_the_bucket_region() {
    let v = load_text(
        "cn.yaml",
        r#"
version: 1
accounts:
  cn: { id: "222222222222", region: cn-north-1 }
buckets:
  cn-bucket: { account: cn }
access_points:
  cn-ap: { bucket: cn-bucket }
grantees:
  who: { account: "333333333333" }
grants:
  - { grantee: who, bucket: cn-bucket, access: read, prefixes: [a/], via: cn-ap }
"#,
    );
    let c = compile(&v);
    check_invariants("cn", &v, &c);
    let text = render(&c.desired, &v.manifest, None, RenderFormat::Json);
    assert!(text.contains("arn:aws-cn:s3:::cn-bucket"), "{text}");
    assert!(text.contains("arn:aws-cn:s3:cn-north-1:222222222222:accesspoint/cn-ap/object/a/*"));
    assert!(text.contains("arn:aws-cn:iam::333333333333:root"));
    assert!(!text.contains("arn:aws:"), "{text}");
}

#[test]
fn colliding_sids_are_made_unique() {
    let v = load_text(
        "sids.yaml",
        r#"
version: 1
accounts:
  a: { id: "222222222222" }
buckets:
  bkt-one: { account: a }
grantees:
  team-a: { account: "333333333333" }
  team_a: { account: "444444444444" }
grants:
  - { grantee: team_a, bucket: bkt-one, access: list, prefixes: [x/] }
  - { grantee: team-a, bucket: bkt-one, access: list, prefixes: [y/] }
"#,
    );
    let c = compile(&v);
    check_invariants("sids", &v, &c);
    let sids: Vec<_> = c.desired.buckets[&bkt("bkt-one")]
        .statements
        .iter()
        .map(|s| s.sid.clone().unwrap())
        .collect();
    assert_eq!(sids.len(), 4);
    assert_eq!(sids.iter().collect::<BTreeSet<_>>().len(), 4, "{sids:?}");
    // Deterministic whichever grant comes first.
    let mut w = v.clone();
    w.manifest.grants.reverse();
    assert_eq!(compile(&w).desired, c.desired);
}

#[test]
fn write_lint_and_whole_bucket_shapes() {
    let v = load_text(
        "write.yaml",
        r#"
version: 1
accounts:
  a: { id: "222222222222" }
buckets:
  bkt-one: { account: a }
grantees:
  w: { account: "333333333333" }
  r: { account: "444444444444" }
grants:
  - { grantee: w, bucket: bkt-one, access: read-write }
  - { grantee: r, bucket: bkt-one, access: list }
"#,
    );
    let c = compile(&v);
    check_invariants("write", &v, &c);
    assert!(!c.has_errors());
    let lints: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == WRITE_WITHOUT_PREFIX)
        .collect();
    assert_eq!(lints.len(), 1);
    assert_eq!(lints[0].severity, Severity::Warning);
    assert_eq!(lints[0].path.as_deref(), Some("grants[0].access"));
    assert!(lints[0].location.is_some());
    let sts = &c.desired.buckets[&bkt("bkt-one")].statements;
    let list = find(sts, "ShareListRList");
    assert!(
        list.condition.is_empty(),
        "whole-bucket list has no s3:prefix"
    );
    assert_eq!(
        values(find(sts, "ShareReadWriteWObjects"), "Resource"),
        ["arn:aws:s3:::bkt-one/*"]
    );
}

fn many_grants(n: usize, grantee: &str, extra: &str) -> String {
    let mut s = format!(
        "version: 1\naccounts:\n  a: {{ id: \"222222222222\" }}\n  b: {{ id: \"111111111111\" }}\nbuckets:\n  big-bucket: {{ account: a }}\ngrantees:\n{grantee}\n{extra}grants:\n"
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - grantee: g{i}\n    bucket: big-bucket\n    access: read-write\n    prefixes: [teams/team-{i:04}/datasets/current/]\n"
        ));
    }
    s
}

#[test]
fn an_oversized_bucket_policy_is_reported_at_its_grants() {
    let n = 40;
    let grantees: String = (0..n)
        .map(|i| {
            format!("  g{i}: {{ role: \"arn:aws:iam::333333333333:role/team-{i:04}-reader\" }}\n")
        })
        .collect();
    let text = many_grants(n, grantees.trim_end(), "");
    let v = load_text("big.yaml", &text);
    let c = compile(&v);
    assert!(c.has_errors());
    let errors: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == POLICY_TOO_LARGE)
        .collect();
    assert_eq!(errors.len(), n, "{errors:#?}");
    let first = errors
        .iter()
        .find(|d| d.path.as_deref() == Some("grants[0]"))
        .unwrap();
    assert!(
        first.message.contains("bucket policy of `big-bucket`"),
        "{}",
        first.message
    );
    assert!(first.message.contains("20,480 bytes"), "{}", first.message);
    assert!(first.expected.as_deref().unwrap().contains("access point"));
    // Located at the grant's first line in the file.
    let line = text
        .lines()
        .position(|l| l == "  - grantee: g0")
        .map(|i| i + 1)
        .unwrap();
    assert_eq!(first.location.map(|l| l.line), Some(line));
    let source = Source::new("big.yaml", text.clone());
    assert!(first.render(&source, false).contains("big.yaml:"));
    // Under the limit with fewer grants.
    let few: String = (0..5)
        .map(|i| {
            format!("  g{i}: {{ role: \"arn:aws:iam::333333333333:role/team-{i:04}-reader\" }}\n")
        })
        .collect();
    let small = load_text("small.yaml", &many_grants(5, few.trim_end(), ""));
    assert!(!compile(&small).has_errors());
}

#[test]
fn an_oversized_user_policy_is_reported() {
    // One user, one grant, many prefixes: merged into one statement per part, and still
    // over the 2,048 characters of a user's inline policies.
    let mut t = String::from(
        "version: 1\naccounts:\n  a: { id: \"222222222222\" }\n  b: { id: \"111111111111\" }\nbuckets:\n  big-bucket: { account: a }\ngrantees:\n  g0: { user: \"arn:aws:iam::111111111111:user/u\" }\ngrants:\n  - grantee: g0\n    bucket: big-bucket\n    access: read-write\n    prefixes:\n",
    );
    for i in 0..30 {
        t.push_str(&format!("      - teams/team-{i:04}/datasets/current/\n"));
    }
    let v = load_text("user.yaml", &t);
    let c = compile(&v);
    let errors: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == POLICY_TOO_LARGE)
        .collect();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|d| {
        d.message
            .contains("user `arn:aws:iam::111111111111:user/u`")
    }));
    assert!(
        errors[0]
            .message
            .contains("2,048 non-whitespace characters"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].expected.as_deref().unwrap().contains("role"));
}

#[test]
fn render_filters_by_account_and_json_parses() {
    let (v, c) = scenario();
    let ml = share_manifest::AccountName::parse("ml").unwrap();
    let pretty = render(&c.desired, &v.manifest, Some(&ml), RenderFormat::Pretty);
    assert!(pretty.contains("# ml (111111111111) endpoint_policy.vpce-0f1e2d3c"));
    assert!(pretty.contains("identity_policy.arn:aws:iam::111111111111:user/idle#share\n(removed"));
    assert!(!pretty.contains("datalake"));
    let json = render(&c.desired, &v.manifest, None, RenderFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["datalake"]["account_id"], "222222222222");
    assert!(value["datalake"]["documents"]["bucket_policy.test-bucket-1"]["Statement"].is_array());
    assert!(
        value["ml"]["documents"]["identity_policy.arn:aws:iam::111111111111:user/idle#share"]
            .is_null()
    );
    let nobody = share_manifest::AccountName::parse("nobody").unwrap();
    assert_eq!(
        render(&c.desired, &v.manifest, Some(&nobody), RenderFormat::Pretty),
        "(no documents)\n"
    );
}

#[test]
fn manifests_built_in_code_with_dangling_names_are_reported_not_panicking() {
    let (v, _) = scenario();
    let mut m: Manifest = v.manifest.clone();
    m.grants[0].grantee = share_manifest::GranteeName::parse("ghost").unwrap();
    let c = share_compile::compile_manifest(&m, &v.spans);
    assert!(c.has_errors());
    assert_eq!(c.diagnostics[0].code, "unknown-reference");
}

/// Fixed declarations for generated manifests: two buckets in two accounts' regions, an
/// access point on each, two endpoints, grantees of every kind.
const GENERATED_HEAD: &str = r#"version: 1
accounts:
  owner: { id: "222222222222", region: eu-west-1 }
  ml: { id: "111111111111", region: eu-west-1 }
buckets:
  bucket-a: { account: owner }
  bucket-b: { account: owner, region: us-east-1 }
access_points:
  ap-a: { bucket: bucket-a, vpc: vpc-0a1b2c3d }
  ap-b: { bucket: bucket-b }
vpc_endpoints:
  gw-one: { account: ml, id: vpce-0a1b2c3d }
  gw-two: { account: ml, id: vpce-0e1f2a3b }
grantees:
  role-one: { role: "arn:aws:iam::111111111111:role/one" }
  role-two: { role: "arn:aws:iam::111111111111:role/path/two" }
  user-one: { user: "arn:aws:iam::111111111111:user/one" }
  outside: { role: "arn:aws:iam::999999999999:role/outside" }
  partner: { account: "333333333333" }
  ml-acct: { account: ml }
grants:
"#;

const GRANTEES: [&str; 6] = [
    "role-one", "role-two", "user-one", "outside", "partner", "ml-acct",
];
const PREFIXES: [&str; 6] = ["a/", "a/b/", "data/", "data/x/", "logs/2024/", "z"];

#[derive(Debug, Clone)]
struct GenGrant {
    grantee: usize,
    bucket: usize,
    access: usize,
    prefixes: Vec<usize>,
    via: bool,
    through: Option<usize>,
}

fn gen_grant() -> impl Strategy<Value = GenGrant> {
    (
        0..GRANTEES.len(),
        0..2usize,
        0..4usize,
        proptest::sample::subsequence((0..PREFIXES.len()).collect::<Vec<_>>(), 0..3),
        any::<bool>(),
        proptest::option::of(0..2usize),
    )
        .prop_map(
            |(grantee, bucket, access, prefixes, via, through)| GenGrant {
                grantee,
                bucket,
                access,
                prefixes,
                via,
                through,
            },
        )
}

fn gen_yaml(grants: &[GenGrant]) -> String {
    let mut s = GENERATED_HEAD.to_owned();
    for g in grants {
        let bucket = ["bucket-a", "bucket-b"][g.bucket];
        s.push_str(&format!(
            "  - grantee: {}\n    bucket: {bucket}\n    access: {}\n",
            GRANTEES[g.grantee],
            Access::ALL[g.access].as_str()
        ));
        if !g.prefixes.is_empty() {
            let ps: Vec<&str> = g.prefixes.iter().map(|i| PREFIXES[*i]).collect();
            s.push_str(&format!("    prefixes: [{}]\n", ps.join(", ")));
        }
        if g.via {
            s.push_str(&format!("    via: {}\n", ["ap-a", "ap-b"][g.bucket]));
        }
        if let Some(e) = g.through {
            s.push_str(&format!("    through: {}\n", ["gw-one", "gw-two"][e]));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any valid manifest compiles to documents that keep the invariants, the same for any
    /// order of its grants.
    #[test]
    fn generated_manifests_keep_the_invariants(
        grants in proptest::collection::vec(gen_grant(), 1..10),
        seed in any::<u64>(),
    ) {
        let text = gen_yaml(&grants);
        let Ok(v) = load(&Source::new("gen.yaml", text.clone())) else {
            // Duplicate grants and the like are manifest errors, not compiler input.
            return Ok(());
        };
        let c = compile(&v);
        check_invariants("generated", &v, &c);
        // Shuffle deterministically from the seed.
        let mut shuffled = v.clone();
        let n = shuffled.manifest.grants.len();
        let mut state = seed;
        for i in (1..n).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.manifest.grants.swap(i, (state >> 33) as usize % (i + 1));
        }
        let c2 = compile(&shuffled);
        prop_assert_eq!(&c.desired, &c2.desired);
        prop_assert_eq!(
            render(&c.desired, &v.manifest, None, RenderFormat::Json),
            render(&c2.desired, &v.manifest, None, RenderFormat::Json)
        );
        // Every grant shows up in some document.
        let covered: BTreeSet<usize> = c.contributors.values().flatten().copied().collect();
        prop_assert_eq!(covered, (0..n).collect::<BTreeSet<_>>());
    }
}

#[test]
fn the_invariant_checker_catches_violations() {
    let (v, c) = scenario();
    let b = bkt("test-bucket-1");
    let mutations: [fn(&mut Statement); 4] = [
        |s| s.action = Some(share_policy::ValueSet::of(["s3:*"])),
        |s| s.principal = Some(Principals::Any),
        |s| {
            s.resource = Some(share_policy::ValueSet::of([
                "arn:aws:s3:::test-bucket-1/other/*",
            ]))
        },
        |s| s.condition.clear(),
    ];
    for (i, mutate) in mutations.iter().enumerate() {
        let mut bad = c.clone();
        let st = bad
            .desired
            .buckets
            .get_mut(&b)
            .unwrap()
            .statements
            .iter_mut()
            .find(|s| {
                s.sid.as_deref()
                    == Some(if i == 3 {
                        "ShareDelegateToAccessPoints"
                    } else {
                        "ShareReadPartnerObjects"
                    })
            })
            .unwrap();
        mutate(st);
        let caught = std::panic::catch_unwind(|| check_invariants("mutated", &v, &bad));
        assert!(caught.is_err(), "mutation {i} not caught");
    }
}
