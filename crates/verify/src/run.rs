//! `verify`: every probe of every grant, evaluated and compared with the manifest.
//!
//! A probe passes when the evaluator's decision is what the manifest means *and* every layer
//! that is one of share's documents allows exactly what share means it to. The second half
//! is what makes a missing or widened statement visible even when another layer hides it;
//! a layer that allows more only because of a statement share does not own (a foreign
//! statement in a live document) is reported as a finding instead, and fails the probe only
//! when it changes the decision.

use crate::documents::Documents;
use crate::model::{GrantInfo, Model, Who};
use crate::oracle::Expectation;
use crate::probes::ProbeSpec;
use crate::report::{
    Finding, GrantReport, Outcome, Probe, Problem, ProblemKind, Report, Status, describe_request,
};
use share_evaluate::{Decision, Evaluation, LayerOutcome, StatementRef, evaluate};
use share_manifest::Manifest;
use std::collections::BTreeMap;

/// Verifies every grant of `manifest` against `docs`.
pub fn verify(manifest: &Manifest, docs: &Documents) -> Report {
    let model = Model::new(manifest);
    let mut assumptions = Vec::new();
    let mut grants = Vec::new();
    let mut findings: BTreeMap<(String, usize), Finding> = BTreeMap::new();
    for g in &model.grants {
        let probes = model.probes(g, docs, &mut assumptions);
        let mut results = Vec::with_capacity(probes.len());
        for spec in probes {
            results.push(run_probe(&model, g, docs, spec, &mut findings));
        }
        grants.push(GrantReport::new(g, identity_note(g, docs), results));
    }
    assumptions.extend(principal_notes(&model));
    assumptions.extend(docs.notes.iter().cloned());
    let findings: Vec<Finding> = findings.into_values().collect();
    let probes = grants.iter().flat_map(|g| &g.probes);
    let mismatches = probes
        .clone()
        .filter(|p| p.status == Status::Mismatch)
        .count();
    let undecided = probes
        .clone()
        .filter(|p| p.status == Status::Undecided)
        .count();
    let total = probes.count();
    let outcome = if mismatches > 0 {
        Outcome::Mismatch
    } else if undecided > 0 {
        Outcome::Undecided
    } else {
        Outcome::Match
    };
    Report {
        mode: docs.mode,
        outcome,
        probes: total,
        mismatches,
        undecided,
        grants,
        foreign: findings,
        assumptions,
    }
}

/// How a grantee's identity side is judged, for the report.
fn identity_note(g: &GrantInfo, docs: &Documents) -> String {
    match &g.who {
        Who::Identity(arn) if docs.identities.contains_key(arn) => match docs.mode {
            crate::documents::Mode::Planned => "known: share's inline policy".to_owned(),
            crate::documents::Mode::Live => {
                "known: its inline policies, as read from AWS".to_owned()
            }
        },
        Who::Identity(arn) => format!(
            "assumed to allow: account {} is not managed by share, so only the resource side is judged",
            arn.account()
        ),
        Who::Account(id) => format!(
            "assumed to allow: a whole-account grant, whose identity policies account {id} writes itself; only the resource side is judged"
        ),
    }
}

/// The synthetic principals the probes use.
fn principal_notes(model: &Model<'_>) -> Vec<String> {
    let mut out = vec![format!(
        "`same-acct` probes come from role `{}` in the grantee's account and `other-acct` probes from the same role in account {}; their identity side is assumed to allow (only the resource side is judged), except in the bucket owner's account, where they have no identity policy",
        crate::model::OUTSIDER_ROLE,
        model
            .other_account
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "(none free)".to_owned())
    )];
    if model
        .grants
        .iter()
        .any(|g| matches!(g.who, Who::Account(_)))
    {
        out.push(format!(
            "whole-account grantees are probed as role `{}` of their account",
            crate::model::GRANTEE_ROLE
        ));
    }
    out
}

