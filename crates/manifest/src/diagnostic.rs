//! Diagnostics: every problem found in a manifest, with where it is and what was expected.
//!
//! Validation collects diagnostics instead of stopping at the first problem (like Terraform's
//! `tfdiags`), so a user fixes a manifest in one round trip. Each one carries a stable `code`
//! that tests, the CLI's JSON output and the docs can rely on, the manifest path of the value
//! it is about (`grants[2].via`), its 1-based line and column, and a hint of what would have
//! been accepted. [`Diagnostic::render`] prints it the way rustc does, with a source snippet
//! and a caret under the offending token.

use crate::source::Source;
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is: errors make a manifest invalid, warnings do not (unless the CLI
/// runs with `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The manifest cannot be used.
    Error,
    /// The manifest is usable but probably not what was meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in the manifest text: 1-based line and 1-based column, counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem found in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the rule, e.g. `unknown-field`. See
    /// `docs/manifest.md` for the list.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The manifest path of the value concerned, e.g. `grants[2].via`.
    pub path: Option<String>,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What would have been accepted, or how to fix it.
    pub expected: Option<String>,
}

impl Diagnostic {
    /// A new error with no path, location or hint yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning with no path, location or hint yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A new diagnostic.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            path: None,
            location: None,
            expected: None,
        }
    }

    /// Sets the manifest path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets what was expected.
    pub fn expecting(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic rustc-style:
    ///
    /// ```text
    /// error[unknown-reference]: `grants[0].via` names access point `ap-x`, which is not declared
    ///   --> manifests/prod.yaml:12:10
    ///    |
    /// 12 |     via: ap-x
    ///    |          ^^^^
    ///    = expected: one of the access points in `access_points`: `test-ap-1`
    /// ```
    ///
    /// With `color`, the severity, gutter and caret use ANSI colours; without it the output is
    /// plain text (callers decide, honouring `NO_COLOR` and whether stdout is a terminal).
    pub fn render(&self, source: &Source, color: bool) -> String {
        let paint = Paint { on: color };
        let sev_style = match self.severity {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "{}{}",
            paint.wrap(sev_style, &format!("{}[{}]", self.severity, self.code)),
            paint.wrap(BOLD, &format!(": {}", self.message)),
        );
        let line_no = self.location.map(|l| l.line).unwrap_or(0);
        let width = digits(line_no.max(1));
        let pad = " ".repeat(width);
        let gutter = |s: &str| paint.wrap(BLUE, s);
        match self.location {
            Some(loc) => {
                let _ = write!(
                    out,
                    "\n{pad}{} {}:{}:{}",
                    gutter("-->"),
                    source.name,
                    loc.line,
                    loc.column
                );
                // No snippet when the text is not at hand (e.g. a file that could not be read).
                if let Some(text) = line_text(&source.text, loc.line) {
                    let (shown, caret_prefix, caret_len) = snippet(text, loc.column);
                    let _ = write!(out, "\n{pad} {}", gutter("|"));
                    let numbered = gutter(&format!("{:>width$} |", loc.line));
                    if shown.is_empty() {
                        let _ = write!(out, "\n{numbered}");
                    } else {
                        let _ = write!(out, "\n{numbered} {shown}");
                    }
                    let _ = write!(
                        out,
                        "\n{pad} {} {}{}",
                        gutter("|"),
                        caret_prefix,
                        paint.wrap(sev_style, &"^".repeat(caret_len))
                    );
                }
            }
            None => {
                let _ = write!(out, "\n{pad}{} {}", gutter("-->"), source.name);
            }
        }
        if let Some(expected) = &self.expected {
            let _ = write!(
                out,
                "\n{pad} {} {}",
                gutter("="),
                paint.wrap(BOLD, &format!("expected: {expected}"))
            );
        }
        out.push('\n');
        out
    }
}

