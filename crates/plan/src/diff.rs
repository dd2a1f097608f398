//! The diff: desired state against observed state, into a [`Plan`].
//!
//! This is where the engine's rules live (design, "Rules the engine must keep"): share only
//! ever writes the statements it owns and carries every foreign statement through exactly
//! ([`share_policy::merge`]); documents are compared by meaning, so AWS's rewriting of what
//! it stores never shows up as a change; a document share cannot read is an error, never
//! overwritten; sizes are checked before anything is written; access points are deleted only
//! when share owns every statement of their policy. The diff is pure: it proposes, it never
//! reads or writes AWS, and it decides everything apply will do.

use crate::model::{
    Action, Change, FORMAT_VERSION, Finding, FindingKind, ManifestRef, Plan, PlanContext, Summary,
};
use serde_json::{Value, json};
use share_policy::{Document, DocumentKind, Statement, merge, split};
use share_state::{Address, DesiredState, ObservedState, Operation, PublicAccessBlock};
use share_types::{BucketName, PrincipalKind, VpcId};
use std::collections::{BTreeMap, BTreeSet};

/// The policy AWS gives a gateway endpoint that has none: everything is allowed. Written
/// back, exactly like this, when share's statements were the only ones and are all removed.
pub const DEFAULT_ENDPOINT_POLICY: &str =
    r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// Diffs the desired state against what is live and returns the plan that reconciles them.
pub fn diff(desired: &DesiredState, observed: &ObservedState, ctx: &PlanContext) -> Plan {
    let mut d = Differ {
        desired,
        observed,
        prefix: desired.sid_prefix.as_str(),
        changes: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        fingerprints: BTreeMap::new(),
    };
    d.identities();
    let missing = d.buckets();
    d.access_points(&missing);
    d.orphans();
    d.endpoints();
    d.check_unique_addresses();

    let Differ {
        mut changes,
        warnings,
        errors,
        fingerprints,
        ..
    } = d;
    changes.sort_by(|a, b| (a.resource_type, &a.address).cmp(&(b.resource_type, &b.address)));
    let summary = Summary::of(&changes, warnings.len(), errors.len());
    Plan {
        format_version: FORMAT_VERSION,
        manifest: ManifestRef {
            path: ctx.manifest_path.clone(),
            sha256: ctx.manifest_sha256.clone(),
        },
        accounts: ctx.account_names.clone(),
        changes,
        warnings,
        errors,
        fingerprints,
        summary,
    }
}

/// What share wants a document to hold.
enum Wanted<'a> {
    /// share's statements, merged with the live document's foreign ones (bucket, access
    /// point and endpoint policies).
    Owned(&'a [Statement]),
    /// The whole document, owned by name (identity inline policy); `None`: no document.
    Whole(Option<&'a Document>),
}

/// One document to diff.
struct DocSpec<'a> {
    address: Address,
    kind: DocumentKind,
    /// The live text (IAM text already percent-decoded or not: both are accepted).
    live: Option<&'a str>,
    wanted: Wanted<'a>,
    depends_on: Vec<Address>,
    /// The live document will be gone before this change runs (its access point is
    /// replaced): the new document is built from nothing, the old one is shown as before.
    live_is_gone: bool,
    /// IAM only: the size of the identity's other inline policies (the limit is on the sum).
    other_inline_size: usize,
}

struct Differ<'a> {
    desired: &'a DesiredState,
    observed: &'a ObservedState,
    prefix: &'a str,
    changes: Vec<Change>,
    warnings: Vec<Finding>,
    errors: Vec<Finding>,
    fingerprints: BTreeMap<String, Option<String>>,
}

fn finding(kind: FindingKind, address: &Address, message: String) -> Finding {
    Finding {
        kind,
        address: Some(address.to_string()),
        account: Some(address.account()),
        message,
    }
}

fn no_op(address: Address, value: Option<Value>, depends_on: Vec<Address>) -> Change {
    change(
        address,
        Action::NoOp,
        value.clone(),
        value,
        String::new(),
        Vec::new(),
        depends_on,
    )
}

fn change(
    address: Address,
    action: Action,
    before: Option<Value>,
    after: Option<Value>,
    reason: String,
    operations: Vec<Operation>,
    depends_on: Vec<Address>,
) -> Change {
    Change {
        account: address.account(),
        resource_type: address.resource_type(),
        address,
        action,
        before,
        after,
        reason,
        operations,
        depends_on,
        foreign_statements: 0,
    }
}

