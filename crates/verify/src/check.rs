//! `check`: one request, every layer, and the statement that decided each.
//!
//! The question a platform engineer asks before (or instead of) reading four policies:
//! "can this role read this key through this access point from this VPC endpoint, and
//! why?". The manifest supplies what a bare ARN cannot: the bucket's owner, the access
//! point's account, region and VPC, the endpoint's id — and which identity policies share
//! knows. Names are the manifest's (`--via test-ap-1`, `--through ml-gateway`), so a typo
//! is an error rather than a silent "denied".

use crate::documents::{Documents, IdentitySide, Mode};
use crate::model::Model;
use crate::report::describe_request;
use serde::Serialize;
use share_evaluate::{Action, Decision, Evaluation, Principal, Request, RequestError, evaluate};
use share_manifest::{EndpointName, Manifest};
use share_types::{AccessPointName, AccountId};
use std::fmt::Write as _;

/// The request, as `share check` takes it on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckRequest {
    /// A role, user or assumed-role session ARN.
    pub principal: String,
    /// `s3:GetObject`, …
    pub action: String,
    /// `s3://BUCKET[/KEY]`; for listing actions the key part is the `s3:prefix`.
    pub resource: String,
    /// An access point of the manifest.
    pub via: Option<String>,
    /// A VPC endpoint of the manifest, by its name there.
    pub through: Option<String>,
    /// The `s3:prefix` of a listing.
    pub prefix: Option<String>,
}

/// Why a request cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The principal, action or resource is malformed.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The bucket is not one of the manifest's.
    #[error(
        "bucket `{bucket}` is not in the manifest; share checks the buckets it manages: {known}"
    )]
    UnknownBucket {
        /// The bucket asked for.
        bucket: String,
        /// The manifest's buckets.
        known: String,
    },
    /// The access point is not one of the manifest's.
    #[error("access point `{name}` is not in the manifest's `access_points`{known}")]
    UnknownAccessPoint {
        /// The name asked for.
        name: String,
        /// The manifest's access points, as a hint.
        known: String,
    },
    /// The access point serves another bucket.
    #[error("access point `{name}` serves bucket `{serves}`, not `{bucket}`")]
    WrongBucket {
        /// The access point.
        name: String,
        /// Its bucket.
        serves: String,
        /// The bucket of `--resource`.
        bucket: String,
    },
    /// The endpoint is not one of the manifest's.
    #[error("endpoint `{name}` is not in the manifest's `vpc_endpoints`{known}")]
    UnknownEndpoint {
        /// The name asked for.
        name: String,
        /// The manifest's endpoints, as a hint.
        known: String,
    },
    /// `--prefix` with an action that does not list.
    #[error(
        "`--prefix` is the `s3:prefix` of a listing; `{0}` does not list (put the key in `--resource s3://BUCKET/KEY`)"
    )]
    PrefixNotListing(String),
    /// The prefix is given twice, differently.
    #[error(
        "the listing prefix is given twice: `{uri}` in `--resource` and `{flag}` in `--prefix`; give one"
    )]
    PrefixTwice {
        /// From the URI.
        uri: String,
        /// From the flag.
        flag: String,
    },
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Planned or live documents.
    pub mode: Mode,
    /// The request in one line.
    pub request: String,
    /// How the principal's identity side was judged.
    pub identity: IdentitySide,
    /// The decision and every layer's report.
    pub evaluation: Evaluation,
    /// What was assumed.
    pub notes: Vec<String>,
}

impl CheckReport {
    /// The decision.
    pub fn decision(&self) -> &Decision {
        &self.evaluation.decision
    }

    /// `ALLOWED`/`DENIED …`, the request, then one line per layer naming the statements
    /// that decided it.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.evaluation.decision);
        let _ = writeln!(out, "  request: {}", self.request);
        let _ = writeln!(out, "  evaluated over {}", self.mode.describe());
        for l in &self.evaluation.layers {
            let _ = writeln!(out, "  {l}");
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        out
    }
}

