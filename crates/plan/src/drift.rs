//! The drift report: what `share drift` prints and serializes for alerting.
//!
//! Drift is a plan that is not empty, seen from the other side: every change the plan
//! would make is a place where AWS no longer matches the manifest (someone edited a policy
//! by hand, deleted an access point, …). The report is a plain, JSON-serializable view of
//! the plan for a cron job; the exit code (0 in sync, 2 drift, 1 error) is the CLI's, from
//! [`DriftReport::status`].

use crate::model::{Action, Counts, Finding, ManifestRef, Plan};
use serde::Serialize;
use share_state::ResourceType;
use share_types::AccountId;
use std::fmt::Write as _;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftStatus {
    /// AWS matches the manifest.
    InSync,
    /// AWS differs from the manifest.
    Drift,
    /// The comparison could not be completed (the plan has errors).
    Error,
}

/// One resource that drifted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftItem {
    /// Its address (display form).
    pub address: String,
    /// Its account.
    pub account: AccountId,
    /// The account's logical name, when known.
    pub account_name: Option<String>,
    /// Its kind.
    pub resource_type: ResourceType,
    /// What `share apply` would do to bring it back.
    pub action: Action,
    /// What differs.
    pub reason: String,
}

/// What `share drift` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftReport {
    /// In sync, drift, or error.
    pub status: DriftStatus,
    /// The manifest compared.
    pub manifest: ManifestRef,
    /// The drifted resources, in plan order.
    pub drifted: Vec<DriftItem>,
    /// Counts per action `share apply` would take.
    pub summary: Counts,
    /// Warnings of the plan (foreign statements kept, dangling principals, …).
    pub warnings: Vec<Finding>,
    /// Errors of the plan (why the status is `error`).
    pub errors: Vec<Finding>,
}

impl DriftReport {
    /// True when AWS matches the manifest.
    pub fn is_in_sync(&self) -> bool {
        self.status == DriftStatus::InSync
    }

    /// The report as pretty JSON, without a trailing newline.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(s) => s,
            Err(e) => format!("{{\"error\": {:?}}}", e.to_string()),
        }
    }

    /// The report for a terminal or a log (cron mails it): plain text, no colour.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        match self.status {
            DriftStatus::InSync => {
                let _ = writeln!(out, "In sync: AWS matches `{}`.", self.manifest.path);
            }
            DriftStatus::Drift => {
                let _ = writeln!(
                    out,
                    "Drift: {} resource(s) differ from `{}`:",
                    self.drifted.len(),
                    self.manifest.path
                );
            }
            DriftStatus::Error => {
                let _ = writeln!(
                    out,
                    "Error: could not compare AWS with `{}`:",
                    self.manifest.path
                );
                for e in &self.errors {
                    let _ = writeln!(
                        out,
                        "  x {}{}",
                        e.address
                            .as_deref()
                            .map(|a| format!("{a}: "))
                            .unwrap_or_default(),
                        e.message
                    );
                }
                if !self.drifted.is_empty() {
                    let _ = writeln!(out, "Drift found so far:");
                }
            }
        }
        for d in &self.drifted {
            let account = match &d.account_name {
                Some(n) => format!("{n} ({})", d.account),
                None => d.account.to_string(),
            };
            let _ = writeln!(
                out,
                "  {} {} [{}]: {}",
                d.action.symbol(),
                d.address,
                account,
                d.reason
            );
        }
        out
    }
}

/// The drift report of a plan.
pub fn drift_report(plan: &Plan) -> DriftReport {
    let drifted: Vec<DriftItem> = plan
        .actionable()
        .map(|c| DriftItem {
            address: c.address.to_string(),
            account: c.account.clone(),
            account_name: plan.accounts.get(&c.account).cloned(),
            resource_type: c.resource_type,
            action: c.action,
            reason: c.reason.clone(),
        })
        .collect();
    let status = if !plan.errors.is_empty() {
        DriftStatus::Error
    } else if drifted.is_empty() {
        DriftStatus::InSync
    } else {
        DriftStatus::Drift
    };
    DriftReport {
        status,
        manifest: plan.manifest.clone(),
        drifted,
        summary: plan.summary.total,
        warnings: plan.warnings.clone(),
        errors: plan.errors.clone(),
    }
}
