//! The `verify` report: data for `--format json`, and the access matrix for humans.
//!
//! The report is the contract with CI (its JSON) and with the reviewer (the matrix), so it
//! carries for every probe the request, the expectation and its source (which grants allow
//! it), the decision, and for a mismatch which layer broke and which statements were
//! involved; the evaluator's full per-layer report rides along for the curious.

use crate::documents::{IdentitySide, Mode};
use crate::model::GrantInfo;
use crate::oracle::Expectation;
use crate::probes::ProbeKind;
use serde::Serialize;
use share_evaluate::{Decision, Evaluation, Layer, Request, StatementRef};
use share_manifest::EndpointName;
use share_types::VpcEndpointId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every probe is as the manifest says.
    Match,
    /// Some probe is allowed where the manifest denies it, or denied where it allows it, or
    /// some layer allows more or less than share means it to.
    Mismatch,
    /// No mismatch, but some probe cannot be decided offline.
    Undecided,
}

/// How one probe turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// As the manifest says, at every layer.
    Ok,
    /// Differs from the manifest.
    Mismatch,
    /// The evaluator cannot decide.
    Undecided,
}

/// Which way a problem goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// More is allowed than granted.
    Broader,
    /// Less is allowed than granted.
    Narrower,
}

/// What is wrong with a probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Broader or narrower than granted.
    pub kind: ProblemKind,
    /// The layers at fault: the one layer of a per-layer problem; for the decision as a
    /// whole, the layers that blocked (narrower) or allowed (broader) it.
    pub layers: Vec<Layer>,
    /// The ARN the layer saw, for a per-layer problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// One sentence.
    pub message: String,
    /// The statements involved: those that allowed (broader) or denied (narrower).
    pub statements: Vec<StatementRef>,
    /// True when the statements involved are not share's.
    pub foreign: bool,
}

/// One probe and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probe {
    /// Which kind of probe.
    pub kind: ProbeKind,
    /// The grant it probes (`grants[i]`).
    pub grant: usize,
    /// The request in one line.
    pub request: String,
    /// Who makes it.
    pub principal: String,
    /// How its identity side is judged.
    pub identity: IdentitySide,
    /// The action.
    pub action: String,
    /// `s3://BUCKET[/KEY]`.
    pub resource: String,
    /// The `s3:prefix` of a listing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The access point it goes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_point: Option<String>,
    /// The endpoint it comes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// What the manifest says.
    pub expect: Expectation,
    /// The grants that allow it (empty when it must be denied).
    pub intended_by: Vec<usize>,
    /// What the evaluator decided.
    pub decision: Decision,
    /// The comparison.
    pub status: Status,
    /// What differs, for a mismatch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// The evaluator's report, layer by layer.
    pub evaluation: Evaluation,
}

/// One grant and its probes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantReport {
    /// Its position in `grants`.
    pub index: usize,
    /// `grants[i]`.
    pub path: String,
    /// The grantee's name.
    pub grantee: String,
    /// The bucket.
    pub bucket: String,
    /// The access level.
    pub access: String,
    /// The prefixes; empty for the whole bucket.
    pub prefixes: Vec<String>,
    /// The access point it goes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The endpoint it comes through (its name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
    /// How the grantee's identity side is judged.
    pub identity: String,
    /// Its probes.
    pub probes: Vec<Probe>,
}

impl GrantReport {
    pub(crate) fn new(g: &GrantInfo, identity: String, probes: Vec<Probe>) -> Self {
        Self {
            index: g.index,
            path: g.path(),
            grantee: g.grantee.to_string(),
            bucket: g.bucket.to_string(),
            access: g.access.to_string(),
            prefixes: g.prefixes.clone().unwrap_or_default(),
            via: g.via.as_ref().map(ToString::to_string),
            through: g.through.as_ref().map(|(n, _)| n.to_string()),
            identity,
            probes,
        }
    }

    /// The matrix cell of one kind of probe: `✓` all allowed, `✗` all denied, `±` some of
    /// each, `?` some undecided, `-` none; `!` when any differs from the manifest.
    pub fn cell(&self, kind: ProbeKind) -> String {
        let probes: Vec<&Probe> = self.probes.iter().filter(|p| p.kind == kind).collect();
        if probes.is_empty() {
            return "-".to_owned();
        }
        let allowed = probes.iter().filter(|p| p.decision.is_allowed()).count();
        let denied = probes.iter().filter(|p| p.decision.is_denied()).count();
        let mut cell = if allowed + denied < probes.len() {
            "?".to_owned()
        } else if denied == 0 {
            "✓".to_owned()
        } else if allowed == 0 {
            "✗".to_owned()
        } else {
            "±".to_owned()
        };
        if probes.iter().any(|p| p.status == Status::Mismatch) {
            cell.push('!');
        }
        cell
    }

