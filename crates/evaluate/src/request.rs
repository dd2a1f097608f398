//! The request being judged: who asks, for what, on which bucket or key, along which path.
//!
//! A request is more than "principal + action + resource": the path it takes (straight to
//! the bucket, or through an access point, optionally through a VPC gateway endpoint)
//! changes which ARN each policy sees and which context keys exist (aws-semantics §1). This
//! module holds that description in validated types, plus the few derived facts every layer
//! needs (the bucket-form and access-point-form ARNs). It decides nothing.
//!
//! The probe helpers (`with_key`, `without_endpoint`, …) exist so that `share verify` can
//! build "just outside the grant" requests from a granted one without re-assembling it.

use share_types::{
    AccessPointName, AccountId, BucketName, InvalidValue, Partition, PrincipalArn, PrincipalKind,
    Region, VpcEndpointId, VpcId,
};
use std::collections::BTreeMap;
use std::fmt;

/// A request that cannot be built as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The principal is not a role, user or assumed-role session ARN.
    #[error(
        "invalid principal `{0}`: expected an IAM role or user ARN (`arn:aws:iam::123456789012:role/NAME`) or an assumed-role session ARN (`arn:aws:sts::123456789012:assumed-role/NAME/SESSION`)"
    )]
    Principal(String),
    /// The role session name does not follow the STS rules.
    #[error(
        "invalid role session name `{0}`: expected 2–64 characters of letters, digits and `+=,.@_-`"
    )]
    SessionName(String),
    /// An assumed-role session was requested for a user ARN.
    #[error("`{0}` is a user, not a role: only roles have sessions")]
    NotARole(String),
    /// The action is not `service:Name`.
    #[error(
        "invalid action `{0}`: expected `service:Action` such as `s3:GetObject`, without wildcards"
    )]
    Action(String),
    /// The object key is empty or too long.
    #[error("invalid object key `{0}`: S3 keys are 1–1024 bytes")]
    Key(String),
    /// The resource is not an `s3://BUCKET[/KEY]` URI.
    #[error("invalid S3 URI `{0}`: expected `s3://BUCKET` or `s3://BUCKET/KEY`")]
    Uri(String),
    /// A validated value type rejected its input.
    #[error(transparent)]
    Value(#[from] InvalidValue),
}

/// The identity making the request.
///
/// Roles act through sessions: `aws:PrincipalArn` of a session is the role's ARN (with its
/// path), while a policy may name either the role (all its sessions) or one session
/// (IAM User Guide, "AWS JSON policy elements: Principal", role sessions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// An IAM user, signing with its own credentials.
    User(PrincipalArn),
    /// A session of an IAM role. `session` is the role session name when known; `None`
    /// means "some session of this role", which is enough unless a policy names a session.
    Role {
        /// The role.
        role: PrincipalArn,
        /// The role session name, if known.
        session: Option<String>,
    },
}

impl Principal {
    /// Parses a user ARN, a role ARN (a session of unknown name) or an assumed-role session
    /// ARN `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`.
    ///
    /// A session ARN does not carry the role's path, so the role is taken to have none; use
    /// [`Principal::assumed_role`] for a role with a path.
    pub fn parse(s: &str) -> Result<Self, RequestError> {
        if let Ok(p) = PrincipalArn::parse(s) {
            return Ok(p.into());
        }
        let bad = || RequestError::Principal(s.to_owned());
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = parts.as_slice() else {
            return Err(bad());
        };
        if *arn != "arn" || *service != "sts" || !region.is_empty() {
            return Err(bad());
        }
        let partition = Partition::parse(partition).map_err(|_| bad())?;
        let account = AccountId::parse(account).map_err(|_| bad())?;
        let rest = resource.strip_prefix("assumed-role/").ok_or_else(bad)?;
        let (name, session) = rest.split_once('/').ok_or_else(bad)?;
        let role = PrincipalArn::parse(&format!("arn:{partition}:iam::{account}:role/{name}"))
            .map_err(|_| bad())?;
        Self::assumed_role(role, session)
    }

    /// A named session of `role`.
    pub fn assumed_role(role: PrincipalArn, session: &str) -> Result<Self, RequestError> {
        if role.kind() != PrincipalKind::Role {
            return Err(RequestError::NotARole(role.to_string()));
        }
        let valid = (2..=64).contains(&session.len())
            && session
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !valid {
            return Err(RequestError::SessionName(session.to_owned()));
        }
        Ok(Self::Role {
            role,
            session: Some(session.to_owned()),
        })
    }

    /// The IAM identity: the user, or the role behind the session. This is the value of
    /// `aws:PrincipalArn` (IAM User Guide, "AWS global condition context keys").
    pub fn identity(&self) -> &PrincipalArn {
        match self {
            Self::User(p) => p,
            Self::Role { role, .. } => role,
        }
    }

    /// The account the identity belongs to (`aws:PrincipalAccount`).
    pub fn account(&self) -> AccountId {
        self.identity().account()
    }

    /// The partition of the identity.
    pub fn partition(&self) -> Partition {
        self.identity().partition()
    }

