//! Prints `share render` output for a manifest: `cargo run -p share-compile --example render -- FILE [json]`.
//!
//! A development aid for reviewing compiled documents without the CLI.

use share_compile::{RenderFormat, compile, render};
use share_manifest::{Source, load, render_all};
use std::path::Path;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: render FILE [json]");
        return std::process::ExitCode::FAILURE;
    };
    let format = if args.get(2).map(String::as_str) == Some("json") {
        RenderFormat::Json
    } else {
        RenderFormat::Pretty
    };
    let source = match Source::from_path(Path::new(path)) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match load(&source) {
        Ok(v) => {
            let c = compile(&v);
            print!("{}", render(&c.desired, &v.manifest, None, format));
            for d in &c.diagnostics {
                eprint!("{}", d.render(&source, false));
            }
            std::process::ExitCode::SUCCESS
        }
        Err(ds) => {
            eprint!("{}", render_all(&ds, &source, false));
            std::process::ExitCode::FAILURE
        }
    }
}
