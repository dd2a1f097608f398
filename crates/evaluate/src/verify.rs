//! `verify`-style checks: "this request should be allowed / denied — is it?".
//!
//! `share verify` evaluates, for every grant, the granted requests and probes just outside
//! them (another key, a write on a read grant, another principal, the request bypassing the
//! access point or the endpoint). This module turns one such expectation into a verdict the
//! CLI can tabulate; building the probes is the caller's job, with the `Request` probe
//! helpers (`with_key`, `with_action`, `with_principal`, `without_access_point`,
//! `without_endpoint`, `without_prefix`).

use crate::engine::{Decision, Evaluation, Policies, evaluate};
use crate::request::Request;
use serde::Serialize;

/// What a probe expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// The request must be allowed.
    Allowed,
    /// The request must be denied (explicitly or implicitly).
    Denied,
}

/// How the evaluation compares with the expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// As expected.
    AsExpected,
    /// Allowed where it should be denied, or denied where it should be allowed.
    Unexpected,
    /// The evaluator cannot decide.
    Undecided,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was expected.
    pub expect: Expect,
    /// How it turned out.
    pub verdict: Verdict,
    /// The full evaluation, for the report.
    pub evaluation: Evaluation,
}

/// Evaluates `request` and compares the decision with `expect`.
pub fn check(request: &Request, policies: &Policies<'_>, expect: Expect) -> Check {
    let evaluation = evaluate(request, policies);
    let verdict = match (&evaluation.decision, expect) {
        (Decision::CannotDecide(_), _) => Verdict::Undecided,
        (Decision::Allow, Expect::Allowed) => Verdict::AsExpected,
        (Decision::ImplicitDeny | Decision::ExplicitDeny, Expect::Denied) => Verdict::AsExpected,
        _ => Verdict::Unexpected,
    };
    Check {
        expect,
        verdict,
        evaluation,
    }
}
