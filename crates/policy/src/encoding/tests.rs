//! Unit tests of `encoding.rs`.

use super::*;

#[test]
fn decodes_without_plus_to_space() {
    assert_eq!(
        decode_iam_document("%7B%22a%2Bb%22%3A%22c+d%20e%22%7D").unwrap(),
        r#"{"a+b":"c+d e"}"#
    );
}

#[test]
fn passes_decoded_text_through() {
    let t = "  {\"Version\": \"2012-10-17\", \"x\": \"100%\"}";
    assert_eq!(decode_iam_document(t).unwrap(), t);
}

#[test]
fn rejects_bad_escapes() {
    assert!(decode_iam_document("%7B%2").is_err());
    assert!(decode_iam_document("%zz").is_err());
    assert!(decode_iam_document("%FF").is_err());
    assert_eq!(decode_iam_document("%C3%A9").unwrap(), "é");
}
