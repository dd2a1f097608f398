//! Validated value types for the things `share` names in AWS.
//!
//! Every identifier that crosses a module boundary — an account id, a bucket or access point
//! name, an ARN, a VPC or endpoint id, a region, a key prefix — is one of these types, built
//! through `FromStr`/`TryFrom<String>` and therefore known to be well formed. The rules come
//! from `shared/docs/aws-semantics.md` §2 and §5 and from the S3 naming rules; the error for
//! a bad value says what was expected so the manifest validator can show it to the user
//! unchanged.
//!
//! This crate holds data only: no I/O, no async, no AWS SDK.

mod arn;
mod names;

pub use arn::{Arn, Partition, PrincipalArn, PrincipalKind};
pub use names::{
    AccessPointName, AccountId, BucketName, PolicyName, Prefix, Region, SidPrefix, VpcEndpointId,
    VpcId,
};

/// A value that does not meet the rules of its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {expected}")]
pub struct InvalidValue {
    /// What kind of value was being built, e.g. "account id".
    pub kind: &'static str,
    /// The rejected input (truncated when very long).
    pub value: String,
    /// What would have been accepted, phrased for a user.
    pub expected: String,
}

impl InvalidValue {
    /// A rejected `value` of `kind`; long values are cut to 80 characters for display.
    pub fn new(kind: &'static str, value: &str, expected: impl Into<String>) -> Self {
        let mut shown: String = value.chars().take(80).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        Self {
            kind,
            value: shown,
            expected: expected.into(),
        }
    }
}

/// Implements the string plumbing shared by every value type: `Display`, `AsRef<str>`,
/// `as_str`, `TryFrom<String>`, `FromStr` and serde (validated on deserialize). The type is
/// a newtype over `String` with an associated `fn parse(&str) -> Result<Self, InvalidValue>`.
/// Exported so other crates' validated names (the manifest's logical names) share it.
#[macro_export]
macro_rules! string_value {
    ($ty:ident) => {
        impl $ty {
            /// The value as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $ty {
            type Err = $crate::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = $crate::InvalidValue;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl TryFrom<&str> for $ty {
            type Error = $crate::InvalidValue;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
