//! The schema walk: a positioned YAML tree to a draft manifest, collecting every problem.
//!
//! Each section is read field by field; a problem is recorded and the walk goes on, so one
//! run reports unknown fields (with a suggestion), wrong types, missing required fields and
//! invalid values everywhere in the file. A field that is wrong stays `None` in the draft,
//! which lets the semantic checks still run on everything that was readable without
//! reporting follow-on errors for what was not.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Access, AccountRef, Grantee, ObjectOwnership, SUPPORTED_VERSION, Settings};
use crate::names::{AccountName, EndpointName, GranteeName};
use crate::spans::{SourceMap, index, join};
use crate::suggest::{did_you_mean, list};
use crate::yaml::{Kind, Node, Scalar};
use share_types::{
    AccessPointName, AccountId, BucketName, InvalidValue, PolicyName, Prefix, PrincipalArn,
    PrincipalKind, Region, SidPrefix, VpcEndpointId, VpcId,
};
use std::collections::BTreeMap;

/// A manifest as far as it could be read; `None` marks a missing or invalid required value
/// whose problem is already reported.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub settings: Settings,
    pub accounts: BTreeMap<AccountName, DAccount>,
    pub buckets: BTreeMap<BucketName, DBucket>,
    pub access_points: BTreeMap<AccessPointName, DAccessPoint>,
    pub vpc_endpoints: BTreeMap<EndpointName, DEndpoint>,
    pub grantees: BTreeMap<GranteeName, DGrantee>,
    pub grants: Vec<DGrant>,
    /// `grants` is absent or a list (not some other type).
    pub grants_readable: bool,
}

#[derive(Debug, Default)]
pub(crate) struct DAccount {
    pub id: Option<AccountId>,
    pub region: Option<Region>,
    pub assume_role: Option<PrincipalArn>,
    pub external_id: Option<String>,
    pub profile: Option<String>,
}

#[derive(Debug)]
pub(crate) struct DBucket {
    pub account: Option<AccountName>,
    pub region: Option<Region>,
    pub create: bool,
    pub block_public_access: bool,
    /// `None` when the value given was invalid.
    pub object_ownership: Option<ObjectOwnership>,
}

#[derive(Debug, Default)]
pub(crate) struct DAccessPoint {
    pub bucket: Option<BucketName>,
    pub vpc: Option<VpcId>,
}

#[derive(Debug, Default)]
pub(crate) struct DEndpoint {
    pub account: Option<AccountName>,
    pub id: Option<VpcEndpointId>,
}

#[derive(Debug, Default)]
pub(crate) struct DGrantee {
    pub grantee: Option<Grantee>,
    /// An `account` given next to `role`/`user`: asserts the ARN's account.
    pub account_check: Option<AccountRef>,
}

#[derive(Debug, Default)]
pub(crate) struct DGrant {
    pub index: usize,
    pub grantee: Option<GranteeName>,
    pub bucket: Option<BucketName>,
    pub access: Option<Access>,
    /// `None` when absent (whole bucket); valid items with their position in the list.
    pub prefixes: Option<Vec<(usize, Prefix)>>,
    /// How many items `prefixes` had as written (valid or not).
    pub prefixes_written: usize,
    /// `prefixes` was given but is not a list (already reported).
    pub prefixes_invalid: bool,
    pub via: Option<AccessPointName>,
    pub through: Option<EndpointName>,
}

const TOP: &[&str] = &[
    "version",
    "settings",
    "accounts",
    "buckets",
    "access_points",
    "vpc_endpoints",
    "grantees",
    "grants",
];
const SETTINGS: &[&str] = &["sid_prefix", "policy_name"];
const ACCOUNT: &[&str] = &["id", "region", "assume_role", "external_id", "profile"];
const BUCKET: &[&str] = &[
    "account",
    "region",
    "create",
    "block_public_access",
    "object_ownership",
];
const ACCESS_POINT: &[&str] = &["bucket", "vpc"];
const ENDPOINT: &[&str] = &["account", "id"];
const GRANTEE: &[&str] = &["role", "user", "account"];
const GRANT: &[&str] = &["grantee", "bucket", "access", "prefixes", "via", "through"];

