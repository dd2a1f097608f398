//! The statement shapes `share` writes, one function per shape.
//!
//! Every generated statement comes from here, so the shapes reviewers read in
//! `docs/compiled-policies.md` and the snapshots are exactly these functions: a grant's
//! bucket-level actions as a `Location` statement (`s3:GetBucketLocation`, s3-credentials
//! shape) and a `List` statement (`s3:ListBucket` scoped by `s3:prefix`), its object
//! actions as an `Objects` statement on object ARNs, and the one delegation statement of a
//! bucket with access points. Sets are written sorted and without repeats, so the same
//! input always gives the same statement.

use crate::actions::{GET_BUCKET_LOCATION, LIST_BUCKET, action_set};
use share_manifest::Access;
use share_policy::{Conditions, Effect, Principals, Statement, ValueSet, sid};
use std::collections::{BTreeMap, BTreeSet};

/// `StringEquals`.
pub(crate) const STRING_EQUALS: &str = "StringEquals";
/// `StringLike`.
pub(crate) const STRING_LIKE: &str = "StringLike";
/// The S3 key a `ListBucket` prefix condition tests.
pub(crate) const S3_PREFIX: &str = "s3:prefix";
/// The endpoint a request came through; present only on requests through a VPC endpoint
/// (aws-semantics §1.2).
pub(crate) const SOURCE_VPCE: &str = "aws:SourceVpce";
/// The calling principal's ARN, for gateway endpoint policies (aws-semantics §1.2).
pub(crate) const PRINCIPAL_ARN: &str = "aws:PrincipalArn";
/// The calling principal's account, for whole-account grantees in endpoint policies.
pub(crate) const PRINCIPAL_ACCOUNT: &str = "aws:PrincipalAccount";
/// The account owning the access point a request came through (aws-semantics §1.1).
pub(crate) const DATA_ACCESS_POINT_ACCOUNT: &str = "s3:DataAccessPointAccount";
/// The ARN of the access point a request came through (aws-semantics §1.1).
pub(crate) const DATA_ACCESS_POINT_ARN: &str = "s3:DataAccessPointArn";

/// A sorted, repeat-free value set.
pub(crate) fn set<I, S>(values: I) -> ValueSet
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let sorted: BTreeSet<String> = values.into_iter().map(Into::into).collect();
    ValueSet(sorted.into_iter().collect())
}

/// A condition block with one operator and one key.
pub(crate) fn condition<I, S>(op: &str, key: &str, values: I) -> Conditions
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut keys = BTreeMap::new();
    keys.insert(key.to_owned(), set(values));
    let mut c = Conditions::new();
    c.insert(op.to_owned(), keys);
    c
}

/// Both condition blocks (AND). Keys are disjoint in every use here; a repeated key keeps
/// the values of both, which only ever happens for identical blocks.
pub(crate) fn and(mut a: Conditions, b: Conditions) -> Conditions {
    for (op, keys) in b {
        let entry = a.entry(op).or_default();
        for (key, values) in keys {
            match entry.get_mut(&key) {
                Some(existing) => {
                    *existing = set(existing.iter().chain(values.iter()).map(str::to_owned));
                }
                None => {
                    entry.insert(key, values);
                }
            }
        }
    }
    a
}

/// `{"AWS": ARN}`.
pub(crate) fn aws_principal(arn: &str) -> Principals {
    Principals::Typed(BTreeMap::from([("AWS".to_owned(), set([arn]))]))
}

/// How a shape emits its bucket-level actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BucketParts {
    /// A `Location` statement and a `List` statement scoped by `s3:prefix` (bucket, access
    /// point and identity policies).
    Split,
    /// One `Bucket` statement with both actions and no `s3:prefix` condition (endpoint
    /// policies, where a short prefix would break the six-character wildcard rule,
    /// aws-semantics §1.2; the resource policy still scopes the listing).
    Combined,
}

/// The statements of one grant group in one document.
#[derive(Debug, Clone)]
pub(crate) struct Shape<'a> {
    /// The configured Sid prefix.
    pub sid_prefix: &'a str,
    /// The readable words of the Sid before the part, e.g. `["read", "demo-notebook"]`.
    pub words: Vec<String>,
    /// `Principal`, for resource policies.
    pub principal: Option<Principals>,
    /// The access level.
    pub access: Access,
    /// Resources of bucket-level actions (bucket or access point ARNs).
    pub bucket_resources: Vec<String>,
    /// Resources of object actions.
    pub object_resources: Vec<String>,
    /// `StringLike s3:prefix` values on `ListBucket`; `None` for no condition.
    pub list_prefixes: Option<Vec<String>>,
    /// Conditions every statement of the group carries (`aws:SourceVpce`,
    /// `aws:PrincipalArn`).
    pub conditions: Conditions,
    /// How bucket-level actions are emitted.
    pub bucket_parts: BucketParts,
}