    fn describe(&self) -> String {
        let scope = if self.prefixes.is_empty() {
            format!("s3://{}/*", self.bucket)
        } else {
            self.prefixes
                .iter()
                .map(|p| format!("s3://{}/{p}", self.bucket))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = format!("{}: {} on {scope}", self.grantee, self.access);
        if let Some(ap) = &self.via {
            let _ = write!(s, " via `{ap}`");
        }
        if let Some(e) = &self.through {
            let _ = write!(s, " through `{e}`");
        }
        s
    }
}

/// A statement share does not own that allows what the manifest does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The policy, as the evaluator names it (`bucket policy`, ``identity policy `x` ``).
    pub policy: String,
    /// The document, by resource.
    pub document: String,
    /// The statement's position.
    pub index: usize,
    /// Its Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The layer it widens.
    pub layer: Layer,
    /// How many probes it allowed at that layer that the manifest does not.
    pub probes: usize,
    /// How many of those it made allowed as a whole (a real widening of access).
    pub effective: usize,
    /// One of those probes.
    pub example: String,
}

/// The whole result of `verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Planned or live documents.
    pub mode: Mode,
    /// Match, mismatch or undecided.
    pub outcome: Outcome,
    /// How many probes were evaluated.
    pub probes: usize,
    /// How many differ from the manifest.
    pub mismatches: usize,
    /// How many cannot be decided.
    pub undecided: usize,
    /// Per grant, in manifest order.
    pub grants: Vec<GrantReport>,
    /// Foreign statements that allow more than the manifest.
    pub foreign: Vec<Finding>,
    /// What was assumed, and what is missing in AWS.
    pub assumptions: Vec<String>,
}

impl Report {
    /// Every probe that differs from the manifest.
    pub fn mismatched(&self) -> impl Iterator<Item = &Probe> {
        self.grants
            .iter()
            .flat_map(|g| &g.probes)
            .filter(|p| p.status == Status::Mismatch)
    }

