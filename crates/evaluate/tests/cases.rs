//! The table of evaluation cases. Each case states, in a comment, the AWS documentation page
//! its facts come from; the policies are re-typed in the shape of the documented examples
//! (with this project's accounts and names), not copied.
//!
//! Accounts: A = 222222222222 owns the bucket and the access point; B = 111111111111 is the
//! grantee. The IAM User Guide examples that use 123456789012 keep it.

use crate::support::{A, AP, Ap, BASE, Case, Exp, ROLE_A};

// Sources.
const IAM_EVAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
const IAM_SINGLE: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html";
const IAM_XACCT: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html";
const IAM_DENYALLOW: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html";
const IAM_ACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
const IAM_NOTACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
const IAM_RESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
const IAM_NOTRESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
const IAM_PRINCIPAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
const IAM_NOTPRINCIPAL: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
const IAM_COND_OPS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
const IAM_MULTI: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html";
const IAM_SETS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
const IAM_VARS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
const IAM_VERSION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html";
const IAM_KEYS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
const S3_AP_POL: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html";
const S3_AP_VPC: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-vpc.html";
const S3_VPCE_BP: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html";
const S3_BP_EX: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html";
const S3_WALK: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html";
const VPCE_POL: &str =
    "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html";
const VPCE_S3: &str = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html";

// Policies used by several cases.

