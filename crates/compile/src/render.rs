//! `share render`: every desired document, per account and resource, for review.
//!
//! A reviewer checks compiled policies line by line against aws-semantics before anything
//! touches AWS, so this prints everything the compiler decided — bucket settings, access
//! points and their network origin, and every policy share owns — grouped by the account
//! whose credentials write it, each under a header naming the account and the resource
//! address used in plans (`bucket_policy.test-bucket-1`). The output is deterministic:
//! accounts by name; within one, each bucket's settings and policy followed by its access
//! points, then endpoint policies, then identity policies.

use serde_json::{Map, Value, json};
use share_manifest::{AccountName, Manifest};
use share_policy::Document;
use share_state::{Address, DesiredState};
use share_types::AccountId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How `render` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderFormat {
    /// One JSON object: account name → `{"account_id", "documents": {address → value}}`.
    Json,
    /// Readable blocks: a `# ACCOUNT (ID) ADDRESS` header, then the pretty JSON.
    Pretty,
}

/// Where an address is shown within its account: each bucket's settings and policy, then
/// its access points, then endpoints, then identities; by name within each.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Order {
    section: u8,
    group: String,
    member: String,
    address: Address,
}

impl Order {
    fn of(address: Address, bucket_of_access_point: Option<&str>) -> Self {
        let (section, group, member) = match &address {
            Address::Bucket { bucket, .. }
            | Address::BucketPublicAccessBlock { bucket, .. }
            | Address::BucketOwnershipControls { bucket, .. }
            | Address::BucketPolicy { bucket, .. } => (0, bucket.to_string(), String::new()),
            Address::AccessPoint { name, .. } | Address::AccessPointPolicy { name, .. } => (
                0,
                bucket_of_access_point.unwrap_or_default().to_owned(),
                name.to_string(),
            ),
            Address::EndpointPolicy { endpoint, .. } => (1, endpoint.to_string(), String::new()),
            Address::IdentityPolicy { principal, .. } => (2, principal.to_string(), String::new()),
        };
        Self {
            section,
            group,
            member,
            address,
        }
    }
}

/// The rendered items of one account: the value of each address, or `None` for an inline
/// policy share removes (the grantee has no grants left).
type Items = BTreeMap<Order, Option<Value>>;

fn policy(statements: &[share_policy::Statement]) -> Option<Value> {
    if statements.is_empty() {
        None
    } else {
        Some(Document::new(statements.to_vec()).to_canonical_value())
    }
}