/// The fields of one mapping that passed the key checks, in file order.
struct Fields<'n> {
    path: String,
    items: Vec<(&'n str, &'n Node, &'n Node)>,
    /// Allowed fields that an unknown field was taken for a typo of (`regoin` → `region`):
    /// they are not reported missing as well.
    suggested: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.items
            .iter()
            .find(|(k, _, _)| *k == name)
            .map(|(_, _, v)| *v)
    }

    fn key(&self, name: &str) -> Option<&'n Node> {
        self.items
            .iter()
            .find(|(k, _, _)| *k == name)
            .map(|(_, k, _)| *k)
    }

    fn path(&self, name: &str) -> String {
        join(&self.path, name)
    }
}

pub(crate) struct Walker {
    pub diags: Vec<Diagnostic>,
    pub spans: SourceMap,
}

impl Walker {
    pub fn new() -> Self {
        Walker {
            diags: Vec::new(),
            spans: SourceMap::default(),
        }
    }

    fn push(&mut self, d: Diagnostic, path: &str, at: Option<Location>) {
        self.diags.push(d.with_path(path).at(at));
    }

    fn record(&mut self, path: &str, key: Option<&Node>, value: &Node) {
        self.spans.insert(
            path.to_owned(),
            key.map(|k| k.start),
            value.start,
            // An empty value has no text to point at: `locate` falls back to its key.
            value.is_scalar() && !value.is_null(),
        );
    }

    fn wrong_type(&mut self, node: &Node, path: &str, want: &str, expected: &str) {
        let shown = if path.is_empty() {
            "the manifest".to_owned()
        } else {
            format!("`{path}`")
        };
        // An empty value sits at the end of its key's line: point at the key instead.
        let at = match self.spans.key(path) {
            Some(key) if node.is_null() => key,
            _ => node.start,
        };
        self.push(
            Diagnostic::error(
                "wrong-type",
                format!("{shown} must be {want}, found {}", node.describe()),
            )
            .expecting(expected),
            path,
            Some(at),
        );
    }

