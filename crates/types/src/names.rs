//! Names and ids: account ids, regions, bucket and access point names, VPC ids, prefixes.
//!
//! The rules are AWS's own (S3 bucket naming rules; aws-semantics §5 for access points and
//! IAM names). A type that exists is valid, so later stages never re-check.

use crate::{InvalidValue, string_value};

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// A 12-digit AWS account id, e.g. `222222222222`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub(crate) String);
string_value!(AccountId);

impl AccountId {
    /// Parses a 12-digit account id.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "account id",
                s,
                "exactly 12 digits, written as a quoted string such as \"123456789012\"",
            ))
        }
    }
}

/// An AWS region code, e.g. `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(pub(crate) String);
string_value!(Region);

impl Region {
    /// Parses a region code: lowercase words joined by `-`, ending in a number.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let parts: Vec<&str> = s.split('-').collect();
        let ok = parts.len() >= 3
            && parts.len() <= 5
            && parts[..parts.len() - 1]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
            && parts[0].len() == 2
            && parts.last().is_some_and(|p| {
                !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit())
            });
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "region",
                s,
                "an AWS region code such as `us-east-1` or `eu-west-2`",
            ))
        }
    }

    /// The partition this region belongs to (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> crate::Partition {
        crate::Partition::of_region(self)
    }
}

/// An S3 bucket name, following the general purpose bucket naming rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketName(pub(crate) String);
string_value!(BucketName);

impl BucketName {
    /// Parses a general purpose bucket name: 3–63 characters of lowercase letters, digits,
    /// dots and hyphens, starting and ending with a letter or digit, no `..`, not an IP
    /// address, none of the prefixes and suffixes S3 reserves.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let err = |why: &str| {
            Err(InvalidValue::new(
                "bucket name",
                s,
                format!("an S3 bucket name (3–63 lowercase letters, digits, `.` and `-`): {why}"),
            ))
        };
        if s.len() < 3 || s.len() > 63 {
            return err("length must be 3 to 63 characters");
        }
        if !s.chars().all(|c| is_lower_alnum(c) || c == '.' || c == '-') {
            return err("only lowercase letters, digits, `.` and `-` are allowed");
        }
        let first = s.chars().next().unwrap_or('-');
        let last = s.chars().last().unwrap_or('-');
        if !is_lower_alnum(first) || !is_lower_alnum(last) {
            return err("must start and end with a letter or digit");
        }
        if s.contains("..") || s.contains(".-") || s.contains("-.") {
            return err("`..`, `.-` and `-.` are not allowed");
        }
        if s.split('.').count() == 4 && s.split('.').all(|p| p.parse::<u8>().is_ok()) {
            return err("must not be formatted as an IP address");
        }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
            if s.starts_with(prefix) {
                return err(&format!("the prefix `{prefix}` is reserved"));
            }
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
            if s.ends_with(suffix) {
                return err(&format!("the suffix `{suffix}` is reserved"));
            }
        }
        Ok(Self(s.to_owned()))
    }
}

/// An S3 access point name (aws-semantics §5): 3–50 characters of lowercase letters, digits
/// and hyphens, starting with a letter or digit, not ending in `-` or `-s3alias`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccessPointName(pub(crate) String);
string_value!(AccessPointName);

impl AccessPointName {
    /// Parses an access point name.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let err = |why: &str| {
            Err(InvalidValue::new(
                "access point name",
                s,
                format!("an access point name (3–50 lowercase letters, digits and `-`): {why}"),
            ))
        };
        if s.len() < 3 || s.len() > 50 {
            return err("length must be 3 to 50 characters");
        }
        if !s.chars().all(|c| is_lower_alnum(c) || c == '-') {
            return err("only lowercase letters, digits and `-` are allowed");
        }
        if s.starts_with('-') || s.ends_with('-') {
            return err("must not start or end with `-`");
        }
        if s.ends_with("-s3alias") {
            return err("must not end in `-s3alias`");
        }
        Ok(Self(s.to_owned()))
    }
}

fn hex_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|rest| {
        (rest.len() == 8 || rest.len() == 17)
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// A VPC id, `vpc-` followed by 8 or 17 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VpcId(pub(crate) String);
string_value!(VpcId);

impl VpcId {
    /// Parses a VPC id.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        if hex_id(s, "vpc-") {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "VPC id",
                s,
                "`vpc-` followed by 8 or 17 lowercase hexadecimal digits, e.g. `vpc-0a1b2c3d4e5f60718`",
            ))
        }
    }
}

/// A VPC endpoint id, `vpce-` followed by 8 or 17 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VpcEndpointId(pub(crate) String);
string_value!(VpcEndpointId);

impl VpcEndpointId {
    /// Parses a VPC endpoint id.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        if hex_id(s, "vpce-") {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "VPC endpoint id",
                s,
                "`vpce-` followed by 8 or 17 lowercase hexadecimal digits, e.g. `vpce-0a1b2c3d4e5f60718`",
            ))
        }
    }
}

/// An S3 key prefix that a grant is scoped to, e.g. `datasets/credit/`.
///
/// Prefixes are literal: wildcard characters would widen a grant beyond what the manifest
/// says, so `*` and `?` are rejected. A prefix never starts with `/` (S3 keys rarely do,
/// and a leading slash is almost always a mistake).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefix(pub(crate) String);
string_value!(Prefix);

impl Prefix {
    /// Parses a key prefix.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let err = |why: &str| {
            Err(InvalidValue::new(
                "prefix",
                s,
                format!("a literal S3 key prefix such as `datasets/credit/`: {why}"),
            ))
        };
        if s.is_empty() {
            return err("it must not be empty (leave `prefixes` out to grant the whole bucket)");
        }
        if s.len() > 1024 {
            return err("S3 keys are at most 1024 bytes");
        }
        if s.starts_with('/') {
            return err("it must not start with `/`");
        }
        if s.contains(['*', '?']) {
            return err("`*` and `?` are not allowed, prefixes are literal");
        }
        if s.contains("${") {
            return err("policy variables (`${...}`) are not allowed");
        }
        if s.chars().any(|c| c.is_control()) {
            return err("control characters are not allowed");
        }
        Ok(Self(s.to_owned()))
    }

    /// True when every key under `other` is also under `self` (`self` is a prefix of `other`).
    pub fn covers(&self, other: &Prefix) -> bool {
        other.0.starts_with(&self.0)
    }
}

/// The Sid prefix that marks statements `share` owns in resource policies (the ownership
/// rule itself is `share_policy::is_owned`). IAM Sids allow
/// only `A–Z a–z 0–9` (aws-semantics §4.3 rule 4).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SidPrefix(pub(crate) String);
string_value!(SidPrefix);

impl SidPrefix {
    /// Parses a Sid prefix: 1–32 ASCII letters and digits, starting with a letter.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric());
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "sid prefix",
                s,
                "1–32 ASCII letters and digits starting with a letter (IAM Sids allow only A–Z a–z 0–9)",
            ))
        }
    }
}

impl Default for SidPrefix {
    fn default() -> Self {
        Self("Share".to_owned())
    }
}

/// The name of an inline IAM policy: 1–128 characters of `[A-Za-z0-9+=,.@_-]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyName(pub(crate) String);
string_value!(PolicyName);

impl PolicyName {
    /// Parses an inline policy name.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let ok = !s.is_empty()
            && s.len() <= 128
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "policy name",
                s,
                "1–128 characters of letters, digits and `+=,.@_-`",
            ))
        }
    }
}

impl Default for PolicyName {
    fn default() -> Self {
        Self("share".to_owned())
    }
}

#[cfg(test)]
mod tests;
