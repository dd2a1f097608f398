//! The JSON plan format: the saved plan file and `share plan --format json` are one thing.
//!
//! The format is a public contract (`docs/plan-format.md`), versioned by
//! [`FORMAT_VERSION`](crate::FORMAT_VERSION) like Terraform's `FormatVersion`. Writing is
//! deterministic (fixed field order, sorted maps, no timestamps) so two plans of the same
//! state are byte-identical and can be diffed or snapshotted. Reading refuses any other
//! major version with a message that says what to do, ignores fields it does not know
//! (added by a newer minor revision), and checks the plan is self-consistent: every
//! operation writes the address of its change, and every dependency is a change of the plan.
//!
//! Addresses are written in their display form (`bucket_policy.test-bucket-1`) for people
//! and tools, next to the parts that rebuild them (`account`, `region`, `name`).

use crate::model::{Action, Change, FORMAT_VERSION, Finding, ManifestRef, Plan, Summary};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use share_state::{Address, Operation, ResourceType};
use share_types::{
    AccessPointName, AccountId, BucketName, PolicyName, PrincipalArn, Region, VpcEndpointId,
};
use std::collections::BTreeMap;

/// The resource types in apply order.
pub(crate) const RESOURCE_TYPES: [ResourceType; 8] = [
    ResourceType::IdentityPolicy,
    ResourceType::Bucket,
    ResourceType::AccessPoint,
    ResourceType::AccessPointPolicy,
    ResourceType::BucketPublicAccessBlock,
    ResourceType::BucketOwnershipControls,
    ResourceType::BucketPolicy,
    ResourceType::EndpointPolicy,
];

/// Why a plan file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanFileError {
    /// The text is not JSON.
    #[error("the plan file is not valid JSON: {0}")]
    Json(String),
    /// No `format_version`: not a share plan.
    #[error("the plan file has no `format_version`; is it a plan written by `share plan -o FILE`?")]
    MissingVersion,
    /// A format version this share does not read.
    #[error(
        "the plan file has format version {found}, but this version of share reads format version {supported}: make the plan again with this share (`share plan -o FILE`)"
    )]
    UnsupportedVersion {
        /// The version in the file.
        found: String,
        /// The version this share reads.
        supported: u32,
    },
    /// JSON of the right version that is not a valid plan.
    #[error("the plan file is not a valid share plan: {0}")]
    Invalid(String),
}

#[derive(Serialize, Deserialize)]
struct ChangeRepr {
    address: String,
    account: AccountId,
    #[serde(default)]
    region: Option<Region>,
    resource_type: String,
    name: String,
    action: Action,
    reason: String,
    #[serde(default)]
    foreign_statements: usize,
    #[serde(default)]
    depends_on: Vec<String>,
    before: Option<Value>,
    after: Option<Value>,
    #[serde(default)]
    operations: Vec<Operation>,
}

impl From<&Change> for ChangeRepr {
    fn from(c: &Change) -> Self {
        Self {
            address: c.address.to_string(),
            account: c.account.clone(),
            region: c.address.region().cloned(),
            resource_type: c.resource_type.as_str().to_owned(),
            name: c.address.name(),
            action: c.action,
            reason: c.reason.clone(),
            foreign_statements: c.foreign_statements,
            depends_on: c.depends_on.iter().map(ToString::to_string).collect(),
            before: c.before.clone(),
            after: c.after.clone(),
            operations: c.operations.clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct PlanRepr {
    format_version: u32,
    manifest: ManifestRef,
    #[serde(default)]
    accounts: BTreeMap<AccountId, String>,
    summary: Summary,
    changes: Vec<ChangeRepr>,
    #[serde(default)]
    warnings: Vec<Finding>,
    #[serde(default)]
    errors: Vec<Finding>,
    #[serde(default)]
    fingerprints: BTreeMap<String, Option<String>>,
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ChangeRepr::from(self).serialize(s)
    }
}

impl Serialize for Plan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PlanRepr {
            format_version: self.format_version,
            manifest: self.manifest.clone(),
            accounts: self.accounts.clone(),
            summary: self.summary.clone(),
            changes: self.changes.iter().map(ChangeRepr::from).collect(),
            warnings: self.warnings.clone(),
            errors: self.errors.clone(),
            fingerprints: self.fingerprints.clone(),
        }
        .serialize(s)
    }
}

/// The plan as JSON: pretty-printed (two spaces), deterministic, without a trailing
/// newline.
pub fn to_json(plan: &Plan) -> String {
    match serde_json::to_string_pretty(plan) {
        Ok(s) => s,
        // Serializing plain data to a String cannot fail; keep the signature infallible.
        Err(e) => format!("{{\"error\": {:?}}}", e.to_string()),
    }
}

