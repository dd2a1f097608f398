//! Percent-decoding of IAM policy documents (aws-semantics §4.1).
//!
//! IAM returns inline and trust policies RFC 3986 percent-encoded ([IAM-GRP]); botocore
//! decodes them but other SDKs do not (aws-sdk-go#1513, rusoto#1287), and whether the Rust
//! SDK does is unverified. A form decoder (`application/x-www-form-urlencoded`) would turn
//! `+` into a space and corrupt any policy that contains a literal `+` (an IAM name may, per
//! `[\w+=,.@-]+`), so this is a plain RFC 3986 decoder. It accepts text that is already
//! decoded, so callers need not know which SDK behaviour they got.

use crate::model::PolicyError;

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes a percent-encoded IAM policy document. `%XX` becomes the byte `0xXX`; `+` stays
/// `+`. Text that already starts with `{` (after leading whitespace) is returned unchanged.
/// A `%` not followed by two hex digits, or bytes that are not UTF-8, are an error.
pub fn decode_iam_document(s: &str) -> Result<String, PolicyError> {
    if s.trim_start().starts_with('{') {
        return Ok(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(PolicyError::Shape {
                    location: format!("policy (byte {i})"),
                    message: "invalid percent-encoding: `%` must be followed by two hex digits"
                        .into(),
                });
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| PolicyError::Shape {
        location: "policy".into(),
        message: format!("percent-decoded policy is not UTF-8: {e}"),
    })
}

#[cfg(test)]
mod tests;
