//! `share check` and `share verify`: effective access, evaluated locally over every layer.
//!
//! Glue only: load and compile the manifest, gather the documents (the planned ones, or
//! the live ones read from every account), hand them to `share-verify`, print, and map the
//! answer to an exit code — 0 allowed / as declared, 2 denied / broader or narrower than
//! declared, 1 for errors and for what cannot be decided offline.

use super::{EXIT_CHANGES, Loaded, connect, load};
use crate::cli::{CheckArgs, Global, ReportFormat, SourceArgs};
use crate::output;
use share_evaluate::Decision;
use share_state::Cloud;
use share_verify::{CheckRequest, Documents, Outcome};
use std::path::Path;
use std::process::ExitCode;

/// The documents to evaluate: share's compiled statements (`--planned`, the default), or
/// what AWS holds now (`--live`).
fn documents(global: &Global, loaded: &Loaded, source: &SourceArgs) -> anyhow::Result<Documents> {
    let desired = &loaded.compiled.desired;
    if !source.live {
        return Ok(Documents::planned(desired));
    }
    let cloud = connect(global, loaded)?;
    let observed = cloud
        .observe(&desired.observe_request())
        .map_err(|errors| {
            for e in &errors {
                output::error(&e.to_string());
            }
            anyhow::anyhow!(
                "could not read live state ({} problem{})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        })?;
    tracing::info!(api_calls = observed.api_calls, "read live state");
    Documents::live(desired, &observed).map_err(|errors| {
        for e in &errors {
            output::error(&e.to_string());
        }
        anyhow::anyhow!(
            "{} live document{} could not be read as a policy, so access cannot be proved; fix or remove {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it" } else { "them" }
        )
    })
}

/// `share check`: exit 0 allowed, 2 denied, 1 on error or when it cannot be decided.
pub fn check(global: &Global, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load(&args.manifest.path(), false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let docs = documents(global, &loaded, &args.source)?;
    let request = CheckRequest {
        principal: args.principal.clone(),
        action: args.action.clone(),
        resource: args.resource.clone(),
        via: args.via.clone(),
        through: args.through.clone(),
        prefix: args.prefix.clone(),
    };
    let report = share_verify::check(&loaded.validated.manifest, &docs, &request)?;
    if global.quiet {
        output::stdout(&format!("{}\n", report.decision()))?;
    } else {
        output::stdout(&report.render_human())?;
    }
    Ok(match report.decision() {
        Decision::Allow => ExitCode::SUCCESS,
        Decision::ImplicitDeny | Decision::ExplicitDeny => ExitCode::from(EXIT_CHANGES),
        Decision::CannotDecide(reason) => {
            output::error(&format!(
                "cannot decide offline whether the request is allowed: {reason}"
            ));
            ExitCode::from(1)
        }
    })
}

/// `share verify`: exit 0 when every grant is exactly as declared, 2 when anything is
/// broader or narrower, 1 on error or when some probe cannot be decided.
pub fn verify(
    global: &Global,
    path: &Path,
    source: &SourceArgs,
    format: ReportFormat,
) -> anyhow::Result<ExitCode> {
    let loaded = match load(path, false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let docs = documents(global, &loaded, source)?;
    let report = share_verify::verify(&loaded.validated.manifest, &docs);
    match format {
        ReportFormat::Human if global.quiet => output::stdout(&format!("{}\n", report.summary()))?,
        ReportFormat::Human => output::stdout(&report.render_human(global.verbose > 0))?,
        ReportFormat::Json => {
            let mut json = serde_json::Map::new();
            json.insert("manifest".into(), loaded.source.name.clone().into());
            if let serde_json::Value::Object(fields) = serde_json::to_value(&report)? {
                json.extend(fields);
            }
            output::stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
        }
    }
    Ok(match report.outcome {
        Outcome::Match => ExitCode::SUCCESS,
        Outcome::Mismatch => ExitCode::from(EXIT_CHANGES),
        Outcome::Undecided => {
            output::error(&format!(
                "{} probe{} cannot be decided offline, so the manifest is not proved (see the `Cannot decide` section)",
                report.undecided,
                if report.undecided == 1 { "" } else { "s" }
            ));
            ExitCode::from(1)
        }
    })
}
