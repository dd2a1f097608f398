//! One module per subcommand; this one dispatches and holds what they share: loading and
//! compiling the manifest, and connecting to AWS.

mod check;
mod plan;
mod render;
mod validate;

use crate::cli::{Cli, Command, Global};
use crate::output;
use anyhow::Context;
use share_compile::Compiled;
use share_manifest::{Severity, Source, Validated};
use std::path::Path;
use std::process::ExitCode;

/// Exit code for "changes / drift / denied".
pub const EXIT_CHANGES: u8 = 2;

/// Runs the chosen command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = &cli.global;
    match cli.command {
        Command::Validate { manifest, strict } => validate::run(&manifest.path(), strict),
        Command::Schema => {
            output::stdout(&share_manifest::json_schema_pretty())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Render {
            manifest,
            account,
            format,
        } => render::run(&manifest.path(), account.as_deref(), format),
        Command::Plan {
            manifest,
            out,
            detailed_exitcode,
            format,
        } => plan::plan(
            global,
            &manifest.path(),
            out.as_deref(),
            detailed_exitcode,
            format,
        ),
        Command::Show { plan, format } => plan::show(&plan, format),
        Command::Apply {
            target,
            auto_approve,
        } => plan::apply(global, target, auto_approve),
        Command::Drift { manifest, format } => plan::drift(global, &manifest.path(), format),
        Command::Check(args) => check::check(global, &args),
        Command::Verify {
            manifest,
            source,
            format,
        } => check::verify(global, &manifest.path(), &source, format),
    }
}

/// A manifest that parsed, validated and compiled without errors.
pub struct Loaded {
    pub source: Source,
    pub validated: Validated,
    pub compiled: Compiled,
}

/// Reads, validates and compiles a manifest. Problems are printed (all of them, located);
/// `Err(exit code)` when there were errors, or warnings under `strict`.
pub fn load(path: &Path, strict: bool) -> Result<Loaded, ExitCode> {
    let color = output::color_stderr();
    let source = match Source::from_path(path) {
        Ok(s) => s,
        Err(d) => {
            eprint!(
                "{}",
                d.render(&Source::new(path.display().to_string(), ""), color)
            );
            return Err(ExitCode::from(1));
        }
    };
    let validated = match share_manifest::load(&source) {
        Ok(v) => v,
        Err(diags) => {
            print_diagnostics(&diags, &source, color);
            return Err(ExitCode::from(1));
        }
    };
    let compiled = share_compile::compile(&validated);
    let mut all = validated.warnings.clone();
    all.extend(compiled.diagnostics.iter().cloned());
    print_diagnostics(&all, &source, color);
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 || (strict && !all.is_empty()) {
        return Err(ExitCode::from(1));
    }
    Ok(Loaded {
        source,
        validated,
        compiled,
    })
}

fn print_diagnostics(diags: &[share_manifest::Diagnostic], source: &Source, color: bool) {
    if diags.is_empty() {
        return;
    }
    eprint!("{}", share_manifest::render_all(diags, source, color));
}

/// Builds the AWS clients for every account of the manifest and checks their identities.
pub fn connect(global: &Global, loaded: &Loaded) -> anyhow::Result<share_aws::AwsCloud> {
    let manifest = &loaded.validated.manifest;
    let accounts = manifest
        .accounts
        .iter()
        .map(|(name, account)| share_aws::AccountConfig {
            name: name.to_string(),
            id: account.id.clone(),
            region: manifest.account_region(name),
            credentials: match (&account.assume_role, &account.profile) {
                (Some(role), _) => share_aws::CredentialSource::AssumeRole {
                    role_arn: role.to_string(),
                    external_id: account.external_id.clone(),
                },
                (None, Some(profile)) => share_aws::CredentialSource::Profile(profile.clone()),
                (None, None) => share_aws::CredentialSource::DefaultChain,
            },
        })
        .collect();
    let options = share_aws::Options {
        endpoint_url: global.endpoint_url.clone(),
        concurrency: usize::from(global.concurrency),
        session_name: format!("share-{}", run_id()),
        ..share_aws::Options::default()
    };
    share_aws::AwsCloud::connect(accounts, options).map_err(|errors| {
        for e in &errors {
            output::error(&e.to_string());
        }
        anyhow::anyhow!(
            "{} of the manifest's accounts could not be reached or signed in to; nothing was changed",
            errors.len()
        )
    })
}

/// A short id for this run, used in the STS session name (visible in CloudTrail).
fn run_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("{now}-{}", std::process::id())
}

/// Reads a file with a message that names it.
pub fn read_file(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("could not read `{}`", path.display()))
}
