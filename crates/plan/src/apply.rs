//! Carrying out a plan through the [`Cloud`] trait.
//!
//! The plan decided everything; apply only orders, checks and reports. Changes run in
//! waves by [`ResourceType`] (identity policies, buckets, access points, their policies,
//! bucket settings, bucket policies, endpoint policies), then the removals in reverse order.
//! Before each wave the wave's documents are read again and compared with the fingerprints
//! the plan recorded: a document someone changed since the plan is not written (it would
//! clobber their change), and neither is anything that depends on it. A failed change
//! likewise skips only its dependents; everything else goes on, so a re-run converges.
//! Concurrency and retries belong to the `Cloud` implementation: a wave is handed over as
//! one batch of independent operations.

use crate::json::RESOURCE_TYPES;
use crate::model::{Action, Change, Plan};
use serde::Serialize;
use share_state::{Address, Cloud, CloudError, ErrorKind, ObserveRequest, ResourceType};
use std::collections::BTreeMap;

/// Why a change was not attempted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A document the change depends on changed since the plan was made.
    Stale {
        /// The address whose content changed (the change's own, or the policy of an access
        /// point to be deleted).
        address: Address,
    },
    /// A change this one depends on failed or was skipped.
    DependencyNotApplied {
        /// That change.
        dependency: Address,
    },
    /// The plan has errors; nothing is applied.
    PlanHasErrors,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stale { address } => write!(
                f,
                "`{address}` changed since the plan was made (by someone else?); run `share plan` again"
            ),
            Self::DependencyNotApplied { dependency } => {
                write!(f, "depends on `{dependency}`, which was not applied")
            }
            Self::PlanHasErrors => write!(
                f,
                "the plan has errors; fix them and run `share plan` again"
            ),
        }
    }
}

impl SkipReason {
    /// A stable name: `stale`, `dependency_not_applied`, `plan_has_errors`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Stale { .. } => "stale",
            Self::DependencyNotApplied { .. } => "dependency_not_applied",
            Self::PlanHasErrors => "plan_has_errors",
        }
    }
}

/// Progress, reported as it happens (for a progress display).
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyEvent {
    /// A wave of changes of one resource type begins.
    WaveStarted {
        /// The resource type.
        resource_type: ResourceType,
        /// True in the removal phase.
        removal: bool,
        /// How many changes the wave holds.
        changes: usize,
    },
    /// A change is about to be written.
    ChangeStarted {
        /// The resource.
        address: Address,
        /// What happens to it.
        action: Action,
    },
    /// A change was written.
    ChangeApplied {
        /// The resource.
        address: Address,
        /// What happened to it.
        action: Action,
    },
    /// A change failed.
    ChangeFailed {
        /// The resource.
        address: Address,
        /// What should have happened to it.
        action: Action,
        /// Why.
        error: CloudError,
    },
    /// A change was not attempted.
    ChangeSkipped {
        /// The resource.
        address: Address,
        /// What should have happened to it.
        action: Action,
        /// Why.
        reason: SkipReason,
    },
}

impl std::fmt::Display for ApplyEvent {
    /// One line of progress, e.g. `~ bucket_policy.test-bucket-1: update applied`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WaveStarted {
                resource_type,
                removal,
                changes,
            } => write!(
                f,
                "{} {changes} {} change(s)",
                if *removal { "Removing:" } else { "Applying:" },
                resource_type.as_str()
            ),
            Self::ChangeStarted { address, action } => {
                write!(f, "  {} {address}: {action}…", action.symbol())
            }
            Self::ChangeApplied { address, action } => {
                write!(f, "  {} {address}: {action} applied", action.symbol())
            }
            Self::ChangeFailed {
                address,
                action,
                error,
            } => write!(
                f,
                "  {} {address}: {action} FAILED: {error}",
                action.symbol()
            ),
            Self::ChangeSkipped {
                address,
                action,
                reason,
            } => write!(
                f,
                "  {} {address}: {action} skipped: {reason}",
                action.symbol()
            ),
        }
    }
}

/// A change that was written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    /// The resource.
    #[serde(serialize_with = "ser_display")]
    pub address: Address,
    /// What happened to it.
    pub action: Action,
}

/// A change that failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failed {
    /// The resource.
    #[serde(serialize_with = "ser_display")]
    pub address: Address,
    /// What should have happened to it.
    pub action: Action,
    /// Why.
    #[serde(serialize_with = "ser_cloud_error")]
    pub error: CloudError,
}

/// A change that was not attempted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// The resource.
    #[serde(serialize_with = "ser_display")]
    pub address: Address,
    /// What should have happened to it.
    pub action: Action,
    /// Why.
    #[serde(serialize_with = "ser_skip_reason")]
    pub reason: SkipReason,
}

