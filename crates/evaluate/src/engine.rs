//! The decision: every layer's policies against the request, combined the way AWS does.
//!
//! The rules, each from the AWS documentation (docs/evaluation.md has the full argument):
//!
//! 1. **An explicit deny anywhere wins** — "An explicit deny in any policy overrides any
//!    allows" (IAM User Guide, "Policy evaluation logic").
//! 2. **Same account: identity OR resource** — "If an action is allowed by an
//!    identity-based policy, a resource-based policy, or both, then AWS allows the action"
//!    (IAM User Guide, "Policy evaluation logic"). A resource policy that names only the
//!    caller's *account* delegates instead of granting ("AWS JSON policy elements:
//!    Principal"), so within the account it does not allow on its own.
//! 3. **Cross account: identity AND resource** — "the identity-based policy … and the
//!    resource-based policy … must both allow" (IAM User Guide, "Cross-account policy
//!    evaluation logic").
//! 4. **Through an access point: the access point AND the bucket** — "both the access point
//!    and the underlying bucket must permit the request" (S3 User Guide, "Configuring IAM
//!    policies for using access points"). Each of the two is a resource gate with rules 2
//!    and 3, judged against its owner's account. The access point policy and the identity
//!    policies see the access-point-form ARN, the bucket policy the bucket form.
//! 5. **Through a VPC endpoint: the endpoint policy too** — it "does not override or replace
//!    identity-based policies or resource-based policies" (VPC User Guide, "Control access
//!    to VPC endpoints using endpoint policies"); through an access point it must allow
//!    "both the access point and the underlying bucket" (S3 User Guide, "Creating access
//!    points restricted to a virtual private cloud"). No endpoint policy means the default
//!    full-access policy.
//! 6. **A VPC-origin access point rejects requests from elsewhere** (same S3 page); this is
//!    reported as an explicit deny of the `access point network` layer.
//!
//! Unknowns propagate (see `logic.rs`): the result is `CannotDecide` only when the unknown
//! could change allowed into denied or back.

use crate::condition::{Facts, KeyState};
use crate::logic::Tri;
use crate::request::{ContextValue, NetworkOrigin, Principal, Request};
use crate::statement::{self, Applies, Scope, Target};
use serde::Serialize;
use share_policy::{Document, Effect};
use std::fmt;

/// A policy document with the name it is reported under (an inline policy's name, say).
#[derive(Debug, Clone)]
pub struct NamedPolicy<'a> {
    /// The name shown in reports.
    pub name: String,
    /// The document.
    pub document: &'a Document,
}

/// What is known about the principal's identity policies.
#[derive(Debug, Clone)]
pub enum IdentityPolicies<'a> {
    /// These are the principal's identity policies; nothing else allows or denies.
    Known(Vec<NamedPolicy<'a>>),
    /// Nothing is known: the identity side is undecidable.
    Unknown,
    /// Judge the resource side only: the identity side is taken to allow and never deny
    /// (for grantees in accounts `share` does not manage).
    AssumeAllow,
}

impl Default for IdentityPolicies<'_> {
    fn default() -> Self {
        Self::Known(Vec::new())
    }
}

/// The policies of every layer. An absent bucket or access point policy allows nothing; an
/// absent endpoint policy is the default full-access policy.
#[derive(Debug, Clone, Default)]
pub struct Policies<'a> {
    /// The principal's identity policies.
    pub identity: IdentityPolicies<'a>,
    /// The bucket policy.
    pub bucket: Option<&'a Document>,
    /// The access point policy (used only for requests through the access point).
    pub access_point: Option<&'a Document>,
    /// The VPC endpoint policy (used only for requests through the endpoint).
    pub endpoint: Option<&'a Document>,
}

impl<'a> Policies<'a> {
    /// No policies at all.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an identity policy (and makes the identity side `Known`).
    pub fn identity(mut self, name: impl Into<String>, document: &'a Document) -> Self {
        let named = NamedPolicy {
            name: name.into(),
            document,
        };
        match &mut self.identity {
            IdentityPolicies::Known(list) => list.push(named),
            other => *other = IdentityPolicies::Known(vec![named]),
        }
        self
    }

    /// Marks the identity side as unknown.
    pub fn identity_unknown(mut self) -> Self {
        self.identity = IdentityPolicies::Unknown;
        self
    }

