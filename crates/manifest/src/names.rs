//! Logical names: the keys a manifest author invents for accounts, VPC endpoints and
//! grantees, and uses everywhere else to refer to them.
//!
//! They are not AWS identifiers, so they get their own small alphabet (letters, digits, `-`
//! and `_`, 1–64 characters). Keeping them typed means a grantee name can never be passed
//! where an account name is meant, and every reference is known to be well formed before the
//! semantic checks look it up.

use share_types::InvalidValue;

const EXPECTED: &str = "1–64 letters, digits, `-` and `_`";

fn parse_logical(kind: &'static str, s: &str) -> Result<String, InvalidValue> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(s.to_owned())
    } else {
        let mut shown: String = s.chars().take(80).collect();
        if shown.len() < s.len() {
            shown.push('…');
        }
        Err(InvalidValue {
            kind,
            value: shown,
            expected: EXPECTED.to_owned(),
        })
    }
}

macro_rules! logical_name {
    ($(#[$doc:meta])* $ty:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $ty(String);

        impl $ty {
            /// Parses a logical name: 1–64 letters, digits, `-` and `_`.
            pub fn parse(s: &str) -> Result<Self, InvalidValue> {
                parse_logical($kind, s).map(Self)
            }
            /// The name as written.
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
        // Sound: the derived `Ord`/`Eq`/`Hash` of a one-field String newtype agree with `str`'s.
        impl std::borrow::Borrow<str> for $ty {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $ty {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<&str> for $ty {
            type Error = InvalidValue;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = InvalidValue;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
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

logical_name!(
    /// The logical name of an account in `accounts`, e.g. `datalake`.
    AccountName,
    "account name"
);
logical_name!(
    /// The logical name of a VPC endpoint in `vpc_endpoints`, e.g. `ml-gateway`.
    EndpointName,
    "endpoint name"
);
logical_name!(
    /// The logical name of a grantee in `grantees`, e.g. `demo-notebook`.
    GranteeName,
    "grantee name"
);

/// The regular expression (JSON Schema dialect) equivalent to [`AccountName::parse`].
pub(crate) const LOGICAL_NAME_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn logical_names() {
        for ok in [
            "datalake",
            "ml",
            "demo-notebook",
            "a_b",
            "A1",
            &"x".repeat(64),
        ] {
            assert!(AccountName::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "with space", "dot.ted", "ü", &"x".repeat(65)] {
            let e = GranteeName::parse(bad).unwrap_err();
            assert_eq!(e.kind, "grantee name");
            assert!(e.expected.contains("1–64"));
        }
    }

    #[test]
    fn borrow_as_str_for_lookups() {
        let mut m = BTreeMap::new();
        m.insert(EndpointName::parse("gw").unwrap(), 1);
        assert_eq!(m.get("gw"), Some(&1));
    }
}