/// What an apply did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ApplyReport {
    /// Changes written, in the order they completed.
    pub applied: Vec<Applied>,
    /// Changes that failed.
    pub failed: Vec<Failed>,
    /// Changes not attempted.
    pub skipped: Vec<Skipped>,
}

impl ApplyReport {
    /// True when every change of the plan was applied.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && self.skipped.is_empty()
    }

    /// `3 applied, 1 failed, 2 skipped.`
    pub fn summary_line(&self) -> String {
        format!(
            "{} applied, {} failed, {} skipped.",
            self.applied.len(),
            self.failed.len(),
            self.skipped.len()
        )
    }
}

fn ser_display<S: serde::Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(a)
}

fn ser_cloud_error<S: serde::Serializer>(e: &CloudError, s: S) -> Result<S::Ok, S::Error> {
    serde_json::json!({
        "account": e.account,
        "resource": e.resource,
        "code": e.code,
        "kind": format!("{:?}", e.kind),
        "message": e.to_string(),
    })
    .serialize(s)
}

fn ser_skip_reason<S: serde::Serializer>(r: &SkipReason, s: S) -> Result<S::Ok, S::Error> {
    serde_json::json!({ "kind": r.kind(), "message": r.to_string() }).serialize(s)
}

/// What a re-read must show for a change to go ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// The fingerprint the plan recorded (or the state an earlier change of this apply left).
    Exactly(Option<String>),
    /// Anything: an earlier change of this apply reset it (settings of a new bucket).
    Any,
}

/// Where a change stands during the apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Done,
    NotApplied,
}

/// The addresses whose content a change relies on: its own, and for an access point that
/// is deleted (orphan or replace) its policy too, since ownership was decided on it.
fn guarded(change: &Change) -> Vec<Address> {
    let mut out = vec![change.address.clone()];
    if let Address::AccessPoint {
        account,
        region,
        name,
    } = &change.address
        && matches!(change.action, Action::Delete | Action::Replace)
    {
        let [_, policy] = Address::access_point_addresses(account, region, name);
        out.push(policy);
    }
    out
}

/// What a successful change resets for the changes after it.
fn resets(change: &Change) -> Vec<(Address, Expect)> {
    match &change.address {
        Address::Bucket {
            account,
            region,
            bucket,
        } if change.action == Action::Create => {
            // A new bucket comes with AWS's default settings, whatever the plan read.
            let [_, pab, ownership, _] = Address::bucket_addresses(account, region, bucket);
            vec![(pab, Expect::Any), (ownership, Expect::Any)]
        }
        Address::AccessPoint {
            account,
            region,
            name,
        } if matches!(change.action, Action::Create | Action::Replace) => {
            // A new access point has no policy.
            let [_, policy] = Address::access_point_addresses(account, region, name);
            vec![(policy, Expect::Exactly(None))]
        }
        _ => Vec::new(),
    }
}

