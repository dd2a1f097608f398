//! YAML text to a tree that remembers where every node came from.
//!
//! serde's typed deserialization stops at the first error and forgets positions, so the
//! loader parses YAML itself: `saphyr-parser` (a YAML 1.2 event parser with spans) feeds an
//! iterative builder that records the start and end of every scalar, list and mapping. The
//! schema walk and the semantic checks then point at exact lines and columns.
//!
//! Hostile input is bounded here, once, for everything after: nesting deeper than
//! [`MAX_DEPTH`] is refused while parsing (before the tree grows), aliases may copy at most
//! [`MAX_ALIAS_NODES`] nodes in total (a "billion laughs" file is refused, not expanded), an
//! alias to an anchor that is still open (a recursive alias) is refused, and a panic in the
//! parser is caught and reported instead of taking the caller down.
//!
//! Plain scalars are resolved like serde_yaml resolves them (YAML 1.2 core schema): `~`,
//! `null` and the empty value are null, `true`/`false` booleans, digits integers, and
//! everything else a string. Quoted and block scalars are always strings.

use crate::diagnostic::{Diagnostic, Location};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// The deepest nesting of lists and mappings accepted. A manifest needs 4.
pub const MAX_DEPTH: usize = 64;

/// The most nodes that aliases (`*name`) may copy in one manifest.
pub const MAX_ALIAS_NODES: usize = 10_000;

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    /// Where the node starts (for a mapping or list in block style, its first entry).
    pub start: Location,
    /// Nodes in this subtree, itself included (bounds alias expansion cheaply).
    size: usize,
    /// Nesting levels of this subtree: 0 for a scalar.
    height: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// What a scalar means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    /// An integer; `None` when it does not fit an `i64`.
    Int(Option<i64>),
    Float,
    Str(&'a str),
}

impl Node {
    fn scalar(text: String, plain: bool, start: Location) -> Self {
        Node {
            kind: Kind::Scalar { text, plain },
            start,
            size: 1,
            height: 0,
        }
    }

    /// The resolved value of a scalar, `None` for lists and mappings.
    pub fn resolve(&self) -> Option<Scalar<'_>> {
        match &self.kind {
            Kind::Scalar { text, plain: false } => Some(Scalar::Str(text)),
            Kind::Scalar { text, plain: true } => Some(resolve_plain(text)),
            _ => None,
        }
    }

    /// The text of a scalar that can stand for a string: any non-null scalar, as written.
    /// (serde_yaml accepts `port: 8080` for a string field the same way.)
    pub fn text(&self) -> Option<&str> {
        match (&self.kind, self.resolve()) {
            (_, Some(Scalar::Null)) => None,
            (Kind::Scalar { text, .. }, _) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.resolve(), Some(Scalar::Null))
    }

    pub fn is_scalar(&self) -> bool {
        matches!(self.kind, Kind::Scalar { .. })
    }

    /// "a mapping", "a list", "the string \"x\"", … for "found …" messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Map(_) => "a mapping".to_owned(),
            Kind::Seq(_) => "a list".to_owned(),
            Kind::Scalar { text, .. } => {
                let shown = shorten(text);
                match self.resolve() {
                    Some(Scalar::Null) => "an empty value (null)".to_owned(),
                    Some(Scalar::Bool(_)) => format!("the boolean `{shown}`"),
                    Some(Scalar::Int(_) | Scalar::Float) => format!("the number `{shown}`"),
                    _ => format!("the string \"{shown}\""),
                }
            }
        }
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.replace('\n', "\\n")
}

