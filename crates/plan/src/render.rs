//! Rendering a plan for people: the terminal (`render_human`) and a pull-request comment
//! (`render_markdown`).
//!
//! Rendering only reads the [`Plan`]; it decides nothing (Terraform keeps `jsonformat`
//! apart from `plans` for the same reason). Documents are shown as a unified diff of their
//! pretty canonical JSON, so the reviewer sees exactly which statements change and sees the
//! statements share does not own as unchanged context around them. Colour is opt-in: the
//! caller decides (terminal, `NO_COLOR`), and no information is carried by colour alone.

use crate::apply::ApplyReport;
use crate::model::{Action, Change, Counts, Finding, Plan};
use similar::{ChangeTag, TextDiff};
use std::fmt::Write as _;

/// Documents up to this many lines are shown whole; longer ones as hunks with context.
const FULL_CONTEXT_LINES: usize = 200;
/// Context lines around each hunk of a long document.
const CONTEXT_RADIUS: usize = 6;
/// GitHub rejects comments over 65,536 characters; diffs that would take the Markdown past
/// this size are left out (their summary line stays), leaving room for the findings.
const MARKDOWN_DIFF_BUDGET: usize = 55_000;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn green(&self, t: &str) -> String {
        self.paint("32", t)
    }
    fn red(&self, t: &str) -> String {
        self.paint("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.paint("33", t)
    }
    fn magenta(&self, t: &str) -> String {
        self.paint("35", t)
    }
    fn action(&self, action: Action, t: &str) -> String {
        match action {
            Action::Create => self.green(t),
            Action::Update => self.yellow(t),
            Action::Delete => self.red(t),
            Action::Replace => self.magenta(t),
            Action::NoOp => t.to_owned(),
        }
    }
}

/// One line of a document diff.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
    /// Lines left out between hunks of a long document.
    Gap,
}

fn pretty(value: Option<&serde_json::Value>) -> String {
    match value {
        None => String::new(),
        Some(v) => format!("{v:#}\n"),
    }
}

/// The diff of a change's before and after, as lines.
fn diff_lines(change: &Change) -> Vec<DiffLine> {
    let before = pretty(change.before.as_ref());
    let after = pretty(change.after.as_ref());
    let diff = TextDiff::from_lines(&before, &after);
    let line = |tag: ChangeTag, text: &str| {
        let text = text.trim_end_matches('\n').to_owned();
        match tag {
            ChangeTag::Equal => DiffLine::Same(text),
            ChangeTag::Insert => DiffLine::Added(text),
            ChangeTag::Delete => DiffLine::Removed(text),
        }
    };
    let longest = before.lines().count().max(after.lines().count());
    if longest <= FULL_CONTEXT_LINES {
        return diff
            .iter_all_changes()
            .map(|c| line(c.tag(), c.value()))
            .collect();
    }
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(CONTEXT_RADIUS).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine::Gap);
        }
        for op in group {
            for c in diff.iter_changes(op) {
                out.push(line(c.tag(), c.value()));
            }
        }
    }
    out
}

