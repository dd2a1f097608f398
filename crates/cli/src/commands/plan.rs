//! `share plan`, `share show`, `share apply` and `share drift`: the reconciler's commands.
//!
//! All four share one path: load and compile the manifest, read live state from every
//! account, diff. `apply` then carries the plan out; a saved plan is applied exactly, after
//! checking it was made from the manifest as it is now.

use super::{EXIT_CHANGES, Loaded, connect, load, read_file};
use crate::cli::{Global, PlanFormat, ReportFormat};
use crate::output;
use anyhow::Context;
use sha2::{Digest, Sha256};
use share_plan::{ApplyEvent, Plan, PlanContext};
use share_state::Cloud;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads live state and diffs it against the manifest.
fn make_plan(global: &Global, loaded: &Loaded) -> anyhow::Result<(Plan, share_aws::AwsCloud)> {
    let cloud = connect(global, loaded)?;
    let desired = &loaded.compiled.desired;
    let observed = cloud
        .observe(&desired.observe_request())
        .map_err(|errors| {
            for e in &errors {
                output::error(&e.to_string());
            }
            anyhow::anyhow!(
                "could not read live state ({} problem{}); nothing was changed",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        })?;
    tracing::info!(api_calls = observed.api_calls, "read live state");
    let ctx = PlanContext {
        manifest_path: loaded.source.name.clone(),
        manifest_sha256: sha256(&loaded.source.text),
        account_names: loaded
            .validated
            .manifest
            .accounts
            .iter()
            .map(|(name, a)| (a.id.clone(), name.to_string()))
            .collect(),
    };
    Ok((share_plan::diff(desired, &observed, &ctx), cloud))
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn render(plan: &Plan, format: PlanFormat) -> anyhow::Result<String> {
    Ok(match format {
        PlanFormat::Human => share_plan::render_human(plan, output::color_stdout()),
        PlanFormat::Markdown => share_plan::render_markdown(plan),
        PlanFormat::Json => {
            let mut s = share_plan::to_json(plan);
            s.push('\n');
            s
        }
    })
}

/// `share plan`.
pub fn plan(
    global: &Global,
    path: &Path,
    out: Option<&Path>,
    detailed_exitcode: bool,
    format: PlanFormat,
) -> anyhow::Result<ExitCode> {
    let loaded = match load(path, false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let (plan, _cloud) = make_plan(global, &loaded)?;
    output::stdout(&render(&plan, format)?)?;
    if !plan.errors.is_empty() {
        anyhow::bail!(
            "the plan has {} error{}; fix them and plan again (no plan file was written)",
            plan.errors.len(),
            if plan.errors.len() == 1 { "" } else { "s" }
        );
    }
    if let Some(out) = out {
        let json = share_plan::to_json(&plan);
        std::fs::write(out, json + "\n")
            .with_context(|| format!("could not write the plan to `{}`", out.display()))?;
        if !global.quiet {
            eprintln!(
                "Saved the plan to `{}`. To make exactly these changes, run: share apply {}",
                out.display(),
                out.display()
            );
        }
    }
    Ok(if detailed_exitcode && plan.has_changes() {
        ExitCode::from(EXIT_CHANGES)
    } else {
        ExitCode::SUCCESS
    })
}

/// `share show PLANFILE`.
pub fn show(path: &Path, format: PlanFormat) -> anyhow::Result<ExitCode> {
    let plan = read_plan(path)?;
    output::stdout(&render(&plan, format)?)?;
    Ok(ExitCode::SUCCESS)
}

fn read_plan(path: &Path) -> anyhow::Result<Plan> {
    let text = read_file(path)?;
    share_plan::from_json(&text)
        .with_context(|| format!("`{}` is not a share plan", path.display()))
}

/// True when the file looks like a saved plan rather than a manifest.
fn is_plan_file(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e == "json") {
        return true;
    }
    std::fs::read_to_string(path)
        .map(|t| t.trim_start().starts_with('{') && t.contains("\"format_version\""))
        .unwrap_or(false)
}

/// `share apply [MANIFEST | PLANFILE]`.
pub fn apply(
    global: &Global,
    target: Option<PathBuf>,
    auto_approve: bool,
) -> anyhow::Result<ExitCode> {
    let target = crate::cli::resolve_manifest(target);
    let (plan, cloud) = if is_plan_file(&target) {
        let plan = read_plan(&target)?;
        let manifest_path = PathBuf::from(&plan.manifest.path);
        let loaded = match load(&manifest_path, false) {
            Ok(l) => l,
            Err(code) => return Ok(code),
        };
        let now = sha256(&loaded.source.text);
        if now != plan.manifest.sha256 {
            anyhow::bail!(
                "`{}` was planned from another version of `{}` (it changed since); run `share plan` again",
                target.display(),
                plan.manifest.path
            );
        }
        if !plan.errors.is_empty() {
            anyhow::bail!("`{}` has errors and cannot be applied", target.display());
        }
        let cloud = connect(global, &loaded)?;
        (plan, cloud)
    } else {
        let loaded = match load(&target, false) {
            Ok(l) => l,
            Err(code) => return Ok(code),
        };
        let (plan, cloud) = make_plan(global, &loaded)?;
        output::stdout(&render(&plan, PlanFormat::Human)?)?;
        if !plan.errors.is_empty() {
            anyhow::bail!("the plan has errors; nothing was changed");
        }
        if !plan.has_changes() {
            return Ok(ExitCode::SUCCESS);
        }
        if !auto_approve && !confirm()? {
            eprintln!("Apply cancelled; nothing was changed.");
            return Ok(ExitCode::from(1));
        }
        (plan, cloud)
    };
    if !plan.has_changes() {
        output::stdout("No changes to apply.\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let progress = !global.quiet;
    let report = share_plan::apply(&plan, &cloud, &mut |event: &ApplyEvent| {
        if progress && !matches!(event, ApplyEvent::ChangeStarted { .. }) {
            eprintln!("{event}");
        }
    });
    output::stdout(&share_plan::render_apply_report(
        &report,
        output::color_stdout(),
    ))?;
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Asks on the terminal; refuses without one.
fn confirm() -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "refusing to apply without confirmation: standard input is not a terminal; review the plan and pass `--auto-approve`, or apply a saved plan"
        );
    }
    print!("\nDo you want to make these changes? Only `yes` is accepted: ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}

/// `share drift`: exit 0 in sync, 2 on drift, 1 on error.
pub fn drift(global: &Global, path: &Path, format: ReportFormat) -> anyhow::Result<ExitCode> {
    let loaded = match load(path, false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let (plan, _cloud) = make_plan(global, &loaded)?;
    let report = share_plan::drift_report(&plan);
    match format {
        ReportFormat::Human => output::stdout(&report.render_human())?,
        ReportFormat::Json => output::stdout(&format!("{}\n", report.to_json()))?,
    }
    if !plan.errors.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(if report.is_in_sync() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CHANGES)
    })
}