fn resolve_plain(s: &str) -> Scalar<'_> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Scalar::Float,
        _ => {}
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let all = |t: &str, f: fn(char) -> bool| !t.is_empty() && t.chars().all(f);
    if all(unsigned, |c| c.is_ascii_digit()) {
        return Scalar::Int(s.parse().ok());
    }
    if let Some(hex) = s.strip_prefix("0x")
        && all(hex, |c| c.is_ascii_hexdigit())
    {
        return Scalar::Int(i64::from_str_radix(hex, 16).ok());
    }
    if let Some(oct) = s.strip_prefix("0o")
        && all(oct, |c| ('0'..='7').contains(&c))
    {
        return Scalar::Int(i64::from_str_radix(oct, 8).ok());
    }
    if is_float(unsigned) {
        return Scalar::Float;
    }
    Scalar::Str(s)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The outcome of parsing: the root node (None for an empty stream) or the diagnostic that
/// stopped parsing, plus any non-fatal diagnostics (unsupported tags).
pub(crate) struct Parsed {
    pub root: Result<Option<Node>, Diagnostic>,
    pub notes: Vec<Diagnostic>,
}

fn loc(span: &Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Parses `text` into a positioned tree. Never panics: a panic inside the YAML parser is
/// caught and reported as an `internal` diagnostic.
pub(crate) fn parse(text: &str) -> Parsed {
    std::panic::catch_unwind(|| Builder::default().run(text)).unwrap_or_else(|_| Parsed {
        root: Err(Diagnostic::error(
            "internal",
            "the YAML parser failed on this input (this is a bug in share; please report it)",
        )
        .expecting("valid YAML")),
        notes: Vec::new(),
    })
}

enum Frame {
    Seq {
        start: Location,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Location,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    root: Option<Node>,
    documents: usize,
    notes: Vec<Diagnostic>,
}

impl Builder {
    fn run(mut self, text: &str) -> Parsed {
        let root = self.events(text);
        Parsed {
            root,
            notes: self.notes,
        }
    }

    fn events(&mut self, text: &str) -> Result<Option<Node>, Diagnostic> {
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, span) = match parser.next_event() {
                None => break,
                Some(Ok(pair)) => pair,
                Some(Err(e)) => {
                    let at = Location {
                        line: e.marker().line(),
                        column: e.marker().col() + 1,
                    };
                    return Err(syntax_error(e.info(), at));
                }
            };
            match event {
                Event::StreamEnd => break,
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(Diagnostic::error(
                            "multiple-documents",
                            "the file holds more than one YAML document",
                        )
                        .at(Some(loc(&span)))
                        .expecting(
                            "a single document: one manifest per file (remove this `---` and what follows, or put it in its own file)",
                        ));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let mut plain = style == ScalarStyle::Plain;
                    if let Some(tag) = tag {
                        match tag_meaning(&tag) {
                            TagMeaning::Str => plain = false,
                            TagMeaning::Ignore => {}
                            TagMeaning::Unsupported(t) => self.unsupported_tag(&t, &span),
                        }
                    }
                    let node = Node::scalar(value.into_owned(), plain, loc(&span));
                    self.register(anchor, &node);
                    self.push(node);
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if let Some(TagMeaning::Unsupported(t)) = tag.as_deref().map(tag_meaning) {
                        self.unsupported_tag(&t, &span);
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(too_deep(loc(&span)));
                    }
                    let start = loc(&span);
                    self.stack
                        .push(if matches!(event, Event::SequenceStart(..)) {
                            Frame::Seq {
                                start,
                                anchor,
                                items: Vec::new(),
                            }
                        } else {
                            Frame::Map {
                                start,
                                anchor,
                                entries: Vec::new(),
                                key: None,
                            }
                        });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let (node, anchor) = match self.stack.pop() {
                        Some(Frame::Seq {
                            start,
                            anchor,
                            items,
                        }) => (collection(Kind::Seq(items), start), anchor),
                        Some(Frame::Map {
                            start,
                            anchor,
                            entries,
                            ..
                        }) => (collection(Kind::Map(entries), start), anchor),
                        None => continue,
                    };
                    self.register(anchor, &node);
                    self.push(node);
                }
                Event::Alias(id) => {
                    let at = loc(&span);
                    let Some(target) = self.anchors.get(&id) else {
                        return Err(Diagnostic::error(
                            "yaml-alias",
                            "this alias refers to an anchor that contains it (a recursive alias)",
                        )
                        .at(Some(at))
                        .expecting("an alias (`*name`) to an anchor (`&name`) defined earlier and outside it"));
                    };
                    self.alias_nodes = self.alias_nodes.saturating_add(target.size);
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(Diagnostic::error(
                            "yaml-alias-limit",
                            format!(
                                "aliases in this file expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                            ),
                        )
                        .at(Some(at))
                        .expecting("fewer or smaller aliases (`*name`); write the values out instead"));
                    }
                    if self.stack.len() + target.height > MAX_DEPTH {
                        return Err(too_deep(at));
                    }
                    let mut copy = target.clone();
                    copy.start = at;
                    self.push(copy);
                }
            }
        }
        Ok(self.root.take())
    }

    fn unsupported_tag(&mut self, tag: &str, span: &Span) {
        self.notes.push(
            Diagnostic::error("yaml-tag", format!("the YAML tag `{tag}` is not supported"))
                .at(Some(loc(span)))
                .expecting(
                    "a plain value without a tag (only `!!str` and the core tags are accepted)",
                ),
        );
    }

    fn register(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
        }
    }
}