fn blank_to_none(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// Parses live policy text, percent-decoding IAM text when needed.
fn parse_live(text: &str) -> Result<Document, share_policy::PolicyError> {
    Document::parse(text).or_else(|first| {
        share_policy::decode_iam_document(text)
            .and_then(|decoded| Document::parse(&decoded))
            .map_err(|_| first)
    })
}

/// The canonical JSON value of a document text share produced (always parses).
fn doc_value(text: &str) -> Option<Value> {
    parse_live(text).ok().map(|d| d.to_canonical_value())
}

/// True for AWS's default endpoint policy, with or without a `Version` or `Id`.
fn is_default_endpoint_policy(doc: &Document) -> bool {
    let Ok(default) = Document::parse(DEFAULT_ENDPOINT_POLICY) else {
        return false;
    };
    let mut live = doc.clone();
    live.version = None;
    live.id = None;
    share_policy::equivalent(&live, &default)
}

/// Documents mean the same, or differ only in `Version` when share's statements do not use
/// policy variables (the only thing `Version` changes): rewriting a document written under
/// `2008-10-17` by someone else would change nothing share cares about.
fn same_meaning(live: &Document, target: &Document, wanted_uses_variables: bool) -> bool {
    if share_policy::equivalent(live, target) {
        return true;
    }
    if wanted_uses_variables {
        return false;
    }
    let mut relabelled = live.clone();
    relabelled.version.clone_from(&target.version);
    share_policy::equivalent(&relabelled, target)
}

fn statement_key(st: &Statement, index: usize) -> String {
    match st.sid.as_deref() {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => format!("#{index} (no Sid)"),
    }
}

/// Names the statements that differ: `statement ShareX changed`, `… missing`, `… no longer
/// in manifest`.
fn statement_reasons(live_owned: &[Statement], wanted: &[Statement]) -> Vec<String> {
    let live: BTreeMap<String, &Statement> = live_owned
        .iter()
        .enumerate()
        .map(|(i, s)| (statement_key(s, i), s))
        .collect();
    let want: BTreeMap<String, &Statement> = wanted
        .iter()
        .enumerate()
        .map(|(i, s)| (statement_key(s, i), s))
        .collect();
    let mut out = Vec::new();
    for (key, st) in &want {
        match live.get(key) {
            None => out.push(format!("statement {key} missing")),
            Some(l) if !l.equivalent(st) => {
                let ids = share_policy::unique_id_principals(&Document::new(vec![(*l).clone()]));
                if ids.is_empty() {
                    out.push(format!("statement {key} changed"));
                } else {
                    out.push(format!(
                        "statement {key} changed (principal {} shows as an IAM unique id)",
                        ids.join(", ")
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for key in live.keys() {
        if !want.contains_key(key) {
            out.push(format!("statement {key} no longer in manifest"));
        }
    }
    out
}

fn put_op(address: &Address, document: String) -> Option<Operation> {
    match address.clone() {
        Address::BucketPolicy {
            account,
            region,
            bucket,
        } => Some(Operation::PutBucketPolicy {
            account,
            region,
            bucket,
            document,
        }),
        Address::AccessPointPolicy {
            account,
            region,
            name,
        } => Some(Operation::PutAccessPointPolicy {
            account,
            region,
            name,
            document,
        }),
        Address::EndpointPolicy {
            account,
            region,
            endpoint,
        } => Some(Operation::PutEndpointPolicy {
            account,
            region,
            endpoint,
            document,
        }),
        Address::IdentityPolicy {
            principal,
            policy_name,
        } => Some(Operation::PutIdentityPolicy {
            principal,
            policy_name,
            document,
        }),
        _ => None,
    }
}

fn delete_op(address: &Address) -> Option<Operation> {
    match address.clone() {
        Address::BucketPolicy {
            account,
            region,
            bucket,
        } => Some(Operation::DeleteBucketPolicy {
            account,
            region,
            bucket,
        }),
        Address::AccessPointPolicy {
            account,
            region,
            name,
        } => Some(Operation::DeleteAccessPointPolicy {
            account,
            region,
            name,
        }),
        Address::IdentityPolicy {
            principal,
            policy_name,
        } => Some(Operation::DeleteIdentityPolicy {
            principal,
            policy_name,
        }),
        _ => None,
    }
}

fn ap_value(bucket: &BucketName, vpc: Option<&VpcId>) -> Value {
    json!({
        "bucket": bucket.as_str(),
        "network": vpc.map_or("internet", VpcId::as_str),
    })
}

fn pab_value(p: &PublicAccessBlock) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

fn pab_reason(before: &PublicAccessBlock, after: &PublicAccessBlock) -> String {
    let pairs = [
        (
            "block_public_acls",
            before.block_public_acls,
            after.block_public_acls,
        ),
        (
            "ignore_public_acls",
            before.ignore_public_acls,
            after.ignore_public_acls,
        ),
        (
            "block_public_policy",
            before.block_public_policy,
            after.block_public_policy,
        ),
        (
            "restrict_public_buckets",
            before.restrict_public_buckets,
            after.restrict_public_buckets,
        ),
    ];
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, b, a)| b != a)
        .map(|(n, b, a)| format!("{n} {b} → {a}"))
        .collect();
    format!("public access block differs: {}", parts.join(", "))
}

fn describe_sids(foreign: &[Value]) -> String {
    let sids: Vec<String> = foreign
        .iter()
        .map(|v| match v.get("Sid").and_then(Value::as_str) {
            Some(s) if !s.is_empty() => s.to_owned(),
            _ => "(no Sid)".to_owned(),
        })
        .collect();
    sids.join(", ")
}

impl Differ<'_> {
    fn record(&mut self, address: &Address) {
        let fp = self
            .observed
            .content(address)
            .map(|text| share_policy::fingerprint(&text));
        self.fingerprints.insert(address.to_string(), fp);
    }

    fn error(&mut self, kind: FindingKind, address: &Address, message: String) {
        self.errors.push(finding(kind, address, message));
    }

    fn warn(&mut self, kind: FindingKind, address: &Address, message: String) {
        self.warnings.push(finding(kind, address, message));
    }

    /// Whether a desired change for `address` is in the plan with one of `actions`.
    fn planned(&self, address: &Address, actions: &[Action]) -> bool {
        self.changes
            .iter()
            .any(|c| &c.address == address && actions.contains(&c.action))
    }

    fn identities(&mut self) {
        let desired = self.desired;
        for (principal, identity) in &desired.identities {
            let address = Address::IdentityPolicy {
                principal: principal.clone(),
                policy_name: desired.policy_name.clone(),
            };
            self.record(&address);
            let observed = self.observed.identities.get(principal).filter(|i| i.exists);
            let Some(observed) = observed else {
                if identity.document.is_some() {
                    self.error(
                        FindingKind::IdentityMissing,
                        &address,
                        format!(
                            "{} `{}` does not exist in account {}; share never creates identities: create it, or remove the grantee from the manifest",
                            principal.kind().as_str(),
                            principal,
                            principal.account()
                        ),
                    );
                }
                continue;
            };
            let kind = match principal.kind() {
                PrincipalKind::Role => DocumentKind::RoleInline,
                PrincipalKind::User => DocumentKind::UserInline,
            };
            let other_inline_size = observed
                .inline_policies
                .iter()
                .filter(|(name, _)| name.as_str() != desired.policy_name.as_str())
                .map(|(_, text)| share_policy::size(kind, text))
                .sum();
            let live = observed
                .inline_policies
                .get(desired.policy_name.as_str())
                .map(String::as_str);
            self.document(DocSpec {
                address,
                kind,
                live,
                wanted: Wanted::Whole(identity.document.as_ref()),
                depends_on: Vec::new(),
                live_is_gone: false,
                other_inline_size,
            });
        }
    }

    /// Buckets, their settings and policies. Returns the buckets that are missing and will
    /// not be created (their access points are not planned).
    fn buckets(&mut self) -> BTreeSet<BucketName> {
        let mut missing = BTreeSet::new();
        for (name, b) in &self.desired.buckets {
            let (account, region) = (b.account.clone(), b.region.clone());
            let [bucket_addr, pab_addr, own_addr, policy_addr] =
                Address::bucket_addresses(&account, &region, name);
            for a in [&bucket_addr, &pab_addr, &own_addr, &policy_addr] {
                self.record(a);
            }
            let observed = self.observed.buckets.get(name).filter(|o| o.exists);
            let bucket_value = json!({"bucket": name.as_str(), "region": region.as_str()});
            let mut deps = Vec::new();
            match observed {
                None if b.create => {
                    self.changes.push(change(
                        bucket_addr.clone(),
                        Action::Create,
                        None,
                        Some(bucket_value),
                        "bucket missing (declared `create: true`)".into(),
                        vec![Operation::CreateBucket {
                            account: account.clone(),
                            region: region.clone(),
                            bucket: name.clone(),
                        }],
                        Vec::new(),
                    ));
                    deps.push(bucket_addr.clone());
                }
                None => {
                    self.error(
                        FindingKind::BucketMissing,
                        &bucket_addr,
                        format!(
                            "bucket `{name}` does not exist in account {account} ({region}); create it, or declare it with `create: true` to let share create it"
                        ),
                    );
                    missing.insert(name.clone());
                    continue;
                }
                Some(_) if b.create => {
                    self.changes
                        .push(no_op(bucket_addr.clone(), Some(bucket_value), Vec::new()));
                }
                Some(_) => {}
            }

            // Public access block.
            let live_pab = observed.and_then(|o| o.public_access_block);
            let want = b.public_access_block;
            let c = match live_pab {
                Some(live) if live == want => no_op(pab_addr, Some(pab_value(&want)), deps.clone()),
                live => change(
                    pab_addr.clone(),
                    if live.is_some() {
                        Action::Update
                    } else {
                        Action::Create
                    },
                    live.as_ref().map(pab_value),
                    Some(pab_value(&want)),
                    match live {
                        Some(l) => pab_reason(&l, &want),
                        None => "public access block not configured".into(),
                    },
                    vec![Operation::PutPublicAccessBlock {
                        account: account.clone(),
                        region: region.clone(),
                        bucket: name.clone(),
                        config: want,
                    }],
                    deps.clone(),
                ),
            };
            self.changes.push(c);

            // Object ownership.
            let live_own = observed.and_then(|o| o.object_ownership);
            let want = b.object_ownership;
            let c = match live_own {
                Some(live) if live == want => {
                    no_op(own_addr, Some(json!(want.as_str())), deps.clone())
                }
                live => change(
                    own_addr.clone(),
                    if live.is_some() {
                        Action::Update
                    } else {
                        Action::Create
                    },
                    live.map(|l| json!(l.as_str())),
                    Some(json!(want.as_str())),
                    match live {
                        Some(l) => format!("object ownership {} → {}", l.as_str(), want.as_str()),
                        None => "object ownership not set".into(),
                    },
                    vec![Operation::PutOwnershipControls {
                        account: account.clone(),
                        region: region.clone(),
                        bucket: name.clone(),
                        ownership: want,
                    }],
                    deps.clone(),
                ),
            };
            self.changes.push(c);

            // Bucket policy.
            self.document(DocSpec {
                address: policy_addr,
                kind: DocumentKind::BucketPolicy,
                live: observed.and_then(|o| o.policy.as_deref()),
                wanted: Wanted::Owned(&b.statements),
                depends_on: deps,
                live_is_gone: false,
                other_inline_size: 0,
            });
        }
        missing
    }

    fn access_points(&mut self, missing_buckets: &BTreeSet<BucketName>) {
        for (name, ap) in &self.desired.access_points {
            if missing_buckets.contains(&ap.bucket) {
                continue;
            }
            let (account, region) = (ap.account.clone(), ap.region.clone());
            let [ap_addr, policy_addr] = Address::access_point_addresses(&account, &region, name);
            self.record(&ap_addr);
            self.record(&policy_addr);
            let bucket_addr = self
                .desired
                .buckets
                .get(&ap.bucket)
                .map(|b| Address::Bucket {
                    account: b.account.clone(),
                    region: b.region.clone(),
                    bucket: ap.bucket.clone(),
                });
            let bucket_deps: Vec<Address> = bucket_addr
                .filter(|a| self.planned(a, &[Action::Create]))
                .into_iter()
                .collect();
            let want_value = ap_value(&ap.bucket, ap.vpc.as_ref());
            let create_op = Operation::CreateAccessPoint {
                account: account.clone(),
                region: region.clone(),
                name: name.clone(),
                bucket: ap.bucket.clone(),
                vpc: ap.vpc.clone(),
            };
            let observed = self
                .observed
                .access_points
                .get(&(account.clone(), name.clone()));
            let (live_policy, live_is_gone) = match observed {
                None => {
                    self.changes.push(change(
                        ap_addr.clone(),
                        Action::Create,
                        None,
                        Some(want_value),
                        "access point missing".into(),
                        vec![create_op],
                        bucket_deps,
                    ));
                    (None, false)
                }
                Some(o) if o.bucket != ap.bucket || o.vpc != ap.vpc => {
                    let live = blank_to_none(o.policy.as_deref());
                    if let Some(text) = live {
                        match split(text, self.prefix) {
                            Err(e) => {
                                self.error(
                                    FindingKind::UnparseablePolicy,
                                    &policy_addr,
                                    format!(
                                        "the live access point policy does not parse ({e}); share never overwrites a document it cannot read, and will not replace the access point: fix or delete the policy by hand"
                                    ),
                                );
                                continue;
                            }
                            Ok(s) if !s.foreign.is_empty() => {
                                self.error(
                                    FindingKind::ReplaceRefused,
                                    &ap_addr,
                                    format!(
                                        "the access point must be replaced ({}), but its policy has {} statement(s) share does not own ({}); replacing it would lose them: move them elsewhere, or give the access point another name in the manifest",
                                        replace_reason(o.bucket.as_str(), o.vpc.as_ref(), ap),
                                        s.foreign.len(),
                                        describe_sids(&s.foreign)
                                    ),
                                );
                                continue;
                            }
                            Ok(_) => {}
                        }
                    }
                    let delete_op = Operation::DeleteAccessPoint {
                        account: account.clone(),
                        region: region.clone(),
                        name: name.clone(),
                    };
                    self.changes.push(change(
                        ap_addr.clone(),
                        Action::Replace,
                        Some(ap_value(&o.bucket, o.vpc.as_ref())),
                        Some(want_value),
                        format!(
                            "{} (immutable in AWS: delete, then create)",
                            replace_reason(o.bucket.as_str(), o.vpc.as_ref(), ap)
                        ),
                        vec![delete_op, create_op],
                        bucket_deps,
                    ));
                    (live, true)
                }
                Some(o) => {
                    self.changes
                        .push(no_op(ap_addr.clone(), Some(want_value), Vec::new()));
                    (blank_to_none(o.policy.as_deref()), false)
                }
            };
            let depends_on = if self.planned(&ap_addr, &[Action::Create, Action::Replace]) {
                vec![ap_addr.clone()]
            } else {
                Vec::new()
            };
            self.document(DocSpec {
                address: policy_addr,
                kind: DocumentKind::AccessPointPolicy,
                live: live_policy,
                wanted: Wanted::Owned(&ap.statements),
                depends_on,
                live_is_gone,
                other_inline_size: 0,
            });
        }
    }

    /// Access points attached to the manifest's buckets that the manifest does not name.
    fn orphans(&mut self) {
        let desired = self.desired;
        for (bucket, b) in &desired.buckets {
            let Some(observed) = self.observed.buckets.get(bucket).filter(|o| o.exists) else {
                continue;
            };
            for name in &observed.access_points {
                if desired
                    .access_points
                    .get(name)
                    .is_some_and(|ap| ap.account == b.account)
                {
                    continue;
                }
                let Some(ap) = self
                    .observed
                    .access_points
                    .get(&(b.account.clone(), name.clone()))
                else {
                    continue;
                };
                if &ap.bucket != bucket {
                    continue;
                }
                let [ap_addr, policy_addr] =
                    Address::access_point_addresses(&ap.account, &ap.region, name);
                // No policy, or an empty one: not share's (it would have to be named).
                let Some(text) = blank_to_none(ap.policy.as_deref()) else {
                    continue;
                };
                let parts = match split(text, self.prefix) {
                    Ok(parts) => parts,
                    Err(e) => {
                        self.record(&policy_addr);
                        self.warn(
                            FindingKind::UnparseablePolicy,
                            &policy_addr,
                            format!(
                                "access point `{name}` on bucket `{bucket}` is not in the manifest and its policy does not parse ({e}); left alone"
                            ),
                        );
                        continue;
                    }
                };
                if parts.owned.is_empty() {
                    continue;
                }
                self.record(&ap_addr);
                self.record(&policy_addr);
                if parts.foreign.is_empty() {
                    self.changes.push(change(
                        ap_addr.clone(),
                        Action::Delete,
                        Some(ap_value(&ap.bucket, ap.vpc.as_ref())),
                        None,
                        format!(
                            "orphan: not in the manifest, and every statement of its policy is share's ({})",
                            parts
                                .owned
                                .iter()
                                .enumerate()
                                .map(|(i, s)| statement_key(s, i))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        vec![Operation::DeleteAccessPoint {
                            account: ap.account.clone(),
                            region: ap.region.clone(),
                            name: name.clone(),
                        }],
                        Vec::new(),
                    ));
                } else {
                    self.warn(
                        FindingKind::OrphanNotDeleted,
                        &ap_addr,
                        format!(
                            "access point `{name}` is not in the manifest but its policy has {} statement(s) share does not own ({}): not deleted; share's statements are removed from its policy",
                            parts.foreign.len(),
                            describe_sids(&parts.foreign)
                        ),
                    );
                    self.document(DocSpec {
                        address: policy_addr,
                        kind: DocumentKind::AccessPointPolicy,
                        live: Some(text),
                        wanted: Wanted::Owned(&[]),
                        depends_on: Vec::new(),
                        live_is_gone: false,
                        other_inline_size: 0,
                    });
                }
            }
        }
    }

    fn endpoints(&mut self) {
        for (id, e) in &self.desired.endpoints {
            let address = Address::EndpointPolicy {
                account: e.account.clone(),
                region: e.region.clone(),
                endpoint: id.clone(),
            };
            self.record(&address);
            let observed = self.observed.endpoints.get(id);
            let problem = match observed {
                None => Some("does not exist".to_owned()),
                Some(o) if !o.exists => Some("does not exist".to_owned()),
                Some(o)
                    if ["deleted", "deleting", "failed", "rejected", "expired"]
                        .iter()
                        .any(|s| o.state.eq_ignore_ascii_case(s)) =>
                {
                    Some(format!("is {}", o.state.to_ascii_lowercase()))
                }
                Some(o) if !o.endpoint_type.eq_ignore_ascii_case("gateway") => Some(format!(
                    "is a{} {} endpoint, not a Gateway endpoint",
                    if o.endpoint_type
                        .starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u'])
                    {
                        "n"
                    } else {
                        ""
                    },
                    o.endpoint_type
                )),
                Some(o) if !o.service_name.ends_with(".s3") => {
                    Some(format!("is for service `{}`, not S3", o.service_name))
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                self.error(
                    FindingKind::EndpointUnusable,
                    &address,
                    format!(
                        "VPC endpoint `{id}` in account {} ({}) {problem}; share adopts existing S3 gateway endpoints only: fix the endpoint id in the manifest",
                        e.account, e.region
                    ),
                );
                continue;
            }
            self.document(DocSpec {
                address,
                kind: DocumentKind::EndpointPolicy,
                live: observed.and_then(|o| o.policy.as_deref()),
                wanted: Wanted::Owned(&e.statements),
                depends_on: Vec::new(),
                live_is_gone: false,
                other_inline_size: 0,
            });
        }
    }

    /// Diffs one policy document and records its change, findings and size check.
    fn document(&mut self, spec: DocSpec<'_>) {
        let DocSpec {
            address,
            kind,
            live,
            wanted,
            depends_on,
            live_is_gone,
            other_inline_size,
        } = spec;
        let is_endpoint = kind == DocumentKind::EndpointPolicy;
        let live_text = blank_to_none(live);

        // Read the live document; one share cannot read is never overwritten.
        let live_doc = match live_text.map(parse_live) {
            None => None,
            Some(Ok(doc)) => Some(doc),
            Some(Err(e)) => {
                let what = if live_is_gone {
                    "the access point's current policy"
                } else {
                    "the live document"
                };
                self.error(
                    FindingKind::UnparseablePolicy,
                    &address,
                    format!(
                        "{what} does not parse as a policy ({e}); share never overwrites a document it cannot read: fix or delete it by hand"
                    ),
                );
                return;
            }
        };
        let is_default = is_endpoint && live_doc.as_ref().is_none_or(is_default_endpoint_policy);

        if let Some(doc) = &live_doc
            && !is_endpoint
        {
            // Gateway endpoints store principal ARNs as unique ids by design (aws-semantics
            // §1.2), so only resource and identity policies are checked.
            let ids = share_policy::unique_id_principals(doc);
            if !ids.is_empty() {
                self.warn(
                    FindingKind::DanglingPrincipal,
                    &address,
                    format!(
                        "names {} by IAM unique id instead of an ARN: the role or user was deleted (or has not propagated yet), and recreating it does not restore the grant; share rewrites its own statements with ARNs, others must be fixed by hand",
                        ids.join(", ")
                    ),
                );
            }
        }

        // The part of the live document share compares with what it wants, and the
        // foreign statements it keeps.
        let merge_base = if is_default || live_is_gone {
            None
        } else {
            live_text
        };
        let (live_owned, foreign): (Vec<Statement>, Vec<Value>) = match (&wanted, merge_base) {
            (Wanted::Whole(_), _) => (
                live_doc
                    .as_ref()
                    .map(|d| d.statements.clone())
                    .unwrap_or_default(),
                Vec::new(),
            ),
            (Wanted::Owned(_), None) => (
                if live_is_gone {
                    live_doc
                        .as_ref()
                        .map(|d| d.statements.clone())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                },
                Vec::new(),
            ),
            (Wanted::Owned(_), Some(text)) => match split(text, self.prefix) {
                Ok(s) => (s.owned, s.foreign),
                Err(e) => {
                    self.error(
                        FindingKind::UnparseablePolicy,
                        &address,
                        format!("the live document cannot be split into share's statements and others ({e}); left unchanged"),
                    );
                    return;
                }
            },
        };

        // The whole document share wants there.
        let (target, wanted_statements): (Option<String>, Vec<Statement>) = match wanted {
            Wanted::Owned(statements) => match merge(merge_base, statements, self.prefix) {
                Ok(t) => (t, statements.to_vec()),
                Err(e) => {
                    self.error(
                        FindingKind::InvalidDesiredState,
                        &address,
                        format!("cannot build the new document: {e}"),
                    );
                    return;
                }
            },
            Wanted::Whole(doc) => (
                doc.map(Document::to_canonical_json),
                doc.map(|d| d.statements.clone()).unwrap_or_default(),
            ),
        };
        let uses_variables = wanted_statements
            .iter()
            .any(|s| s.to_value().to_string().contains("${"));

        let before = match &live_doc {
            Some(doc) => Some(doc.to_canonical_value()),
            // AWS always has an endpoint policy: none read means the default one.
            None if is_endpoint => doc_value(DEFAULT_ENDPOINT_POLICY),
            None => None,
        };
        let reasons = statement_reasons(&live_owned, &wanted_statements);
        let label = kind.name();

        let (action, after, reason, operations) = match (&live_doc, target) {
            (None, None) => return,
            // Endpoint with AWS's default policy and nothing of share's to add: nothing to do.
            (Some(_), None) if is_default => return,
            (Some(_), None) if is_endpoint => {
                // Only share's statements were there: give AWS's default policy back.
                let after = doc_value(DEFAULT_ENDPOINT_POLICY);
                let mut r = reasons;
                r.push("no statement left: AWS's default full-access policy is restored".into());
                let ops = put_op(&address, DEFAULT_ENDPOINT_POLICY.to_owned());
                (
                    Action::Delete,
                    after,
                    r.join("; "),
                    ops.into_iter().collect(),
                )
            }
            (Some(_), None) if live_is_gone => return,
            (Some(_), None) => {
                let mut r = reasons;
                match wanted {
                    Wanted::Whole(_) => r.push(
                        "the grantee has no grants left: the inline policy is deleted".into(),
                    ),
                    Wanted::Owned(_) => {
                        r.push(format!("no statement left: the {label} is deleted"))
                    }
                }
                (
                    Action::Delete,
                    None,
                    r.join("; "),
                    delete_op(&address).into_iter().collect(),
                )
            }
            (None, Some(t)) => {
                let after = doc_value(&t);
                let (action, reason) = if is_endpoint {
                    (
                        Action::Update,
                        format!(
                            "the endpoint has AWS's default full-access policy, which restricts nothing; share replaces it with its statements ({})",
                            wanted_statements
                                .iter()
                                .enumerate()
                                .map(|(i, s)| statement_key(s, i))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                } else {
                    (Action::Create, format!("{label} missing"))
                };
                (
                    action,
                    after,
                    reason,
                    put_op(&address, t).into_iter().collect(),
                )
            }
            (Some(live), Some(t)) => {
                let Ok(target_doc) = Document::parse(&t) else {
                    self.error(
                        FindingKind::InvalidDesiredState,
                        &address,
                        "the new document does not parse back (a bug in share)".into(),
                    );
                    return;
                };
                if is_default {
                    let reason = format!(
                        "the endpoint has AWS's default full-access policy, which restricts nothing; share replaces it with its statements ({})",
                        wanted_statements
                            .iter()
                            .enumerate()
                            .map(|(i, s)| statement_key(s, i))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    let after = Some(target_doc.to_canonical_value());
                    (
                        Action::Update,
                        after,
                        reason,
                        put_op(&address, t).into_iter().collect(),
                    )
                } else if live_is_gone {
                    let mut r = vec![
                        "the access point is replaced: its policy is written again to the new access point"
                            .to_owned(),
                    ];
                    r.extend(reasons);
                    let after = Some(target_doc.to_canonical_value());
                    (
                        Action::Update,
                        after,
                        r.join("; "),
                        put_op(&address, t).into_iter().collect(),
                    )
                } else if same_meaning(live, &target_doc, uses_variables) {
                    (Action::NoOp, before.clone(), String::new(), Vec::new())
                } else {
                    let mut r = reasons;
                    if r.is_empty() {
                        if live.version.as_deref() != target_doc.version.as_deref() {
                            r.push(format!(
                                "policy Version becomes {}",
                                target_doc.version.as_deref().unwrap_or_default()
                            ));
                        } else {
                            r.push("statements differ from the manifest (repeated or unnamed statements)".into());
                        }
                    }
                    let after = Some(target_doc.to_canonical_value());
                    (
                        Action::Update,
                        after,
                        r.join("; "),
                        put_op(&address, t).into_iter().collect(),
                    )
                }
            }
        };

        if is_default && action == Action::Update {
            self.warn(
                FindingKind::EndpointDefaultReplaced,
                &address,
                "the endpoint has AWS's default full-access policy; once applied, only traffic that share's statements allow passes through it".into(),
            );
        }
        if !foreign.is_empty() {
            self.warn(
                FindingKind::ForeignStatementsKept,
                &address,
                format!(
                    "keeps {} statement(s) share does not own unchanged ({})",
                    foreign.len(),
                    describe_sids(&foreign)
                ),
            );
        }

        // Sizes, checked on exactly what will be written.
        for op in &operations {
            let doc = match op {
                Operation::PutBucketPolicy { document, .. }
                | Operation::PutAccessPointPolicy { document, .. }
                | Operation::PutEndpointPolicy { document, .. }
                | Operation::PutIdentityPolicy { document, .. } => document,
                _ => continue,
            };
            let own = share_policy::size(kind, doc);
            let total = own + other_inline_size;
            if total > kind.limit() {
                let message = if other_inline_size > 0 {
                    format!(
                        "the {label} would be {own} {unit}, and with the identity's other inline policies ({other_inline_size}) {total}, over AWS's limit of {limit} for the sum of all inline policies",
                        unit = kind.unit(),
                        limit = kind.limit()
                    )
                } else {
                    format!(
                        "the {label} would be {own} {unit}, over AWS's limit of {limit}",
                        unit = kind.unit(),
                        limit = kind.limit()
                    )
                };
                self.error(FindingKind::SizeLimit, &address, message);
                return;
            }
        }

        let mut c = change(
            address, action, before, after, reason, operations, depends_on,
        );
        c.foreign_statements = foreign.len();
        self.changes.push(c);
    }

    /// Addresses are shown and fingerprinted by their display form, which leaves out the
    /// account: two access points of one name in two accounts would collide.
    fn check_unique_addresses(&mut self) {
        let mut seen: BTreeMap<String, &Address> = BTreeMap::new();
        let mut clashes = Vec::new();
        for c in &self.changes {
            let key = c.address.to_string();
            if let Some(other) = seen.insert(key.clone(), &c.address)
                && other != &c.address
            {
                clashes.push((key, c.address.clone()));
            }
        }
        for (key, address) in clashes {
            self.error(
                FindingKind::InvalidDesiredState,
                &address,
                format!(
                    "two resources in different accounts have the address `{key}`; share cannot tell them apart in a plan: rename one"
                ),
            );
        }
    }
}

fn replace_reason(
    old_bucket: &str,
    old_vpc: Option<&VpcId>,
    ap: &share_state::DesiredAccessPoint,
) -> String {
    let net = |v: Option<&VpcId>| v.map_or_else(|| "internet".to_owned(), |v| format!("VPC {v}"));
    let mut parts = Vec::new();
    if old_vpc != ap.vpc.as_ref() {
        parts.push(format!(
            "network origin changed: {} → {}",
            net(old_vpc),
            net(ap.vpc.as_ref())
        ));
    }
    if old_bucket != ap.bucket.as_str() {
        parts.push(format!("bucket changed: {old_bucket} → {}", ap.bucket));
    }
    parts.join("; ")
}