    /// Judges the resource side only (see [`IdentityPolicies::AssumeAllow`]).
    pub fn identity_assumed_to_allow(mut self) -> Self {
        self.identity = IdentityPolicies::AssumeAllow;
        self
    }

    /// Sets the bucket policy.
    pub fn bucket(mut self, document: &'a Document) -> Self {
        self.bucket = Some(document);
        self
    }

    /// Sets the access point policy.
    pub fn access_point(mut self, document: &'a Document) -> Self {
        self.access_point = Some(document);
        self
    }

    /// Sets the endpoint policy.
    pub fn endpoint(mut self, document: &'a Document) -> Self {
        self.endpoint = Some(document);
        self
    }
}

/// The final answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum Decision {
    /// Every required layer allows and nothing denies.
    Allow,
    /// No explicit deny, but some required layer does not allow.
    ImplicitDeny,
    /// A statement denies (or an access point's network origin rejects the request).
    ExplicitDeny,
    /// The policies use something the evaluator cannot decide offline and it matters.
    CannotDecide(String),
}

impl Decision {
    /// True for `Allow`.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allow)
    }

    /// True for either kind of deny.
    pub fn is_denied(&self) -> bool {
        matches!(self, Self::ImplicitDeny | Self::ExplicitDeny)
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allow => f.write_str("ALLOWED"),
            Self::ImplicitDeny => f.write_str("DENIED (nothing allows it)"),
            Self::ExplicitDeny => f.write_str("DENIED (explicitly)"),
            Self::CannotDecide(r) => write!(f, "CANNOT DECIDE: {r}"),
        }
    }
}

/// A policy layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The principal's identity policies.
    Identity,
    /// The access point policy.
    AccessPoint,
    /// The bucket policy.
    Bucket,
    /// The VPC endpoint policy (reported once per ARN it must allow).
    Endpoint,
    /// The access point's network origin.
    AccessPointNetwork,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Identity => "identity",
            Self::AccessPoint => "access point",
            Self::Bucket => "bucket",
            Self::Endpoint => "endpoint",
            Self::AccessPointNetwork => "access point network",
        })
    }
}

/// Where a layer's policy came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    /// This many documents.
    Documents(usize),
    /// No policy: nothing is allowed by this layer.
    None,
    /// No endpoint policy: the default, full-access one applies.
    DefaultEndpointPolicy,
    /// The identity policies are not known.
    Unknown,
    /// The identity side is assumed to allow.
    AssumedAllow,
    /// Not a policy (the access point network origin).
    NetworkOrigin,
}

/// A statement, named for a report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct StatementRef {
    /// The policy's name: an identity policy's name, `bucket policy`, `access point
    /// policy`, `endpoint policy`.
    pub policy: String,
    /// The statement's position in the document, from 0.
    pub index: usize,
    /// The statement's `Sid`, if any.
    pub sid: Option<String>,
    /// True when the statement allowed only by naming the caller's account.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub account_only: bool,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} statement {}", self.policy, self.index)?;
        if let Some(sid) = &self.sid {
            write!(f, " (Sid `{sid}`)")?;
        }
        if self.account_only {
            f.write_str(" [account principal]")?;
        }
        Ok(())
    }
}

/// A statement whose applicability could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Undecided {
    /// The statement.
    pub statement: StatementRef,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
    /// Why it could not be decided.
    pub reason: String,
}

/// What one layer said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerOutcome {
    /// A statement allows and none denies.
    Allowed,
    /// A statement allows, but only by naming the caller's account: it counts only
    /// together with an identity-policy allow.
    AllowedForAccount,
    /// A statement denies.
    ExplicitDeny,
    /// Nothing allows, nothing denies.
    NoAllow,
    /// It depends on statements that cannot be decided.
    Undecided,
}

