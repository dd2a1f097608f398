//! An in-memory [`Cloud`] that behaves like AWS where it matters to the engine.
//!
//! moto stores documents byte for byte and cannot fail on demand (`moto-notes.md`), so the
//! engine's promises — meaning over bytes, nothing foreign lost, stale plans refused, a
//! failure skipping only its dependents — are tested here: the fake rewrites every document
//! it stores the way AWS does (minified, keys reordered, one-element lists collapsed,
//! account ids turned into root ARNs, principal lists reordered), fails chosen operations,
//! and runs "someone else" writes at chosen moments. Built only with the `testing` feature.

use serde_json::{Map, Value};
use share_state::{
    Cloud, CloudError, ErrorKind, ObjectOwnership, ObserveRequest, ObservedAccessPoint,
    ObservedBucket, ObservedEndpoint, ObservedIdentity, ObservedState, Operation,
    PublicAccessBlock,
};
use std::sync::{Mutex, MutexGuard};

type Hook = Box<dyn FnOnce(&mut ObservedState) + Send>;

/// A failure to inject: every operation matching `address` (display form) and, when given,
/// `api` (e.g. `PutBucketPolicy`) fails, `times` times (forever when `None`).
#[derive(Debug, Clone)]
pub struct Failure {
    /// The address the operation writes, e.g. `bucket_policy.test-bucket-1`.
    pub address: String,
    /// The API name, or any.
    pub api: Option<String>,
    /// How many times; `None` for always.
    pub times: Option<usize>,
}

struct Inner {
    world: ObservedState,
    rewrite: bool,
    percent_encode_iam: bool,
    failures: Vec<Failure>,
    hooks: Vec<(usize, Hook)>,
    observes: usize,
    executed: Vec<Operation>,
}

/// The fake. The world is an [`ObservedState`] holding everything that exists.
pub struct FakeCloud {
    inner: Mutex<Inner>,
}

