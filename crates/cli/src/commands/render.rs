//! `share render`: every document share would write, offline, for review.

use crate::cli::RenderFormat;
use std::path::Path;
use std::process::ExitCode;

/// Prints the compiled documents, optionally for one account.
pub fn run(path: &Path, account: Option<&str>, format: RenderFormat) -> anyhow::Result<ExitCode> {
    let loaded = match super::load(path, false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let manifest = &loaded.validated.manifest;
    let account = match account {
        Some(name) => match manifest.accounts.keys().find(|k| k.as_str() == name) {
            Some(k) => Some(k),
            None => {
                let known: Vec<_> = manifest.accounts.keys().map(|k| k.to_string()).collect();
                anyhow::bail!(
                    "no account `{name}` in `{}` (accounts: {})",
                    loaded.source.name,
                    known.join(", ")
                );
            }
        },
        None => None,
    };
    let format = match format {
        RenderFormat::Json => share_compile::RenderFormat::Json,
        RenderFormat::Pretty => share_compile::RenderFormat::Pretty,
    };
    crate::output::stdout(&share_compile::render(
        &loaded.compiled.desired,
        manifest,
        account,
        format,
    ))?;
    Ok(ExitCode::SUCCESS)
}