/// The report for one layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LayerReport {
    /// Which layer.
    pub layer: Layer,
    /// The ARN the layer's policy was matched against.
    pub resource: String,
    /// Where its policy came from.
    pub source: PolicySource,
    /// What it said.
    pub outcome: LayerOutcome,
    /// The statements that allow.
    pub allowed_by: Vec<StatementRef>,
    /// The statements that deny.
    pub denied_by: Vec<StatementRef>,
    /// The statements that could not be decided.
    pub undecided: Vec<Undecided>,
    /// True when this layer is (one of the) reasons the request is not allowed.
    pub blocking: bool,
    /// A remark, e.g. why the network origin rejected the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl fmt::Display for LayerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.layer, self.resource)?;
        let list = |v: &[StatementRef]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.outcome {
            LayerOutcome::ExplicitDeny if self.denied_by.is_empty() => f.write_str("rejected")?,
            LayerOutcome::ExplicitDeny => write!(f, "denied by {}", list(&self.denied_by))?,
            LayerOutcome::Allowed | LayerOutcome::AllowedForAccount => match self.source {
                PolicySource::NetworkOrigin => f.write_str("passes")?,
                PolicySource::DefaultEndpointPolicy => {
                    f.write_str("allowed by the default endpoint policy")?
                }
                PolicySource::AssumedAllow => f.write_str("assumed to allow")?,
                _ => write!(f, "allowed by {}", list(&self.allowed_by))?,
            },
            LayerOutcome::NoAllow => match self.source {
                PolicySource::None => f.write_str("no policy, nothing allows")?,
                _ => f.write_str("nothing allows")?,
            },
            LayerOutcome::Undecided => f.write_str("cannot decide")?,
        }
        for u in &self.undecided {
            write!(
                f,
                "; cannot decide {} ({}): {}",
                u.statement, u.effect, u.reason
            )?;
        }
        if let Some(note) = &self.note {
            write!(f, "; {note}")?;
        }
        if self.blocking {
            f.write_str("  <- blocks")?;
        }
        Ok(())
    }
}

/// The decision and the report of every layer that took part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Evaluation {
    /// The final answer.
    pub decision: Decision,
    /// One report per layer, in the order identity, access point, bucket, endpoint,
    /// access point network.
    pub layers: Vec<LayerReport>,
}

impl Evaluation {
    /// The report of a layer (the first one, for the endpoint).
    pub fn layer(&self, layer: Layer) -> Option<&LayerReport> {
        self.layers.iter().find(|l| l.layer == layer)
    }

    /// The layers that block the request.
    pub fn blocking(&self) -> impl Iterator<Item = &LayerReport> {
        self.layers.iter().filter(|l| l.blocking)
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.decision)?;
        for l in &self.layers {
            writeln!(f, "  {l}")?;
        }
        Ok(())
    }
}

/// A layer's verdict before it is combined.
struct Verdict {
    /// An allow that stands on its own (names the caller, or any identity-policy allow).
    allow_own: Tri,
    /// Any allow, including those that only name the caller's account.
    allow_any: Tri,
    deny: Tri,
    report: LayerReport,
}

fn tri_from(yes: bool, unknown: Option<&Undecided>) -> Tri {
    if yes {
        Tri::Yes
    } else if let Some(u) = unknown {
        Tri::Unknown(u.reason.clone())
    } else {
        Tri::No
    }
}

fn judge(
    layer: Layer,
    scope: Scope,
    docs: &[(String, &Document)],
    source: PolicySource,
    resource: String,
    request: &Request,
    facts: &Facts,
) -> Verdict {
    let mut allowed_by = Vec::new();
    let mut denied_by = Vec::new();
    let mut undecided = Vec::new();
    let mut own = false;
    for (name, doc) in docs {
        let target = Target {
            action: &request.action,
            resource: &resource,
            caller: &request.principal,
            facts,
            variables: doc.version.as_deref() == Some(VARIABLES_VERSION),
        };
        for (index, st) in doc.statements.iter().enumerate() {
            let mut sref = StatementRef {
                policy: name.clone(),
                index,
                sid: st.sid.clone(),
                account_only: false,
            };
            match (statement::applies(st, scope, &target), st.effect) {
                (Applies::No, _) => {}
                (Applies::Yes { .. }, Effect::Deny) => denied_by.push(sref),
                (Applies::Yes { account_only }, Effect::Allow) => {
                    own |= !account_only;
                    sref.account_only = account_only;
                    allowed_by.push(sref);
                }
                (Applies::Unknown(reason), effect) => undecided.push(Undecided {
                    statement: sref,
                    effect: effect.as_str(),
                    reason,
                }),
            }
        }
    }
    let first_unknown = |effect: Effect| undecided.iter().find(|u| u.effect == effect.as_str());
    let allow_own = tri_from(own, first_unknown(Effect::Allow));
    let allow_any = tri_from(!allowed_by.is_empty(), first_unknown(Effect::Allow));
    let deny = tri_from(!denied_by.is_empty(), first_unknown(Effect::Deny));
    let outcome = match (&deny, &allow_any) {
        (Tri::Yes, _) => LayerOutcome::ExplicitDeny,
        (Tri::Unknown(_), _) | (_, Tri::Unknown(_)) => LayerOutcome::Undecided,
        (Tri::No, Tri::Yes) if own => LayerOutcome::Allowed,
        (Tri::No, Tri::Yes) => LayerOutcome::AllowedForAccount,
        (Tri::No, Tri::No) => LayerOutcome::NoAllow,
    };
    Verdict {
        allow_own,
        allow_any,
        deny,
        report: LayerReport {
            layer,
            resource,
            source,
            outcome,
            allowed_by,
            denied_by,
            undecided,
            blocking: false,
            note: None,
        },
    }
}

