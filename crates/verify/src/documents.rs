//! The documents of every layer, in one shape for both sources: planned and live.
//!
//! `--planned` judges what share would write (its compiled statements, nothing else);
//! `--live` judges what AWS holds now (share's statements and everyone else's, the identity's
//! other inline policies, the real VPC of each endpoint and access point). Turning both into
//! the same [`Documents`] keeps everything downstream — probes, expectations, the report —
//! unaware of where the documents came from, and lets tests mutate a document and verify
//! again.

use serde::Serialize;
use share_evaluate::{IdentityPolicies, Policies, Request};
use share_policy::{Document, PolicyError, is_owned};
use share_state::{DesiredState, ObservedState};
use share_types::{
    AccessPointName, BucketName, PolicyName, PrincipalArn, SidPrefix, VpcEndpointId, VpcId,
};
use std::collections::BTreeMap;

/// Where the documents come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The documents share would write: its compiled statements only.
    Planned,
    /// The documents read from AWS.
    Live,
}

impl Mode {
    /// `planned documents (what share would write)` or `live documents (read from AWS)`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Planned => "planned documents (what share would write)",
            Self::Live => "live documents (read from AWS)",
        }
    }
}

/// An access point's policy and network origin.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessPointDocs {
    /// False when the access point does not exist (live mode).
    pub exists: bool,
    /// Its VPC; `None` is internet origin.
    pub vpc: Option<VpcId>,
    /// Its policy; `None` allows nothing.
    pub policy: Option<Document>,
}

/// A VPC endpoint's policy and VPC.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointDocs {
    /// Its VPC, when known (live mode).
    pub vpc: Option<VpcId>,
    /// Its policy; `None` is AWS's default full-access policy.
    pub policy: Option<Document>,
}

/// Every document the layers of a request can involve.
#[derive(Debug, Clone, PartialEq)]
pub struct Documents {
    /// Planned or live.
    pub mode: Mode,
    /// Statements whose Sid starts with this are share's.
    pub sid_prefix: SidPrefix,
    /// The inline policy share owns on grantee identities.
    pub policy_name: PolicyName,
    /// Bucket policies; `None` allows nothing.
    pub buckets: BTreeMap<BucketName, Option<Document>>,
    /// Access points.
    pub access_points: BTreeMap<AccessPointName, AccessPointDocs>,
    /// Endpoints share manages.
    pub endpoints: BTreeMap<VpcEndpointId, EndpointDocs>,
    /// The inline policies (name, document) of every identity whose identity side is known:
    /// the roles and users share writes an inline policy for.
    pub identities: BTreeMap<PrincipalArn, Vec<(String, Document)>>,
    /// What is missing in AWS or could not be read (live mode), one sentence each.
    pub notes: Vec<String>,
}

/// A live document that does not parse as a policy.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{document} does not parse as a policy: {error}")]
pub struct DocumentError {
    /// Which document, e.g. ``the bucket policy of `test-bucket-1` ``.
    pub document: String,
    /// Why.
    pub error: PolicyError,
}

fn doc(statements: &[share_policy::Statement]) -> Option<Document> {
    (!statements.is_empty()).then(|| Document::new(statements.to_vec()))
}