impl Shape<'_> {
    fn sid(&self, part: &str) -> String {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.push(part);
        sid(self.sid_prefix, &words)
    }

    fn statement(
        &self,
        part: &str,
        actions: &[&str],
        resources: &[String],
        extra: Option<Conditions>,
    ) -> Statement {
        let mut st = Statement::new(Effect::Allow);
        st.sid = Some(self.sid(part));
        st.principal = self.principal.clone();
        st.action = Some(set(actions.iter().copied()));
        st.resource = Some(set(resources.iter().cloned()));
        st.condition = match extra {
            Some(c) => and(self.conditions.clone(), c),
            None => self.conditions.clone(),
        };
        st
    }

    /// The statements: `Location` and `List` (or `Bucket`) when the access lists, and
    /// `Objects` when it has object actions.
    pub(crate) fn build(&self) -> Vec<Statement> {
        let (bucket_actions, object_actions) = action_set(self.access);
        let mut out = Vec::new();
        if !bucket_actions.is_empty() && !self.bucket_resources.is_empty() {
            match self.bucket_parts {
                BucketParts::Split => {
                    if bucket_actions.contains(&GET_BUCKET_LOCATION) {
                        out.push(self.statement(
                            "location",
                            &[GET_BUCKET_LOCATION],
                            &self.bucket_resources,
                            None,
                        ));
                    }
                    if bucket_actions.contains(&LIST_BUCKET) {
                        let prefix = self
                            .list_prefixes
                            .as_ref()
                            .map(|ps| condition(STRING_LIKE, S3_PREFIX, ps.iter().cloned()));
                        out.push(self.statement(
                            "list",
                            &[LIST_BUCKET],
                            &self.bucket_resources,
                            prefix,
                        ));
                    }
                }
                BucketParts::Combined => {
                    out.push(self.statement(
                        "bucket",
                        &bucket_actions,
                        &self.bucket_resources,
                        None,
                    ));
                }
            }
        }
        if !object_actions.is_empty() && !self.object_resources.is_empty() {
            out.push(self.statement("objects", &object_actions, &self.object_resources, None));
        }
        out
    }
}

