//! `share check` and `share verify`: effective access, evaluated locally over every layer.

use crate::cli::{CheckArgs, Global, ReportFormat, SourceArgs};
use std::path::Path;
use std::process::ExitCode;

/// `share check`.
pub fn check(_global: &Global, _args: &CheckArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`share check` is not available yet (issue #6)")
}

/// `share verify`.
pub fn verify(
    _global: &Global,
    _path: &Path,
    _source: &SourceArgs,
    _format: ReportFormat,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`share verify` is not available yet (issue #6)")
}
