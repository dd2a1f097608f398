//! The `share` manifest: parse YAML, validate it, and say exactly where it is wrong.
//!
//! The manifest is `share`'s public contract (`docs/manifest.md`): one YAML file declares
//! accounts, buckets, access points, VPC endpoints, grantees and grants. This crate turns
//! its text into a typed [`Manifest`] that later stages (compile, plan) can trust without
//! re-checking, or into the complete list of what is wrong with it, each problem located by
//! file, line and column with a snippet and what was expected.
//!
//! Loading runs in three passes so that one run reports every problem:
//!
//! 1. `yaml` parses the text into a tree that keeps positions, bounding size, depth and
//!    alias expansion so no input can exhaust memory, hang or panic;
//! 2. `walk` reads the tree against the v1 schema, collecting unknown fields, wrong types,
//!    missing fields and invalid values;
//! 3. `checks` applies the rules that need the whole manifest: references, duplicates,
//!    account ids against ARNs, ownership rules, and warnings for broad grants.
//!
//! [`json_schema`] describes the same schema for editors. Everything here is pure and
//! synchronous: no AWS, no async; the only I/O is [`Source::from_path`].

mod checks;
mod diagnostic;
mod json_schema;
mod model;
mod names;
mod source;
mod spans;
mod suggest;
mod walk;
mod yaml;

pub use diagnostic::{Diagnostic, Location, Severity, render_all, summary};
pub use json_schema::{json_schema, json_schema_pretty};
pub use model::{
    Access, AccessPoint, Account, AccountRef, Bucket, DEFAULT_REGION, Grant, Grantee, Manifest,
    ObjectOwnership, SUPPORTED_VERSION, Settings, VpcEndpoint, default_region,
};
pub use names::{AccountName, EndpointName, GranteeName};
pub use source::{MAX_MANIFEST_BYTES, Source};
pub use spans::SourceMap;
pub use yaml::{MAX_ALIAS_NODES, MAX_DEPTH};

use walk::Draft;

/// At most this many diagnostics are reported for one file; the rest are summarised in a
/// final `too-many-diagnostics` error (a file that long is rarely fixed one by one).
pub const MAX_DIAGNOSTICS: usize = 500;

/// A manifest that passed every check, with its warnings and the positions of its paths.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The manifest.
    pub manifest: Manifest,
    /// Warnings (never errors), in file order.
    pub warnings: Vec<Diagnostic>,
    /// Where each path of the manifest is written.
    pub spans: SourceMap,
}

/// Parses and validates a manifest.
///
/// On success, returns the manifest with its warnings. On failure, returns every error and
/// warning found, sorted by position. Never panics and never hangs: input over
/// [`MAX_MANIFEST_BYTES`], nested deeper than [`MAX_DEPTH`] or expanding aliases beyond
/// [`MAX_ALIAS_NODES`] is refused with a diagnostic.
pub fn load(source: &Source) -> Result<Validated, Vec<Diagnostic>> {
    if source.text.len() > MAX_MANIFEST_BYTES {
        return Err(vec![source::too_large(
            &source.name,
            source.text.len() as u64,
        )]);
    }
    let parsed = yaml::parse(&source.text);
    let mut diags = parsed.notes;
    let root = match parsed.root {
        Err(d) => {
            diags.push(d);
            return Err(finalize(diags));
        }
        Ok(None) => {
            diags.push(empty_manifest());
            return Err(finalize(diags));
        }
        Ok(Some(root)) if root.is_null() => {
            diags.push(empty_manifest().at(Some(root.start)));
            return Err(finalize(diags));
        }
        Ok(Some(root)) => root,
    };
    let mut walker = walk::Walker::new();
    let draft = walker.walk(&root);
    let clean = !walker.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut walker.diags);
    diags.extend(checks::check(&draft, &walker.spans, clean));
    let diags = finalize(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    match finish(draft) {
        Some(manifest) => Ok(Validated {
            manifest,
            warnings: diags,
            spans: walker.spans,
        }),
        None => Err(vec![Diagnostic::error(
            "internal",
            "the manifest passed validation but could not be assembled (this is a bug in share; please report it)",
        )]),
    }
}

fn empty_manifest() -> Diagnostic {
    Diagnostic::error("empty-manifest", "the manifest is empty")
        .at(Some(Location { line: 1, column: 1 }))
        .expecting(format!(
            "a mapping starting with `version: {SUPPORTED_VERSION}` (see docs/manifest.md or manifests/prod.yaml)"
        ))
}

/// Sorts diagnostics by position (unlocated first) and caps their number.
fn finalize(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    if diags.len() > MAX_DIAGNOSTICS {
        let dropped = &diags[MAX_DIAGNOSTICS..];
        let errors = dropped.iter().filter(|d| d.is_error()).count();
        // Only an error when errors were dropped: a long list of warnings stays warnings.
        let severity = if errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let more = Diagnostic::new(
            severity,
            "too-many-diagnostics",
            format!(
                "{} more problems ({errors} errors) are not shown",
                dropped.len()
            ),
        )
        .expecting("fix the problems above and run again");
        diags.truncate(MAX_DIAGNOSTICS);
        diags.push(more);
    }
    diags
}

/// Assembles the manifest from a draft that produced no errors.
fn finish(d: Draft) -> Option<Manifest> {
    let accounts = d
        .accounts
        .into_iter()
        .map(|(k, a)| {
            Some((
                k,
                Account {
                    id: a.id?,
                    region: a.region,
                    assume_role: a.assume_role,
                    external_id: a.external_id,
                    profile: a.profile,
                },
            ))
        })
        .collect::<Option<_>>()?;
    let buckets = d
        .buckets
        .into_iter()
        .map(|(k, b)| {
            Some((
                k,
                Bucket {
                    account: b.account?,
                    region: b.region,
                    create: b.create,
                    block_public_access: b.block_public_access,
                    object_ownership: b.object_ownership?,
                },
            ))
        })
        .collect::<Option<_>>()?;
    let access_points = d
        .access_points
        .into_iter()
        .map(|(k, ap)| {
            Some((
                k,
                AccessPoint {
                    bucket: ap.bucket?,
                    vpc: ap.vpc,
                },
            ))
        })
        .collect::<Option<_>>()?;
    let vpc_endpoints = d
        .vpc_endpoints
        .into_iter()
        .map(|(k, e)| {
            Some((
                k,
                VpcEndpoint {
                    account: e.account?,
                    id: e.id?,
                },
            ))
        })
        .collect::<Option<_>>()?;
    let grantees = d
        .grantees
        .into_iter()
        .map(|(k, g)| Some((k, g.grantee?)))
        .collect::<Option<_>>()?;
    let grants = d
        .grants
        .into_iter()
        .map(|g| {
            Some(Grant {
                index: g.index,
                grantee: g.grantee?,
                bucket: g.bucket?,
                access: g.access?,
                prefixes: g
                    .prefixes
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, p)| p)
                    .collect(),
                via: g.via,
                through: g.through,
            })
        })
        .collect::<Option<_>>()?;
    Some(Manifest {
        version: SUPPORTED_VERSION,
        settings: d.settings,
        accounts,
        buckets,
        access_points,
        vpc_endpoints,
        grantees,
        grants,
    })
}