/// The bucket policy statement that delegates access control to the owner's access points
/// (aws-semantics §1.1, [S3-AP-pol]): `{"AWS":"*"}` limited by `s3:DataAccessPointAccount`
/// to the owner's access points and by `s3:DataAccessPointArn` to the access points the
/// manifest declares, with only the actions granted through them, on the bucket ARN (when a
/// bucket-level action is granted) and the object ARNs of the granted prefixes.
pub(crate) fn delegation(
    sid_prefix: &str,
    owner: &str,
    access_point_arns: &BTreeSet<String>,
    actions: &BTreeSet<&'static str>,
    bucket_resource: Option<String>,
    object_resources: Vec<String>,
) -> Statement {
    let mut st = Statement::new(Effect::Allow);
    st.sid = Some(sid(sid_prefix, &["delegate", "to", "access", "points"]));
    st.principal = Some(aws_principal("*"));
    st.action = Some(set(actions.iter().copied()));
    st.resource = Some(set(bucket_resource.into_iter().chain(object_resources)));
    let mut keys = BTreeMap::new();
    keys.insert(DATA_ACCESS_POINT_ACCOUNT.to_owned(), set([owner]));
    keys.insert(
        DATA_ACCESS_POINT_ARN.to_owned(),
        set(access_point_arns.iter().cloned()),
    );
    st.condition = Conditions::from([(STRING_EQUALS.to_owned(), keys)]);
    st
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(access: Access, parts: BucketParts) -> Shape<'static> {
        Shape {
            sid_prefix: "Share",
            words: vec!["read".into(), "demo-notebook".into()],
            principal: Some(aws_principal("arn:aws:iam::111111111111:role/demo")),
            access,
            bucket_resources: vec!["arn:aws:s3:::b1".into()],
            object_resources: vec!["arn:aws:s3:::b1/data/*".into()],
            list_prefixes: Some(vec!["data/*".into()]),
            conditions: Conditions::new(),
            bucket_parts: parts,
        }
    }

    fn values(sts: &[Statement]) -> Vec<serde_json::Value> {
        sts.iter().map(Statement::to_value).collect()
    }

    #[test]
    fn read_split_shape() {
        let sts = shape(Access::Read, BucketParts::Split).build();
        assert_eq!(
            values(&sts),
            [
                json!({"Sid":"ShareReadDemoNotebookLocation","Effect":"Allow",
                    "Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},
                    "Action":"s3:GetBucketLocation","Resource":"arn:aws:s3:::b1"}),
                json!({"Sid":"ShareReadDemoNotebookList","Effect":"Allow",
                    "Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},
                    "Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1",
                    "Condition":{"StringLike":{"s3:prefix":"data/*"}}}),
                json!({"Sid":"ShareReadDemoNotebookObjects","Effect":"Allow",
                    "Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},
                    "Action":["s3:GetObject","s3:GetObjectLegalHold","s3:GetObjectRetention",
                        "s3:GetObjectTagging","s3:GetObjectVersion"],
                    "Resource":"arn:aws:s3:::b1/data/*"}),
            ]
        );
    }

    #[test]
    fn write_has_no_bucket_statements() {
        let sts = shape(Access::Write, BucketParts::Split).build();
        assert_eq!(sts.len(), 1);
        assert_eq!(sts[0].sid.as_deref(), Some("ShareReadDemoNotebookObjects"));
    }

    #[test]
    fn list_has_no_object_statement() {
        let sts = shape(Access::List, BucketParts::Split).build();
        let sids: Vec<_> = sts.iter().filter_map(|s| s.sid.as_deref()).collect();
        assert_eq!(
            sids,
            ["ShareReadDemoNotebookLocation", "ShareReadDemoNotebookList"]
        );
    }

    #[test]
    fn whole_bucket_list_has_no_prefix_condition() {
        let mut s = shape(Access::List, BucketParts::Split);
        s.list_prefixes = None;
        assert!(s.build().iter().all(|st| st.condition.is_empty()));
    }

    #[test]
    fn combined_bucket_part_carries_group_conditions() {
        let mut s = shape(Access::ReadWrite, BucketParts::Combined);
        s.principal = Some(Principals::Any);
        s.conditions = condition(
            STRING_EQUALS,
            PRINCIPAL_ARN,
            ["arn:aws:iam::111111111111:role/demo"],
        );
        let sts = s.build();
        assert_eq!(sts.len(), 2);
        assert_eq!(
            sts[0].to_value(),
            json!({"Sid":"ShareReadDemoNotebookBucket","Effect":"Allow","Principal":"*",
                "Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::b1",
                "Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/demo"}}})
        );
        assert!(sts.iter().all(|st| !st.condition.is_empty()));
    }

    #[test]
    fn conditions_and_merges() {
        let c = and(
            condition(STRING_EQUALS, SOURCE_VPCE, ["vpce-1"]),
            condition(STRING_LIKE, S3_PREFIX, ["a*", "b*"]),
        );
        let c = and(c, condition(STRING_EQUALS, SOURCE_VPCE, ["vpce-1"]));
        assert_eq!(c.len(), 2);
        assert_eq!(c[STRING_EQUALS][SOURCE_VPCE].0, ["vpce-1"]);
        assert_eq!(c[STRING_LIKE][S3_PREFIX].0, ["a*", "b*"]);
    }

    #[test]
    fn delegation_shape() {
        let aps: BTreeSet<String> =
            ["arn:aws:s3:us-east-1:222222222222:accesspoint/ap1".to_owned()].into();
        let actions: BTreeSet<&'static str> = ["s3:ListBucket", "s3:GetObject"].into();
        let st = delegation(
            "Share",
            "222222222222",
            &aps,
            &actions,
            Some("arn:aws:s3:::b1".into()),
            vec!["arn:aws:s3:::b1/data/*".into()],
        );
        assert_eq!(
            st.to_value(),
            json!({"Sid":"ShareDelegateToAccessPoints","Effect":"Allow","Principal":{"AWS":"*"},
                "Action":["s3:GetObject","s3:ListBucket"],
                "Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/data/*"],
                "Condition":{"StringEquals":{
                    "s3:DataAccessPointAccount":"222222222222",
                    "s3:DataAccessPointArn":"arn:aws:s3:us-east-1:222222222222:accesspoint/ap1"}}})
        );
    }
}
