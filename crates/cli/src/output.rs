//! Terminal output: colour decisions, logging, and the one-line error format.
//!
//! Colour only on a terminal and never with `NO_COLOR` (uv's STYLE.md); never colour alone
//! carries meaning, the words do.

use crate::cli::Global;
use std::io::{IsTerminal, Write};

/// True when stdout should carry ANSI colour.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// True when stderr should carry ANSI colour.
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Logs go to stderr; `-v` shows share's progress, `-vv` debug, `RUST_LOG` overrides.
pub fn init_logging(global: &Global) {
    // Only share's own crates log by default: the SDK's warnings (e.g. a refused
    // AssumeRole) reach the user once, as share's one-line error, not as a debug dump.
    let level = if global.quiet {
        "off"
    } else {
        match global.verbose {
            0 => "off,share=warn,share_aws=warn,share_plan=warn",
            1 => "off,share=info,share_aws=info,share_plan=info",
            _ => "debug",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color_stderr())
        .without_time()
        .try_init();
}

/// Prints `error: MESSAGE` on stderr.
pub fn error(message: &str) {
    if color_stderr() {
        eprintln!("\x1b[1;31merror\x1b[0m: {message}");
    } else {
        eprintln!("error: {message}");
    }
}

/// Writes to stdout; a closed pipe (`share plan | head`) ends the output quietly, as in
/// ripgrep, instead of panicking.
pub fn stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
