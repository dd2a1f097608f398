//! ARNs: the general form, the partition, and IAM principals (roles and users).
//!
//! ARNs are built from the partition of the account's region, never a hard-coded `aws`
//! (aws-semantics §2). Resources inside ARNs are case-sensitive and kept byte-exact.

use crate::{AccountId, InvalidValue, Region, string_value};

/// An AWS partition: `aws`, `aws-cn` or `aws-us-gov`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Partition {
    /// The commercial partition.
    Aws,
    /// The China partition.
    AwsCn,
    /// AWS GovCloud (US).
    AwsUsGov,
}

impl Partition {
    /// The partition of a region: `cn-*` is `aws-cn`, `us-gov-*` is `aws-us-gov`.
    pub fn of_region(region: &Region) -> Self {
        let r = region.as_str();
        if r.starts_with("cn-") {
            Self::AwsCn
        } else if r.starts_with("us-gov-") {
            Self::AwsUsGov
        } else {
            Self::Aws
        }
    }

    /// The partition as it appears in an ARN.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::AwsCn => "aws-cn",
            Self::AwsUsGov => "aws-us-gov",
        }
    }

    /// Parses the partition field of an ARN.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        match s {
            "aws" => Ok(Self::Aws),
            "aws-cn" => Ok(Self::AwsCn),
            "aws-us-gov" => Ok(Self::AwsUsGov),
            _ => Err(InvalidValue::new(
                "partition",
                s,
                "one of `aws`, `aws-cn`, `aws-us-gov`",
            )),
        }
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A syntactically valid ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn(pub(crate) String);
string_value!(Arn);

impl Arn {
    /// Parses an ARN; the resource part must be non-empty.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        let expected = "an ARN of the form `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`";
        if parts.len() != 6 || parts[0] != "arn" || parts[2].is_empty() || parts[5].is_empty() {
            return Err(InvalidValue::new("ARN", s, expected));
        }
        Partition::parse(parts[1]).map_err(|e| {
            InvalidValue::new(
                "ARN",
                s,
                format!("{expected}; the partition must be {}", e.expected),
            )
        })?;
        if !parts[4].is_empty() {
            AccountId::parse(parts[4]).map_err(|_| {
                InvalidValue::new(
                    "ARN",
                    s,
                    format!("{expected}; the account must be 12 digits"),
                )
            })?;
        }
        Ok(Self(s.to_owned()))
    }

    fn field(&self, i: usize) -> &str {
        self.0.splitn(6, ':').nth(i).unwrap_or("")
    }

    /// The partition field.
    pub fn partition(&self) -> Partition {
        Partition::parse(self.field(1)).unwrap_or(Partition::Aws)
    }
    /// The service field, e.g. `iam`, `s3`.
    pub fn service(&self) -> &str {
        self.field(2)
    }
    /// The region field (empty for global services).
    pub fn region(&self) -> &str {
        self.field(3)
    }
    /// The account id, if the ARN has one.
    pub fn account(&self) -> Option<AccountId> {
        AccountId::parse(self.field(4)).ok()
    }
    /// The resource part after the fifth colon.
    pub fn resource(&self) -> &str {
        self.field(5)
    }
}

/// What kind of IAM identity a principal ARN names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalKind {
    /// An IAM role.
    Role,
    /// An IAM user.
    User,
}

impl PrincipalKind {
    /// `role` or `user`, as in the ARN.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::User => "user",
        }
    }
}

/// The ARN of an IAM role or user: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrincipalArn(pub(crate) String);
string_value!(PrincipalArn);

impl PrincipalArn {
    /// Parses a role or user ARN; the path may be empty, the name is 1–64 characters of
    /// `[A-Za-z0-9+=,.@_-]`.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let expected = "an IAM role or user ARN such as `arn:aws:iam::123456789012:role/NAME` or `arn:aws:iam::123456789012:user/PATH/NAME`";
        let arn = Arn::parse(s).map_err(|_| InvalidValue::new("principal ARN", s, expected))?;
        if arn.service() != "iam" || !arn.region().is_empty() || arn.account().is_none() {
            return Err(InvalidValue::new("principal ARN", s, expected));
        }
        let resource = arn.resource();
        let rest = resource
            .strip_prefix("role/")
            .or_else(|| resource.strip_prefix("user/"))
            .ok_or_else(|| InvalidValue::new("principal ARN", s, expected))?;
        let name = rest.rsplit('/').next().unwrap_or("");
        let valid_name = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !valid_name || rest.contains("//") || rest.contains('*') {
            return Err(InvalidValue::new(
                "principal ARN",
                s,
                format!(
                    "{expected}; the name must be 1–64 characters of letters, digits and `+=,.@_-`"
                ),
            ));
        }
        Ok(Self(s.to_owned()))
    }

    fn arn(&self) -> Arn {
        Arn(self.0.clone())
    }

    /// Role or user.
    pub fn kind(&self) -> PrincipalKind {
        if self.arn().resource().starts_with("role/") {
            PrincipalKind::Role
        } else {
            PrincipalKind::User
        }
    }

    /// The account the identity lives in.
    pub fn account(&self) -> AccountId {
        // Checked in `parse`.
        AccountId(self.0.split(':').nth(4).unwrap_or_default().to_owned())
    }

    /// The partition of the ARN.
    pub fn partition(&self) -> Partition {
        self.arn().partition()
    }

    /// The name, without the path.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or("")
    }

    /// The path, with leading and trailing `/` (`/` when there is none).
    pub fn path(&self) -> String {
        let resource = self.0.splitn(6, ':').nth(5).unwrap_or("");
        let inner = resource.split_once('/').map(|(_, r)| r).unwrap_or("");
        match inner.rsplit_once('/') {
            Some((path, _)) => format!("/{path}/"),
            None => "/".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests;