impl FakeCloud {
    /// A cloud holding `world`, rewriting stored documents like AWS.
    pub fn new(world: ObservedState) -> Self {
        Self {
            inner: Mutex::new(Inner {
                world,
                rewrite: true,
                percent_encode_iam: false,
                failures: Vec::new(),
                hooks: Vec::new(),
                observes: 0,
                executed: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether documents are rewritten on write (default: yes).
    pub fn set_rewrite(&self, on: bool) {
        self.lock().rewrite = on;
    }

    /// Whether IAM documents are stored percent-encoded, as IAM returns them.
    pub fn set_percent_encode_iam(&self, on: bool) {
        self.lock().percent_encode_iam = on;
    }

    /// Makes matching operations fail.
    pub fn fail(&self, failure: Failure) {
        self.lock().failures.push(failure);
    }

    /// Forgets every injected failure not yet used up.
    pub fn clear_failures(&self) {
        self.lock().failures.clear();
    }

    /// Runs `f` on the world at the start of the `nth` `observe` call from now (0: the next
    /// one): someone else writing between two reads.
    pub fn on_observe(&self, nth: usize, f: impl FnOnce(&mut ObservedState) + Send + 'static) {
        let mut inner = self.lock();
        let at = inner.observes + nth;
        inner.hooks.push((at, Box::new(f)));
    }

    /// Changes the world directly (someone else writing now).
    pub fn with_world<R>(&self, f: impl FnOnce(&mut ObservedState) -> R) -> R {
        f(&mut self.lock().world)
    }

    /// A copy of the world.
    pub fn world(&self) -> ObservedState {
        self.lock().world.clone()
    }

    /// Every operation executed successfully, in order.
    pub fn executed(&self) -> Vec<Operation> {
        self.lock().executed.clone()
    }

    /// How many `observe` calls were made.
    pub fn observe_calls(&self) -> usize {
        self.lock().observes
    }
}

impl Cloud for FakeCloud {
    fn observe(&self, request: &ObserveRequest) -> Result<ObservedState, Vec<CloudError>> {
        let mut inner = self.lock();
        let now = inner.observes;
        inner.observes += 1;
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut inner.hooks)
            .into_iter()
            .partition(|(at, _)| *at == now);
        inner.hooks = later;
        for (_, hook) in due {
            hook(&mut inner.world);
        }
        let world = &inner.world;
        let mut out = ObservedState::default();
        for (account, _, bucket) in &request.buckets {
            let b = world.buckets.get(bucket).cloned().unwrap_or_default();
            for name in &b.access_points {
                if let Some(ap) = world.access_points.get(&(account.clone(), name.clone())) {
                    out.access_points
                        .insert((account.clone(), name.clone()), ap.clone());
                }
            }
            out.buckets.insert(bucket.clone(), b);
        }
        for (account, _, name) in &request.access_points {
            if let Some(ap) = world.access_points.get(&(account.clone(), name.clone())) {
                out.access_points
                    .insert((account.clone(), name.clone()), ap.clone());
            }
        }
        for (_, _, id) in &request.endpoints {
            let e = world.endpoints.get(id).cloned().unwrap_or_default();
            out.endpoints.insert(id.clone(), e);
        }
        for arn in &request.identities {
            let i = world.identities.get(arn).cloned().unwrap_or_default();
            out.identities.insert(arn.clone(), i);
        }
        out.api_calls = 1;
        Ok(out)
    }

    fn execute(&self, operations: &[Operation]) -> Vec<Result<(), CloudError>> {
        let mut inner = self.lock();
        operations
            .iter()
            .map(|op| {
                let address = op.address().to_string();
                let injected = inner.failures.iter_mut().find(|f| {
                    f.address == address
                        && f.api.as_deref().is_none_or(|a| a == op.api_name())
                        && f.times != Some(0)
                });
                if let Some(f) = injected {
                    if let Some(t) = f.times.as_mut() {
                        *t -= 1;
                    }
                    return Err(err(
                        op,
                        "InternalError",
                        "injected failure",
                        ErrorKind::Unavailable,
                    ));
                }
                let result = inner.apply(op);
                if result.is_ok() {
                    inner.executed.push(op.clone());
                }
                result
            })
            .collect()
    }
}

fn err(op: &Operation, code: &str, message: &str, kind: ErrorKind) -> CloudError {
    CloudError {
        account: Some(op.address().account()),
        resource: op.address().to_string(),
        code: Some(code.to_owned()),
        message: message.to_owned(),
        kind,
    }
}

impl Inner {
    fn store(&self, document: &str) -> String {
        if self.rewrite {
            aws_rewrite(document)
        } else {
            document.to_owned()
        }
    }

    fn apply(&mut self, op: &Operation) -> Result<(), CloudError> {
        let not_found = |code: &str| err(op, code, "not found", ErrorKind::NotFound);
        match op {
            Operation::CreateBucket { bucket, .. } => {
                let b = self.world.buckets.entry(bucket.clone()).or_default();
                if b.exists {
                    return Err(err(
                        op,
                        "BucketAlreadyOwnedByYou",
                        "bucket exists",
                        ErrorKind::Other,
                    ));
                }
                *b = ObservedBucket {
                    exists: true,
                    policy: None,
                    public_access_block: Some(PublicAccessBlock::all(true)),
                    object_ownership: Some(ObjectOwnership::BucketOwnerEnforced),
                    access_points: Vec::new(),
                };
            }
            Operation::PutPublicAccessBlock { bucket, config, .. } => {
                let b = self
                    .bucket(bucket)
                    .ok_or_else(|| not_found("NoSuchBucket"))?;
                b.public_access_block = Some(*config);
            }
            Operation::PutOwnershipControls {
                bucket, ownership, ..
            } => {
                let b = self
                    .bucket(bucket)
                    .ok_or_else(|| not_found("NoSuchBucket"))?;
                b.object_ownership = Some(*ownership);
            }
            Operation::CreateAccessPoint {
                account,
                region,
                name,
                bucket,
                vpc,
            } => {
                let key = (account.clone(), name.clone());
                if self.world.access_points.contains_key(&key) {
                    return Err(err(
                        op,
                        "AccessPointAlreadyOwnedByYou",
                        "access point exists",
                        ErrorKind::Other,
                    ));
                }
                let b = self
                    .bucket(bucket)
                    .ok_or_else(|| not_found("NoSuchBucket"))?;
                b.access_points.push(name.clone());
                self.world.access_points.insert(
                    key,
                    ObservedAccessPoint {
                        account: account.clone(),
                        region: region.clone(),
                        bucket: bucket.clone(),
                        vpc: vpc.clone(),
                        policy: None,
                    },
                );
            }
            Operation::DeleteAccessPoint { account, name, .. } => {
                let ap = self
                    .world
                    .access_points
                    .remove(&(account.clone(), name.clone()))
                    .ok_or_else(|| not_found("NoSuchAccessPoint"))?;
                if let Some(b) = self.bucket(&ap.bucket) {
                    b.access_points.retain(|n| n != name);
                }
            }
            Operation::PutAccessPointPolicy {
                account,
                name,
                document,
                ..
            } => {
                let stored = self.store(document);
                let ap = self
                    .world
                    .access_points
                    .get_mut(&(account.clone(), name.clone()))
                    .ok_or_else(|| not_found("NoSuchAccessPoint"))?;
                ap.policy = Some(stored);
            }
            Operation::DeleteAccessPointPolicy { account, name, .. } => {
                let ap = self
                    .world
                    .access_points
                    .get_mut(&(account.clone(), name.clone()))
                    .ok_or_else(|| not_found("NoSuchAccessPoint"))?;
                ap.policy = None;
            }
            Operation::PutBucketPolicy {
                bucket, document, ..
            } => {
                let stored = self.store(document);
                let b = self
                    .bucket(bucket)
                    .ok_or_else(|| not_found("NoSuchBucket"))?;
                b.policy = Some(stored);
            }
            Operation::DeleteBucketPolicy { bucket, .. } => {
                let b = self
                    .bucket(bucket)
                    .ok_or_else(|| not_found("NoSuchBucket"))?;
                b.policy = None;
            }
            Operation::PutEndpointPolicy {
                endpoint, document, ..
            } => {
                let stored = self.store(document);
                let e = self
                    .world
                    .endpoints
                    .get_mut(endpoint)
                    .filter(|e| e.exists)
                    .ok_or_else(|| not_found("InvalidVpcEndpointId.NotFound"))?;
                e.policy = Some(stored);
            }
            Operation::PutIdentityPolicy {
                principal,
                policy_name,
                document,
            } => {
                let mut stored = self.store(document);
                if self.percent_encode_iam {
                    stored = percent_encode(&stored);
                }
                let i = self
                    .identity(principal)
                    .ok_or_else(|| not_found("NoSuchEntity"))?;
                i.inline_policies
                    .insert(policy_name.as_str().to_owned(), stored);
            }
            Operation::DeleteIdentityPolicy {
                principal,
                policy_name,
            } => {
                let i = self
                    .identity(principal)
                    .ok_or_else(|| not_found("NoSuchEntity"))?;
                i.inline_policies
                    .remove(policy_name.as_str())
                    .ok_or_else(|| not_found("NoSuchEntity"))?;
            }
        }
        Ok(())
    }

    fn bucket(&mut self, bucket: &share_types::BucketName) -> Option<&mut ObservedBucket> {
        self.world.buckets.get_mut(bucket).filter(|b| b.exists)
    }

    fn identity(&mut self, arn: &share_types::PrincipalArn) -> Option<&mut ObservedIdentity> {
        self.world.identities.get_mut(arn).filter(|i| i.exists)
    }
}

/// A world with one endpoint: helpers for building test worlds.
pub fn gateway_endpoint(vpc: &str, policy: Option<&str>) -> ObservedEndpoint {
    ObservedEndpoint {
        exists: true,
        vpc: share_types::VpcId::parse(vpc).ok(),
        endpoint_type: "Gateway".into(),
        service_name: "com.amazonaws.us-east-1.s3".into(),
        state: "available".into(),
        policy: Some(
            policy
                .unwrap_or(
                    r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
                )
                .to_owned(),
        ),
    }
}

/// Rewrites a stored document the way AWS does (aws-semantics §4.1): keys of every object
/// in reverse order, one-element lists inside statements collapsed to scalars, principal
/// lists reversed, bare account ids turned into root ARNs, whitespace removed. Text that is
/// not JSON is stored as it is.
pub fn aws_rewrite(document: &str) -> String {
    match serde_json::from_str::<Value>(document) {
        Ok(v) => rewrite_value(&v, false, false).to_string(),
        Err(_) => document.to_owned(),
    }
}

fn rewrite_value(v: &Value, in_statement: bool, in_aws_principal: bool) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, val) in m.iter().rev() {
                let child_in_statement = in_statement || k == "Statement";
                let is_aws = in_statement && k == "AWS";
                out.insert(k.clone(), rewrite_value(val, child_in_statement, is_aws));
            }
            Value::Object(out)
        }
        Value::Array(items) if in_statement => {
            let mut items: Vec<Value> = items
                .iter()
                .map(|i| rewrite_value(i, true, in_aws_principal))
                .collect();
            if in_aws_principal {
                items.reverse();
            }
            match items.as_slice() {
                [one] if !one.is_object() => one.clone(),
                _ => Value::Array(items),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| rewrite_value(i, in_statement, false))
                .collect(),
        ),
        Value::String(s) if in_aws_principal && share_policy::is_account_id(s) => {
            Value::String(format!("arn:aws:iam::{s}:root"))
        }
        other => other.clone(),
    }
}

/// RFC 3986 percent-encoding of everything but unreserved characters, as IAM returns
/// documents.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An identity that exists with the given inline policies.
pub fn identity(unique_id: &str, policies: &[(&str, &str)]) -> ObservedIdentity {
    ObservedIdentity {
        exists: true,
        unique_id: Some(unique_id.to_owned()),
        inline_policies: policies
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect(),
    }
}

/// A bucket that exists with the given policy and AWS's default settings.
pub fn bucket(policy: Option<&str>) -> ObservedBucket {
    ObservedBucket {
        exists: true,
        policy: policy.map(str::to_owned),
        public_access_block: Some(PublicAccessBlock::all(true)),
        object_ownership: Some(ObjectOwnership::BucketOwnerEnforced),
        access_points: Vec::new(),
    }
}
