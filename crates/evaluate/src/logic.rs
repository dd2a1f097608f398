//! Three-valued logic: yes, no, or "cannot tell, because …".
//!
//! The evaluator must never turn something it does not understand (an unknown condition
//! key, a policy variable, an unresolved unique principal id) into a silent match or a
//! silent miss. Every test therefore answers [`Tri`], and the combinators below keep the
//! answer exact where it can be: `No AND anything` is `No`, `Yes OR anything` is `Yes`, and
//! only what really depends on the unknown stays unknown, with the reason attached.

/// The answer to "does this apply?".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Tri {
    /// It applies.
    Yes,
    /// It does not apply.
    No,
    /// It cannot be decided; the reason says why.
    Unknown(String),
}

impl Tri {
    /// `Yes` or `No`.
    pub fn from_bool(b: bool) -> Self {
        if b { Self::Yes } else { Self::No }
    }

    /// An unknown with a reason.
    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::Unknown(reason.into())
    }

    /// Logical not; an unknown stays unknown.
    pub fn not(self) -> Self {
        match self {
            Self::Yes => Self::No,
            Self::No => Self::Yes,
            u @ Self::Unknown(_) => u,
        }
    }

    /// True for `Yes`.
    pub fn is_yes(&self) -> bool {
        matches!(self, Self::Yes)
    }

    /// True for `No`.
    pub fn is_no(&self) -> bool {
        matches!(self, Self::No)
    }

    /// Logical and, evaluating `other` only when `self` is not `No`.
    pub fn and(self, other: impl FnOnce() -> Self) -> Self {
        match self {
            Self::No => Self::No,
            Self::Yes => other(),
            Self::Unknown(r) => match other() {
                Self::No => Self::No,
                _ => Self::Unknown(r),
            },
        }
    }

    /// Logical or, evaluating `other` only when `self` is not `Yes`.
    pub fn or(self, other: impl FnOnce() -> Self) -> Self {
        match self {
            Self::Yes => Self::Yes,
            Self::No => other(),
            Self::Unknown(r) => match other() {
                Self::Yes => Self::Yes,
                _ => Self::Unknown(r),
            },
        }
    }

    /// `Yes` if any is `Yes`, else `Unknown` (the first reason) if any is unknown, else `No`.
    pub fn any<I: IntoIterator<Item = Self>>(items: I) -> Self {
        let mut unknown = None;
        for t in items {
            match t {
                Self::Yes => return Self::Yes,
                Self::Unknown(r) => {
                    unknown.get_or_insert(r);
                }
                Self::No => {}
            }
        }
        unknown.map_or(Self::No, Self::Unknown)
    }

    /// `No` if any is `No`, else `Unknown` (the first reason) if any is unknown, else `Yes`.
    pub fn all<I: IntoIterator<Item = Self>>(items: I) -> Self {
        let mut unknown = None;
        for t in items {
            match t {
                Self::No => return Self::No,
                Self::Unknown(r) => {
                    unknown.get_or_insert(r);
                }
                Self::Yes => {}
            }
        }
        unknown.map_or(Self::Yes, Self::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, *};

    fn u() -> Tri {
        Tri::unknown("?")
    }

    #[test]
    fn kleene() {
        assert_eq!(No.and(u), No);
        assert_eq!(u().and(|| No), No);
        assert_eq!(u().and(|| Yes), u());
        assert_eq!(Yes.or(u), Yes);
        assert_eq!(u().or(|| Yes), Yes);
        assert_eq!(u().or(|| No), u());
        assert_eq!(Tri::any([No, u(), Yes]), Yes);
        assert_eq!(Tri::any([No, u()]), u());
        assert_eq!(Tri::any(Vec::<Tri>::new()), No);
        assert_eq!(Tri::all([Yes, u(), No]), No);
        assert_eq!(Tri::all([Yes, u()]), u());
        assert_eq!(Tri::all(Vec::<Tri>::new()), Yes);
        assert_eq!(u().not(), u());
    }
}