impl Documents {
    /// The documents share would write for `desired`: its statements only, under
    /// `Version 2012-10-17`. A resource policy with no statement of share's is absent; an
    /// endpoint without share's statements keeps AWS's default policy.
    pub fn planned(desired: &DesiredState) -> Self {
        Self {
            mode: Mode::Planned,
            sid_prefix: desired.sid_prefix.clone(),
            policy_name: desired.policy_name.clone(),
            buckets: desired
                .buckets
                .iter()
                .map(|(name, b)| (name.clone(), doc(&b.statements)))
                .collect(),
            access_points: desired
                .access_points
                .iter()
                .map(|(name, ap)| {
                    (
                        name.clone(),
                        AccessPointDocs {
                            exists: true,
                            vpc: ap.vpc.clone(),
                            policy: doc(&ap.statements),
                        },
                    )
                })
                .collect(),
            endpoints: desired
                .endpoints
                .iter()
                .map(|(id, e)| {
                    (
                        id.clone(),
                        EndpointDocs {
                            vpc: None,
                            policy: doc(&e.statements),
                        },
                    )
                })
                .collect(),
            identities: desired
                .identities
                .iter()
                .map(|(arn, i)| {
                    let docs = i
                        .document
                        .iter()
                        .map(|d| (desired.policy_name.to_string(), d.clone()))
                        .collect();
                    (arn.clone(), docs)
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    /// The documents AWS holds for the resources of `desired`, as read into `observed`.
    /// Every document that does not parse is an error: a policy share cannot fully read
    /// proves nothing.
    pub fn live(
        desired: &DesiredState,
        observed: &ObservedState,
    ) -> Result<Self, Vec<DocumentError>> {
        let mut errors = Vec::new();
        let mut notes = Vec::new();
        let mut parse = |what: String, text: &str| match Document::parse(text) {
            Ok(d) => Some(d),
            Err(error) => {
                errors.push(DocumentError {
                    document: what,
                    error,
                });
                None
            }
        };

        let mut buckets = BTreeMap::new();
        for name in desired.buckets.keys() {
            let policy = match observed.buckets.get(name) {
                Some(b) if b.exists => b
                    .policy
                    .as_deref()
                    .and_then(|t| parse(format!("the bucket policy of `{name}`"), t)),
                _ => {
                    notes.push(format!("bucket `{name}` does not exist"));
                    None
                }
            };
            buckets.insert(name.clone(), policy);
        }

        let mut access_points = BTreeMap::new();
        for (name, ap) in &desired.access_points {
            let docs = match observed
                .access_points
                .get(&(ap.account.clone(), name.clone()))
            {
                Some(live) => AccessPointDocs {
                    exists: true,
                    vpc: live.vpc.clone(),
                    policy: live
                        .policy
                        .as_deref()
                        .and_then(|t| parse(format!("the policy of access point `{name}`"), t)),
                },
                None => {
                    notes.push(format!(
                        "access point `{name}` does not exist in account {}",
                        ap.account
                    ));
                    AccessPointDocs {
                        exists: false,
                        vpc: ap.vpc.clone(),
                        policy: None,
                    }
                }
            };
            access_points.insert(name.clone(), docs);
        }

        let mut endpoints = BTreeMap::new();
        for id in desired.endpoints.keys() {
            let docs = match observed.endpoints.get(id) {
                Some(e) if e.exists => EndpointDocs {
                    vpc: e.vpc.clone(),
                    policy: e
                        .policy
                        .as_deref()
                        .and_then(|t| parse(format!("the policy of endpoint `{id}`"), t)),
                },
                _ => {
                    notes.push(format!(
                        "endpoint `{id}` does not exist: nothing can come through it"
                    ));
                    EndpointDocs {
                        vpc: None,
                        // No endpoint: nothing passes (an empty policy allows nothing).
                        policy: Some(Document::new(Vec::new())),
                    }
                }
            };
            endpoints.insert(id.clone(), docs);
        }

        let mut identities = BTreeMap::new();
        for arn in desired.identities.keys() {
            let mut docs = Vec::new();
            match observed.identities.get(arn) {
                Some(i) if i.exists => {
                    for (policy, text) in &i.inline_policies {
                        if let Some(d) =
                            parse(format!("the inline policy `{policy}` of `{arn}`"), text)
                        {
                            docs.push((policy.clone(), d));
                        }
                    }
                }
                _ => notes.push(format!("`{arn}` does not exist")),
            }
            identities.insert(arn.clone(), docs);
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            mode: Mode::Live,
            sid_prefix: desired.sid_prefix.clone(),
            policy_name: desired.policy_name.clone(),
            buckets,
            access_points,
            endpoints,
            identities,
            notes,
        })
    }

    /// The policies of every layer of `request`, with the identity side as `identity` says.
    pub(crate) fn policies<'d>(
        &'d self,
        request: &Request,
        identity: IdentitySide,
    ) -> Policies<'d> {
        let mut p = Policies::new();
        match identity {
            IdentitySide::Known => {
                let list = self
                    .identities
                    .get(request.principal.identity())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                for (name, d) in list {
                    p = p.identity(name.clone(), d);
                }
            }
            IdentitySide::Empty => p.identity = IdentityPolicies::Known(Vec::new()),
            IdentitySide::Assumed => p = p.identity_assumed_to_allow(),
        }
        if let Some(d) = self.buckets.get(&request.bucket).and_then(Option::as_ref) {
            p = p.bucket(d);
        }
        if let Some(d) = request
            .access_point
            .as_ref()
            .and_then(|ap| self.access_points.get(&ap.name))
            .and_then(|ap| ap.policy.as_ref())
        {
            p = p.access_point(d);
        }
        if let Some(d) = request
            .endpoint
            .as_ref()
            .and_then(|e| self.endpoints.get(&e.id))
            .and_then(|e| e.policy.as_ref())
        {
            p = p.endpoint(d);
        }
        p
    }

    /// The identity side of `principal`: known when share writes its inline policy.
    pub(crate) fn identity_side(&self, principal: &PrincipalArn) -> IdentitySide {
        if self.identities.contains_key(principal) {
            IdentitySide::Known
        } else {
            IdentitySide::Assumed
        }
    }

    /// True when a statement, as the evaluator names it, is one of share's: in share's
    /// inline policy, or a resource-policy statement whose Sid carries the prefix.
    pub(crate) fn is_share(&self, statement: &share_evaluate::StatementRef) -> bool {
        match statement.policy.strip_prefix("identity policy ") {
            Some(name) => name.trim_matches('`') == self.policy_name.as_str(),
            None => is_owned(statement.sid.as_deref(), self.sid_prefix.as_str()),
        }
    }
}

/// What is known about a probe principal's identity policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentitySide {
    /// Its inline policies are in [`Documents::identities`] (share writes one of them).
    Known,
    /// It has no identity policy (a synthetic principal in the bucket owner's account).
    Empty,
    /// Not known: assumed to allow, so that the resource side alone is judged.
    Assumed,
}
