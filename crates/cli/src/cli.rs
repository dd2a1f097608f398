//! The command-line contract: every subcommand, flag and default in one place.
//!
//! These names are a public interface (issues #2, #5, #6): scripts and CI pipelines call
//! them, so flags are added, never renamed.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Declarative cross-account S3 sharing: one manifest, every account's policies.
#[derive(Debug, Parser)]
#[command(name = "share", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Send every AWS call to this endpoint (a local emulator such as moto).
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Concurrent AWS calls per account.
    #[arg(long, global = true, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// More output (repeat for debug logs).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors and the result.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Where the manifest is: an argument, `$SHARE_MANIFEST`, or `./share.yaml`.
#[derive(Debug, Args)]
pub struct ManifestArg {
    /// The manifest (default: `$SHARE_MANIFEST`, else `./share.yaml`).
    #[arg(value_name = "MANIFEST")]
    pub manifest: Option<PathBuf>,
}

impl ManifestArg {
    /// The manifest path after applying the defaults.
    pub fn path(&self) -> PathBuf {
        resolve_manifest(self.manifest.clone())
    }
}

/// Applies the manifest-path defaults.
pub fn resolve_manifest(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("SHARE_MANIFEST").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("share.yaml"))
}

/// Output formats of `plan`, `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Human,
    Json,
    Markdown,
}

/// Output formats of `drift`, `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Json,
    Pretty,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a manifest without AWS access: schema, references and rules.
    Validate {
        #[command(flatten)]
        manifest: ManifestArg,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Print the JSON Schema of the manifest.
    Schema,
    /// Print every document share would write, per account, without AWS access.
    Render {
        #[command(flatten)]
        manifest: ManifestArg,
        /// Only this account (its logical name in the manifest).
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RenderFormat::Pretty)]
        format: RenderFormat,
    },
    /// Compare the manifest with live AWS and show the changes.
    Plan {
        #[command(flatten)]
        manifest: ManifestArg,
        /// Save the plan to FILE, for `share apply FILE`.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Exit 0 without changes, 2 with changes, 1 on error.
        #[arg(long)]
        detailed_exitcode: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
        format: PlanFormat,
    },
    /// Show a saved plan.
    Show {
        /// The plan file written by `share plan -o`.
        #[arg(value_name = "PLANFILE")]
        plan: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
        format: PlanFormat,
    },
    /// Make the changes: from a manifest (plan, confirm, apply) or exactly a saved plan.
    Apply {
        /// A manifest, or a plan file written by `share plan -o`.
        #[arg(value_name = "MANIFEST|PLANFILE")]
        target: Option<PathBuf>,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        auto_approve: bool,
    },
    /// For cron: exit 0 in sync, 2 on drift, 1 on error.
    Drift {
        #[command(flatten)]
        manifest: ManifestArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
    /// Can this principal do this action on this object? Evaluates every policy layer.
    Check(CheckArgs),
    /// Prove that every grant works as declared and nothing more is allowed.
    Verify {
        #[command(flatten)]
        manifest: ManifestArg,
        #[command(flatten)]
        source: SourceArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
}

/// `--planned` (default) or `--live`.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Evaluate the documents share would write (its own statements, offline); the default.
    #[arg(long, conflicts_with = "live")]
    pub planned: bool,
    /// Evaluate the documents read from AWS now.
    #[arg(long)]
    pub live: bool,
}

/// Arguments of `share check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub manifest: ManifestArg,
    /// The role or user making the request (an ARN).
    #[arg(long, value_name = "ARN")]
    pub principal: String,
    /// The S3 action, e.g. `s3:GetObject`.
    #[arg(long, value_name = "ACTION")]
    pub action: String,
    /// `s3://BUCKET/KEY` (or `s3://BUCKET` for bucket actions).
    #[arg(long, value_name = "S3URL")]
    pub resource: String,
    /// The access point the request goes through (its name in the manifest).
    #[arg(long, value_name = "AP_NAME")]
    pub via: Option<String>,
    /// The VPC endpoint the request comes through (its name in the manifest).
    #[arg(long, value_name = "ENDPOINT_NAME")]
    pub through: Option<String>,
    /// The `s3:prefix` of a ListBucket request.
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}
