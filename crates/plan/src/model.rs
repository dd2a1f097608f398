//! The plan model: what `share plan` proposes and `share apply` carries out.
//!
//! Kept apart from the diff that builds it and the renderers that show it (Terraform's
//! `internal/plans`), so a new output format never touches diff logic and the saved plan
//! file is one versioned data structure. A plan leaves no choice to apply time: every
//! change carries the exact operations, with the full document text to write, and the
//! fingerprints of what it read, so a stale plan can be refused (omicron's reconfigurator).

use serde::{Deserialize, Serialize};
use share_state::{Address, Operation, ResourceType};
use share_types::AccountId;
use std::collections::BTreeMap;

/// The version of the JSON plan format this crate writes and reads. Bumped on any breaking
/// change (a field removed, renamed or given another meaning); adding a field is not one.
pub const FORMAT_VERSION: u32 = 1;

/// What the caller knows that the states do not: where the manifest came from, and the
/// logical account names for display.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanContext {
    /// The manifest path as the user gave it.
    pub manifest_path: String,
    /// SHA-256 (lowercase hex) of the manifest bytes; `apply PLANFILE` compares it.
    pub manifest_sha256: String,
    /// Logical account names (`datalake`) for display, by account id.
    pub account_names: BTreeMap<AccountId, String>,
}

/// The manifest a plan was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ManifestRef {
    /// The manifest path as the user gave it.
    pub path: String,
    /// SHA-256 (lowercase hex) of the manifest bytes.
    pub sha256: String,
}

/// What a change does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// The resource (or document) does not exist and will be created.
    Create,
    /// The resource exists and will be changed in place.
    Update,
    /// The resource (or share's part of it) will be removed.
    Delete,
    /// The resource cannot be changed in place: delete, then create (aws-semantics §1.2).
    Replace,
    /// AWS already matches the manifest.
    NoOp,
}

impl Action {
    /// The JSON spelling: `create`, `update`, `delete`, `replace`, `no-op`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Replace => "replace",
            Self::NoOp => "no-op",
        }
    }

    /// The symbol Terraform uses: `+`, `~`, `-`, `-/+`, or a blank for no-op.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Create => "+",
            Self::Update => "~",
            Self::Delete => "-",
            Self::Replace => "-/+",
            Self::NoOp => " ",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One resource's change. Serialized with the address as its display string plus the parts
/// that rebuild it (`account`, `region`, `resource_type`, `name`); see `docs/plan-format.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The resource.
    pub address: Address,
    /// The account it lives in (whose credentials write it).
    pub account: AccountId,
    /// Its kind; the apply order.
    pub resource_type: ResourceType,
    /// What happens to it.
    pub action: Action,
    /// Its current content (canonical JSON of a document, or a small JSON rendering of a
    /// setting); `None` when absent.
    pub before: Option<serde_json::Value>,
    /// Its content after the change; `None` when it will be absent.
    pub after: Option<serde_json::Value>,
    /// Why, for people: `statement ShareReadX changed; statement ShareY missing`.
    pub reason: String,
    /// The writes, in order (a replace is a delete then a create). Empty for no-op.
    pub operations: Vec<Operation>,
    /// Changes that must succeed first; if one fails or is skipped, this one is skipped.
    pub depends_on: Vec<Address>,
    /// Statements in the live document that share does not own and keeps exactly.
    pub foreign_statements: usize,
}

impl Change {
    /// True for a change that removes something, run in the removal phase (reverse order).
    pub fn is_removal(&self) -> bool {
        self.action == Action::Delete
    }
}