    /// The access matrix, mismatches, findings and notes, for a terminal. With `verbose`,
    /// every probe is listed too.
    pub fn render_human(&self, verbose: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Verifying every grant against {}.\n",
            self.mode.describe()
        );
        let _ = writeln!(out, "Grants:");
        for g in &self.grants {
            let _ = writeln!(out, "  [{}] {}", g.index, g.describe());
            let _ = writeln!(out, "      identity side: {}", g.identity);
        }
        out.push('\n');
        out.push_str(&self.matrix());
        if verbose {
            out.push_str("\nProbes:\n");
            for g in &self.grants {
                for p in &g.probes {
                    let mark = match p.status {
                        Status::Ok => "ok",
                        Status::Mismatch => "MISMATCH",
                        Status::Undecided => "UNDECIDED",
                    };
                    let _ = writeln!(
                        out,
                        "  [{}] {:<12} {:<9} expect {:<7} got {}: {}",
                        p.grant,
                        p.kind.header(),
                        mark,
                        expect_word(p.expect),
                        short_decision(&p.decision),
                        p.request
                    );
                }
            }
        }
        let mismatched: Vec<&Probe> = self.mismatched().collect();
        if !mismatched.is_empty() {
            let _ = writeln!(
                out,
                "\nMismatches ({} of {} probes):",
                mismatched.len(),
                self.probes
            );
            // Probes that differ only in their action or key share one explanation.
            let mut groups: Vec<(&Probe, Vec<&Probe>)> = Vec::new();
            for p in &mismatched {
                match groups.iter_mut().find(|(first, _)| same_problem(first, p)) {
                    Some((_, more)) => more.push(p),
                    None => groups.push((p, Vec::new())),
                }
            }
            for (p, more) in &groups {
                let _ = writeln!(out, "  [{}] {}: {}", p.grant, p.kind.header(), p.request);
                let _ = writeln!(
                    out,
                    "      expected {}, got {}",
                    expect_word(p.expect),
                    p.decision
                );
                for problem in &p.problems {
                    let layers = problem
                        .layers
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    let kind = match problem.kind {
                        ProblemKind::Broader => "broader",
                        ProblemKind::Narrower => "narrower",
                    };
                    let _ = writeln!(
                        out,
                        "      - {kind}{}: {}",
                        if layers.is_empty() {
                            String::new()
                        } else {
                            format!(" at {layers}")
                        },
                        problem.message
                    );
                    for s in &problem.statements {
                        let _ = writeln!(
                            out,
                            "          {s}{}",
                            if problem.foreign {
                                " (not share's)"
                            } else {
                                ""
                            }
                        );
                    }
                }
                for l in &p.evaluation.layers {
                    let _ = writeln!(out, "        {l}");
                }
                if !more.is_empty() {
                    let _ = writeln!(
                        out,
                        "      and {} more with the same problem: {}",
                        more.len(),
                        more.iter()
                            .map(|m| short_request(m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
        }
        let undecided: Vec<&Probe> = self
            .grants
            .iter()
            .flat_map(|g| &g.probes)
            .filter(|p| p.status == Status::Undecided)
            .collect();
        if !undecided.is_empty() {
            let _ = writeln!(out, "\nCannot decide ({} probes):", undecided.len());
            for p in undecided {
                let _ = writeln!(out, "  [{}] {}: {}", p.grant, p.kind.header(), p.request);
                let _ = writeln!(out, "      {}", p.decision);
            }
        }
        if !self.foreign.is_empty() {
            let _ = writeln!(
                out,
                "\nStatements share does not own that allow more than the manifest:"
            );
            for f in &self.foreign {
                let _ = writeln!(
                    out,
                    "  {}, statement {}{}: at the {} layer it allows {} probe{} the manifest denies there{}",
                    f.document,
                    f.index,
                    f.sid
                        .as_ref()
                        .map(|s| format!(" (Sid `{s}`)"))
                        .unwrap_or_default(),
                    f.layer,
                    f.probes,
                    if f.probes == 1 { "" } else { "s" },
                    if f.effective > 0 {
                        format!(", and {} of them are allowed as a whole", f.effective)
                    } else {
                        " (another layer still denies them)".to_owned()
                    }
                );
                let _ = writeln!(out, "      e.g. {}", f.example);
            }
        }
        if !self.assumptions.is_empty() {
            let _ = writeln!(out, "\nNotes:");
            for a in &self.assumptions {
                let _ = writeln!(out, "  - {a}");
            }
            let _ = writeln!(
                out,
                "  - not evaluated: SCPs and RCPs, permissions boundaries, session policies, managed policies attached to identities, KMS key policies (docs/verify.md)"
            );
        }
        out.push('\n');
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The access matrix with its legend.
    pub fn matrix(&self) -> String {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut header = vec!["grant".to_owned()];
        header.extend(ProbeKind::ALL.iter().map(|k| k.header().to_owned()));
        rows.push(header);
        for g in &self.grants {
            let mut row = vec![format!("[{}]", g.index)];
            row.extend(ProbeKind::ALL.iter().map(|k| g.cell(*k)));
            rows.push(row);
        }
        let columns = ProbeKind::ALL.len() + 1;
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::from(
            "Access matrix (✓ allowed, ✗ denied, ± some allowed, ? cannot decide, - not probed; ! differs from the manifest):\n",
        );
        for row in &rows {
            let mut line = String::from(" ");
            for (cell, w) in row.iter().zip(&widths) {
                line.push(' ');
                line.push_str(cell);
                line.push_str(&" ".repeat(w.saturating_sub(cell.chars().count())));
                line.push(' ');
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str("Columns:\n");
        for k in ProbeKind::ALL {
            let _ = writeln!(out, "  {:<13} {}", k.header(), k.meaning());
        }
        out
    }

    /// The closing line.
    pub fn summary(&self) -> String {
        match self.outcome {
            Outcome::Match => format!(
                "Result: MATCH. {} probe{} over {} grant{}: every grant allows exactly what the manifest says, at every layer.",
                self.probes,
                if self.probes == 1 { "" } else { "s" },
                self.grants.len(),
                if self.grants.len() == 1 { "" } else { "s" }
            ),
            Outcome::Mismatch => {
                let mut where_: Vec<String> = Vec::new();
                for p in self.mismatched() {
                    for problem in &p.problems {
                        for l in &problem.layers {
                            let s = format!("grants[{}] at the {l} layer", p.grant);
                            if !where_.contains(&s) {
                                where_.push(s);
                            }
                        }
                    }
                }
                format!(
                    "Result: MISMATCH. {} of {} probes differ from the manifest ({}).",
                    self.mismatches,
                    self.probes,
                    where_.join("; ")
                )
            }
            Outcome::Undecided => format!(
                "Result: UNDECIDED. {} of {} probes cannot be decided offline; nothing differs from the manifest otherwise.",
                self.undecided, self.probes
            ),
        }
    }
}

/// True when two mismatched probes have the same explanation: same grant, kind,
/// principal and path, and the same problems at the same layers.
fn same_problem(a: &Probe, b: &Probe) -> bool {
    let sig = |p: &Probe| -> Vec<(ProblemKind, Vec<Layer>, String)> {
        p.problems
            .iter()
            .map(|x| (x.kind, x.layers.clone(), x.message.clone()))
            .collect()
    };
    a.grant == b.grant
        && a.kind == b.kind
        && a.principal == b.principal
        && a.access_point == b.access_point
        && a.endpoint == b.endpoint
        && a.decision == b.decision
        && sig(a) == sig(b)
}

/// `ACTION RESOURCE [prefix=P]`.
fn short_request(p: &Probe) -> String {
    match &p.prefix {
        Some(prefix) => format!("{} {} prefix={prefix}", p.action, p.resource),
        None => format!("{} {}", p.action, p.resource),
    }
}

fn expect_word(e: Expectation) -> &'static str {
    match e {
        Expectation::Allowed => "ALLOWED",
        Expectation::Denied => "DENIED",
        Expectation::Either => "EITHER",
    }
}

fn short_decision(d: &Decision) -> &'static str {
    match d {
        Decision::Allow => "ALLOWED",
        Decision::ImplicitDeny | Decision::ExplicitDeny => "DENIED",
        Decision::CannotDecide(_) => "CANNOT DECIDE",
    }
}

/// A request in one line: action, resource, listing prefix, path and principal.
/// `endpoints` names the endpoints the manifest declares.
pub(crate) fn describe_request(
    r: &Request,
    endpoints: &BTreeMap<VpcEndpointId, EndpointName>,
) -> String {
    let mut s = format!("{} s3://{}", r.action, r.bucket);
    if let Some(k) = &r.key {
        let _ = write!(s, "/{k}");
    }
    if let Some(p) = crate::oracle::request_prefix(r) {
        let _ = write!(s, " prefix={p}");
    }
    if let Some(ap) = &r.access_point {
        let _ = write!(s, " via `{}`", ap.name);
    }
    match r.endpoint.as_ref().map(|e| (e, endpoints.get(&e.id))) {
        Some((e, Some(name))) => {
            let _ = write!(s, " through `{name}` ({})", e.id);
        }
        Some((e, None)) => {
            let _ = write!(s, " through an endpoint share does not manage ({})", e.id);
        }
        None => {}
    }
    let _ = write!(s, " as {}", r.principal);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_evaluate::Decision;

    fn probe(kind: ProbeKind, decision: Decision, status: Status) -> Probe {
        Probe {
            kind,
            grant: 0,
            request: String::new(),
            principal: String::new(),
            identity: IdentitySide::Known,
            action: String::new(),
            resource: String::new(),
            prefix: None,
            access_point: None,
            endpoint: None,
            expect: Expectation::Denied,
            intended_by: Vec::new(),
            decision: decision.clone(),
            status,
            problems: Vec::new(),
            evaluation: Evaluation {
                decision,
                layers: Vec::new(),
            },
        }
    }

    fn grant(probes: Vec<Probe>) -> GrantReport {
        GrantReport {
            index: 0,
            path: "grants[0]".into(),
            grantee: "g".into(),
            bucket: "b".into(),
            access: "read".into(),
            prefixes: Vec::new(),
            via: None,
            through: None,
            identity: String::new(),
            probes,
        }
    }

    #[test]
    fn cells_summarise_the_decisions_and_flag_mismatches() {
        use ProbeKind::*;
        let g = grant(vec![
            probe(Granted, Decision::Allow, Status::Ok),
            probe(OtherKey, Decision::ImplicitDeny, Status::Ok),
            probe(OtherKey, Decision::ExplicitDeny, Status::Ok),
            probe(OtherAccess, Decision::Allow, Status::Mismatch),
            probe(OtherAccess, Decision::ImplicitDeny, Status::Ok),
            probe(
                ListAll,
                Decision::CannotDecide("x".into()),
                Status::Undecided,
            ),
            probe(ListOther, Decision::ImplicitDeny, Status::Mismatch),
        ]);
        assert_eq!(g.cell(Granted), "✓");
        assert_eq!(g.cell(OtherKey), "✗");
        assert_eq!(g.cell(OtherAccess), "±!");
        assert_eq!(g.cell(ListAll), "?");
        assert_eq!(g.cell(ListOther), "✗!");
        assert_eq!(g.cell(NoEndpoint), "-");
    }

    #[test]
    fn the_matrix_aligns_its_columns() {
        let report = Report {
            mode: Mode::Planned,
            outcome: Outcome::Match,
            probes: 1,
            mismatches: 0,
            undecided: 0,
            grants: vec![grant(vec![probe(
                ProbeKind::Granted,
                Decision::Allow,
                Status::Ok,
            )])],
            foreign: Vec::new(),
            assumptions: Vec::new(),
        };
        let m = report.matrix();
        let lines: Vec<&str> = m.lines().collect();
        assert_eq!(lines[1].find("granted"), lines[2].find('✓'));
        assert!(
            report
                .summary()
                .starts_with("Result: MATCH. 1 probe over 1 grant:")
        );
    }
}