fn grants_list(grants: &[usize]) -> String {
    grants
        .iter()
        .map(|i| format!("grants[{i}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn run_probe(
    model: &Model<'_>,
    g: &GrantInfo,
    docs: &Documents,
    spec: ProbeSpec,
    findings: &mut BTreeMap<(String, usize), Finding>,
) -> Probe {
    let ProbeSpec {
        kind,
        request,
        identity,
    } = spec;
    let evaluation = evaluate(&request, &docs.policies(&request, identity));
    let intent = model.intended(&request, identity);
    let expect = intent.expectation();
    let intended = intent.grants().to_vec();
    let mut problems = Vec::new();

    // Layer by layer: what share means each of its documents to allow.
    let mut foreign_only_broader = Vec::new();
    for report in &evaluation.layers {
        let Some(meant) = model.intended_at(report, &request) else {
            continue;
        };
        let allows = matches!(
            report.outcome,
            LayerOutcome::Allowed | LayerOutcome::AllowedForAccount
        );
        match (meant.is_empty(), allows, report.outcome) {
            (_, _, LayerOutcome::Undecided) => {}
            (false, false, outcome) => {
                let denied = outcome == LayerOutcome::ExplicitDeny;
                problems.push(Problem {
                    kind: ProblemKind::Narrower,
                    layers: vec![report.layer],
                    resource: Some(report.resource.clone()),
                    message: format!(
                        "the {} layer {}, but {} allow{} it there",
                        report.layer,
                        if denied {
                            "denies it"
                        } else {
                            "does not allow it"
                        },
                        grants_list(&meant),
                        if meant.len() == 1 { "s" } else { "" }
                    ),
                    statements: report.denied_by.clone(),
                    foreign: denied && report.denied_by.iter().all(|s| !docs.is_share(s)),
                });
            }
            (true, true, _) => {
                let (share, foreign): (Vec<StatementRef>, Vec<StatementRef>) = report
                    .allowed_by
                    .iter()
                    .cloned()
                    .partition(|s| docs.is_share(s));
                if share.is_empty() {
                    foreign_only_broader.push((report.layer, report.resource.clone(), foreign));
                } else {
                    problems.push(Problem {
                        kind: ProblemKind::Broader,
                        layers: vec![report.layer],
                        resource: Some(report.resource.clone()),
                        message: format!(
                            "the {} layer allows it, but no grant allows it there",
                            report.layer
                        ),
                        statements: share,
                        foreign: false,
                    });
                }
            }
            _ => {}
        }
    }

    // The decision as a whole. A per-layer problem of the same direction already says
    // where it broke; the decision adds a problem of its own only when none does (a foreign
    // statement, the network origin, or documents that are each right but together wrong).
    let has = |kind: ProblemKind| problems.iter().any(|p| p.kind == kind);
    let status = match (&evaluation.decision, expect) {
        (Decision::CannotDecide(_), _) => Status::Undecided,
        (Decision::Allow, Expectation::Denied)
            if foreign_only_broader.is_empty() && has(ProblemKind::Broader) =>
        {
            Status::Mismatch
        }
        (Decision::ImplicitDeny | Decision::ExplicitDeny, Expectation::Allowed)
            if has(ProblemKind::Narrower) =>
        {
            Status::Mismatch
        }
        (Decision::Allow, Expectation::Denied) => {
            let foreign: Vec<StatementRef> = foreign_only_broader
                .iter()
                .flat_map(|(_, _, s)| s.iter().cloned())
                .collect();
            let (layers, statements, message) = if foreign.is_empty() {
                (
                    allowing_layers(&evaluation),
                    allowing_statements(&evaluation),
                    "allowed, but no grant allows it: each document allows only what share means it to, yet together they allow this (e.g. an identity policy alone suffices within one account)".to_owned(),
                )
            } else {
                (
                    foreign_only_broader.iter().map(|(l, _, _)| *l).collect(),
                    foreign,
                    "allowed because of statements share does not own, but no grant allows it"
                        .to_owned(),
                )
            };
            problems.insert(
                0,
                Problem {
                    kind: ProblemKind::Broader,
                    layers,
                    resource: None,
                    message,
                    foreign: !foreign_only_broader.is_empty(),
                    statements,
                },
            );
            Status::Mismatch
        }
        (Decision::ImplicitDeny | Decision::ExplicitDeny, Expectation::Allowed) => {
            let blocking: Vec<_> = evaluation.layers.iter().filter(|l| l.blocking).collect();
            problems.insert(
                0,
                Problem {
                    kind: ProblemKind::Narrower,
                    layers: blocking.iter().map(|l| l.layer).collect(),
                    resource: None,
                    message: format!(
                        "{}, but {} allow{} it",
                        evaluation.decision,
                        grants_list(&intended),
                        if intended.len() == 1 { "s" } else { "" }
                    ),
                    statements: blocking
                        .iter()
                        .flat_map(|l| l.denied_by.iter().cloned())
                        .collect(),
                    foreign: false,
                },
            );
            Status::Mismatch
        }
        _ if problems.is_empty() => Status::Ok,
        _ => Status::Mismatch,
    };

    // Foreign statements that allow what the manifest does not.
    for (layer, resource, statements) in &foreign_only_broader {
        for s in statements {
            let key = (s.policy.clone(), s.index);
            let f = findings.entry(key).or_insert_with(|| Finding {
                policy: s.policy.clone(),
                document: document_name(g, &request, *layer),
                index: s.index,
                sid: s.sid.clone(),
                layer: *layer,
                probes: 0,
                effective: 0,
                example: format!(
                    "{} ({resource})",
                    describe_request(&request, &model.endpoints)
                ),
            });
            f.probes += 1;
            if status == Status::Mismatch && evaluation.decision == Decision::Allow {
                f.effective += 1;
            }
        }
    }

    Probe {
        kind,
        grant: g.index,
        request: describe_request(&request, &model.endpoints),
        principal: request.principal.to_string(),
        identity,
        action: request.action.to_string(),
        resource: match &request.key {
            Some(k) => format!("s3://{}/{k}", request.bucket),
            None => format!("s3://{}", request.bucket),
        },
        prefix: crate::oracle::request_prefix(&request).map(str::to_owned),
        access_point: request.access_point.as_ref().map(|ap| ap.name.to_string()),
        endpoint: request.endpoint.as_ref().map(|e| e.id.to_string()),
        expect,
        intended_by: intended,
        decision: evaluation.decision.clone(),
        status,
        problems,
        evaluation,
    }
}

/// The document a layer of `request` reads, by name.
fn document_name(
    g: &GrantInfo,
    request: &share_evaluate::Request,
    layer: share_evaluate::Layer,
) -> String {
    use share_evaluate::Layer;
    match layer {
        Layer::Identity => format!("the inline policies of `{}`", request.principal.identity()),
        Layer::AccessPoint => format!(
            "the policy of access point `{}`",
            request
                .access_point
                .as_ref()
                .map(|ap| ap.name.to_string())
                .unwrap_or_default()
        ),
        Layer::Bucket => format!("the bucket policy of `{}`", g.bucket),
        Layer::Endpoint => format!(
            "the policy of endpoint `{}`",
            request
                .endpoint
                .as_ref()
                .map(|e| e.id.to_string())
                .unwrap_or_default()
        ),
        Layer::AccessPointNetwork => "the access point's network origin".to_owned(),
    }
}

fn allowing_layers(e: &Evaluation) -> Vec<share_evaluate::Layer> {
    e.layers
        .iter()
        .filter(|l| !l.allowed_by.is_empty())
        .map(|l| l.layer)
        .collect()
}

fn allowing_statements(e: &Evaluation) -> Vec<StatementRef> {
    e.layers
        .iter()
        .flat_map(|l| l.allowed_by.iter().cloned())
        .collect()
}