    /// Reads a mapping's keys. `allowed: None` accepts any key (a named collection such as
    /// `buckets`); otherwise unknown keys are reported with a suggestion. Null counts as an
    /// empty mapping (`settings:` with nothing under it).
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        what: &str,
        allowed: Option<&[&'static str]>,
        expected: &str,
    ) -> Option<Fields<'n>> {
        let entries = match &node.kind {
            Kind::Map(entries) => entries,
            _ if node.is_null() => {
                return Some(Fields {
                    path: path.to_owned(),
                    items: Vec::new(),
                    suggested: Vec::new(),
                });
            }
            _ => {
                self.wrong_type(node, path, "a mapping", expected);
                return None;
            }
        };
        let mut items: Vec<(&'n str, &'n Node, &'n Node)> = Vec::new();
        let mut suggested = Vec::new();
        let mut first_at: std::collections::HashMap<&'n str, Location> =
            std::collections::HashMap::new();
        for (k, v) in entries {
            let Some(name) = k.text().filter(|_| k.is_scalar()) else {
                self.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("a key in {what} is {}, not a name", k.describe()),
                    )
                    .expecting("keys that are plain names, e.g. `region:`"),
                    path,
                    Some(k.start),
                );
                continue;
            };
            let child = join(path, name);
            if let Some(first) = first_at.get(name) {
                let first_line = first.line;
                self.push(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("`{name}` appears twice in {what} (first at line {first_line})"),
                    )
                    .expecting("each key once; merge the two entries (the first one is used)"),
                    &child,
                    Some(k.start),
                );
                continue;
            }
            if let Some(allowed) = allowed
                && !allowed.contains(&name)
            {
                let guess = did_you_mean(name, allowed.iter().copied());
                suggested.extend(guess);
                let hint = guess
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        "unknown-field",
                        format!("unknown field `{name}` in {what}{hint}"),
                    )
                    .expecting(format!("one of {}", list(allowed.iter().copied(), 20))),
                    &child,
                    Some(k.start),
                );
                continue;
            }
            self.record(&child, Some(k), v);
            first_at.insert(name, k.start);
            items.push((name, k, v));
        }
        Some(Fields {
            path: path.to_owned(),
            items,
            suggested,
        })
    }

    fn require<'n>(
        &mut self,
        f: &Fields<'n>,
        name: &str,
        what: &str,
        expected: &str,
    ) -> Option<&'n Node> {
        let v = f.get(name);
        if v.is_none() && !f.suggested.contains(&name) {
            let at = self.spans.locate(&f.path);
            self.push(
                Diagnostic::error("missing-field", format!("{what} has no `{name}`"))
                    .expecting(format!("`{name}`: {expected}")),
                &f.path,
                at,
            );
        }
        v
    }

    /// A string value (any non-null scalar, as written).
    fn string<'n>(&mut self, node: &'n Node, path: &str, expected: &str) -> Option<&'n str> {
        match node.text() {
            Some(s) => Some(s),
            None => {
                self.wrong_type(node, path, "a string", expected);
                None
            }
        }
    }

    /// A value of a validated type.
    fn typed<T>(
        &mut self,
        node: &Node,
        path: &str,
        parse: impl Fn(&str) -> Result<T, InvalidValue>,
        expected: &str,
    ) -> Option<T> {
        let s = self.string(node, path, expected)?;
        match parse(s) {
            Ok(v) => Some(v),
            Err(e) => {
                self.invalid(&e, path, node.start);
                None
            }
        }
    }

    fn invalid(&mut self, e: &InvalidValue, path: &str, at: Location) {
        self.push(
            Diagnostic::error(
                "invalid-value",
                format!("invalid {} `{}` in `{path}`", e.kind, e.value),
            )
            .expecting(e.expected.clone()),
            path,
            Some(at),
        );
    }

    fn boolean(&mut self, node: &Node, path: &str) -> Option<bool> {
        match node.resolve() {
            Some(Scalar::Bool(b)) => Some(b),
            _ => {
                self.wrong_type(node, path, "a boolean", "`true` or `false`");
                None
            }
        }
    }

    /// A named collection's keys, validated with `parse`.
    fn named<'n, K>(
        &mut self,
        node: &'n Node,
        path: &str,
        parse: impl Fn(&str) -> Result<K, InvalidValue>,
        expected: &str,
    ) -> Vec<(K, String, &'n Node)> {
        let Some(f) = self.mapping(node, path, &format!("`{path}`"), None, expected) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, k, v) in f.items {
            let child = join(path, name);
            match parse(name) {
                Ok(key) => out.push((key, child, v)),
                Err(e) => self.invalid(&e, &child, k.start),
            }
        }
        out
    }

    pub fn walk(&mut self, root: &Node) -> Draft {
        let mut draft = Draft::default();
        self.record("", None, root);
        let Some(top) = self.mapping(
            root,
            "",
            "the manifest",
            Some(TOP),
            "a mapping of sections: `version`, `accounts`, `buckets`, `grantees`, `grants`, …",
        ) else {
            return draft;
        };
        match top.get("version") {
            None => {
                let at = Some(root.start);
                self.push(
                    Diagnostic::error("missing-field", "the manifest has no `version`").expecting(
                        format!("`version: {SUPPORTED_VERSION}` at the top of the file"),
                    ),
                    "version",
                    at,
                );
            }
            Some(v) => match v.resolve() {
                Some(Scalar::Int(Some(1))) => {}
                Some(Scalar::Int(_)) => {
                    let shown = v.text().unwrap_or_default().to_owned();
                    self.push(
                        Diagnostic::error(
                            "unsupported-version",
                            format!("manifest version {shown} is not supported by this share"),
                        )
                        .expecting(format!(
                            "`version: {SUPPORTED_VERSION}`, the only version this share supports (a newer share may read version {shown})"
                        )),
                        "version",
                        Some(v.start),
                    );
                    // The rest of a manifest of another version cannot be judged by v1 rules.
                    return draft;
                }
                _ => self.wrong_type(
                    v,
                    "version",
                    "an integer",
                    &format!("`version: {SUPPORTED_VERSION}` (a number, not quoted)"),
                ),
            },
        }
        if let Some(n) = top.get("settings") {
            draft.settings = self.settings(n);
        }
        if let Some(n) = top.get("accounts") {
            for (name, path, v) in self.named(
                n,
                "accounts",
                AccountName::parse,
                "a mapping of account names to accounts",
            ) {
                let a = self.account(v, &path, &name);
                draft.accounts.insert(name, a);
            }
        }
        if let Some(n) = top.get("buckets") {
            for (name, path, v) in self.named(
                n,
                "buckets",
                BucketName::parse,
                "a mapping of bucket names to buckets",
            ) {
                let b = self.bucket(v, &path, &name);
                draft.buckets.insert(name, b);
            }
        }
        if let Some(n) = top.get("access_points") {
            for (name, path, v) in self.named(
                n,
                "access_points",
                AccessPointName::parse,
                "a mapping of access point names to access points",
            ) {
                let ap = self.access_point(v, &path, &name);
                draft.access_points.insert(name, ap);
            }
        }
        if let Some(n) = top.get("vpc_endpoints") {
            for (name, path, v) in self.named(
                n,
                "vpc_endpoints",
                EndpointName::parse,
                "a mapping of endpoint names to VPC endpoints",
            ) {
                let e = self.endpoint(v, &path, &name);
                draft.vpc_endpoints.insert(name, e);
            }
        }
        if let Some(n) = top.get("grantees") {
            for (name, path, v) in self.named(
                n,
                "grantees",
                GranteeName::parse,
                "a mapping of grantee names to grantees",
            ) {
                let g = self.grantee(v, &path, &name);
                draft.grantees.insert(name, g);
            }
        }
        draft.grants_readable = true;
        if let Some(n) = top.get("grants") {
            draft.grants_readable = n.is_null() || matches!(n.kind, Kind::Seq(_));
            draft.grants = self.grants(n);
        }
        draft
    }

    fn settings(&mut self, node: &Node) -> Settings {
        let mut s = Settings::default();
        let Some(f) = self.mapping(
            node,
            "settings",
            "`settings`",
            Some(SETTINGS),
            "a mapping with `sid_prefix` and/or `policy_name`",
        ) else {
            return s;
        };
        if let Some(v) = f.get("sid_prefix")
            && let Some(p) = self.typed(
                v,
                &f.path("sid_prefix"),
                SidPrefix::parse,
                "a Sid prefix such as `Share`",
            )
        {
            s.sid_prefix = p;
        }
        if let Some(v) = f.get("policy_name")
            && let Some(p) = self.typed(
                v,
                &f.path("policy_name"),
                PolicyName::parse,
                "a policy name such as `share`",
            )
        {
            s.policy_name = p;
        }
        s
    }

    fn account(&mut self, node: &Node, path: &str, name: &AccountName) -> DAccount {
        let mut a = DAccount::default();
        let what = format!("account `{name}`");
        let Some(f) = self.mapping(
            node,
            path,
            &what,
            Some(ACCOUNT),
            "a mapping with at least `id`",
        ) else {
            return a;
        };
        if let Some(v) = self.require(
            &f,
            "id",
            &what,
            "the 12-digit account id, quoted, e.g. `id: \"222222222222\"`",
        ) {
            a.id = self.typed(v, &f.path("id"), AccountId::parse, "a 12-digit account id");
        }
        if let Some(v) = f.get("region") {
            a.region = self.typed(
                v,
                &f.path("region"),
                Region::parse,
                "a region such as `us-east-1`",
            );
        }
        if let Some(v) = f.get("assume_role") {
            let p = f.path("assume_role");
            a.assume_role = self.principal(v, &p, PrincipalKind::Role);
        }
        if let Some(v) = f.get("external_id") {
            let p = f.path("external_id");
            if let Some(s) = self.string(v, &p, "an external id string") {
                let ok = (2..=1224).contains(&s.len())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c));
                if ok {
                    a.external_id = Some(s.to_owned());
                } else {
                    let e = InvalidValue {
                        kind: "external id",
                        value: s.chars().take(80).collect(),
                        expected: "2–1224 characters of letters, digits and `_+=,.@:/-`".to_owned(),
                    };
                    self.invalid(&e, &p, v.start);
                }
            }
        }
        if let Some(v) = f.get("profile") {
            let p = f.path("profile");
            if let Some(s) = self.string(v, &p, "the name of a profile in the AWS config file") {
                if s.is_empty() || s.trim() != s || s.chars().any(char::is_control) {
                    let e = InvalidValue {
                        kind: "profile name",
                        value: s.chars().take(80).collect(),
                        expected: "the name of a profile in the AWS config file, without leading or trailing spaces".to_owned(),
                    };
                    self.invalid(&e, &p, v.start);
                } else {
                    a.profile = Some(s.to_owned());
                }
            }
        }
        if let (Some(_), Some(k)) = (f.get("assume_role"), f.key("profile")) {
            let (first, second) = order(f.key("assume_role"), Some(k), "assume_role", "profile");
            let at = f.key(second).map(|k| k.start);
            self.push(
                Diagnostic::error(
                    "conflicting-fields",
                    format!("{what} has both `assume_role` and `profile`"),
                )
                .expecting(format!(
                    "one way to reach the account: `assume_role` (a role share assumes from the base credentials) or `profile` (a profile of the AWS config); remove `{second}` or `{first}`"
                )),
                &f.path(second),
                at,
            );
        }
        if f.get("external_id").is_some() && f.get("assume_role").is_none() {
            let at = f.key("external_id").map(|k| k.start);
            self.push(
                Diagnostic::error(
                    "external-id-without-assume-role",
                    format!("{what} has an `external_id` but no `assume_role`"),
                )
                .expecting("`external_id` only together with `assume_role`, which it is sent with"),
                &f.path("external_id"),
                at,
            );
        }
        a
    }

    /// A role or user ARN that must be of `kind`.
    fn principal(&mut self, node: &Node, path: &str, kind: PrincipalKind) -> Option<PrincipalArn> {
        let arn = self.typed(node, path, PrincipalArn::parse, "an IAM role or user ARN")?;
        if arn.kind() == kind {
            return Some(arn);
        }
        let e = InvalidValue {
            kind: match kind {
                PrincipalKind::Role => "role ARN",
                PrincipalKind::User => "user ARN",
            },
            value: arn.to_string(),
            expected: format!(
                "the ARN of an IAM {k}, `arn:aws:iam::ACCOUNT:{k}/NAME`; this one names a {other}",
                k = kind.as_str(),
                other = arn.kind().as_str()
            ),
        };
        self.invalid(&e, path, node.start);
        None
    }

    fn bucket(&mut self, node: &Node, path: &str, name: &BucketName) -> DBucket {
        let mut b = DBucket {
            account: None,
            region: None,
            create: false,
            block_public_access: true,
            object_ownership: Some(ObjectOwnership::default()),
        };
        let what = format!("bucket `{name}`");
        let Some(f) = self.mapping(
            node,
            path,
            &what,
            Some(BUCKET),
            "a mapping with at least `account`",
        ) else {
            return b;
        };
        if let Some(v) = self.require(
            &f,
            "account",
            &what,
            "the name of the owning account in `accounts`",
        ) {
            b.account = self.typed(v, &f.path("account"), AccountName::parse, "an account name");
        }
        if let Some(v) = f.get("region") {
            b.region = self.typed(
                v,
                &f.path("region"),
                Region::parse,
                "a region such as `us-east-1`",
            );
        }
        if let Some(v) = f.get("create") {
            b.create = self.boolean(v, &f.path("create")).unwrap_or(false);
        }
        if let Some(v) = f.get("block_public_access") {
            b.block_public_access = self
                .boolean(v, &f.path("block_public_access"))
                .unwrap_or(true);
        }
        if let Some(v) = f.get("object_ownership") {
            let p = f.path("object_ownership");
            let names = ObjectOwnership::ALL.map(ObjectOwnership::as_str);
            b.object_ownership =
                self.choice(v, &p, "object ownership", &names, ObjectOwnership::parse);
        }
        b
    }

    /// One of a fixed set of words.
    fn choice<T>(
        &mut self,
        node: &Node,
        path: &str,
        kind: &'static str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let expected = format!("one of {}", list(names.iter().copied(), 10));
        let s = self.string(node, path, &expected)?;
        if let Some(v) = parse(s) {
            return Some(v);
        }
        let hint = did_you_mean(s, names.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        self.push(
            Diagnostic::error(
                "invalid-value",
                format!(
                    "invalid {kind} `{}` in `{path}`{hint}",
                    s.chars().take(80).collect::<String>()
                ),
            )
            .expecting(expected),
            path,
            Some(node.start),
        );
        None
    }

    fn access_point(&mut self, node: &Node, path: &str, name: &AccessPointName) -> DAccessPoint {
        let mut ap = DAccessPoint::default();
        let what = format!("access point `{name}`");
        let Some(f) = self.mapping(
            node,
            path,
            &what,
            Some(ACCESS_POINT),
            "a mapping with `bucket` and optionally `vpc`",
        ) else {
            return ap;
        };
        if let Some(v) = self.require(
            &f,
            "bucket",
            &what,
            "the name of the bucket in `buckets` it fronts",
        ) {
            ap.bucket = self.typed(v, &f.path("bucket"), BucketName::parse, "a bucket name");
        }
        if let Some(v) = f.get("vpc") {
            ap.vpc = self.typed(v, &f.path("vpc"), VpcId::parse, "a VPC id");
        }
        ap
    }

    fn endpoint(&mut self, node: &Node, path: &str, name: &EndpointName) -> DEndpoint {
        let mut e = DEndpoint::default();
        let what = format!("VPC endpoint `{name}`");
        let Some(f) = self.mapping(
            node,
            path,
            &what,
            Some(ENDPOINT),
            "a mapping with `account` and `id`",
        ) else {
            return e;
        };
        if let Some(v) = self.require(
            &f,
            "account",
            &what,
            "the name of the account in `accounts` that owns the endpoint",
        ) {
            e.account = self.typed(v, &f.path("account"), AccountName::parse, "an account name");
        }
        if let Some(v) = self.require(
            &f,
            "id",
            &what,
            "the endpoint id, e.g. `vpce-0a1b2c3d4e5f60718`",
        ) {
            e.id = self.typed(v, &f.path("id"), VpcEndpointId::parse, "a VPC endpoint id");
        }
        e
    }

    fn grantee(&mut self, node: &Node, path: &str, name: &GranteeName) -> DGrantee {
        let mut g = DGrantee::default();
        let what = format!("grantee `{name}`");
        let Some(f) = self.mapping(
            node,
            path,
            &what,
            Some(GRANTEE),
            "a mapping with one of `role`, `user` or `account`",
        ) else {
            return g;
        };
        let account = f
            .get("account")
            .and_then(|v| self.account_ref(v, &f.path("account")));
        match (f.get("role"), f.get("user")) {
            (Some(_), Some(_)) => {
                let (_, second) = order(f.key("role"), f.key("user"), "role", "user");
                let at = f.key(second).map(|k| k.start);
                self.push(
                    Diagnostic::error("conflicting-fields", format!("{what} has both `role` and `user`"))
                        .expecting("one identity per grantee: `role` or `user` (declare two grantees for both)"),
                    &f.path(second),
                    at,
                );
            }
            (Some(v), None) => {
                g.grantee = self
                    .principal(v, &f.path("role"), PrincipalKind::Role)
                    .map(Grantee::Role);
                g.account_check = account;
            }
            (None, Some(v)) => {
                g.grantee = self
                    .principal(v, &f.path("user"), PrincipalKind::User)
                    .map(Grantee::User);
                g.account_check = account;
            }
            (None, None) => {
                if f.get("account").is_none() && f.suggested.is_empty() {
                    let at = self.spans.locate(path);
                    self.push(
                        Diagnostic::error("missing-field", format!("{what} has no `role`, `user` or `account`"))
                            .expecting("one of `role: ROLE_ARN`, `user: USER_ARN` or `account: ACCOUNT_NAME_OR_ID`"),
                        path,
                        at,
                    );
                }
                g.grantee = account.map(Grantee::Account);
            }
        }
        g
    }

    /// `account:` of a grantee: a 12-digit id or the name of an entry in `accounts`.
    fn account_ref(&mut self, node: &Node, path: &str) -> Option<AccountRef> {
        let expected = "the name of an account in `accounts`, or a 12-digit account id in quotes";
        let s = self.string(node, path, expected)?;
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            return AccountId::parse(s).ok().map(AccountRef::Id);
        }
        match AccountName::parse(s) {
            Ok(n) => Some(AccountRef::Named(n)),
            Err(_) => {
                let e = InvalidValue {
                    kind: "account",
                    value: s.chars().take(80).collect(),
                    expected: expected.to_owned(),
                };
                self.invalid(&e, path, node.start);
                None
            }
        }
    }

    fn grants(&mut self, node: &Node) -> Vec<DGrant> {
        let items = match &node.kind {
            Kind::Seq(items) => items.as_slice(),
            _ if node.is_null() => return Vec::new(),
            _ => {
                self.wrong_type(
                    node,
                    "grants",
                    "a list",
                    "a list of grants, each starting with `- grantee: NAME`",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = index("grants", i);
            self.record(&path, None, item);
            let what = format!("grant `{path}`");
            let mut g = DGrant {
                index: i,
                ..DGrant::default()
            };
            let Some(f) = self.mapping(
                item,
                &path,
                &what,
                Some(GRANT),
                "a mapping with `grantee`, `bucket` and `access`",
            ) else {
                out.push(g);
                continue;
            };
            if let Some(v) =
                self.require(&f, "grantee", &what, "the name of a grantee in `grantees`")
            {
                g.grantee = self.typed(v, &f.path("grantee"), GranteeName::parse, "a grantee name");
            }
            if let Some(v) = self.require(&f, "bucket", &what, "the name of a bucket in `buckets`")
            {
                g.bucket = self.typed(v, &f.path("bucket"), BucketName::parse, "a bucket name");
            }
            if let Some(v) = self.require(
                &f,
                "access",
                &what,
                "one of `list`, `read`, `write`, `read-write`",
            ) {
                let names = Access::ALL.map(Access::as_str);
                g.access = self.choice(v, &f.path("access"), "access", &names, Access::parse);
            }
            if let Some(v) = f.get("prefixes") {
                g.prefixes = self.prefixes(v, &f.path("prefixes"));
                g.prefixes_invalid = g.prefixes.is_none();
                if let Kind::Seq(items) = &v.kind {
                    g.prefixes_written = items.len();
                }
            }
            if let Some(v) = f.get("via") {
                g.via = self.typed(
                    v,
                    &f.path("via"),
                    AccessPointName::parse,
                    "an access point name",
                );
            }
            if let Some(v) = f.get("through") {
                g.through = self.typed(
                    v,
                    &f.path("through"),
                    EndpointName::parse,
                    "an endpoint name",
                );
            }
            out.push(g);
        }
        out
    }

    fn prefixes(&mut self, node: &Node, path: &str) -> Option<Vec<(usize, Prefix)>> {
        let items = match &node.kind {
            Kind::Seq(items) => items.as_slice(),
            _ if node.is_null() => &[],
            _ => {
                self.wrong_type(
                    node,
                    path,
                    "a list",
                    "a list of key prefixes, e.g. `prefixes: [datasets/credit/]`",
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for (j, item) in items.iter().enumerate() {
            let p = index(path, j);
            self.record(&p, None, item);
            if let Some(prefix) = self.typed(
                item,
                &p,
                Prefix::parse,
                "a key prefix such as `datasets/credit/`",
            ) {
                out.push((j, prefix));
            }
        }
        Some(out)
    }
}

/// Which of two keys comes first in the file: `(first, second)`.
fn order<'a>(a: Option<&Node>, b: Option<&Node>, an: &'a str, bn: &'a str) -> (&'a str, &'a str) {
    match (a, b) {
        (Some(a), Some(b)) if a.start > b.start => (bn, an),
        _ => (an, bn),
    }
}
