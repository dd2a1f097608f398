//! The property of issue #6: `verify` passes for every compiled manifest in `manifests/`
//! and `examples/` in planned mode, and fails — naming the grant and the layer — when any
//! single share statement is removed from any compiled document or widened (an object
//! resource turned into the whole bucket, a condition dropped, a principal widened to its
//! account, the actions widened to `s3:*`).
//!
//! A mutation that cannot change what a document allows is exempt, and only one kind is:
//! the mutated statement is covered by another statement of the same document (a role's
//! `GetBucketLocation` statement next to its whole account's identical one). The test
//! decides that syntactically, independently of the code under test.

use crate::support::{load_file, load_text, manifest_files};
use share_compile::Compiled;
use share_evaluate::Layer;
use share_policy::{Principals, Statement, ValueSet};
use share_state::Address;
use share_types::{AccessPointName, BucketName, PrincipalArn, VpcEndpointId};
use share_verify::{Documents, Outcome, Report, verify};
use std::collections::BTreeSet;

/// One document of the planned set.
#[derive(Debug, Clone)]
enum Doc {
    Bucket(BucketName),
    AccessPoint(AccessPointName),
    Endpoint(VpcEndpointId),
    Identity(PrincipalArn),
}

impl Doc {
    fn layer(&self) -> Layer {
        match self {
            Doc::Bucket(_) => Layer::Bucket,
            Doc::AccessPoint(_) => Layer::AccessPoint,
            Doc::Endpoint(_) => Layer::Endpoint,
            Doc::Identity(_) => Layer::Identity,
        }
    }

    fn all(docs: &Documents) -> Vec<Doc> {
        let mut out: Vec<Doc> = docs.buckets.keys().cloned().map(Doc::Bucket).collect();
        out.extend(docs.access_points.keys().cloned().map(Doc::AccessPoint));
        out.extend(docs.endpoints.keys().cloned().map(Doc::Endpoint));
        out.extend(docs.identities.keys().cloned().map(Doc::Identity));
        out
    }

    fn statements<'d>(&self, docs: &'d mut Documents) -> Option<&'d mut Vec<Statement>> {
        let doc = match self {
            Doc::Bucket(b) => docs.buckets.get_mut(b)?.as_mut(),
            Doc::AccessPoint(a) => docs.access_points.get_mut(a)?.policy.as_mut(),
            Doc::Endpoint(e) => docs.endpoints.get_mut(e)?.policy.as_mut(),
            Doc::Identity(p) => docs.identities.get_mut(p)?.first_mut().map(|(_, d)| d),
        }?;
        Some(&mut doc.statements)
    }

    /// The grants behind the document, from the compiler's own record.
    fn grants(&self, compiled: &Compiled) -> BTreeSet<usize> {
        compiled
            .contributors
            .iter()
            .find(|(address, _)| match (self, address) {
                (Doc::Bucket(b), Address::BucketPolicy { bucket, .. }) => b == bucket,
                (Doc::AccessPoint(a), Address::AccessPointPolicy { name, .. }) => a == name,
                (Doc::Endpoint(e), Address::EndpointPolicy { endpoint, .. }) => e == endpoint,
                (Doc::Identity(p), Address::IdentityPolicy { principal, .. }) => p == principal,
                _ => false,
            })
            .map(|(_, g)| g.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    WholeBucket,
    DropCondition(String, String),
    AccountPrincipal,
    AllActions,
}

fn mutations(st: &Statement) -> Vec<Mutation> {
    let mut out = vec![
        Mutation::Remove,
        Mutation::WholeBucket,
        Mutation::AccountPrincipal,
        Mutation::AllActions,
    ];
    for (op, keys) in &st.condition {
        for key in keys.keys() {
            out.push(Mutation::DropCondition(op.clone(), key.clone()));
        }
    }
    out
}

/// `arn:P:s3:::B/PREFIX*` → `arn:P:s3:::B/*`; `…:accesspoint/N/object/PREFIX*` → `…/object/*`.
fn whole_bucket(resource: &str) -> String {
    if let Some((head, _)) = resource.split_once("/object/") {
        return format!("{head}/object/*");
    }
    match resource.split_once(":::") {
        Some((head, rest)) => match rest.split_once('/') {
            Some((bucket, _)) => format!("{head}:::{bucket}/*"),
            None => resource.to_owned(),
        },
        None => resource.to_owned(),
    }
}

/// `arn:P:iam::ACCT:role/x` → `arn:P:iam::ACCT:root`.
fn account_of(principal: &str) -> String {
    let parts: Vec<&str> = principal.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", p, "iam", "", acct, _] => format!("arn:{p}:iam::{acct}:root"),
        _ => principal.to_owned(),
    }
}