impl std::fmt::Display for Diagnostic {
    /// A one-line form without the snippet: `error[code] at 3:5 (path): message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.severity, self.code)?;
        if let Some(loc) = self.location {
            write!(f, " at {loc}")?;
        }
        if let Some(path) = &self.path {
            write!(f, " ({path})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(e) = &self.expected {
            write!(f, " (expected: {e})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Renders every diagnostic, separated by blank lines, followed by a summary line such as
/// `manifests/prod.yaml: 2 errors, 1 warning`.
pub fn render_all(diagnostics: &[Diagnostic], source: &Source, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(source, color));
        out.push('\n');
    }
    out.push_str(&summary(diagnostics, source));
    out.push('\n');
    out
}

/// `NAME: N errors, M warnings` (or `NAME: valid`).
pub fn summary(diagnostics: &[Diagnostic], source: &Source) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => format!("{}: valid", source.name),
        (0, w) => format!("{}: valid, {}", source.name, plural(w, "warning")),
        (e, 0) => format!("{}: {}", source.name, plural(e, "error")),
        (e, w) => format!(
            "{}: {}, {}",
            source.name,
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, style: &str, s: &str) -> String {
        if self.on {
            format!("{style}{s}{RESET}")
        } else {
            s.to_owned()
        }
    }
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The text of 1-based line `line`, without its line break or a leading byte-order mark;
/// `None` when the text has no such line.
fn line_text(text: &str, line: usize) -> Option<&str> {
    if text.is_empty() {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(l.strip_suffix('\r').unwrap_or(l))
}

/// Longest snippet line shown; longer lines are cut to a window around the column.
const MAX_SNIPPET_CHARS: usize = 120;

/// The (possibly shortened) line to show, the whitespace before the caret (tabs kept so the
/// caret lines up), and the caret length.
fn snippet(line: &str, column: usize) -> (String, String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let len = token_len(&chars[col..]).max(1);
    let (start, end) = if chars.len() <= MAX_SNIPPET_CHARS {
        (0, chars.len())
    } else {
        let start = col.saturating_sub(40);
        (start, (start + MAX_SNIPPET_CHARS).min(chars.len()))
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(chars[start..end].iter().map(|&c| {
        if c.is_control() && c != '\t' {
            '\u{fffd}'
        } else {
            c
        }
    }));
    if end < chars.len() {
        shown.push('…');
    }
    let mut prefix: String = if start > 0 {
        " ".to_owned()
    } else {
        String::new()
    };
    prefix.extend(
        chars[start..col]
            .iter()
            .map(|&c| if c == '\t' { '\t' } else { ' ' }),
    );
    let len = len.min(end.saturating_sub(col).max(1));
    let shown = shown.trim_end().to_owned();
    (shown, prefix, len)
}

/// How many characters the YAML token starting at `rest` spans: a quoted scalar up to its
/// closing quote, a plain scalar up to a comment, a `: ` or the end of the line (and, inside
/// flow collections, a `,`, `]` or `}`), one character for anything else.
fn token_len(rest: &[char]) -> usize {
    match rest.first() {
        None => 1,
        Some('\'') => {
            let mut i = 1;
            while i < rest.len() {
                if rest[i] == '\'' {
                    if rest.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            rest.len()
        }
        Some('"') => {
            let mut i = 1;
            while i < rest.len() {
                match rest[i] {
                    '\\' => i += 2,
                    '"' => return i + 1,
                    _ => i += 1,
                }
            }
            rest.len()
        }
        Some('#') => 1,
        Some('-' | '[' | '{' | '?' | '|' | '>')
            if rest.get(1).is_none_or(|c| c.is_whitespace()) || matches!(rest[0], '[' | '{') =>
        {
            1
        }
        Some(_) => {
            let mut end = 0;
            let mut i = 0;
            while i < rest.len() {
                let c = rest[i];
                let next = rest.get(i + 1).copied();
                let ends_here = (c == ':'
                    && next.is_none_or(|n| n.is_whitespace() || n == ',' || n == ']' || n == '}'))
                    || (c == '#' && i > 0 && rest[i - 1].is_whitespace())
                    || matches!(c, ',' | ']' | '}');
                if ends_here {
                    break;
                }
                if !c.is_whitespace() {
                    end = i + 1;
                }
                i += 1;
            }
            end.max(1)
        }
    }
}

#[cfg(test)]
mod tests;
