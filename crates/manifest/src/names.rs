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
        Err(InvalidValue::new(kind, s, EXPECTED))
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
        }
        share_types::string_value!($ty);
        // Sound: the derived `Ord`/`Eq`/`Hash` of a one-field String newtype agree with `str`'s.
        impl std::borrow::Borrow<str> for $ty {
            fn borrow(&self) -> &str {
                &self.0
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
mod tests;