/// Applies `m` to statement `i`; `None` when it changes nothing.
fn apply(statements: &mut Vec<Statement>, i: usize, m: &Mutation) -> Option<()> {
    let before = statements[i].clone();
    match m {
        Mutation::Remove => {
            statements.remove(i);
            return Some(());
        }
        Mutation::WholeBucket => {
            let st = &mut statements[i];
            if let Some(r) = &mut st.resource {
                *r = ValueSet(r.iter().map(whole_bucket).collect());
            }
        }
        Mutation::DropCondition(op, key) => {
            let st = &mut statements[i];
            if let Some(keys) = st.condition.get_mut(op) {
                keys.remove(key);
                if keys.is_empty() {
                    st.condition.remove(op);
                }
            }
        }
        Mutation::AccountPrincipal => {
            if let Some(Principals::Typed(map)) = &mut statements[i].principal {
                for values in map.values_mut() {
                    *values = ValueSet(values.iter().map(account_of).collect());
                }
            }
        }
        Mutation::AllActions => statements[i].action = Some(ValueSet(vec!["s3:*".to_owned()])),
    }
    (statements[i] != before).then_some(())
}

fn subset(a: &Option<ValueSet>, b: &Option<ValueSet>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().all(|x| b.iter().any(|y| y == x)),
        (None, None) => true,
        _ => false,
    }
}

fn principal_covers(b: &Option<Principals>, a: &Option<Principals>) -> bool {
    match (b, a) {
        (None, None) | (Some(Principals::Any), _) => true,
        (Some(Principals::Typed(bm)), Some(Principals::Typed(am))) => am.iter().all(|(t, av)| {
            bm.get(t).is_some_and(|bv| {
                av.iter()
                    .all(|x| bv.iter().any(|y| y == x || y == account_of(x)))
            })
        }),
        _ => false,
    }
}

/// True when `b` allows everything `a` allows (a syntactic sufficient condition).
fn covers(b: &Statement, a: &Statement) -> bool {
    b.effect == a.effect
        && a.not_action.is_none()
        && b.not_action.is_none()
        && a.not_resource.is_none()
        && b.not_resource.is_none()
        && a.not_principal.is_none()
        && b.not_principal.is_none()
        && subset(&a.action, &b.action)
        && subset(&a.resource, &b.resource)
        && principal_covers(&b.principal, &a.principal)
        && b.condition.iter().all(|(op, keys)| {
            keys.iter().all(|(k, bv)| {
                a.condition
                    .get(op)
                    .and_then(|ak| ak.get(k))
                    .is_some_and(|av| av.iter().all(|x| bv.iter().any(|y| y == x)))
            })
        })
}

/// True when the mutation cannot change what the document allows: the statement as
/// mutated (nothing, for a removal) is covered by another statement of the document, or
/// it drops `s3:DataAccessPointAccount` next to an `s3:DataAccessPointArn` that names the
/// same account.
fn exempt(original: &[Statement], i: usize, m: &Mutation, mutated: &[Statement]) -> bool {
    let others = || original.iter().enumerate().filter(move |(j, _)| *j != i);
    match m {
        Mutation::Remove => others().any(|(_, b)| covers(b, &original[i])),
        Mutation::DropCondition(_, key) if key == "s3:DataAccessPointAccount" => original[i]
            .condition
            .values()
            .any(|k| k.contains_key("s3:DataAccessPointArn")),
        _ => others().any(|(_, b)| covers(b, &mutated[i])),
    }
}

/// Asserts the report fails and names `layer` for one of `grants`.
fn assert_names(report: &Report, layer: Layer, grants: &BTreeSet<usize>, what: &str) {
    assert_eq!(
        report.outcome,
        Outcome::Mismatch,
        "{what}: verify still passes\n{}",
        report.render_human(false)
    );
    let named = report.mismatched().any(|p| {
        grants.contains(&p.grant) && p.problems.iter().any(|pr| pr.layers.contains(&layer))
    });
    assert!(
        named,
        "{what}: the mismatches do not name the {layer} layer for one of grants {grants:?}\n{}",
        report.render_human(false)
    );
}