/// The only policy language version in which `${…}` is a policy variable (IAM User Guide,
/// "IAM JSON policy elements: Version").
const VARIABLES_VERSION: &str = "2012-10-17";

/// A layer whose verdict is fixed rather than computed from documents.
fn fixed(layer: Layer, source: PolicySource, resource: String, allow: Tri, deny: Tri) -> Verdict {
    let outcome = match (&deny, &allow) {
        (Tri::Yes, _) => LayerOutcome::ExplicitDeny,
        (Tri::Unknown(_), _) | (_, Tri::Unknown(_)) => LayerOutcome::Undecided,
        (Tri::No, Tri::Yes) => LayerOutcome::Allowed,
        (Tri::No, Tri::No) => LayerOutcome::NoAllow,
    };
    Verdict {
        allow_own: allow.clone(),
        allow_any: allow,
        deny,
        report: LayerReport {
            layer,
            resource,
            source,
            outcome,
            allowed_by: Vec::new(),
            denied_by: Vec::new(),
            undecided: Vec::new(),
            blocking: false,
            note: None,
        },
    }
}

/// The context keys the evaluator derives from the request, before the caller's overrides.
/// docs/evaluation.md lists them with their sources.
fn facts(request: &Request) -> Facts {
    let mut f = Facts::default();
    let p = &request.principal;
    f.present("aws:PrincipalArn", p.identity().as_str());
    f.present("aws:PrincipalAccount", p.account().as_str());
    match p {
        Principal::User(u) => {
            f.present("aws:PrincipalType", "User");
            f.present("aws:username", u.name());
        }
        Principal::Role { .. } => {
            f.present("aws:PrincipalType", "AssumedRole");
            f.absent("aws:username");
        }
    }
    f.present("aws:PrincipalIsAWSService", "false");
    f.present("aws:ViaAWSService", "false");
    for key in [
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
    ] {
        f.absent(key);
    }
    f.present("aws:SecureTransport", "true");
    match &request.endpoint {
        Some(e) => {
            f.present("aws:SourceVpce", e.id.as_str());
            if let Some(vpc) = &e.vpc {
                f.present("aws:SourceVpc", vpc.as_str());
            }
            // "aws:SourceIp … is not present in the request context" through a VPC endpoint
            // (IAM User Guide, "AWS global condition context keys").
            f.absent("aws:SourceIp");
        }
        None => {
            f.absent("aws:SourceVpce");
            f.absent("aws:SourceVpc");
        }
    }
    match &request.access_point {
        Some(ap) => {
            f.present("s3:DataAccessPointAccount", ap.account.as_str());
            f.present("s3:DataAccessPointArn", ap.arn());
            match &ap.network_origin {
                Some(NetworkOrigin::Internet) => {
                    f.present("s3:AccessPointNetworkOrigin", "Internet")
                }
                Some(NetworkOrigin::Vpc(_)) => f.present("s3:AccessPointNetworkOrigin", "VPC"),
                None => {}
            }
        }
        None => {
            f.absent("s3:DataAccessPointAccount");
            f.absent("s3:DataAccessPointArn");
            f.absent("s3:AccessPointNetworkOrigin");
            f.present("aws:ResourceAccount", request.bucket_owner.as_str());
            f.present("s3:ResourceAccount", request.bucket_owner.as_str());
        }
    }
    // Request parameters and headers: absent unless the caller says otherwise.
    for key in [
        "s3:prefix",
        "s3:delimiter",
        "s3:max-keys",
        "s3:x-amz-acl",
        "s3:x-amz-copy-source",
        "s3:x-amz-server-side-encryption",
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
        "s3:x-amz-storage-class",
    ] {
        f.absent(key);
    }
    for (key, value) in request.context.iter() {
        f.set(
            key,
            match value {
                ContextValue::Absent => KeyState::Absent,
                ContextValue::Values(v) => KeyState::Present(v.clone()),
            },
        );
    }
    f
}