    /// `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION` for a named session.
    pub fn session_arn(&self) -> Option<String> {
        match self {
            Self::Role {
                role,
                session: Some(session),
            } => Some(format!(
                "arn:{}:sts::{}:assumed-role/{}/{}",
                role.partition(),
                role.account(),
                role.name(),
                session
            )),
            _ => None,
        }
    }
}

impl From<PrincipalArn> for Principal {
    /// A user, or some session of a role.
    fn from(p: PrincipalArn) -> Self {
        match p.kind() {
            PrincipalKind::User => Self::User(p),
            PrincipalKind::Role => Self::Role {
                role: p,
                session: None,
            },
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.session_arn()) {
            (_, Some(session)) => f.write_str(&session),
            (Self::User(p), None) => write!(f, "{p}"),
            (Self::Role { role, .. }, None) => write!(f, "{role} (any session)"),
        }
    }
}

/// An action such as `s3:GetObject`: a service prefix and a name, without wildcards.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Action(String);

impl Action {
    /// Parses `service:Name`.
    pub fn parse(s: &str) -> Result<Self, RequestError> {
        let ok = s.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty()
                && !name.is_empty()
                && service
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(RequestError::Action(s.to_owned()))
        }
    }

    /// The action as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when this is `name`, compared case-insensitively as AWS does.
    pub fn is(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an access point accepts requests from (S3 User Guide, "Creating access points
/// restricted to a virtual private cloud").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NetworkOrigin {
    /// Reachable from anywhere, subject to policies.
    Internet,
    /// "Amazon S3 rejects any request made to the access point that doesn't originate from
    /// that VPC."
    Vpc(VpcId),
}

/// The access point a request goes through.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccessPoint {
    /// Its name.
    pub name: AccessPointName,
    /// The account that owns it (usually the bucket owner).
    pub account: AccountId,
    /// Its region.
    pub region: Region,
    /// Its network origin, when known; `None` makes `s3:AccessPointNetworkOrigin` unknown.
    pub network_origin: Option<NetworkOrigin>,
}

impl AccessPoint {
    /// An access point with an unknown network origin.
    pub fn new(name: AccessPointName, account: AccountId, region: Region) -> Self {
        Self {
            name,
            account,
            region,
            network_origin: None,
        }
    }

    /// The same access point with a known network origin.
    pub fn with_network_origin(mut self, origin: NetworkOrigin) -> Self {
        self.network_origin = Some(origin);
        self
    }

    /// `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME` (aws-semantics §2).
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:s3:{}:{}:accesspoint/{}",
            self.region.partition(),
            self.region,
            self.account,
            self.name
        )
    }

    /// `…:accesspoint/NAME/object/KEY`, the form an object request through it is matched as.
    pub fn object_arn(&self, key: &str) -> String {
        format!("{}/object/{key}", self.arn())
    }
}

/// The VPC gateway endpoint a request goes through.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Its id, the value of `aws:SourceVpce`.
    pub id: VpcEndpointId,
    /// Its VPC, the value of `aws:SourceVpc`; `None` makes that key unknown.
    pub vpc: Option<VpcId>,
}

impl Endpoint {
    /// An endpoint in a known VPC.
    pub fn new(id: VpcEndpointId, vpc: VpcId) -> Self {
        Self { id, vpc: Some(vpc) }
    }
}

/// A caller-supplied context value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContextValue {
    /// The key is known not to be in the request.
    Absent,
    /// The key's values (one for single-valued keys).
    Values(Vec<String>),
}

/// Context keys supplied by the caller. They override the ones the evaluator derives from
/// the request; names are compared case-insensitively, as AWS does ("condition key names
/// are not case-sensitive", IAM User Guide, "IAM JSON policy elements: Condition").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context(BTreeMap<String, ContextValue>);

impl Context {
    /// Sets a single-valued key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0
            .insert(key.to_lowercase(), ContextValue::Values(vec![value.into()]));
    }

    /// Sets a multivalued key (for `ForAnyValue:`/`ForAllValues:`).
    pub fn set_values<I, S>(&mut self, key: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.insert(
            key.to_lowercase(),
            ContextValue::Values(values.into_iter().map(Into::into).collect()),
        );
    }

    /// Declares that the key is not in the request.
    pub fn set_absent(&mut self, key: &str) {
        self.0.insert(key.to_lowercase(), ContextValue::Absent);
    }

    /// Forgets a key, so the evaluator's own value (or "unknown") applies again.
    pub fn remove(&mut self, key: &str) {
        self.0.remove(&key.to_lowercase());
    }

    /// The caller's value for a key.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.0.get(&key.to_lowercase())
    }

    /// Every caller-supplied key (lowercased) and value.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A request to S3, as every policy layer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    /// Who asks.
    pub principal: Principal,
    /// What for.
    pub action: Action,
    /// The bucket.
    pub bucket: BucketName,
    /// The account that owns the bucket.
    pub bucket_owner: AccountId,
    /// The object key; `None` for bucket-level actions such as `s3:ListBucket`.
    pub key: Option<String>,
    /// The access point the request goes through, if any.
    pub access_point: Option<AccessPoint>,
    /// The VPC gateway endpoint the request goes through, if any.
    pub endpoint: Option<Endpoint>,
    /// Caller-supplied context keys, overriding the derived ones.
    pub context: Context,
}

