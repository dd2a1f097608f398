//! The compiler: a validated manifest in, the exact documents AWS should hold out.
//!
//! This is the pure middle of the pipeline (design: "manifest → compile → desired state").
//! It decides what every grant means in AWS terms — which statements in which bucket,
//! access point, endpoint and identity policy, with which actions, resources, principals
//! and conditions — and nothing else: no AWS calls, no knowledge of what is live. Keeping
//! that decision in one deterministic function is what makes `share render` reviewable,
//! snapshots meaningful and a second `plan` after `apply` empty.
//!
//! The shapes are documented with their sources in `docs/compiled-policies.md`; the action
//! sets are [`action_set`].

mod actions;
mod arns;
mod documents;
mod limits;
mod lints;
mod render;
mod resolve;
mod statements;

pub use actions::action_set;
pub use limits::{POLICY_TOO_LARGE, measure};
pub use lints::{ENDPOINT_REGION_MISMATCH, WRITE_WITHOUT_PREFIX};
pub use render::{RenderFormat, render};

use documents::Built;
use resolve::Lookup;
use share_manifest::{Diagnostic, Grantee, Manifest, SourceMap, Validated};
use share_policy::{Document, DocumentKind};
use share_state::{
    Address, DesiredAccessPoint, DesiredBucket, DesiredEndpoint, DesiredIdentity, DesiredState,
    ObjectOwnership, PublicAccessBlock,
};
use share_types::PrincipalKind;
use std::collections::{BTreeMap, BTreeSet};

/// The result of compiling a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// What AWS should hold: every declared bucket, access point and endpoint with the
    /// statements share owns in its policy, and the inline policy of every managed grantee.
    pub desired: DesiredState,
    /// Problems found while compiling: documents over their size limit (errors, at the
    /// grants that fill them) and lints (warnings). The manifest's own warnings stay in
    /// [`Validated::warnings`].
    pub diagnostics: Vec<Diagnostic>,
    /// For each policy address, the manifest indices of the grants behind its statements,
    /// so a plan can say which grants a change comes from.
    pub contributors: BTreeMap<Address, BTreeSet<usize>>,
}