/// Every address of `desired` with its rendered value, per account id. Resource policies
/// in which share owns no statement are left out.
fn items(desired: &DesiredState) -> BTreeMap<AccountId, Items> {
    let mut out: BTreeMap<AccountId, Items> = BTreeMap::new();
    for (name, b) in &desired.buckets {
        let items = out.entry(b.account.clone()).or_default();
        let [bucket_addr, pab_addr, ownership_addr, policy_addr] =
            Address::bucket_addresses(&b.account, &b.region, name);
        items.insert(
            Order::of(bucket_addr, None),
            Some(json!({"Region": b.region.as_str(), "CreateIfMissing": b.create})),
        );
        let pab = b.public_access_block;
        items.insert(
            Order::of(pab_addr, None),
            Some(json!({
                "BlockPublicAcls": pab.block_public_acls,
                "IgnorePublicAcls": pab.ignore_public_acls,
                "BlockPublicPolicy": pab.block_public_policy,
                "RestrictPublicBuckets": pab.restrict_public_buckets,
            })),
        );
        items.insert(
            Order::of(ownership_addr, None),
            Some(json!({"ObjectOwnership": b.object_ownership.as_str()})),
        );
        if let Some(p) = policy(&b.statements) {
            items.insert(Order::of(policy_addr, None), Some(p));
        }
    }
    for (name, ap) in &desired.access_points {
        let items = out.entry(ap.account.clone()).or_default();
        let mut v = Map::new();
        v.insert("Bucket".into(), Value::String(ap.bucket.to_string()));
        match &ap.vpc {
            Some(vpc) => {
                v.insert("NetworkOrigin".into(), Value::String("VPC".into()));
                v.insert("VpcConfiguration".into(), json!({"VpcId": vpc.as_str()}));
            }
            None => {
                v.insert("NetworkOrigin".into(), Value::String("Internet".into()));
            }
        }
        let [ap_addr, policy_addr] = Address::access_point_addresses(&ap.account, &ap.region, name);
        items.insert(
            Order::of(ap_addr, Some(ap.bucket.as_str())),
            Some(Value::Object(v)),
        );
        if let Some(p) = policy(&ap.statements) {
            items.insert(Order::of(policy_addr, Some(ap.bucket.as_str())), Some(p));
        }
    }
    for (id, e) in &desired.endpoints {
        if let Some(p) = policy(&e.statements) {
            out.entry(e.account.clone()).or_default().insert(
                Order::of(
                    Address::EndpointPolicy {
                        account: e.account.clone(),
                        region: e.region.clone(),
                        endpoint: id.clone(),
                    },
                    None,
                ),
                Some(p),
            );
        }
    }
    for (arn, identity) in &desired.identities {
        out.entry(arn.account()).or_default().insert(
            Order::of(
                Address::IdentityPolicy {
                    principal: arn.clone(),
                    policy_name: desired.policy_name.clone(),
                },
                None,
            ),
            identity.document.as_ref().map(Document::to_canonical_value),
        );
    }
    out
}

/// Renders every desired document of `desired` (only those of `account` when given), with
/// account names from `manifest`.
///
/// `Json` is one object keyed by account name (the id when the manifest does not name it),
/// each `{"account_id": ID, "documents": {ADDRESS: VALUE}}`; an inline policy share removes
/// is `null`. `Pretty` prints one block per document: a header line
/// `# NAME (ID) ADDRESS`, then the indented canonical JSON. Both end with a newline.
pub fn render(
    desired: &DesiredState,
    manifest: &Manifest,
    account: Option<&AccountName>,
    format: RenderFormat,
) -> String {
    let wanted = account.map(|name| manifest.accounts.get(name).map(|a| a.id.clone()));
    let mut by_name: BTreeMap<String, (AccountId, Items)> = BTreeMap::new();
    for (id, items) in items(desired) {
        if let Some(w) = &wanted
            && w.as_ref() != Some(&id)
        {
            continue;
        }
        let name = manifest
            .account_by_id(&id)
            .map(|(n, _)| n.to_string())
            .unwrap_or_else(|| id.to_string());
        by_name.insert(name, (id, items));
    }
    match format {
        RenderFormat::Json => {
            let mut root = Map::new();
            for (name, (id, items)) in by_name {
                let docs: Map<String, Value> = items
                    .into_iter()
                    .map(|(o, v)| (o.address.to_string(), v.unwrap_or(Value::Null)))
                    .collect();
                root.insert(
                    name,
                    json!({"account_id": id.as_str(), "documents": Value::Object(docs)}),
                );
            }
            let mut s = format!("{:#}", Value::Object(root));
            s.push('\n');
            s
        }
        RenderFormat::Pretty => {
            let mut s = String::new();
            for (name, (id, items)) in by_name {
                for (order, value) in items {
                    let address = &order.address;
                    if !s.is_empty() {
                        s.push('\n');
                    }
                    let _ = writeln!(s, "# {name} ({id}) {address}");
                    match value {
                        Some(v) => {
                            let _ = writeln!(s, "{v:#}");
                        }
                        None => {
                            let _ = writeln!(
                                s,
                                "(removed: the grantee has no grants, so share deletes its inline policy)"
                            );
                        }
                    }
                }
            }
            if s.is_empty() {
                s.push_str("(no documents)\n");
            }
            s
        }
    }
}