/// `2 to create, 1 to change` for an account line; `no changes` when nothing happens.
fn counts_phrase(c: &Counts) -> String {
    let mut parts = Vec::new();
    if c.create > 0 {
        parts.push(format!("{} to create", c.create));
    }
    if c.update > 0 {
        parts.push(format!("{} to change", c.update));
    }
    if c.replace > 0 {
        parts.push(format!("{} to replace", c.replace));
    }
    if c.delete > 0 {
        parts.push(format!("{} to delete", c.delete));
    }
    if parts.is_empty() {
        "no changes".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The closing line: `Plan: 2 to create, 3 to change, 0 to delete.` (a replace counts as
/// one create and one delete, as in Terraform), or `No changes. AWS matches the manifest.`
pub fn closing_line(plan: &Plan) -> String {
    let t = &plan.summary.total;
    if t.changes() == 0 {
        "No changes. AWS matches the manifest.".to_owned()
    } else {
        format!(
            "Plan: {} to create, {} to change, {} to delete.",
            t.create + t.replace,
            t.update,
            t.delete + t.replace
        )
    }
}

fn header(change: &Change) -> String {
    format!("{} {}", change.action.symbol(), change.action.as_str())
}

fn finding_line(f: &Finding) -> String {
    match &f.address {
        Some(a) => format!("{a}: {}", f.message),
        None => f.message.clone(),
    }
}

/// The plan for a terminal: a per-account summary, each change with its reason and
/// document diff, the warnings and errors, and the closing line.
pub fn render_human(plan: &Plan, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        st.bold("share plan for"),
        st.bold(&format!("`{}`", plan.manifest.path))
    );
    if plan.has_changes() {
        out.push('\n');
        for (account, counts) in &plan.summary.by_account {
            if counts.changes() > 0 {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    plan.account_label(account),
                    counts_phrase(counts)
                );
            }
        }
    }
    for change in plan.actionable() {
        out.push('\n');
        let _ = writeln!(
            out,
            "{} {} {}",
            st.action(change.action, &header(change)),
            st.bold(&change.address.to_string()),
            st.dim(&format!("in {}", plan.account_label(&change.account)))
        );
        let _ = writeln!(out, "    {}", st.dim(&format!("# {}", change.reason)));
        if change.foreign_statements > 0 {
            let _ = writeln!(
                out,
                "    {}",
                st.dim(&format!(
                    "# {} statement(s) share does not own: kept unchanged",
                    change.foreign_statements
                ))
            );
        }
        if !change.depends_on.is_empty() {
            let deps: Vec<String> = change.depends_on.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "    {}",
                st.dim(&format!("# after {}", deps.join(", ")))
            );
        }
        for line in diff_lines(change) {
            let _ = match line {
                DiffLine::Same(t) => writeln!(out, "      {t}"),
                DiffLine::Added(t) => writeln!(out, "    {}", st.green(&format!("+ {t}"))),
                DiffLine::Removed(t) => writeln!(out, "    {}", st.red(&format!("- {t}"))),
                DiffLine::Gap => writeln!(out, "      {}", st.dim("…")),
            };
        }
    }
    if !plan.warnings.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", st.yellow(&st.bold("Warnings:")));
        for w in &plan.warnings {
            let _ = writeln!(out, "  {} {}", st.yellow("!"), finding_line(w));
        }
    }
    if !plan.errors.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            st.red(&st.bold("Errors (the plan cannot be applied until they are fixed):"))
        );
        for e in &plan.errors {
            let _ = writeln!(out, "  {} {}", st.red("x"), finding_line(e));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", st.bold(&closing_line(plan)));
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Inline code that survives backticks in the text.
fn code(s: &str) -> String {
    let longest = longest_backtick_run(s);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The plan as Markdown for a pull-request comment: the closing line, a summary table per
/// account, a collapsible `<details>` per changed resource with its diff, the warnings and
/// errors.
pub fn render_markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### share plan for {}", code(&plan.manifest.path));
    out.push('\n');
    let _ = writeln!(out, "**{}**", closing_line(plan));
    if !plan.errors.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "**{} error(s): this plan cannot be applied until they are fixed.**",
            plan.errors.len()
        );
    }
    if plan.has_changes() {
        out.push('\n');
        out.push_str("| Account | Create | Change | Replace | Delete |\n");
        out.push_str("|---|---:|---:|---:|---:|\n");
        for (account, c) in &plan.summary.by_account {
            if c.changes() > 0 {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    escape_html(&plan.account_label(account)),
                    c.create,
                    c.update,
                    c.replace,
                    c.delete
                );
            }
        }
    }
    let mut diffs_left_out = 0;
    for change in plan.actionable() {
        out.push('\n');
        out.push_str("<details>\n");
        let _ = writeln!(
            out,
            "<summary><code>{}</code> <code>{}</code>: {}</summary>",
            escape_html(&header(change)),
            escape_html(&change.address.to_string()),
            escape_html(&change.reason)
        );
        out.push('\n');
        if change.foreign_statements > 0 {
            let _ = writeln!(
                out,
                "{} statement(s) share does not own: kept unchanged.\n",
                change.foreign_statements
            );
        }
        let lines: Vec<String> = diff_lines(change)
            .into_iter()
            .map(|l| match l {
                DiffLine::Same(t) => format!("  {t}"),
                DiffLine::Added(t) => format!("+ {t}"),
                DiffLine::Removed(t) => format!("- {t}"),
                DiffLine::Gap => "  …".to_owned(),
            })
            .collect();
        let body = lines.join("\n");
        if out.len() + body.len() > MARKDOWN_DIFF_BUDGET {
            diffs_left_out += 1;
            out.push_str(
                "Diff left out to fit a pull-request comment; see `share show PLANFILE`.\n",
            );
        } else {
            let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
            let _ = writeln!(out, "{fence}diff\n{body}\n{fence}");
        }
        out.push('\n');
        out.push_str("</details>\n");
    }
    if diffs_left_out > 0 {
        out.push('\n');
        let _ = writeln!(
            out,
            "_{diffs_left_out} diff(s) left out to stay under the comment size limit._"
        );
    }
    for (title, findings) in [("Warnings", &plan.warnings), ("Errors", &plan.errors)] {
        if findings.is_empty() {
            continue;
        }
        out.push('\n');
        let _ = writeln!(out, "#### {title}");
        out.push('\n');
        for f in findings {
            match &f.address {
                Some(a) => {
                    let _ = writeln!(out, "- {}: {}", code(a), escape_html(&f.message));
                }
                None => {
                    let _ = writeln!(out, "- {}", escape_html(&f.message));
                }
            }
        }
    }
    out
}

/// The final summary of an apply: what was applied, what failed and why, what was skipped
/// and why, and a closing line.
pub fn render_apply_report(report: &ApplyReport, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    if !report.applied.is_empty() {
        let _ = writeln!(out, "{}", st.bold("Applied:"));
        for a in &report.applied {
            let _ = writeln!(
                out,
                "  {} {}",
                st.action(a.action, &format!("{} {}", a.action.symbol(), a.action)),
                a.address
            );
        }
    }
    if !report.failed.is_empty() {
        let _ = writeln!(out, "{}", st.red(&st.bold("Failed:")));
        for f in &report.failed {
            let _ = writeln!(
                out,
                "  {} {} ({}): {}",
                st.red("x"),
                f.address,
                f.action,
                f.error
            );
        }
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "{}", st.yellow(&st.bold("Skipped:")));
        for s in &report.skipped {
            let _ = writeln!(
                out,
                "  {} {} ({}): {}",
                st.yellow("-"),
                s.address,
                s.action,
                s.reason
            );
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    if report.is_success() {
        let _ = writeln!(
            out,
            "{}",
            st.bold(&format!("Apply complete: {}", report.summary_line()))
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            st.red(&st.bold(&format!("Apply incomplete: {}", report.summary_line())))
        );
        let _ = writeln!(
            out,
            "Run `share plan` again: what was applied shows as done, the rest is planned anew."
        );
    }
    out
}