const LISTING: [&str; 3] = [
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
];

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<String> = it.map(|n| format!("`{n}`")).collect();
    if all.is_empty() {
        " (it declares none)".to_owned()
    } else {
        format!(" (it declares {})", all.join(", "))
    }
}

/// Builds the request `input` describes, with what the manifest knows about its bucket,
/// access point and endpoint, and evaluates it over `docs`.
pub fn check(
    manifest: &Manifest,
    docs: &Documents,
    input: &CheckRequest,
) -> Result<CheckReport, CheckError> {
    let model = Model::new(manifest);
    let principal = Principal::parse(&input.principal)?;
    let action = Action::parse(&input.action)?;
    let placeholder: AccountId = principal.account();
    let mut request = Request::for_s3_uri(
        principal.clone(),
        action.clone(),
        &input.resource,
        placeholder,
    )?;
    let Some((owner, _)) = model.bucket_home(&request.bucket) else {
        return Err(CheckError::UnknownBucket {
            bucket: request.bucket.to_string(),
            known: manifest
                .buckets
                .keys()
                .map(|b| format!("`{b}`"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    request.bucket_owner = owner;

    if let Some(flag) = &input.prefix {
        if !LISTING.iter().any(|a| action.is(a)) {
            return Err(CheckError::PrefixNotListing(action.to_string()));
        }
        match crate::oracle::request_prefix(&request) {
            Some(uri) if uri != flag => {
                return Err(CheckError::PrefixTwice {
                    uri: uri.to_owned(),
                    flag: flag.clone(),
                });
            }
            _ => request = request.with_prefix(flag.clone()),
        }
    }

    let mut notes = Vec::new();
    let mut ap_vpc = None;
    if let Some(name) = &input.via {
        let unknown = || CheckError::UnknownAccessPoint {
            name: name.clone(),
            known: names(manifest.access_points.keys().map(AccessPointName::as_str)),
        };
        let parsed = AccessPointName::parse(name).map_err(|_| unknown())?;
        let declared = manifest.access_points.get(&parsed).ok_or_else(unknown)?;
        if declared.bucket != request.bucket {
            return Err(CheckError::WrongBucket {
                name: name.clone(),
                serves: declared.bucket.to_string(),
                bucket: request.bucket.to_string(),
            });
        }
        let ap = model.access_point(&parsed, docs).ok_or_else(unknown)?;
        if let Some(share_evaluate::NetworkOrigin::Vpc(v)) = &ap.network_origin {
            ap_vpc = Some(v.clone());
        }
        if docs.access_points.get(&parsed).is_some_and(|a| !a.exists) {
            notes.push(format!("access point `{name}` does not exist"));
        }
        request = request.via(ap);
    }
    if let Some(name) = &input.through {
        let unknown = || CheckError::UnknownEndpoint {
            name: name.clone(),
            known: names(manifest.vpc_endpoints.keys().map(EndpointName::as_str)),
        };
        let parsed = EndpointName::parse(name).map_err(|_| unknown())?;
        let declared = manifest.vpc_endpoints.get(&parsed).ok_or_else(unknown)?;
        let endpoint = model.endpoint(&declared.id, docs, ap_vpc.as_ref(), &mut notes);
        request = request.through(endpoint);
    }

    let identity = docs.identity_side(principal.identity());
    if identity == IdentitySide::Assumed {
        notes.push(format!(
            "share writes no identity policy for `{}`: its identity side is assumed to allow, so only the resource side is judged",
            principal.identity()
        ));
    }
    notes.extend(docs.notes.iter().cloned());
    let evaluation = evaluate(&request, &docs.policies(&request, identity));
    Ok(CheckReport {
        mode: docs.mode,
        request: describe_request(&request, &model.endpoints),
        identity,
        evaluation,
        notes,
    })
}