/// Reads a plan written by [`to_json`].
pub fn from_json(text: &str) -> Result<Plan, PlanFileError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| PlanFileError::Json(e.to_string()))?;
    let version = value
        .get("format_version")
        .ok_or(PlanFileError::MissingVersion)?;
    if version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
        return Err(PlanFileError::UnsupportedVersion {
            found: version.to_string(),
            supported: FORMAT_VERSION,
        });
    }
    let repr: PlanRepr =
        serde_json::from_value(value).map_err(|e| PlanFileError::Invalid(e.to_string()))?;

    let mut changes = Vec::with_capacity(repr.changes.len());
    let mut by_display: BTreeMap<String, Address> = BTreeMap::new();
    let mut raw_deps = Vec::with_capacity(repr.changes.len());
    for c in repr.changes {
        let address = address_from_parts(&c.resource_type, &c.account, c.region.as_ref(), &c.name)
            .map_err(|e| PlanFileError::Invalid(format!("change `{}`: {e}", c.address)))?;
        if address.to_string() != c.address {
            return Err(PlanFileError::Invalid(format!(
                "change `{}`: its parts make the address `{address}`",
                c.address
            )));
        }
        if let Some(op) = c.operations.iter().find(|op| op.address() != address) {
            return Err(PlanFileError::Invalid(format!(
                "change `{}`: operation {} writes `{}`",
                c.address,
                op.api_name(),
                op.address()
            )));
        }
        if by_display
            .insert(c.address.clone(), address.clone())
            .is_some()
        {
            return Err(PlanFileError::Invalid(format!(
                "two changes have the address `{}`",
                c.address
            )));
        }
        raw_deps.push(c.depends_on);
        changes.push(Change {
            account: address.account(),
            resource_type: address.resource_type(),
            address,
            action: c.action,
            before: c.before,
            after: c.after,
            reason: c.reason,
            operations: c.operations,
            depends_on: Vec::new(),
            foreign_statements: c.foreign_statements,
        });
    }
    for (change, deps) in changes.iter_mut().zip(raw_deps) {
        for d in deps {
            let dep = by_display.get(&d).ok_or_else(|| {
                PlanFileError::Invalid(format!(
                    "change `{}` depends on `{d}`, which is not a change of the plan",
                    change.address
                ))
            })?;
            change.depends_on.push(dep.clone());
        }
    }
    let summary = Summary::of(&changes, repr.warnings.len(), repr.errors.len());
    Ok(Plan {
        format_version: repr.format_version,
        manifest: repr.manifest,
        accounts: repr.accounts,
        changes,
        warnings: repr.warnings,
        errors: repr.errors,
        fingerprints: repr.fingerprints,
        summary,
    })
}

/// Rebuilds an address from its resource type, account, region and name.
fn address_from_parts(
    resource_type: &str,
    account: &AccountId,
    region: Option<&Region>,
    name: &str,
) -> Result<Address, String> {
    let rt = RESOURCE_TYPES
        .into_iter()
        .find(|t| t.as_str() == resource_type)
        .ok_or_else(|| format!("unknown resource type `{resource_type}`"))?;
    let region = || {
        region
            .cloned()
            .ok_or_else(|| format!("a {resource_type} needs a `region`"))
    };
    let account = account.clone();
    let e = |e: share_types::InvalidValue| e.to_string();
    Ok(match rt {
        ResourceType::IdentityPolicy => {
            let (principal, policy) = name
                .rsplit_once('#')
                .ok_or_else(|| format!("`{name}` is not `PRINCIPAL_ARN#POLICY_NAME`"))?;
            let principal = PrincipalArn::parse(principal).map_err(e)?;
            if principal.account() != account {
                return Err(format!(
                    "the principal is in account {}, not {account}",
                    principal.account()
                ));
            }
            Address::IdentityPolicy {
                principal,
                policy_name: PolicyName::parse(policy).map_err(e)?,
            }
        }
        ResourceType::Bucket => Address::Bucket {
            account,
            region: region()?,
            bucket: BucketName::parse(name).map_err(e)?,
        },
        ResourceType::BucketPublicAccessBlock => Address::BucketPublicAccessBlock {
            account,
            region: region()?,
            bucket: BucketName::parse(name).map_err(e)?,
        },
        ResourceType::BucketOwnershipControls => Address::BucketOwnershipControls {
            account,
            region: region()?,
            bucket: BucketName::parse(name).map_err(e)?,
        },
        ResourceType::BucketPolicy => Address::BucketPolicy {
            account,
            region: region()?,
            bucket: BucketName::parse(name).map_err(e)?,
        },
        ResourceType::AccessPoint => Address::AccessPoint {
            account,
            region: region()?,
            name: AccessPointName::parse(name).map_err(e)?,
        },
        ResourceType::AccessPointPolicy => Address::AccessPointPolicy {
            account,
            region: region()?,
            name: AccessPointName::parse(name).map_err(e)?,
        },
        ResourceType::EndpointPolicy => Address::EndpointPolicy {
            account,
            region: region()?,
            endpoint: VpcEndpointId::parse(name).map_err(e)?,
        },
    })
}
