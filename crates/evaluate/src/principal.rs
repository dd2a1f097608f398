//! The `Principal` and `NotPrincipal` elements, matched against the requesting identity.
//!
//! A principal match is not a yes/no: the IAM User Guide distinguishes a grant *to the
//! identity* (a user ARN, a role ARN, a session ARN, or `*`) from a grant *to its account*
//! (`"123456789012"` or `arn:aws:iam::123456789012:root`), which only "delegates authority
//! to the account" so that the account's own identity policies must also allow ("AWS JSON
//! policy elements: Principal", AWS account principals). The caller needs that distinction:
//! in a same-account request a grant to the identity is enough on its own, a grant to the
//! account is not.
//!
//! Gateway VPC endpoint policies are the exception: there an account principal "grants
//! access to the account root user only" (VPC User Guide, "Control access to VPC endpoints
//! using endpoint policies", principals for gateway endpoints), so it never matches a role
//! or user.
//!
//! `NotPrincipal` exempts the caller only when it names every identity AWS may check: the
//! account, the user or role, and the role session ("AWS JSON policy elements:
//! NotPrincipal": AWS "might validate the account first, then the role, and then the
//! assumed-role user"). When it does not name the signing identity (the user, or the role
//! session) the statement applies; when it names that identity but not its role or account,
//! the outcome depends on the service ("might") and is reported as undecidable.

use crate::logic::Tri;
use crate::request::Principal;
use share_policy::Principals;

/// How a `Principal` element covers the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PrincipalMatch {
    /// Names the caller itself (its user, role or session ARN) or everyone (`*`).
    Identity,
    /// Names only the caller's account.
    Account,
    /// Does not cover the caller.
    No,
    /// Cannot be decided.
    Unknown(String),
}

/// Which kind of policy the element sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalScope {
    /// A bucket or access point policy.
    Resource,
    /// A gateway VPC endpoint policy: account principals mean the root user only.
    GatewayEndpoint,
}

/// What one principal value refers to, relative to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Covers {
    Everyone,
    Account,
    Entity,
    Session,
    Nothing,
    Unknown(String),
}

fn classify(value: &str, caller: &Principal) -> Covers {
    if value == "*" {
        return Covers::Everyone;
    }
    let account = caller.account();
    let partition = caller.partition();
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return if value == account.as_str() {
            Covers::Account
        } else {
            Covers::Nothing
        };
    }
    if value.contains(['*', '?']) {
        return Covers::Unknown(format!(
            "principal `{value}` uses a wildcard, which AWS accepts only as `*` on its own"
        ));
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [arn, p, service, region, acct, resource] = parts.as_slice() else {
        if value.len() == 21
            && value.starts_with("A")
            && value
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Covers::Unknown(format!(
                "principal `{value}` is a unique id (a deleted or not yet resolved identity); it cannot be matched offline"
            ));
        }
        return Covers::Unknown(format!(
            "principal `{value}` is not an account id or an ARN"
        ));
    };
    if *arn != "arn" || !region.is_empty() {
        return Covers::Unknown(format!("principal `{value}` is not an IAM or STS ARN"));
    }
    if *p != partition.as_str() || *acct != account.as_str() {
        return Covers::Nothing;
    }
    match (*service, caller) {
        ("iam", _) if *resource == "root" => Covers::Account,
        ("iam", Principal::User(user)) if user.as_str() == value => Covers::Entity,
        ("iam", Principal::Role { role, .. }) if role.as_str() == value => Covers::Entity,
        ("iam", _) => Covers::Nothing,
        ("sts", Principal::Role { role, session }) => {
            let Some(rest) = resource.strip_prefix("assumed-role/") else {
                return Covers::Nothing;
            };
            let Some((name, named_session)) = rest.split_once('/') else {
                return Covers::Nothing;
            };
            if name != role.name() {
                return Covers::Nothing;
            }
            match session {
                Some(s) if s == named_session => Covers::Session,
                Some(_) => Covers::Nothing,
                None => Covers::Unknown(format!(
                    "the policy names session `{value}` but the request does not say which session of `{role}` is used"
                )),
            }
        }
        ("sts", Principal::User(_)) => Covers::Nothing,
        _ => Covers::Unknown(format!("principal `{value}` is not an IAM or STS ARN")),
    }
}

fn values(principals: &Principals) -> Result<Vec<&str>, String> {
    match principals {
        Principals::Any => Ok(vec!["*"]),
        Principals::Typed(map) => {
            let mut out = Vec::new();
            for (kind, set) in map {
                match kind.as_str() {
                    "AWS" => out.extend(set.iter()),
                    // Service and federated principals never sign as an IAM user or role.
                    "Service" | "Federated" => {}
                    _ => {
                        return Err(format!(
                            "`{kind}` principals cannot be matched offline (canonical user ids map to accounts only inside S3)"
                        ));
                    }
                }
            }
            Ok(out)
        }
    }
}

/// Matches a `Principal` element.
pub(crate) fn principal(
    principals: &Principals,
    caller: &Principal,
    scope: PrincipalScope,
) -> PrincipalMatch {
    let vals = match values(principals) {
        Ok(v) => v,
        Err(reason) => return PrincipalMatch::Unknown(reason),
    };
    let mut account = false;
    let mut unknown = None;
    for v in vals {
        match classify(v, caller) {
            Covers::Everyone | Covers::Entity | Covers::Session => return PrincipalMatch::Identity,
            Covers::Account => match scope {
                PrincipalScope::Resource => account = true,
                PrincipalScope::GatewayEndpoint => {}
            },
            Covers::Nothing => {}
            Covers::Unknown(r) => {
                unknown.get_or_insert(r);
            }
        }
    }
    match (unknown, account) {
        (Some(r), _) => PrincipalMatch::Unknown(r),
        (None, true) => PrincipalMatch::Account,
        (None, false) => PrincipalMatch::No,
    }
}

/// Whether a statement with this `NotPrincipal` element applies to the caller.
pub(crate) fn not_principal(principals: &Principals, caller: &Principal) -> Tri {
    let vals = match values(principals) {
        Ok(v) => v,
        Err(reason) => return Tri::Unknown(reason),
    };
    let mut account = false;
    let mut entity = false;
    let mut session = false;
    let mut unknown = None;
    for v in vals {
        match classify(v, caller) {
            Covers::Everyone => return Tri::No,
            Covers::Account => account = true,
            Covers::Entity => entity = true,
            Covers::Session => session = true,
            Covers::Nothing => {}
            Covers::Unknown(r) => {
                unknown.get_or_insert(r);
            }
        }
    }
    // The identity that signs: the user, or the role session. If it is not named, every
    // service checks it and the statement applies.
    let (signer, parents) = match caller {
        Principal::User(_) => (entity, [account, true]),
        Principal::Role { .. } => (session, [account, entity]),
    };
    if !signer {
        return match unknown {
            Some(r) => Tri::Unknown(r),
            None => Tri::Yes,
        };
    }
    if parents.iter().all(|l| *l) {
        return Tri::No;
    }
    Tri::unknown(format!(
        "`NotPrincipal` names `{caller}` but not {}: the IAM User Guide says AWS \"might\" then deny it anyway",
        if account { "its role" } else { "its account" }
    ))
}

#[cfg(test)]
mod tests;
