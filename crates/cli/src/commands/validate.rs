//! `share validate`: the offline check for pre-commit hooks and PR pipelines.

use std::path::Path;
use std::process::ExitCode;

/// Validates and compiles the manifest; exit 0 when valid, 1 when not (or warnings under
/// `--strict`).
pub fn run(path: &Path, strict: bool) -> anyhow::Result<ExitCode> {
    match super::load(path, strict) {
        Ok(loaded) => {
            let m = &loaded.validated.manifest;
            crate::output::stdout(&format!(
                "{}: valid ({} accounts, {} buckets, {} access points, {} endpoints, {} grantees, {} grants)\n",
                loaded.source.name,
                m.accounts.len(),
                m.buckets.len(),
                m.access_points.len(),
                m.vpc_endpoints.len(),
                m.grantees.len(),
                m.grants.len()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(code) => Ok(code),
    }
}
