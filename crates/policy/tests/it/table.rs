//! Real-world AWS rewrites that must compare equal, and near misses that must not
//! (issue 3, "Done when"). Sources are the issues and documents cited in aws-semantics §4.

use share_policy::{Document, decode_iam_document, equivalent, fingerprint};

struct Case {
    /// Where the rewrite or near miss comes from.
    why: &'static str,
    a: &'static str,
    b: &'static str,
}

fn parse(text: &str) -> Document {
    let decoded = decode_iam_document(text).unwrap();
    Document::parse(&decoded).unwrap_or_else(|e| panic!("{e}: {text}"))
}

const EQUAL: &[Case] = &[
    Case {
        why: "pulumi-aws#855, ACK#2591: S3 strips insignificant whitespace",
        a: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:role/demo\"},\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::bkt/*\"\n    }\n  ]\n}\n",
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "vm0#33389: single-element Action list returned as a scalar",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "vm0#33389: single-element Resource and principal lists returned as scalars",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root"]},"Action":"s3:ListBucket","Resource":["arn:aws:s3:::bkt"]}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt"}]}"#,
    },
    Case {
        why: "ansible#29341: S3 does not preserve the order of principal lists",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/a","arn:aws:iam::222222222222:role/b"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:role/b","arn:aws:iam::111111111111:role/a"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "IAM-princ / IAM-trouble: an account id principal is stored as the account root ARN",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "aws-semantics §2: the root ARN is built in the document's partition (aws-cn)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111111111111"]},"Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "aws-cli#849: in 2014 S3 added \"Version\":\"2008-10-17\" and \"Sid\":\"\" to stored policies",
        a: r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "awspolicyequivalence: a single Statement object equals a one-element list",
        a: r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::bkt"}}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::bkt"}]}"#,
    },
    Case {
        why: "IAM-trouble: elements within JSON maps can be reordered",
        a: r#"{"Statement":[{"Resource":"arn:aws:s3:::bkt/*","Action":"s3:PutObject","Effect":"Allow","Sid":"ShareWrite"}],"Version":"2012-10-17"}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareWrite","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "IAM-princ: \"Principal\":\"*\" is the same as {\"AWS\":\"*\"}",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::bkt","Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"arn:aws:s3:::bkt","Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}]}"#,
    },
    Case {
        why: "awspolicyequivalence compares Effect case-insensitively",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "IAM-action: the service prefix and action name are case-insensitive",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["S3:getobject","s3:LISTBUCKET"],"Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"*"}]}"#,
    },
    Case {
        why: "IAM-cond: condition key names are not case-sensitive",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt/*","Condition":{"StringNotEquals":{"aws:sourcevpce":"vpce-0123"}}}]}"#,
    },
    Case {
        why: "awspolicyequivalence: booleans in conditions compare as strings (true = \"true\")",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
    },
    Case {
        why: "awspolicyequivalence: numbers in conditions compare as strings (10 = \"10\")",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":10}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":["10"]}}}]}"#,
    },
    Case {
        why: "awspolicyequivalence: condition values are sets (s3-credentials prefix listing, reordered)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt","Condition":{"StringLike":{"s3:prefix":["a/*","b/*"]}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt","Condition":{"StringLike":{"s3:prefix":["b/*","a/*"]}}}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: Statement is a multiset, so order does not matter",
        a: r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"B","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Sid":"B","Effect":"Deny","Action":"s3:PutObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: lists are sets, a repeated action means nothing more",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObject"],"Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "VPCE-pol: the default endpoint policy, read back with the implicit Version made explicit",
        a: r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        b: r#"{"Version":"2008-10-17","Statement":[{"Action":"*","Resource":"*","Effect":"Allow","Principal":{"AWS":"*"}}]}"#,
    },
    Case {
        why: "IAM-GRP, aws-sdk-go#1513: IAM returns inline policies RFC 3986 percent-encoded",
        a: "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Abkt%2Fa%2Bb%2F%2A%22%7D%5D%7D",
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/a+b/*"}]}"#,
    },
    Case {
        why: "Terraform issue pattern: mixed account id and role ARN, reordered and id rewritten",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:role/x","111111111111"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::222222222222:role/x"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "awspolicyequivalence (Go zero values): a missing Id equals \"Id\":\"\"",
        a: r#"{"Version":"2012-10-17","Id":"","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §1.1: the access point delegation policy as GetBucketPolicy returns it",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::BKT","arn:aws:s3:::BKT/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"222222222222"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":["arn:aws:s3:::BKT/*","arn:aws:s3:::BKT"],"Condition":{"StringEquals":{"s3:dataaccesspointaccount":["222222222222"]}}}]}"#,
    },
    Case {
        why: "IAM-princ: the account id rewrite applies to NotPrincipal too",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["111111111111","arn:aws:iam::111111111111:role/admin"]},"Action":"s3:*","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:role/admin","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "IAM-cond + IAM-trouble: several condition keys, reordered and recased",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/demo","aws:SourceVpce":"vpce-0123"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"AWS:SOURCEVPCE":"vpce-0123","aws:principalarn":"arn:aws:iam::111111111111:role/demo"}}}]}"#,
    },
];

const NOT_EQUAL: &[Case] = &[
    Case {
        why: "IAM-ver: a missing Version means 2008-10-17, not 2012-10-17 (no policy variables)",
        a: r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/${aws:username}/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/${aws:username}/*"}]}"#,
    },
    Case {
        why: "IAM-ver: Version 2008-10-17 and 2012-10-17 are different languages",
        a: r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: resources (bucket names) are case-sensitive",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::Bkt"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt"}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: object keys in resources are case-sensitive",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/Datasets/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/datasets/*"}]}"#,
    },
    Case {
        why: "aws-semantics §4.2: awspolicyequivalence wrongly equates [A,A,B] and [A,B,B]",
        a: r#"{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"},{"Effect":"Allow","Action":"a","Resource":"*"},{"Effect":"Deny","Action":"b","Resource":"*"}]}"#,
        b: r#"{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"},{"Effect":"Deny","Action":"b","Resource":"*"},{"Effect":"Deny","Action":"b","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: Statement is a multiset, a repeated statement counts",
        a: r#"{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"},{"Effect":"Allow","Action":"a","Resource":"*"}]}"#,
        b: r#"{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"}]}"#,
    },
    Case {
        why: "a different grantee account",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111112"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "aws-semantics §2: the root ARN of another partition is another account",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "IAM-princ: a role is narrower than its whole account",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "S3-princ, IAM-trust-xform: a deleted role reads back as its unique id (dangling principal)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAJQABLZS4A3QDU576Q"},"Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/demo"},"Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "Effect flipped",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "Action and NotAction with the same values are opposites",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"s3:DeleteObject","Resource":"*"}]}"#,
    },
    Case {
        why: "Resource and NotResource with the same values are opposites",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::bkt/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "Principal and NotPrincipal with the same values are opposites",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}]}"#,
    },
    Case {
        why: "IAM-cond: condition values are case-sensitive under StringEquals (role name case)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/Demo"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/demo"}}}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 1: operator names are kept byte-exact",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0123"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"stringequals":{"aws:SourceVpce":"vpce-0123"}}}]}"#,
    },
    Case {
        why: "StringEquals and StringLike differ on wildcards",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"home/*"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#,
    },
    Case {
        why: "one more allowed condition value widens the grant",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a/*"]}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a/*","b/*"]}}}]}"#,
    },
    Case {
        why: "a dropped condition (someone removed the aws:SourceVpce guard by hand)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0123"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §4.3 rule 4: the Sid decides ownership, so it is compared exactly",
        a: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareRead","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Sid":"shareread","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "awspolicyequivalence compares Id exactly",
        a: r#"{"Version":"2012-10-17","Id":"Policy1","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Id":"Policy2","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "anyone is not one account",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"*"}]}"#,
    },
    Case {
        why: "design: no s3:* — a wildcard action is not the list it covers",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#,
    },
    Case {
        why: "a service principal is not an AWS principal with the same text",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}]}"#,
    },
    Case {
        why: "aws-semantics §3: a prefix must end in / to mean a folder (home/* vs home*)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/home/*"}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/home*"}]}"#,
    },
    Case {
        why: "aws-semantics §1.2: the access point resource is required besides the bucket one",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::bkt/*","arn:aws:s3:us-east-1:222222222222:accesspoint/ap/object/*"]}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}"#,
    },
    Case {
        why: "a different condition key (aws:SourceVpc is not aws:SourceVpce)",
        a: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-0abc"}}}]}"#,
        b: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpc-0abc"}}}]}"#,
    },
];

#[test]
fn real_world_rewrites_are_equal() {
    assert!(EQUAL.len() >= 20);
    for case in EQUAL {
        let (a, b) = (parse(case.a), parse(case.b));
        assert!(equivalent(&a, &b), "should be equal: {}", case.why);
        assert!(equivalent(&b, &a), "should be equal: {}", case.why);
        assert_eq!(fingerprint(case.a), fingerprint(case.b), "{}", case.why);
    }
}

#[test]
fn near_misses_are_not_equal() {
    assert!(NOT_EQUAL.len() >= 20);
    for case in NOT_EQUAL {
        let (a, b) = (parse(case.a), parse(case.b));
        assert!(!equivalent(&a, &b), "should differ: {}", case.why);
        assert!(!equivalent(&b, &a), "should differ: {}", case.why);
        assert_ne!(fingerprint(case.a), fingerprint(case.b), "{}", case.why);
    }
}
