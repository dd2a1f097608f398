//! Warnings about grants that compile but are probably broader or weaker than meant.
//!
//! The manifest crate already warns about whole-bucket grants (`whole-bucket-grant`) and
//! other rules that need only the manifest; the lints here are the ones that follow from
//! what the grant compiles to: a write on the whole bucket can overwrite or delete every
//! object, and a gateway endpoint only reaches buckets in its own region, so a grant
//! through one to a bucket elsewhere compiles to statements no request will ever match.

use crate::resolve::{Lookup, Resolved};
use share_manifest::{Access, Diagnostic, SourceMap};

/// A write grant with no prefixes.
pub const WRITE_WITHOUT_PREFIX: &str = "write-without-prefix";
/// A grant through an endpoint in another region than its bucket.
pub const ENDPOINT_REGION_MISMATCH: &str = "endpoint-region-mismatch";

/// The lints of one resolved grant.
pub(crate) fn lint(
    r: &Resolved<'_>,
    lookup: &Lookup<'_>,
    spans: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let path = r.grant.path();
    if r.access().writes() && r.scope.is_whole() {
        let what = if r.access() == Access::ReadWrite {
            "overwrite and delete"
        } else {
            "overwrite"
        };
        let at = format!("{path}.access");
        out.push(
            Diagnostic::warning(
                WRITE_WITHOUT_PREFIX,
                format!(
                    "`{path}` gives `{}` on the whole bucket `{}`: grantee `{}` can {what} any object in it",
                    r.access(),
                    r.bucket(),
                    r.grantee()
                ),
            )
            .with_path(at.clone())
            .at(spans.locate(&at).or_else(|| spans.locate(&path)))
            .expecting("`prefixes: [PREFIX/]` naming where the grantee writes, e.g. `uploads/partner/`"),
        );
    }
    if let Some((e, _)) = &r.endpoint
        && let Some((_, _, region)) = lookup.endpoint(e)
        && region != r.region
    {
        let at = format!("{path}.through");
        out.push(
                    Diagnostic::warning(
                        ENDPOINT_REGION_MISMATCH,
                        format!(
                            "`{path}` goes through endpoint `{e}` in region `{region}` (its account's) to bucket `{}` in `{}`; a gateway endpoint only reaches S3 in its own region",
                            r.bucket(),
                            r.region
                        ),
                    )
                    .with_path(at.clone())
                    .at(spans.locate(&at).or_else(|| spans.locate(&path)))
                    .expecting(format!(
                        "an endpoint in `{}`, or `region: {}` on the endpoint's account if that is where the endpoint is",
                        r.region, r.region
                    )),
                );
    }
}
