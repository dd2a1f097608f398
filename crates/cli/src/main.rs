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
    let args = cli::Cli::parse();
    output::init_logging(&args.global);
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            output::error(&format!("{err:#}"));
            ExitCode::from(1)
        }
    }
}