impl Request {
    /// A bucket-level request straight to the bucket, with no extra context.
    pub fn new(
        principal: Principal,
        action: Action,
        bucket: BucketName,
        bucket_owner: AccountId,
    ) -> Self {
        Self {
            principal,
            action,
            bucket,
            bucket_owner,
            key: None,
            access_point: None,
            endpoint: None,
            context: Context::default(),
        }
    }

    /// A request for `s3://BUCKET[/KEY]`, as `share check --resource` takes it. For the
    /// listing actions (`s3:ListBucket`, `s3:ListBucketVersions`,
    /// `s3:ListBucketMultipartUploads`) the key part is the `s3:prefix` of a bucket-level
    /// request; for every other action it is the object key (none: a bucket-level request).
    pub fn for_s3_uri(
        principal: Principal,
        action: Action,
        uri: &str,
        bucket_owner: AccountId,
    ) -> Result<Self, RequestError> {
        let rest = uri
            .strip_prefix("s3://")
            .ok_or_else(|| RequestError::Uri(uri.to_owned()))?;
        let (bucket, key) = match rest.split_once('/') {
            Some((b, k)) => (b, (!k.is_empty()).then_some(k)),
            None => (rest, None),
        };
        let bucket = BucketName::parse(bucket)?;
        let listing = [
            "s3:ListBucket",
            "s3:ListBucketVersions",
            "s3:ListBucketMultipartUploads",
        ]
        .iter()
        .any(|a| action.is(a));
        let request = Self::new(principal, action, bucket, bucket_owner);
        match key {
            Some(k) if listing => Ok(request.with_prefix(k)),
            Some(k) => request.object(k),
            None => Ok(request),
        }
    }

    /// The same request on an object.
    pub fn object(mut self, key: &str) -> Result<Self, RequestError> {
        if key.is_empty() || key.len() > 1024 {
            return Err(RequestError::Key(key.chars().take(80).collect()));
        }
        self.key = Some(key.to_owned());
        Ok(self)
    }

    /// The same request through an access point.
    pub fn via(mut self, access_point: AccessPoint) -> Self {
        self.access_point = Some(access_point);
        self
    }

    /// The same request through a VPC gateway endpoint.
    pub fn through(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The same request with a context key set.
    pub fn with_context(mut self, key: &str, value: impl Into<String>) -> Self {
        self.context.set(key, value);
        self
    }

    /// The same request with `s3:prefix` set, as a `ListObjects` call with `prefix=` does.
    pub fn with_prefix(self, prefix: impl Into<String>) -> Self {
        self.with_context("s3:prefix", prefix)
    }

    /// Probe helper: the same request without `s3:prefix` (a listing of the whole bucket).
    pub fn without_prefix(mut self) -> Self {
        self.context.remove("s3:prefix");
        self
    }

    /// Probe helper: the same request on another key.
    pub fn with_key(self, key: &str) -> Result<Self, RequestError> {
        self.object(key)
    }

    /// Probe helper: the same request for another action.
    pub fn with_action(mut self, action: Action) -> Self {
        self.action = action;
        self
    }

    /// Probe helper: the same request from another principal.
    pub fn with_principal(mut self, principal: Principal) -> Self {
        self.principal = principal;
        self
    }

    /// Probe helper: the same request sent straight to the bucket.
    pub fn without_access_point(mut self) -> Self {
        self.access_point = None;
        self
    }

    /// Probe helper: the same request sent from outside the VPC endpoint.
    pub fn without_endpoint(mut self) -> Self {
        self.endpoint = None;
        self
    }

    /// The partition used for the bucket ARN: the principal's.
    pub fn partition(&self) -> Partition {
        self.principal.partition()
    }

    /// The bucket-form ARN: `arn:aws:s3:::BUCKET` or `arn:aws:s3:::BUCKET/KEY`. This is what
    /// the bucket policy sees (aws-semantics §2).
    pub fn bucket_form_arn(&self) -> String {
        match &self.key {
            Some(key) => format!("arn:{}:s3:::{}/{key}", self.partition(), self.bucket),
            None => format!("arn:{}:s3:::{}", self.partition(), self.bucket),
        }
    }

    /// The access-point-form ARN, when the request goes through one:
    /// `…:accesspoint/NAME` or `…:accesspoint/NAME/object/KEY`.
    pub fn access_point_form_arn(&self) -> Option<String> {
        let ap = self.access_point.as_ref()?;
        Some(match &self.key {
            Some(key) => ap.object_arn(key),
            None => ap.arn(),
        })
    }

    /// The ARN the identity policies are matched against: the access-point form through an
    /// access point, the bucket form otherwise.
    pub fn identity_arn(&self) -> String {
        self.access_point_form_arn()
            .unwrap_or_else(|| self.bucket_form_arn())
    }
}

#[cfg(test)]
mod tests;