/// Resource gate (rules 2 and 3): `identity` is the identity side's allow, `gate` the
/// resource policy's verdict, `same` whether caller and resource owner share an account.
fn gate(identity: &Tri, resource: &Verdict, same: bool) -> Tri {
    if same {
        identity.clone().or(|| resource.allow_own.clone())
    } else {
        identity.clone().and(|| resource.allow_any.clone())
    }
}

/// Evaluates `request` against `policies`.
pub fn evaluate(request: &Request, policies: &Policies<'_>) -> Evaluation {
    let facts = facts(request);
    let caller_account = request.principal.account();

    // Identity side.
    let identity_arn = request.identity_arn();
    let identity = match &policies.identity {
        IdentityPolicies::Known(list) => {
            let docs: Vec<(String, &Document)> = list
                .iter()
                .map(|n| (format!("identity policy `{}`", n.name), n.document))
                .collect();
            let source = if docs.is_empty() {
                PolicySource::None
            } else {
                PolicySource::Documents(docs.len())
            };
            judge(
                Layer::Identity,
                Scope::Identity,
                &docs,
                source,
                identity_arn,
                request,
                &facts,
            )
        }
        IdentityPolicies::Unknown => {
            let why = "the principal's identity policies are not known";
            let mut v = fixed(
                Layer::Identity,
                PolicySource::Unknown,
                identity_arn,
                Tri::unknown(why),
                Tri::unknown(why),
            );
            v.report.note = Some(why.to_owned());
            v
        }
        IdentityPolicies::AssumeAllow => fixed(
            Layer::Identity,
            PolicySource::AssumedAllow,
            identity_arn,
            Tri::Yes,
            Tri::No,
        ),
    };

    let resource_layer = |layer: Layer, doc: Option<&Document>, name: &str, arn: String| {
        let (docs, source) = match doc {
            Some(d) => (vec![(name.to_owned(), d)], PolicySource::Documents(1)),
            None => (Vec::new(), PolicySource::None),
        };
        judge(layer, Scope::Resource, &docs, source, arn, request, &facts)
    };

    // Access point and bucket.
    let ap_arn = request.access_point_form_arn();
    let access_point = request
        .access_point
        .as_ref()
        .zip(ap_arn.clone())
        .map(|(ap, arn)| {
            (
                ap,
                resource_layer(
                    Layer::AccessPoint,
                    policies.access_point,
                    "access point policy",
                    arn,
                ),
            )
        });
    let bucket = resource_layer(
        Layer::Bucket,
        policies.bucket,
        "bucket policy",
        request.bucket_form_arn(),
    );

    // Endpoint: every ARN the request touches.
    let mut endpoint = Vec::new();
    if request.endpoint.is_some() {
        let mut arns = Vec::new();
        if let Some(arn) = &ap_arn {
            arns.push(arn.clone());
        }
        arns.push(request.bucket_form_arn());
        for arn in arns {
            endpoint.push(match policies.endpoint {
                Some(doc) => judge(
                    Layer::Endpoint,
                    Scope::GatewayEndpoint,
                    &[("endpoint policy".to_owned(), doc)],
                    PolicySource::Documents(1),
                    arn,
                    request,
                    &facts,
                ),
                None => fixed(
                    Layer::Endpoint,
                    PolicySource::DefaultEndpointPolicy,
                    arn,
                    Tri::Yes,
                    Tri::No,
                ),
            });
        }
    }

    // Access point network origin.
    let network = request.access_point.as_ref().and_then(|ap| match &ap.network_origin {
        Some(NetworkOrigin::Vpc(vpc)) => {
            let rejected = match &request.endpoint {
                None => Tri::Yes,
                Some(e) => match &e.vpc {
                    Some(v) => Tri::from_bool(v != vpc),
                    None => Tri::unknown(format!(
                        "access point `{}` accepts only requests from `{vpc}`, and the endpoint's VPC is not known",
                        ap.name
                    )),
                },
            };
            let mut v = fixed(
                Layer::AccessPointNetwork,
                PolicySource::NetworkOrigin,
                ap.arn(),
                Tri::from_bool(!rejected.is_yes()),
                rejected.clone(),
            );
            v.report.note = Some(match rejected {
                Tri::Yes => format!("S3 rejects requests through `{}` that do not come from `{vpc}`", ap.name),
                Tri::No => format!("the request comes from `{vpc}`"),
                Tri::Unknown(r) => r,
            });
            Some(v)
        }
        _ => None,
    });

    // Combine.
    let identity_allow = identity.allow_any.clone();
    let bucket_gate = gate(
        &identity_allow,
        &bucket,
        caller_account == request.bucket_owner,
    );
    let ap_gate = access_point
        .as_ref()
        .map(|(ap, v)| gate(&identity_allow, v, caller_account == ap.account));
    let endpoint_gate = Tri::all(endpoint.iter().map(|v| v.allow_any.clone()));
    let allowed = bucket_gate
        .clone()
        .and(|| ap_gate.clone().unwrap_or(Tri::Yes))
        .and(|| endpoint_gate.clone());

    let mut verdicts: Vec<Verdict> = Vec::new();
    verdicts.push(identity);
    let ap_verdict_index = access_point.map(|(_, v)| {
        verdicts.push(v);
        verdicts.len() - 1
    });
    verdicts.push(bucket);
    let bucket_index = verdicts.len() - 1;
    let endpoint_start = verdicts.len();
    verdicts.extend(endpoint);
    let endpoint_end = verdicts.len();
    verdicts.extend(network);

    let explicit = Tri::any(verdicts.iter().map(|v| v.deny.clone()));

    let decision = match (&explicit, &allowed) {
        (Tri::Yes, _) => Decision::ExplicitDeny,
        (Tri::No, Tri::Yes) => Decision::Allow,
        // With no allow, any undecidable deny cannot make it worse: denied either way.
        (_, Tri::No) => Decision::ImplicitDeny,
        _ => Decision::CannotDecide(reasons(&verdicts)),
    };

    // Which layers block.
    if decision.is_denied() {
        for v in verdicts.iter_mut() {
            if v.deny.is_yes() {
                v.report.blocking = true;
            }
        }
        if decision == Decision::ImplicitDeny {
            let identity_allows = verdicts[0].allow_any.is_yes();
            let mut marks = Vec::new();
            let mut blame = |g: &Tri, r: usize| {
                if g.is_no() {
                    if !identity_allows {
                        marks.push(0);
                    }
                    let rv = &verdicts[r];
                    if !rv.allow_any.is_yes() || (!rv.allow_own.is_yes() && !identity_allows) {
                        marks.push(r);
                    }
                }
            };
            blame(&bucket_gate, bucket_index);
            if let (Some(g), Some(i)) = (&ap_gate, ap_verdict_index) {
                blame(g, i);
            }
            for (i, v) in verdicts
                .iter()
                .enumerate()
                .take(endpoint_end)
                .skip(endpoint_start)
            {
                if v.allow_any.is_no() {
                    marks.push(i);
                }
            }
            for i in marks {
                verdicts[i].report.blocking = true;
            }
        }
    }

    Evaluation {
        decision,
        layers: verdicts.into_iter().map(|v| v.report).collect(),
    }
}

fn reasons(verdicts: &[Verdict]) -> String {
    let mut out: Vec<String> = Vec::new();
    for v in verdicts {
        for u in &v.report.undecided {
            let line = format!("{} ({}): {}", u.statement, u.effect, u.reason);
            if !out.contains(&line) {
                out.push(line);
            }
        }
        if v.report.outcome == LayerOutcome::Undecided
            && v.report.undecided.is_empty()
            && let Some(note) = &v.report.note
        {
            let line = format!("{}: {note}", v.report.layer);
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    if out.is_empty() {
        "an undecidable statement could change the result".to_owned()
    } else {
        out.join("; ")
    }
}