/// Carries out `plan` through `cloud`, reporting progress to `on_event`. Never panics on
/// AWS failures: every outcome is in the report.
pub fn apply<C: Cloud + ?Sized>(
    plan: &Plan,
    cloud: &C,
    on_event: &mut dyn FnMut(&ApplyEvent),
) -> ApplyReport {
    let mut report = ApplyReport::default();
    if !plan.is_applicable() {
        for c in plan.actionable() {
            skip(&mut report, on_event, c, SkipReason::PlanHasErrors);
        }
        return report;
    }

    let mut status: BTreeMap<&Address, Status> = plan
        .changes
        .iter()
        .map(|c| {
            let s = if c.action == Action::NoOp {
                Status::Done
            } else {
                Status::Pending
            };
            (&c.address, s)
        })
        .collect();
    let mut expect: BTreeMap<String, Expect> = plan
        .fingerprints
        .iter()
        .map(|(a, fp)| (a.clone(), Expect::Exactly(fp.clone())))
        .collect();

    let mut waves: Vec<(ResourceType, bool, Vec<&Change>)> = Vec::new();
    for rt in RESOURCE_TYPES {
        let wave: Vec<&Change> = plan
            .actionable()
            .filter(|c| c.resource_type == rt && !c.is_removal())
            .collect();
        waves.push((rt, false, wave));
    }
    for rt in RESOURCE_TYPES.into_iter().rev() {
        let wave: Vec<&Change> = plan
            .actionable()
            .filter(|c| c.resource_type == rt && c.is_removal())
            .collect();
        waves.push((rt, true, wave));
    }

    for (resource_type, removal, wave) in waves {
        if wave.is_empty() {
            continue;
        }
        on_event(&ApplyEvent::WaveStarted {
            resource_type,
            removal,
            changes: wave.len(),
        });

        // Dependencies first: a change whose dependency did not happen is not attempted.
        let mut ready = Vec::new();
        for c in wave {
            let blocked = c
                .depends_on
                .iter()
                .find(|d| status.get(d).copied() != Some(Status::Done));
            match blocked {
                Some(d) => {
                    let reason = SkipReason::DependencyNotApplied {
                        dependency: d.clone(),
                    };
                    status.insert(&c.address, Status::NotApplied);
                    skip(&mut report, on_event, c, reason);
                }
                None => ready.push(c),
            }
        }
        if ready.is_empty() {
            continue;
        }

        // Re-read what the wave relies on and refuse what changed since the plan.
        let addresses: Vec<Address> = ready.iter().flat_map(|c| guarded(c)).collect();
        let observed = match cloud.observe(&ObserveRequest::for_addresses(&addresses)) {
            Ok(o) => o,
            Err(errors) => {
                for c in ready {
                    let error = errors
                        .iter()
                        .find(|e| e.resource == c.address.to_string())
                        .or_else(|| errors.first())
                        .cloned()
                        .unwrap_or_else(|| read_error(c));
                    status.insert(&c.address, Status::NotApplied);
                    fail(&mut report, on_event, c, error);
                }
                continue;
            }
        };
        let mut current = Vec::new();
        for c in ready {
            let stale = guarded(c).into_iter().find(|a| {
                let now = observed
                    .content(a)
                    .map(|text| share_policy::fingerprint(&text));
                match expect.get(&a.to_string()) {
                    Some(Expect::Any) => false,
                    Some(Expect::Exactly(fp)) => *fp != now,
                    None => true,
                }
            });
            match stale {
                Some(address) => {
                    status.insert(&c.address, Status::NotApplied);
                    skip(&mut report, on_event, c, SkipReason::Stale { address });
                }
                None => current.push(c),
            }
        }

        // Execute: the k-th operation of every change still going, as one batch, so a
        // replace deletes before it creates.
        for c in &current {
            on_event(&ApplyEvent::ChangeStarted {
                address: c.address.clone(),
                action: c.action,
            });
        }
        let mut going: Vec<&Change> = current;
        let rounds = going.iter().map(|c| c.operations.len()).max().unwrap_or(0);
        for k in 0..rounds {
            let batch: Vec<(&Change, &share_state::Operation)> = going
                .iter()
                .filter_map(|c| c.operations.get(k).map(|op| (*c, op)))
                .collect();
            if batch.is_empty() {
                break;
            }
            let ops: Vec<share_state::Operation> =
                batch.iter().map(|(_, op)| (*op).clone()).collect();
            let results = cloud.execute(&ops);
            let mut results = results.into_iter();
            let mut failed_now = Vec::new();
            for (c, op) in batch {
                let result = results.next().unwrap_or_else(|| {
                    Err(CloudError {
                        account: Some(c.account.clone()),
                        resource: c.address.to_string(),
                        code: None,
                        message: format!("{} returned no result", op.api_name()),
                        kind: ErrorKind::Other,
                    })
                });
                if let Err(error) = result {
                    failed_now.push(&c.address);
                    status.insert(&c.address, Status::NotApplied);
                    fail(&mut report, on_event, c, error);
                }
            }
            going.retain(|c| !failed_now.contains(&&c.address));
        }
        for c in going {
            status.insert(&c.address, Status::Done);
            for (a, e) in resets(c) {
                expect.insert(a.to_string(), e);
            }
            report.applied.push(Applied {
                address: c.address.clone(),
                action: c.action,
            });
            on_event(&ApplyEvent::ChangeApplied {
                address: c.address.clone(),
                action: c.action,
            });
        }
    }
    report
}

fn read_error(c: &Change) -> CloudError {
    CloudError {
        account: Some(c.account.clone()),
        resource: c.address.to_string(),
        code: None,
        message: "could not read the current state before writing".into(),
        kind: ErrorKind::Other,
    }
}

fn skip(
    report: &mut ApplyReport,
    on_event: &mut dyn FnMut(&ApplyEvent),
    c: &Change,
    reason: SkipReason,
) {
    on_event(&ApplyEvent::ChangeSkipped {
        address: c.address.clone(),
        action: c.action,
        reason: reason.clone(),
    });
    report.skipped.push(Skipped {
        address: c.address.clone(),
        action: c.action,
        reason,
    });
}

fn fail(
    report: &mut ApplyReport,
    on_event: &mut dyn FnMut(&ApplyEvent),
    c: &Change,
    error: CloudError,
) {
    on_event(&ApplyEvent::ChangeFailed {
        address: c.address.clone(),
        action: c.action,
        error: error.clone(),
    });
    report.failed.push(Failed {
        address: c.address.clone(),
        action: c.action,
        error,
    });
}
