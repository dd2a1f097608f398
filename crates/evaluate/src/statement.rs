//! Does one statement apply to the request? Action, resource, principal and condition.
//!
//! A statement applies when every element it has matches: `Action` (or `NotAction`),
//! `Resource` (or `NotResource`), `Principal` (or `NotPrincipal`) and `Condition` (IAM User
//! Guide, "IAM JSON policy element reference"). The answer is three-valued and, for resource
//! policies, also says whether the statement named the caller itself or only its account
//! (see `principal.rs` for why that matters).

use crate::condition::{self, Facts};
use crate::logic::Tri;
use crate::pattern::{action_matches, arn_matches};
use crate::principal::{self, PrincipalMatch, PrincipalScope};
use crate::request::{Action, Principal};
use share_policy::{Statement, ValueSet};

/// The kind of policy a statement is in, which decides how `Principal` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// An identity policy: it has no `Principal`; it applies to its identity.
    Identity,
    /// A bucket or access point policy.
    Resource,
    /// A gateway VPC endpoint policy.
    GatewayEndpoint,
}

/// Whether a statement applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Applies {
    /// It applies. `account_only` is true when its `Principal` named only the caller's
    /// account, which delegates to the account's identity policies instead of granting.
    Yes { account_only: bool },
    /// It does not apply.
    No,
    /// It cannot be decided.
    Unknown(String),
}

/// What the statement is matched against.
pub(crate) struct Target<'r> {
    pub action: &'r Action,
    pub resource: &'r str,
    pub caller: &'r Principal,
    pub facts: &'r Facts,
    /// True for `Version` 2012-10-17 documents, where `${…}` is a policy variable.
    pub variables: bool,
}

fn any_action(set: &ValueSet, action: &Action) -> Tri {
    Tri::from_bool(set.iter().any(|p| action_matches(p, action.as_str())))
}

fn any_resource(set: &ValueSet, resource: &str, variables: bool) -> Tri {
    Tri::any(set.iter().map(|p| {
        if variables && p.contains("${") {
            Tri::unknown(format!(
                "resource `{p}` uses a policy variable, which this evaluator does not resolve"
            ))
        } else {
            Tri::from_bool(arn_matches(p, resource))
        }
    }))
}

/// Decides whether `st` applies to `target` in a policy of kind `scope`.
pub(crate) fn applies(st: &Statement, scope: Scope, target: &Target<'_>) -> Applies {
    let action = match (&st.action, &st.not_action) {
        (Some(set), _) => any_action(set, target.action),
        (None, Some(set)) => any_action(set, target.action).not(),
        (None, None) => Tri::unknown("statement has neither `Action` nor `NotAction`"),
    };
    let resource = || match (&st.resource, &st.not_resource) {
        (Some(set), _) => any_resource(set, target.resource, target.variables),
        (None, Some(set)) => any_resource(set, target.resource, target.variables).not(),
        (None, None) => Tri::unknown("statement has neither `Resource` nor `NotResource`"),
    };
    let mut account_only = false;
    let mut principal = || match scope {
        Scope::Identity => {
            if st.principal.is_some() || st.not_principal.is_some() {
                Tri::unknown(
                    "identity policy statement has a `Principal` element, which IAM rejects",
                )
            } else {
                Tri::Yes
            }
        }
        Scope::Resource | Scope::GatewayEndpoint => {
            let pscope = if scope == Scope::Resource {
                PrincipalScope::Resource
            } else {
                PrincipalScope::GatewayEndpoint
            };
            match (&st.principal, &st.not_principal) {
                (Some(p), _) => match principal::principal(p, target.caller, pscope) {
                    PrincipalMatch::Identity => Tri::Yes,
                    PrincipalMatch::Account => {
                        account_only = true;
                        Tri::Yes
                    }
                    PrincipalMatch::No => Tri::No,
                    PrincipalMatch::Unknown(r) => Tri::Unknown(r),
                },
                (None, Some(np)) => principal::not_principal(np, target.caller),
                (None, None) => Tri::unknown(
                    "resource policy statement has neither `Principal` nor `NotPrincipal`",
                ),
            }
        }
    };
    let result = action
        .and(resource)
        .and(&mut principal)
        .and(|| condition::evaluate(&st.condition, target.facts, target.variables));
    match result {
        Tri::Yes => Applies::Yes { account_only },
        Tri::No => Applies::No,
        Tri::Unknown(r) => Applies::Unknown(r),
    }
}
