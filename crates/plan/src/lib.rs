//! The engine: diff desired against observed state into a plan, render it, carry it out.
//!
//! ```text
//! DesiredState ─┐
//!               ├─ diff ─→ Plan ─┬─ render_human | render_markdown | to_json (the plan file)
//! ObservedState ┘                ├─ drift_report
//!                                └─ apply ─→ Cloud (AWS, or the in-memory fake)
//! ```
//!
//! Everything here is pure and synchronous except [`apply`], which talks to AWS only
//! through the [`share_state::Cloud`] trait. The diff proposes and never writes; the plan
//! leaves no choice to apply time; apply re-reads each document before writing it and
//! refuses to clobber anything that changed since the plan. See `docs/engine.md` for the
//! rules (ownership, equivalence, ordering, staleness, the endpoint default policy) and
//! `docs/plan-format.md` for the JSON plan.

mod apply;
mod diff;
mod drift;
mod json;
mod model;
mod render;
#[cfg(feature = "testing")]
pub mod testing;

pub use apply::{Applied, ApplyEvent, ApplyReport, Failed, SkipReason, Skipped, apply};
pub use diff::{DEFAULT_ENDPOINT_POLICY, diff};
pub use drift::{DriftItem, DriftReport, DriftStatus, drift_report};
pub use json::{PlanFileError, from_json, to_json};
pub use model::{
    Action, Change, Counts, FORMAT_VERSION, Finding, FindingKind, ManifestRef, Plan, PlanContext,
    Summary,
};
pub use render::{closing_line, render_apply_report, render_human, render_markdown};
