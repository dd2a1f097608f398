//! `share`: the binary. Thin glue over the pipeline crates.
//!
//! It parses arguments, sets up logging and colour, runs one command and maps its outcome to
//! an exit code. Every failure reaches the user as one clear message and a non-zero exit;
//! nothing here panics on bad input.

mod cli;
mod commands;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // `--help` and `--version` go to stdout and succeed; a usage error is exit 1,
            // since 2 means "changes", "drift" or "denied" for share's commands.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 1 } else { 0 });
        }
    };
    output::init_logging(&args.global);
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            output::error(&format!("{err:#}"));
            ExitCode::from(1)
        }
    }
}