/// B's role may read the bucket's objects (bucket form).
const ID_READ: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#;
/// B's role may read through the access point (access point form).
const ID_READ_AP: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadAp","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point","arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*"]}]}"#;
/// The bucket policy names B's role.
const BP_ROLE_B: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"GrantDemo","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#;
/// The bucket policy delegates to access points owned by A.
const DELEGATE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Delegate","Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}]}"#;
/// The access point policy grants B's role reads under `datasets/credit/` and listing.
const AP_ROLE_B: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/datasets/credit/*"},{"Sid":"ShareList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point","Condition":{"StringLike":{"s3:prefix":"datasets/credit/*"}}}]}"#;
/// An endpoint policy granting both the bucket and the access point (S3 "access points
/// restricted to a VPC" example).
const EP_BOTH: &str = r#"{"Version":"2012-10-17","Statement":[{"Principal":"*","Action":["s3:GetObject"],"Effect":"Allow","Resource":["arn:aws:s3:::awsexamplebucket1/*","arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*"]}]}"#;
/// A VPC-origin access point in vpc-1a2b3c4d.
const VPC_AP: Ap = Ap {
    name: "my-access-point",
    account: A,
    region: "us-west-2",
    vpc: Some("vpc-1a2b3c4d"),
};
const VPCE: (&str, &str) = ("vpce-1a2b3c4d", "vpc-1a2b3c4d");

fn cases() -> Vec<Case> {
    vec![
        // ---------------------------------------------------------------- same account
        // IAM_SINGLE: "If either the identity-based policy or the resource-based policy within
        // the same account allows the request and the other doesn't, the request is still allowed."
        Case {
            name: "same account: identity policy alone allows",
            source: IAM_SINGLE,
            principal: ROLE_A,
            identity: &[ID_READ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_SINGLE (Carlos example): a bucket policy naming the user grants on its own.
        Case {
            name: "same account: bucket policy naming the user alone allows",
            source: IAM_SINGLE,
            principal: "arn:aws:iam::222222222222:user/carlossalazar",
            action: "s3:PutObject",
            key: Some("logs/2024.log"),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/carlossalazar"},"Action":"s3:*","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_SINGLE: a resource policy naming the role (not the account) grants directly.
        Case {
            name: "same account: bucket policy naming the role alone allows its sessions",
            source: IAM_SINGLE,
            principal: ROLE_A,
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/analyst"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_DENYALLOW: "By default, all requests are implicitly denied".
        Case {
            name: "same account: no policy allows",
            source: IAM_DENYALLOW,
            principal: ROLE_A,
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_PRINCIPAL: an account principal "delegates authority to the account"; the
        // account's identity policies must still allow.
        Case {
            name: "same account: bucket policy naming only the account does not allow alone",
            source: IAM_PRINCIPAL,
            principal: ROLE_A,
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_PRINCIPAL: with the identity policy allowing, the delegation works.
        Case {
            name: "same account: account principal plus identity policy allows",
            source: IAM_PRINCIPAL,
            principal: ROLE_A,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_EVAL: "An explicit deny in either of these policies overrides the allow."
        Case {
            name: "same account: bucket policy deny overrides identity allow",
            source: IAM_EVAL,
            principal: ROLE_A,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoReads","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_EVAL: the deny in the identity policy wins over the bucket policy's allow.
        Case {
            name: "same account: identity deny overrides bucket allow",
            source: IAM_EVAL,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
            ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/analyst"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- cross account
        // IAM_XACCT: the identity side alone is not enough across accounts.
        Case {
            name: "cross account: identity policy alone does not allow",
            source: IAM_XACCT,
            identity: &[ID_READ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_XACCT: the resource side alone is not enough either.
        Case {
            name: "cross account: bucket policy alone does not allow",
            source: IAM_XACCT,
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_XACCT: both sides allow.
        Case {
            name: "cross account: identity and bucket policy allow",
            source: IAM_XACCT,
            identity: &[ID_READ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_PRINCIPAL: a 12-digit account id names the whole account.
        Case {
            name: "cross account: bucket policy names the account id",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_PRINCIPAL: `arn:aws:iam::ID:root` "does not limit permissions to only the root user".
        Case {
            name: "cross account: bucket policy names the account root ARN",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_XACCT: a grant to another account does not cover B.
        Case {
            name: "cross account: bucket policy names a different account",
            source: IAM_XACCT,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_PRINCIPAL: `"Principal": "*"` is everyone (the identity side is still needed).
        Case {
            name: "cross account: bucket policy with Principal * plus identity allows",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_XACCT: the identity policy must cover this bucket.
        Case {
            name: "cross account: identity policy for another bucket",
            source: IAM_XACCT,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::otherbucket/*"}]}"#,
            ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_DENYALLOW: a deny in the other account's bucket policy still wins.
        Case {
            name: "cross account: bucket policy deny on the role wins",
            source: IAM_DENYALLOW,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"NotDemo","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:*","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_PRINCIPAL (role sessions): a policy can name one assumed-role session.
        Case {
            name: "cross account: bucket policy names this session",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/demo/notebook"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_PRINCIPAL (role sessions): another session of the same role is not covered.
        Case {
            name: "cross account: bucket policy names another session",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/demo/batch"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_PRINCIPAL: a role ARN principal covers the role's sessions, path included.
        Case {
            name: "cross account: role with a path, named with its path",
            source: IAM_PRINCIPAL,
            principal: "arn:aws:iam::111111111111:role/share/demo",
            session: Some("notebook"),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/share/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_PRINCIPAL: a principal ARN is exact: the pathless ARN is another role.
        Case {
            name: "cross account: role with a path, named without it",
            source: IAM_PRINCIPAL,
            principal: "arn:aws:iam::111111111111:role/share/demo",
            session: Some("notebook"),
            identity: &[ID_READ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_EVAL: identity policies are all evaluated; a deny in any one wins.
        Case {
            name: "two identity policies: one allows, one denies",
            source: IAM_EVAL,
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/datasets/*"}]}"#,
            ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- explicit deny, NotAction, NotResource
        // IAM_DENYALLOW: an explicit deny of one action inside a broad allow.
        Case {
            name: "deny DeleteObject inside an s3:* allow",
            source: IAM_DENYALLOW,
            principal: ROLE_A,
            action: "s3:DeleteObject",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_DENYALLOW: the same policy still allows other actions.
        Case {
            name: "deny DeleteObject leaves GetObject allowed",
            source: IAM_DENYALLOW,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_NOTACTION: Deny + NotAction denies everything except the listed actions.
        Case {
            name: "Deny NotAction s3:Get* denies PutObject",
            source: IAM_NOTACTION,
            principal: ROLE_A,
            action: "s3:PutObject",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotAction":"s3:Get*","Resource":"*"}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_NOTACTION: … and leaves the listed ones alone.
        Case {
            name: "Deny NotAction s3:Get* leaves GetObject",
            source: IAM_NOTACTION,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotAction":"s3:Get*","Resource":"*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_NOTACTION: Allow + NotAction "iam:*" allows everything outside IAM.
        Case {
            name: "Allow NotAction iam:* allows s3:GetObject",
            source: IAM_NOTACTION,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_NOTRESOURCE: Deny + NotResource denies every resource except the listed ones.
        Case {
            name: "Deny NotResource: the listed bucket stays allowed",
            source: IAM_NOTRESOURCE,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"]}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_NOTRESOURCE: … and any other bucket is denied.
        Case {
            name: "Deny NotResource: another bucket is denied",
            source: IAM_NOTRESOURCE,
            principal: ROLE_A,
            bucket: "otherbucket",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"]}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- actions
        // IAM_ACTION: wildcards in actions.
        Case {
            name: "action wildcard s3:Get* covers GetObject",
            source: IAM_ACTION,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_ACTION: "the prefix and the action name are case insensitive".
        Case {
            name: "action names are case-insensitive",
            source: IAM_ACTION,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"S3:getobject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_ACTION: s3:Get* does not cover a write.
        Case {
            name: "action wildcard s3:Get* does not cover PutObject",
            source: IAM_ACTION,
            principal: ROLE_A,
            action: "s3:PutObject",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_ACTION: "*" is every action of every service.
        Case {
            name: "action * covers everything",
            source: IAM_ACTION,
            principal: ROLE_A,
            action: "s3:DeleteObject",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // ---------------------------------------------------------------- resources
        // IAM_RESOURCE: `*` "can expand to replace everything within the segment, including
        // characters like a forward slash".
        Case {
            name: "resource * crosses slashes",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            key: Some("a/very/deep/key.parquet"),
            identity: &[ID_READ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_RESOURCE: resource ARNs are case-sensitive ("the IAM user name is case sensitive";
        // S3 keys likewise).
        Case {
            name: "resource matching is case-sensitive",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            key: Some("data/x.csv"),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/Data/*"}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_RESOURCE: `?` is exactly one character.
        Case {
            name: "resource ? matches one character",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            key: Some("reports/2024-01.csv"),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/reports/2024-0?.csv"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_RESOURCE: … and not two.
        Case {
            name: "resource ? does not match two characters",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            key: Some("reports/2024-012.csv"),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/reports/2024-0?.csv"}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_RESOURCE / aws-semantics §2: `bucket/*` names objects, not the bucket itself.
        Case {
            name: "bucket/* does not cover ListBucket on the bucket",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            action: "s3:ListBucket",
            key: None,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_RESOURCE: `bucket*` covers the bucket and its objects.
        Case {
            name: "bucket* covers the bucket",
            source: IAM_RESOURCE,
            principal: ROLE_A,
            action: "s3:ListBucket",
            key: None,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1*"}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // ---------------------------------------------------------------- access points
        // S3_AP_POL ("Access point policy grant", user Alice) with the recommended delegation:
        // same account, the access point policy and the delegating bucket policy allow.
        Case {
            name: "access point: Alice through the access point, bucket delegates",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Alice",
            owner: "123456789012",
            action: "s3:PutObject",
            key: Some("Alice/notes.txt"),
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/Alice/*"}]}"#,
            ),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"123456789012"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL: "Permissions granted in an access point policy are only effective if the
        // underlying bucket also allows the same access."
        Case {
            name: "access point: Alice without any bucket permission",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Alice",
            owner: "123456789012",
            key: Some("Alice/notes.txt"),
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/Alice/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL: the alternative to delegation, a bucket policy granting the same with the
        // bucket-form resource ("the Resource entry differs").
        Case {
            name: "access point: Alice with a matching bucket-form bucket policy",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Alice",
            owner: "123456789012",
            key: Some("Alice/notes.txt"),
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/Alice/*"}]}"#,
            ),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::awsexamplebucket1/Alice/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL: a bucket-form bucket policy for another prefix does not help.
        Case {
            name: "access point: bucket grant for another prefix",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Alice",
            owner: "123456789012",
            key: Some("Alice/notes.txt"),
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/Alice/*"}]}"#,
            ),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/Bob/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL (Charles): listing through the access point uses the access point ARN.
        Case {
            name: "access point: ListBucket on the access point ARN",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Charles",
            owner: "123456789012",
            action: "s3:ListBucket",
            key: None,
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Charles"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point"}]}"#,
            ),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"123456789012"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL: an object-form grant does not cover listing.
        Case {
            name: "access point: object ARN grant does not cover ListBucket",
            source: S3_AP_POL,
            principal: "arn:aws:iam::123456789012:user/Charles",
            owner: "123456789012",
            action: "s3:ListBucket",
            key: None,
            via: Some(Ap {
                account: "123456789012",
                ..AP
            }),
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Charles"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*"}]}"#,
            ),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"123456789012"}}}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL + IAM_XACCT: the share pattern — B's identity policy names the access point,
        // the access point policy names B's role, the bucket delegates to A's access points.
        Case {
            name: "access point, cross account: identity + access point + delegation allow",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL: the identity policy is matched against the access point form, so a
        // bucket-form identity grant does not cover a request through the access point.
        Case {
            name: "access point, cross account: bucket-form identity grant does not cover it",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL: the access point policy's prefix scoping holds.
        Case {
            name: "access point, cross account: key outside the granted prefix",
            source: S3_AP_POL,
            key: Some("datasets/hr/salaries.csv"),
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL: delegation to another account's access points does not cover A's.
        Case {
            name: "access point, cross account: delegation names another account",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"333333333333"}}}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL: the delegation statement does not open the bucket to direct requests
        // (`s3:DataAccessPointAccount` is absent).
        Case {
            name: "delegation does not allow a direct request",
            source: S3_AP_POL,
            identity: &[ID_READ],
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL: without an access point policy, a cross-account caller has no
        // resource-side allow at the access point.
        Case {
            name: "access point, cross account: no access point policy",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ_AP],
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_POL (condition keys): s3:DataAccessPointArn with StringLike on all of an
        // account's access points in a region.
        Case {
            name: "access point: bucket policy on s3:DataAccessPointArn",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:222222222222:accesspoint/*"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL ("Bucket policy to limit S3 operations to VPC network origins"): a direct
        // request has no s3:AccessPointNetworkOrigin, and StringNotEquals is then true.
        Case {
            name: "VPC-origin-only bucket policy denies a direct request",
            source: S3_AP_POL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringNotEquals":{"s3:AccessPointNetworkOrigin":"VPC"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // S3_AP_POL + S3_AP_VPC: through a VPC-origin access point from its VPC it passes.
        Case {
            name: "VPC-origin-only bucket policy admits the VPC access point",
            source: S3_AP_POL,
            via: Some(VPC_AP),
            through: Some(VPCE),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}},{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringNotEquals":{"s3:AccessPointNetworkOrigin":"VPC"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_POL ("Access point policy with tag condition"): s3:ExistingObjectTag is object
        // data the evaluator cannot see; without it the request cannot be decided.
        Case {
            name: "tag condition without the tag in the context",
            source: S3_AP_POL,
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/data":"finance"}}}]}"#,
            ),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Cannot,
            ..BASE
        },
        // S3_AP_POL (tag condition): with the tag given, it is decided.
        Case {
            name: "tag condition with the tag in the context",
            source: S3_AP_POL,
            via: Some(AP),
            context: &[("s3:ExistingObjectTag/data", "finance")],
            identity: &[ID_READ_AP],
            ap_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/data":"finance"}}}]}"#,
            ),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Allow,
            ..BASE
        },
        // ---------------------------------------------------------------- VPC endpoints
        // S3_AP_VPC: "Amazon S3 rejects any request made to the access point that doesn't
        // originate from that VPC."
        Case {
            name: "VPC-origin access point rejects a request from outside the VPC",
            source: S3_AP_VPC,
            via: Some(VPC_AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Explicit,
            ..BASE
        },
        // S3_AP_VPC: from the VPC, with an endpoint policy granting both ARNs, it succeeds.
        Case {
            name: "VPC-origin access point through the endpoint granting both ARNs",
            source: S3_AP_VPC,
            via: Some(VPC_AP),
            through: Some(VPCE),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            endpoint_policy: Some(EP_BOTH),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_AP_VPC: "only succeed through an access point if the VPC endpoint policy grants
        // access to both the access point and the underlying bucket" — bucket only.
        Case {
            name: "endpoint policy granting only the bucket ARN blocks the access point path",
            source: S3_AP_VPC,
            via: Some(VPC_AP),
            through: Some(VPCE),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Principal":"*","Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_AP_VPC: … and the access point only.
        Case {
            name: "endpoint policy granting only the access point ARN blocks it too",
            source: S3_AP_VPC,
            via: Some(VPC_AP),
            through: Some(VPCE),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Principal":"*","Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:us-west-2:222222222222:accesspoint/my-access-point/object/*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // VPCE_POL: "If you don't attach an endpoint policy, we attach the default endpoint
        // policy", which "grants full access".
        Case {
            name: "no endpoint policy: the default full-access policy",
            source: VPCE_POL,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_VPCE_BP ("Restricting access to a specific VPC endpoint"): through that endpoint
        // the deny does not fire.
        Case {
            name: "aws:SourceVpce deny: through the named endpoint",
            source: S3_VPCE_BP,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"GrantDemo","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"Access-to-specific-VPCE-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_VPCE_BP: "The policy denies all access to the bucket if the specified endpoint is
        // not being used" — no endpoint, so aws:SourceVpce is absent and StringNotEquals true.
        Case {
            name: "aws:SourceVpce deny: request from outside any endpoint",
            source: S3_VPCE_BP,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"GrantDemo","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"Access-to-specific-VPCE-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // S3_VPCE_BP: through another endpoint.
        Case {
            name: "aws:SourceVpce deny: through another endpoint",
            source: S3_VPCE_BP,
            through: Some(("vpce-99999999", "vpc-1a2b3c4d")),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"GrantDemo","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"Access-to-specific-VPCE-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // S3_VPCE_BP ("Restricting access to a specific VPC"): from that VPC.
        Case {
            name: "aws:SourceVpc deny: from the named VPC",
            source: S3_VPCE_BP,
            through: Some(("vpce-99999999", "vpc-111bbb22")),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"Access-to-specific-VPC-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-111bbb22"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_VPCE_BP: from another VPC.
        Case {
            name: "aws:SourceVpc deny: from another VPC",
            source: S3_VPCE_BP,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"Access-to-specific-VPC-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-111bbb22"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // VPCE_POL: restrict a gateway endpoint by principal with Principal "*" and an
        // aws:PrincipalArn condition — the named role passes.
        Case {
            name: "endpoint policy with aws:PrincipalArn: the named role",
            source: VPCE_POL,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(BP_ROLE_B),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/demo"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // VPCE_POL: … another role of the same account does not.
        Case {
            name: "endpoint policy with aws:PrincipalArn: another role",
            source: VPCE_POL,
            principal: "arn:aws:sts::111111111111:assumed-role/other/s1",
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/demo"}}}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // VPCE_POL ("Principals for gateway endpoints"): an account principal grants "the
        // account root user only", so a role is not covered.
        Case {
            name: "gateway endpoint policy with an account principal does not cover a role",
            source: VPCE_POL,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(BP_ROLE_B),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // VPCE_POL: "An endpoint policy does not override or replace identity-based policies
        // or resource-based policies" — and its deny applies like any other.
        Case {
            name: "endpoint policy deny on PutObject",
            source: VPCE_POL,
            action: "s3:PutObject",
            through: Some(VPCE),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // VPCE_S3 (example: restrict access to a specific bucket): other buckets are not
        // reachable through the endpoint.
        Case {
            name: "endpoint policy limited to one bucket blocks another",
            source: VPCE_S3,
            bucket: "otherbucket",
            through: Some(VPCE),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::otherbucket/*"}]}"#,
            ),
            endpoint_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"Access-to-specific-bucket-only","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"]}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // ---------------------------------------------------------------- prefix conditions
        // aws-semantics §3 / S3_WALK: listing scoped with StringLike s3:prefix.
        Case {
            name: "ListBucket with a prefix inside datasets/credit/",
            source: S3_WALK,
            action: "s3:ListBucket",
            key: None,
            via: Some(AP),
            context: &[("s3:prefix", "datasets/credit/2024/")],
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_WALK: a prefix outside the grant.
        Case {
            name: "ListBucket with a prefix outside datasets/credit/",
            source: S3_WALK,
            action: "s3:ListBucket",
            key: None,
            via: Some(AP),
            context: &[("s3:prefix", "datasets/hr/")],
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_COND_OPS: without a prefix the key is absent and StringLike is false.
        Case {
            name: "ListBucket without a prefix",
            source: IAM_COND_OPS,
            action: "s3:ListBucket",
            key: None,
            via: Some(AP),
            identity: &[ID_READ_AP],
            ap_policy: Some(AP_ROLE_B),
            bucket_policy: Some(DELEGATE),
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_WALK: StringEquals on s3:prefix ["", "Development/"] and s3:delimiter "/".
        Case {
            name: "walkthrough: root listing with empty prefix and / delimiter",
            source: S3_WALK,
            principal: "arn:aws:iam::222222222222:user/Alice",
            action: "s3:ListBucket",
            key: None,
            context: &[("s3:prefix", ""), ("s3:delimiter", "/")],
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowRootLevelListingOfCompanyBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1","Condition":{"StringEquals":{"s3:prefix":["","Development/"],"s3:delimiter":["/"]}}}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_MULTI: keys under one operator are ANDed — the delimiter must match too.
        Case {
            name: "walkthrough: listing without the delimiter",
            source: IAM_MULTI,
            principal: "arn:aws:iam::222222222222:user/Alice",
            action: "s3:ListBucket",
            key: None,
            context: &[("s3:prefix", "Development/")],
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowRootLevelListingOfCompanyBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1","Condition":{"StringEquals":{"s3:prefix":["","Development/"],"s3:delimiter":["/"]}}}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_COND_OPS: a negated operator is true for a missing key, so a Deny with
        // StringNotLike s3:prefix denies a listing without prefix.
        Case {
            name: "Deny StringNotLike s3:prefix fires when the prefix is missing",
            source: IAM_COND_OPS,
            principal: ROLE_A,
            action: "s3:ListBucket",
            key: None,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1"},{"Effect":"Deny","Action":"s3:ListBucket","Resource":"arn:aws:s3:::awsexamplebucket1","Condition":{"StringNotLike":{"s3:prefix":"datasets/credit/*"}}}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- IfExists, Null, Bool
        // IAM_COND_OPS (…IfExists): "If the key is not present, evaluate the condition element
        // as true" — a deny with StringNotEqualsIfExists fires without an endpoint.
        Case {
            name: "StringNotEqualsIfExists deny fires for an absent key",
            source: IAM_COND_OPS,
            principal: ROLE_A,
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_COND_OPS (…IfExists): an allow with StringEqualsIfExists holds for an absent key.
        Case {
            name: "StringEqualsIfExists allow holds for an absent key",
            source: IAM_COND_OPS,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_COND_OPS: the same allow without IfExists is false for an absent key.
        Case {
            name: "StringEquals allow is false for an absent key",
            source: IAM_COND_OPS,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // S3_BP_EX (require server-side encryption) + IAM_COND_OPS (Null): a PUT without the
        // header is denied.
        Case {
            name: "Null check: PUT without the encryption header is denied",
            source: S3_BP_EX,
            principal: ROLE_A,
            action: "s3:PutObject",
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencrypted","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // S3_BP_EX: with the header it passes.
        Case {
            name: "Null check: PUT with the encryption header passes",
            source: S3_BP_EX,
            principal: ROLE_A,
            action: "s3:PutObject",
            context: &[("s3:x-amz-server-side-encryption", "AES256")],
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencrypted","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_BP_EX (HTTPS only) + IAM_KEYS (aws:SecureTransport): the SDK signs over TLS.
        Case {
            name: "Bool aws:SecureTransport deny does not fire over HTTPS",
            source: S3_BP_EX,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"HttpsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // S3_BP_EX: over plain HTTP it does.
        Case {
            name: "Bool aws:SecureTransport deny fires over HTTP",
            source: S3_BP_EX,
            context: &[("aws:SecureTransport", "false")],
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Sid":"HttpsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_KEYS (aws:SourceIp: not present through a VPC endpoint) + S3_BP_EX (IP allow list):
        // a NotIpAddress deny fires for requests through an endpoint.
        Case {
            name: "NotIpAddress deny fires through a VPC endpoint (no aws:SourceIp)",
            source: IAM_KEYS,
            through: Some(VPCE),
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- set operators
        // IAM_SETS (ForAllValues deny example): a request tag key without the prefix is denied.
        Case {
            name: "ForAllValues:StringNotLike deny with a foreign tag key",
            source: IAM_SETS,
            principal: ROLE_A,
            multi: &[("aws:TagKeys", &["key2:audit"])],
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_SETS: tag keys that all carry the prefix are not denied.
        Case {
            name: "ForAllValues:StringNotLike deny with matching tag keys",
            source: IAM_SETS,
            principal: ROLE_A,
            multi: &[("aws:TagKeys", &["key1:hr", "key1:personnel"])],
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_SETS: "ForAllValues … also returns true if there are no context keys in the request".
        Case {
            name: "ForAllValues deny fires when the key is absent",
            source: IAM_SETS,
            principal: ROLE_A,
            absent: &["aws:TagKeys"],
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_SETS: ForAnyValue is false when the key is absent.
        Case {
            name: "ForAnyValue allow is false when the key is absent",
            source: IAM_SETS,
            principal: ROLE_A,
            absent: &["aws:TagKeys"],
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team","project"]}}}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_SETS: ForAnyValue holds when one request value matches.
        Case {
            name: "ForAnyValue allow holds when one value matches",
            source: IAM_SETS,
            principal: ROLE_A,
            multi: &[("aws:TagKeys", &["cost-center", "team"])],
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team","project"]}}}]}"#,
            ],
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_MULTI: the values of a negated operator are NORed.
        Case {
            name: "StringNotEquals with two values denies a third",
            source: IAM_MULTI,
            principal: ROLE_A,
            through: Some(("vpce-99999999", "vpc-1a2b3c4d")),
            identity: &[
                ID_READ,
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":["vpce-1a2b3c4d","vpce-0000aaaa"]}}}]}"#,
            ],
            expect: Exp::Explicit,
            ..BASE
        },
        // ---------------------------------------------------------------- NotPrincipal
        // IAM_NOTPRINCIPAL (IAM role example): naming the session, the role and the account
        // exempts the session from the deny.
        Case {
            name: "Deny NotPrincipal naming session, role and account",
            source: IAM_NOTPRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::111111111111:assumed-role/demo/notebook","arn:aws:iam::111111111111:role/demo","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"]}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_NOTPRINCIPAL: everyone else is denied, another role of the same account included.
        Case {
            name: "Deny NotPrincipal: another role is denied",
            source: IAM_NOTPRINCIPAL,
            principal: "arn:aws:sts::111111111111:assumed-role/other/s1",
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::111111111111:assumed-role/demo/notebook","arn:aws:iam::111111111111:role/demo","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::awsexamplebucket1","arn:aws:s3:::awsexamplebucket1/*"]}]}"#,
            ),
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_NOTPRINCIPAL: without the account ARN "the policy might deny access to the entire
        // account" — the evaluator cannot tell.
        Case {
            name: "Deny NotPrincipal without the account ARN cannot be decided",
            source: IAM_NOTPRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::111111111111:assumed-role/demo/notebook","arn:aws:iam::111111111111:role/demo"]},"Action":"s3:*","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_NOTPRINCIPAL (NotPrincipal with Allow): grants everyone except the named ones.
        Case {
            name: "Allow NotPrincipal grants everyone else",
            source: IAM_NOTPRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // ---------------------------------------------------------------- what cannot be decided
        // IAM_VARS: ${aws:username} is a policy variable; this evaluator does not resolve it.
        Case {
            name: "policy variable in Resource cannot be decided",
            source: IAM_VARS,
            principal: "arn:aws:iam::222222222222:user/Alice",
            key: Some("home/Alice/x"),
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/home/${aws:username}/*"}]}"#,
            ],
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_VERSION: with Version 2008-10-17 (or none) `${…}` is literal text.
        Case {
            name: "policy variable syntax is literal in a 2008-10-17 policy",
            source: IAM_VERSION,
            principal: "arn:aws:iam::222222222222:user/Alice",
            key: Some("home/Alice/x"),
            identity: &[
                r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/home/${aws:username}/*"}]}"#,
            ],
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_KEYS: aws:PrincipalOrgID is not known offline; in an allow it decides the result.
        Case {
            name: "unknown condition key in the only allow",
            source: IAM_KEYS,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            ),
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_DENYALLOW: with no allow anywhere, an undecidable deny cannot change the result.
        Case {
            name: "unknown condition key in a deny, nothing allows",
            source: IAM_DENYALLOW,
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            ),
            expect: Exp::Implicit,
            ..BASE
        },
        // IAM_DENYALLOW: … but with an allow it could be either.
        Case {
            name: "unknown condition key in a deny, identity and bucket allow",
            source: IAM_DENYALLOW,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            ),
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_DENYALLOW: a definite explicit deny decides regardless of undecidable allows.
        Case {
            name: "definite deny beats an undecidable allow",
            source: IAM_DENYALLOW,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ml"}}},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#,
            ],
            bucket_policy: Some(BP_ROLE_B),
            expect: Exp::Explicit,
            ..BASE
        },
        // IAM_COND_OPS: an operator that does not exist is never a silent match.
        Case {
            name: "unknown condition operator cannot be decided",
            source: IAM_COND_OPS,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringStartsWith":{"aws:PrincipalArn":"arn:aws:iam::222222222222:"}}}]}"#,
            ],
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_KEYS: condition key names are case-insensitive.
        Case {
            name: "condition key names compare case-insensitively",
            source: IAM_KEYS,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"StringEquals":{"AWS:PRINCIPALACCOUNT":"111111111111"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_COND_OPS (ARN operators): ArnLike on aws:PrincipalArn with a wildcard account.
        Case {
            name: "ArnLike aws:PrincipalArn with a wildcard",
            source: IAM_COND_OPS,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/demo"}}}]}"#,
            ),
            expect: Exp::Allow,
            ..BASE
        },
        // IAM_PRINCIPAL: identity-based policies cannot have a Principal element.
        Case {
            name: "Principal in an identity policy cannot be decided",
            source: IAM_PRINCIPAL,
            principal: ROLE_A,
            identity: &[
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
            ],
            expect: Exp::Cannot,
            ..BASE
        },
        // IAM_PRINCIPAL: a unique principal id (deleted identity) cannot be resolved offline;
        // it only matters if nothing else allows.
        Case {
            name: "unique principal id cannot be matched",
            source: IAM_PRINCIPAL,
            identity: &[ID_READ],
            bucket_policy: Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEID00000001"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
            ),
            expect: Exp::Cannot,
            ..BASE
        },
    ]
}

#[test]
fn documented_cases() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(names.insert(case.name), "duplicate case name {}", case.name);
        assert!(
            case.source.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            case.name
        );
        let got = case.run();
        if Exp::of(&got.decision) != case.expect {
            failures.push(format!(
                "{}\n  source: {}\n  expected {:?}, got:\n{}",
                case.name, case.source, case.expect, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reports_name_the_deciding_statements() {
    // The share pattern, allowed: every layer names its statement.
    let case = Case {
        name: "report",
        via: Some(VPC_AP),
        through: Some(VPCE),
        identity: &[ID_READ_AP],
        ap_policy: Some(AP_ROLE_B),
        bucket_policy: Some(DELEGATE),
        endpoint_policy: Some(EP_BOTH),
        ..BASE
    };
    let e = case.run();
    if std::env::var_os("SHOW_REPORT").is_some() {
        eprintln!("{e}");
        eprintln!(
            "{}",
            Case {
                key: Some("datasets/hr/x.csv"),
                ..case
            }
            .run()
        );
        eprintln!("{}", Case { via: None, ..case }.run());
        eprintln!("{}", serde_json::to_string_pretty(&e).unwrap());
    }
    assert!(e.decision.is_allowed(), "{e}");
    let sid = |layer| {
        e.layer(layer)
            .and_then(|l| l.allowed_by.first())
            .and_then(|s| s.sid.clone())
    };
    use share_evaluate::Layer;
    assert_eq!(sid(Layer::Identity).as_deref(), Some("ReadAp"));
    assert_eq!(sid(Layer::AccessPoint).as_deref(), Some("ShareRead"));
    assert_eq!(sid(Layer::Bucket).as_deref(), Some("Delegate"));
    let endpoints: Vec<_> = e
        .layers
        .iter()
        .filter(|l| l.layer == Layer::Endpoint)
        .collect();
    assert_eq!(
        endpoints.len(),
        2,
        "endpoint judged for the access point and the bucket"
    );
    assert!(e.blocking().next().is_none());

    // A key outside the prefix: the access point layer blocks and says nothing allowed.
    let denied = Case {
        key: Some("datasets/hr/x.csv"),
        ..case
    }
    .run();
    assert_eq!(denied.decision, share_evaluate::Decision::ImplicitDeny);
    let blocking: Vec<_> = denied.blocking().map(|l| l.layer).collect();
    assert_eq!(blocking, vec![Layer::AccessPoint]);

    // Bypassing the access point: the bucket layer blocks (delegation needs the AP), and
    // the identity layer (which granted the access point form only).
    let direct = Case { via: None, ..case }.run();
    assert_eq!(direct.decision, share_evaluate::Decision::ImplicitDeny);
    let blocking: Vec<_> = direct.blocking().map(|l| l.layer).collect();
    assert_eq!(blocking, vec![Layer::Identity, Layer::Bucket]);

    // The report serializes for `--format json`.
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["decision"]["kind"], "allow");
    assert_eq!(json["layers"][1]["layer"], "access_point");
}

#[test]
fn identity_modes() {
    use share_evaluate::{Decision, Policies, evaluate};
    let case = Case {
        name: "modes",
        bucket_policy: Some(BP_ROLE_B),
        ..BASE
    };
    let docs = case.docs();
    let request = case.request();
    let bucket = docs.bucket.as_ref().unwrap();

    // Resource side only: the bucket grants, the identity side is taken to allow.
    let assumed = Policies::new().identity_assumed_to_allow().bucket(bucket);
    assert_eq!(evaluate(&request, &assumed).decision, Decision::Allow);

    // Identity side unknown: the bucket grants, so it depends on the identity side.
    let unknown = Policies::new().identity_unknown().bucket(bucket);
    let e = evaluate(&request, &unknown);
    assert!(
        matches!(&e.decision, Decision::CannotDecide(r) if r.contains("identity policies are not known")),
        "{e}"
    );

    // Identity side unknown but the bucket grants nothing: denied whatever it says.
    let other = Case {
        key: Some("elsewhere.csv"),
        bucket_policy: Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/datasets/*"}]}"#,
        ),
        ..case
    };
    let docs = other.docs();
    let p = Policies::new()
        .identity_unknown()
        .bucket(docs.bucket.as_ref().unwrap());
    assert_eq!(
        evaluate(&other.request(), &p).decision,
        Decision::ImplicitDeny
    );
}

#[test]
fn unnamed_sessions() {
    // A role given without its session name cannot match a policy that names a session.
    let case = Case {
        name: "unnamed session",
        principal: "arn:aws:iam::111111111111:role/demo",
        identity: &[ID_READ],
        bucket_policy: Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/demo/notebook"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::awsexamplebucket1/*"}]}"#,
        ),
        expect: Exp::Cannot,
        ..BASE
    };
    assert_eq!(Exp::of(&case.run().decision), case.expect);
    // … but matches one that names the role.
    let by_role = Case {
        bucket_policy: Some(BP_ROLE_B),
        ..case
    };
    assert_eq!(Exp::of(&by_role.run().decision), Exp::Allow);
}