impl Compiled {
    /// True when a diagnostic is an error: the desired state must not be applied.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles a validated manifest.
pub fn compile(validated: &Validated) -> Compiled {
    compile_manifest(&validated.manifest, &validated.spans)
}

/// Compiles a manifest whose positions are in `spans` (use `SourceMap::default()` for a
/// manifest built in code: diagnostics then have a path but no line).
pub fn compile_manifest(manifest: &Manifest, spans: &SourceMap) -> Compiled {
    let lookup = Lookup { manifest };
    let mut diagnostics = Vec::new();
    let sid_prefix = manifest.settings.sid_prefix.as_str();

    let mut resolved = Vec::with_capacity(manifest.grants.len());
    for grant in &manifest.grants {
        match lookup.resolve(grant, spans) {
            Ok(r) => resolved.push(r),
            Err(d) => diagnostics.push(d),
        }
    }
    for r in &resolved {
        lints::lint(r, &lookup, spans, &mut diagnostics);
    }

    let mut docs = documents::build(sid_prefix, &resolved);
    let mut desired = DesiredState {
        sid_prefix: manifest.settings.sid_prefix.clone(),
        policy_name: manifest.settings.policy_name.clone(),
        ..DesiredState::default()
    };
    let mut contributors = BTreeMap::new();
    let mut record = |address: Address, built: &Built| {
        if !built.grants.is_empty() {
            contributors.insert(address, built.grants.clone());
        }
    };

    for (name, bucket) in &manifest.buckets {
        let Some((owner, region)) = lookup.bucket(name) else {
            continue;
        };
        let built = docs.buckets.remove(name).unwrap_or_default();
        let doc = Document::new(built.statements.clone());
        limits::check(
            DocumentKind::BucketPolicy,
            &format!("the bucket policy of `{name}`"),
            &doc,
            &built.grants,
            spans,
            &mut diagnostics,
        );
        record(
            Address::BucketPolicy {
                account: owner.id.clone(),
                region: region.clone(),
                bucket: name.clone(),
            },
            &built,
        );
        desired.buckets.insert(
            name.clone(),
            DesiredBucket {
                account: owner.id.clone(),
                region,
                create: bucket.create,
                public_access_block: PublicAccessBlock::all(bucket.block_public_access),
                object_ownership: ownership(bucket.object_ownership),
                statements: built.statements,
            },
        );
    }

    for (name, ap) in &manifest.access_points {
        let Some((owner, region)) = lookup.bucket(&ap.bucket) else {
            continue;
        };
        let built = docs.access_points.remove(name).unwrap_or_default();
        let doc = Document::new(built.statements.clone());
        limits::check(
            DocumentKind::AccessPointPolicy,
            &format!("the policy of access point `{name}`"),
            &doc,
            &built.grants,
            spans,
            &mut diagnostics,
        );
        record(
            Address::AccessPointPolicy {
                account: owner.id.clone(),
                region: region.clone(),
                name: name.clone(),
            },
            &built,
        );
        desired.access_points.insert(
            name.clone(),
            DesiredAccessPoint {
                account: owner.id.clone(),
                region,
                bucket: ap.bucket.clone(),
                vpc: ap.vpc.clone(),
                statements: built.statements,
            },
        );
    }

    for name in manifest.vpc_endpoints.keys() {
        let Some((id, account, region)) = lookup.endpoint(name) else {
            continue;
        };
        let built = docs.endpoints.remove(name).unwrap_or_default();
        let doc = Document::new(built.statements.clone());
        limits::check(
            DocumentKind::EndpointPolicy,
            &format!("the policy of endpoint `{name}` ({id})"),
            &doc,
            &built.grants,
            spans,
            &mut diagnostics,
        );
        record(
            Address::EndpointPolicy {
                account: account.id.clone(),
                region: region.clone(),
                endpoint: id.clone(),
            },
            &built,
        );
        desired.endpoints.insert(
            id,
            DesiredEndpoint {
                account: account.id.clone(),
                region,
                statements: built.statements,
            },
        );
    }

    for (name, grantee) in &manifest.grantees {
        let arn = match grantee {
            Grantee::Role(arn) | Grantee::User(arn) => arn,
            Grantee::Account(_) => continue,
        };
        if manifest.managed_account_of(name).is_none() || desired.identities.contains_key(arn) {
            continue;
        }
        let built = docs.identities.remove(arn).unwrap_or_default();
        let kind = match arn.kind() {
            PrincipalKind::Role => DocumentKind::RoleInline,
            PrincipalKind::User => DocumentKind::UserInline,
        };
        let document = if built.statements.is_empty() {
            None
        } else {
            let doc = Document::new(built.statements.clone());
            limits::check(
                kind,
                &format!(
                    "the inline policy `{}` of {} `{arn}`",
                    manifest.settings.policy_name,
                    arn.kind().as_str()
                ),
                &doc,
                &built.grants,
                spans,
                &mut diagnostics,
            );
            Some(doc)
        };
        record(
            Address::IdentityPolicy {
                principal: arn.clone(),
                policy_name: manifest.settings.policy_name.clone(),
            },
            &built,
        );
        desired
            .identities
            .insert(arn.clone(), DesiredIdentity { document });
    }

    diagnostics.sort_by(|a, b| {
        (a.location, &a.path, a.code, &a.message).cmp(&(b.location, &b.path, b.code, &b.message))
    });
    Compiled {
        desired,
        diagnostics,
        contributors,
    }
}

/// The state crate's spelling of the manifest's object ownership.
fn ownership(o: share_manifest::ObjectOwnership) -> ObjectOwnership {
    match o {
        share_manifest::ObjectOwnership::BucketOwnerEnforced => {
            ObjectOwnership::BucketOwnerEnforced
        }
        share_manifest::ObjectOwnership::BucketOwnerPreferred => {
            ObjectOwnership::BucketOwnerPreferred
        }
        share_manifest::ObjectOwnership::ObjectWriter => ObjectOwnership::ObjectWriter,
    }
}
