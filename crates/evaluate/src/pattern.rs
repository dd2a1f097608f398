//! Wildcard matching for actions, resource ARNs and `*Like` condition values.
//!
//! AWS uses three slightly different wildcard dialects and a verifier that mixes them up
//! proves the wrong thing, so each has its own entry point here:
//!
//! - **Actions** (`s3:Get*`): `*` and `?` anywhere, case-insensitive — "the prefix and the
//!   action name are case insensitive" (IAM User Guide, "IAM JSON policy elements: Action").
//! - **Resource ARNs** (`Resource`, `NotResource`, `ArnLike`, `ArnEquals`): case-sensitive;
//!   wildcards work "within the individual segments of an ARN (the parts separated by
//!   colons)", and "if the `*` wildcard is the last character of a resource ARN segment, it
//!   can expand to match beyond the colon boundaries" (IAM User Guide, "IAM JSON policy
//!   elements: Resource"). Inside the resource segment (after the fifth colon) `*` and `?`
//!   match any character, `/` and `:` included, so `arn:aws:s3:::b/*` covers every key.
//! - **Strings** (`StringLike`, `StringNotLike`): `*` and `?` anywhere, case-sensitive
//!   (IAM User Guide, "IAM JSON policy elements: Condition operators", string operators).
//!
//! Matching is a small dynamic programme over (pattern token, text position), linear in the
//! product of the lengths, so adversarial patterns such as `*a*a*a*b` cannot blow up.

/// One token of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A literal character.
    Lit(char),
    /// `?`: exactly one character; `colon` says whether it may be a `:`.
    One { colon: bool },
    /// `*`: any run of characters; `colon` says whether the run may contain `:`.
    Star { colon: bool },
}

fn compile_plain(pattern: &str, fold: bool) -> Vec<Token> {
    pattern
        .chars()
        .flat_map(|c| fold_char(c, fold))
        .map(|c| match c {
            '*' => Token::Star { colon: true },
            '?' => Token::One { colon: true },
            c => Token::Lit(c),
        })
        .collect()
}

fn fold_char(c: char, fold: bool) -> Vec<char> {
    if fold {
        c.to_lowercase().collect()
    } else {
        vec![c]
    }
}

fn compile_arn(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut colons = 0usize;
    let mut out = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let in_resource = colons >= 5;
        match c {
            '*' => {
                let last_of_segment = matches!(chars.get(i + 1), None | Some(':'));
                out.push(Token::Star {
                    colon: in_resource || last_of_segment,
                });
            }
            '?' => out.push(Token::One { colon: in_resource }),
            ':' => {
                colons += 1;
                out.push(Token::Lit(':'));
            }
            c => out.push(Token::Lit(c)),
        }
    }
    out
}

fn run(tokens: &[Token], text: &[char]) -> bool {
    let n = text.len();
    let mut prev = vec![false; n + 1];
    prev[0] = true;
    let mut next = vec![false; n + 1];
    for tok in tokens {
        next[0] = matches!(tok, Token::Star { .. }) && prev[0];
        for j in 1..=n {
            let c = text[j - 1];
            next[j] = match *tok {
                Token::Lit(l) => prev[j - 1] && c == l,
                Token::One { colon } => prev[j - 1] && (colon || c != ':'),
                Token::Star { colon } => prev[j] || (next[j - 1] && (colon || c != ':')),
            };
        }
        std::mem::swap(&mut prev, &mut next);
    }
    prev[n]
}

/// Matches an `Action`/`NotAction` value such as `s3:Get*` against a request action,
/// case-insensitively.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let text: Vec<char> = action.chars().flat_map(|c| fold_char(c, true)).collect();
    run(&compile_plain(pattern, true), &text)
}

/// Matches a `Resource`/`NotResource` value, or an `ArnLike`/`ArnEquals` condition value,
/// against an ARN, case-sensitively and segment by segment.
pub fn arn_matches(pattern: &str, arn: &str) -> bool {
    let text: Vec<char> = arn.chars().collect();
    run(&compile_arn(pattern), &text)
}

/// Matches a `StringLike` condition value against a context value, case-sensitively.
pub fn string_like(pattern: &str, value: &str) -> bool {
    let text: Vec<char> = value.chars().collect();
    run(&compile_plain(pattern, false), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_case_insensitive() {
        assert!(action_matches("s3:Get*", "s3:GetObject"));
        assert!(action_matches("S3:GETOBJECT", "s3:getobject"));
        assert!(action_matches("*", "s3:PutObject"));
        assert!(action_matches("s3:*Object", "s3:PutObject"));
        assert!(action_matches("s3:?etObject", "s3:GetObject"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
        assert!(!action_matches("s3", "s3:GetObject"));
    }

    #[test]
    fn resource_star_crosses_slashes_and_is_case_sensitive() {
        assert!(arn_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c"));
        assert!(arn_matches(
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/k:with:colons"
        ));
        assert!(arn_matches("arn:aws:s3:::b/data/*", "arn:aws:s3:::b/data/"));
        assert!(!arn_matches(
            "arn:aws:s3:::b/Data/*",
            "arn:aws:s3:::b/data/x"
        ));
        assert!(!arn_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assert!(arn_matches("arn:aws:s3:::b*", "arn:aws:s3:::b/x"));
        assert!(arn_matches("*", "arn:aws:s3:::b/x"));
        assert!(arn_matches("arn:aws:s3:::b/?.csv", "arn:aws:s3:::b/a.csv"));
        assert!(!arn_matches(
            "arn:aws:s3:::b/?.csv",
            "arn:aws:s3:::b/ab.csv"
        ));
    }

    #[test]
    fn resource_segments() {
        let ap = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/object/k";
        // `*` as the last character of a segment may run past colons.
        assert!(arn_matches("arn:aws:s3:*", ap));
        assert!(arn_matches("arn:aws:s3:*:123456789012:accesspoint/*", ap));
        // A `*` in the middle of a segment stays inside it.
        assert!(arn_matches(
            "arn:aws:s3:us-*-2:123456789012:accesspoint/*",
            ap
        ));
        assert!(!arn_matches("arn:aws:s3:us-*2:accesspoint/*", ap));
        // `?` outside the resource segment never matches a colon.
        assert!(!arn_matches(
            "arn:aws:s3:us-west-2?123456789012:accesspoint/*",
            ap
        ));
    }

    #[test]
    fn string_like() {
        assert!(super::string_like(
            "datasets/credit/*",
            "datasets/credit/2024/x"
        ));
        assert!(super::string_like("datasets/credit/*", "datasets/credit/"));
        assert!(!super::string_like("datasets/credit/*", "datasets/credit"));
        assert!(!super::string_like("Datasets/*", "datasets/x"));
        assert!(super::string_like("", ""));
        assert!(!super::string_like("", "a"));
        assert!(super::string_like(
            "*a*a*a*b",
            &"a".repeat(50).replace("aa", "ab")
        ));
    }
}