/// Mutates every statement of every document of `compiled` in every way, verifying each
/// time. Returns (mutants, exempt).
fn check_mutants(
    name: &str,
    manifest: &share_manifest::Manifest,
    compiled: &Compiled,
) -> (usize, usize) {
    let planned = Documents::planned(&compiled.desired);
    let mut mutants = 0;
    let mut exempted = 0;
    for doc in Doc::all(&planned) {
        let mut probe = planned.clone();
        let Some(original) = doc.statements(&mut probe).cloned() else {
            continue;
        };
        let grants = doc.grants(compiled);
        for i in 0..original.len() {
            for m in mutations(&original[i]) {
                let mut docs = planned.clone();
                let Some(statements) = doc.statements(&mut docs) else {
                    continue;
                };
                if apply(statements, i, &m).is_none() {
                    continue;
                }
                let mutated = statements.clone();
                if exempt(&original, i, &m, &mutated) {
                    exempted += 1;
                    continue;
                }
                mutants += 1;
                let what = format!(
                    "{name}: {m:?} of statement {i} (Sid {:?}) of {doc:?}",
                    original[i].sid
                );
                assert_names(&verify(manifest, &docs), doc.layer(), &grants, &what);
            }
        }
    }
    (mutants, exempted)
}

#[test]
fn every_manifest_verifies_in_planned_mode() {
    for path in manifest_files() {
        let (v, c) = load_file(&path);
        let report = verify(&v.manifest, &Documents::planned(&c.desired));
        assert_eq!(
            report.outcome,
            Outcome::Match,
            "{}:\n{}",
            path.display(),
            report.render_human(true)
        );
        assert_eq!(report.grants.len(), v.manifest.grants.len());
        assert!(report.grants.iter().all(|g| !g.probes.is_empty()));
    }
}

#[test]
fn every_removed_or_widened_statement_is_named() {
    let mut total = 0;
    for path in manifest_files() {
        let (v, c) = load_file(&path);
        let (mutants, exempted) = check_mutants(&path.display().to_string(), &v.manifest, &c);
        assert!(mutants > 0, "{}: no mutant", path.display());
        // Exemptions are the exception: a statement covered by another.
        assert!(
            exempted * 4 < mutants,
            "{}: {exempted} of {mutants} exempt",
            path.display()
        );
        println!("{}: {mutants} mutants, {exempted} exempt", path.display());
        total += mutants;
    }
    assert!(total > 100, "only {total} mutants");
}

/// More shapes than the examples hold: a same-account grantee (whose identity policy alone
/// would allow), a user, a whole-bucket grant, two access points on one bucket, an
/// internet access point reached through an endpoint, and a VPC access point without one.
const SHAPES: &str = r#"version: 1
accounts:
  owner: { id: "222222222222", region: eu-west-1 }
  ml: { id: "111111111111", region: eu-west-1 }
buckets:
  lake: { account: owner }
  logs: { account: owner }
access_points:
  ap-vpc: { bucket: lake, vpc: vpc-0a1b2c3d }
  ap-net: { bucket: lake }
vpc_endpoints:
  gw: { account: ml, id: vpce-0a1b2c3d }
grantees:
  local: { role: "arn:aws:iam::222222222222:role/local" }
  reader: { role: "arn:aws:iam::111111111111:role/team/reader" }
  bot: { user: "arn:aws:iam::111111111111:user/bot" }
  partner: { account: "333333333333" }
grants:
  - { grantee: local, bucket: lake, access: read-write, prefixes: [shared/, tmp/] }
  - { grantee: reader, bucket: lake, access: read, prefixes: [data/], via: ap-vpc, through: gw }
  - { grantee: reader, bucket: lake, access: list, prefixes: [catalog/], via: ap-net, through: gw }
  - { grantee: bot, bucket: logs, access: write, prefixes: [in/] }
  - { grantee: partner, bucket: logs, access: read }
  - { grantee: bot, bucket: lake, access: read, prefixes: [public/], via: ap-vpc }
"#;

#[test]
fn more_shapes_verify_and_every_mutant_is_named() {
    let v = load_text("shapes.yaml", SHAPES);
    let c = share_compile::compile(&v);
    assert!(!c.has_errors(), "{:#?}", c.diagnostics);
    let report = verify(&v.manifest, &Documents::planned(&c.desired));
    assert_eq!(
        report.outcome,
        Outcome::Match,
        "{}",
        report.render_human(true)
    );
    let (mutants, _) = check_mutants("shapes.yaml", &v.manifest, &c);
    assert!(mutants > 50, "{mutants}");
}