/// The kind of a finding, stable for machine readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Error: a bucket the manifest names does not exist and is not declared `create: true`.
    BucketMissing,
    /// Error: an endpoint is missing, deleted, not a gateway endpoint or not for S3.
    EndpointUnusable,
    /// Error: a grantee role or user does not exist (share never creates identities).
    IdentityMissing,
    /// Error: a live document does not parse as a policy; share never overwrites it.
    UnparseablePolicy,
    /// Error: a document would be over its AWS size limit.
    SizeLimit,
    /// Error: an access point must be replaced but its policy has foreign statements.
    ReplaceRefused,
    /// Error: the desired state itself is inconsistent (a compiler bug or a bad Sid).
    InvalidDesiredState,
    /// Warning: statements share does not own are kept unchanged.
    ForeignStatementsKept,
    /// Warning: a live policy names a principal by IAM unique id (a deleted identity).
    DanglingPrincipal,
    /// Warning: an access point share no longer names has foreign statements: not deleted.
    OrphanNotDeleted,
    /// Warning: an endpoint's default full-access policy is replaced by share's statements.
    EndpointDefaultReplaced,
    /// A finding of a kind this version does not know (from a newer plan file).
    #[serde(other)]
    Other,
}

/// A warning or an error about one resource (or the plan as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What kind of finding.
    pub kind: FindingKind,
    /// The resource's address (display form), when it is about one.
    pub address: Option<String>,
    /// The account concerned, when known.
    pub account: Option<AccountId>,
    /// What is wrong and what to do, for people.
    pub message: String,
}

/// How many changes of each action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Creates.
    pub create: usize,
    /// Updates.
    pub update: usize,
    /// Deletes.
    pub delete: usize,
    /// Replaces (each counted once here; the human closing line counts it as a create and a
    /// delete, as Terraform does).
    pub replace: usize,
    /// Resources already as the manifest says. Spelled `no-op` in JSON, like the action, so
    /// `summary[change.action]` works for every change.
    #[serde(rename = "no-op")]
    pub no_op: usize,
}

impl Counts {
    /// Adds one change of `action`.
    pub fn add(&mut self, action: Action) {
        match action {
            Action::Create => self.create += 1,
            Action::Update => self.update += 1,
            Action::Delete => self.delete += 1,
            Action::Replace => self.replace += 1,
            Action::NoOp => self.no_op += 1,
        }
    }

    /// Changes that do something (everything but no-op).
    pub fn changes(&self) -> usize {
        self.create + self.update + self.delete + self.replace
    }
}

/// The counts of a plan, overall and per account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Counts over the whole plan (the issue's `summary` "counts per action").
    #[serde(flatten)]
    pub total: Counts,
    /// Counts per account id.
    pub by_account: BTreeMap<AccountId, Counts>,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of errors (a plan with errors cannot be applied).
    pub errors: usize,
}

impl Summary {
    /// Counts the changes and findings.
    pub fn of(changes: &[Change], warnings: usize, errors: usize) -> Self {
        let mut s = Summary {
            warnings,
            errors,
            ..Summary::default()
        };
        for c in changes {
            s.total.add(c.action);
            s.by_account
                .entry(c.account.clone())
                .or_default()
                .add(c.action);
        }
        s
    }
}

/// A plan: the changes that make AWS match the manifest, with everything needed to carry
/// them out and to tell whether AWS changed since.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The manifest the plan was made from.
    pub manifest: ManifestRef,
    /// Logical account names, by id, for display.
    pub accounts: BTreeMap<AccountId, String>,
    /// Every managed resource, in apply order (no-ops included).
    pub changes: Vec<Change>,
    /// Things to know that do not stop the plan.
    pub warnings: Vec<Finding>,
    /// Things that stop the plan from being applied.
    pub errors: Vec<Finding>,
    /// `share_policy::fingerprint` of every address the plan read (display form), `None`
    /// when it was absent.
    pub fingerprints: BTreeMap<String, Option<String>>,
    /// Counts.
    pub summary: Summary,
}

impl Plan {
    /// True when the plan changes something.
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp)
    }

    /// True when the plan may be applied (it has no errors).
    pub fn is_applicable(&self) -> bool {
        self.errors.is_empty()
    }

    /// The changes that do something, in plan order.
    pub fn actionable(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.action != Action::NoOp)
    }

    /// The display name of an account: `datalake (222222222222)`, or the id alone.
    pub fn account_label(&self, account: &AccountId) -> String {
        match self.accounts.get(account) {
            Some(name) => format!("{name} ({account})"),
            None => account.to_string(),
        }
    }
}