fn collection(kind: Kind, start: Location) -> Node {
    let children: Box<dyn Iterator<Item = &Node>> = match &kind {
        Kind::Seq(items) => Box::new(items.iter()),
        Kind::Map(entries) => Box::new(entries.iter().flat_map(|(k, v)| [k, v])),
        Kind::Scalar { .. } => Box::new(std::iter::empty()),
    };
    let (size, height) = children.fold((1usize, 0usize), |(s, h), c| {
        (s.saturating_add(c.size), h.max(c.height))
    });
    Node {
        kind,
        start,
        size,
        height: height + 1,
    }
}

enum TagMeaning {
    Str,
    Ignore,
    Unsupported(String),
}

fn tag_meaning(tag: &saphyr_parser::Tag) -> TagMeaning {
    if tag.is_yaml_core_schema() || tag.handle == "!!" {
        match tag.suffix.as_str() {
            "str" => return TagMeaning::Str,
            "int" | "float" | "bool" | "null" | "map" | "seq" => return TagMeaning::Ignore,
            _ => {}
        }
    }
    TagMeaning::Unsupported(tag.to_string())
}

fn too_deep(at: Location) -> Diagnostic {
    Diagnostic::error(
        "yaml-too-deep",
        format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
    )
    .at(Some(at))
    .expecting("a manifest, which nests at most 4 levels (grants → grant → prefixes → prefix)")
}

/// A YAML syntax error, with a hint for the mistakes people make most.
fn syntax_error(info: &str, at: Location) -> Diagnostic {
    let hint = if info.contains("mapping values are not allowed") {
        "a `key: value` pair on its own line; quote values that contain `: `"
    } else if info.contains("did not find expected key")
        || info.contains("did not find expected '-'")
    {
        "keys of the same mapping (and `-` items of the same list) at the same indentation"
    } else if info.contains("tab") {
        "indentation with spaces; YAML does not allow tabs there"
    } else if info.contains("quoted scalar") {
        "a closing quote on the same value"
    } else if info.contains("cannot start any token") {
        "a value that does not start with `@` or `` ` ``; quote it"
    } else if info.contains("flow sequence") {
        "a `,` between items and a closing `]`"
    } else if info.contains("flow mapping") {
        "a `,` between entries and a closing `}`"
    } else if info.contains("anchor") || info.contains("alias") {
        "an alias (`*name`) to an anchor (`&name`) defined earlier in the file"
    } else {
        "valid YAML"
    };
    if info.contains("recursion limit") {
        // The scanner's own bound on flow nesting (`[[[[…`), met before ours.
        return too_deep(at);
    }
    Diagnostic::error("yaml-syntax", format!("invalid YAML: {info}"))
        .at(Some(at))
        .expecting(hint)
}

#[cfg(test)]
mod tests;
