//! "Did you mean …?" for misspelt keys, enum values and names.
//!
//! A typo in a manifest is the most common mistake and the cheapest to fix when the message
//! names the intended word. Candidates are compared case-insensitively with `-` and `_`
//! treated alike, by edit distance.

/// How many candidates are compared at most.
const MAX_CANDIDATES: usize = 1000;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let norm = |s: &str| s.to_lowercase().replace('_', "-");
    let w = norm(word);
    if w.chars().count() > 128 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    // Bounded so that thousands of unknown names in a huge file stay fast.
    for c in candidates.into_iter().take(MAX_CANDIDATES) {
        let d = distance(&w, &norm(c));
        let limit = (c.chars().count().max(w.chars().count()) / 3).max(1);
        let close = d <= limit || norm(c).starts_with(&w) && w.len() >= 3;
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `` `a`, `b`, `c` `` (at most `max` names, then `…`).
pub(crate) fn list<'a, I>(names: I, max: usize) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    let mut out = Vec::new();
    let mut more = false;
    for (i, n) in names.into_iter().enumerate() {
        if i == max {
            more = true;
            break;
        }
        out.push(format!("`{n}`"));
    }
    let mut s = out.join(", ");
    if more {
        s.push_str(", …");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let fields = [
            "account",
            "region",
            "create",
            "block_public_access",
            "object_ownership",
        ];
        assert_eq!(did_you_mean("regoin", fields), Some("region"));
        assert_eq!(did_you_mean("Region", fields), Some("region"));
        assert_eq!(
            did_you_mean("block-public-access", fields),
            Some("block_public_access")
        );
        assert_eq!(did_you_mean("acount", fields), Some("account"));
        assert_eq!(did_you_mean("object", fields), Some("object_ownership"));
        assert_eq!(did_you_mean("zzz", fields), None);
        assert_eq!(
            did_you_mean("readwrite", ["list", "read", "write", "read-write"]),
            Some("read-write")
        );
        assert_eq!(did_you_mean("x", ["list"]), None);
    }

    #[test]
    fn lists() {
        assert_eq!(list(["a", "b"], 5), "`a`, `b`");
        assert_eq!(list(["a", "b", "c"], 2), "`a`, `b`, …");
        assert_eq!(list([], 2), "");
    }
}
