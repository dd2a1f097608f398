//! The JSON Schema (draft 2020-12) of manifest v1, for editors and other tools.
//!
//! It is written out by hand next to the validator rather than derived, so that each key
//! carries a description and an example an editor can show on hover. The checked-in copy,
//! `manifests/schema.json`, is compared with this function by a test, so the two cannot
//! drift apart. The schema covers shapes and value formats; rules across sections (names
//! that must exist, ids that must agree) are only checked by `share validate`.

use crate::model::{Access, DEFAULT_REGION, ObjectOwnership};
use crate::names::LOGICAL_NAME_PATTERN;
use serde_json::{Value, json};

const ACCOUNT_ID: &str = "^[0-9]{12}$";
const REGION: &str = "^[a-z]{2}(-[a-z]+){1,3}-[0-9]{1,2}$";
const BUCKET: &str = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
const ACCESS_POINT: &str = "^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$";
const VPC: &str = "^vpc-([0-9a-f]{8}|[0-9a-f]{17})$";
const VPCE: &str = "^vpce-([0-9a-f]{8}|[0-9a-f]{17})$";
const ROLE_ARN: &str =
    "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/([^/*]+/)*[A-Za-z0-9+=,.@_-]{1,64}$";
const USER_ARN: &str =
    "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:user/([^/*]+/)*[A-Za-z0-9+=,.@_-]{1,64}$";
const PREFIX: &str = "^[^/*?][^*?]*$";
const SID_PREFIX: &str = "^[A-Za-z][A-Za-z0-9]{0,31}$";
const POLICY_NAME: &str = "^[A-Za-z0-9+=,.@_-]{1,128}$";
const EXTERNAL_ID: &str = "^[A-Za-z0-9_+=,.@:/-]{2,1224}$";

/// [`json_schema`] as the text of `manifests/schema.json`: pretty-printed, with a trailing
/// newline. `share schema` should print exactly this.
pub fn json_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the manifest. `share schema` prints it; `manifests/schema.json` is
/// this value, pretty-printed.
pub fn json_schema() -> Value {
    let access: Vec<&str> = Access::ALL.iter().map(|a| a.as_str()).collect();
    let ownership: Vec<&str> = ObjectOwnership::ALL.iter().map(|o| o.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://raw.githubusercontent.com/share-s3/share/main/manifests/schema.json",
        "title": "share manifest",
        "description": "Declarative cross-account S3 sharing: accounts, buckets, access points, VPC endpoints, grantees and grants. See docs/manifest.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["version"],
        "properties": {
            "version": {
                "description": "Manifest format version. Only 1 exists.",
                "const": 1
            },
            "settings": {
                "description": "How share recognises what it owns in AWS.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": {
                    "sid_prefix": {
                        "description": "Statements whose Sid starts with this prefix are share's, in bucket, access point and endpoint policies; every other statement is kept untouched.",
                        "type": "string",
                        "pattern": SID_PREFIX,
                        "default": "Share"
                    },
                    "policy_name": {
                        "description": "Name of the inline IAM policy share owns on grantee roles and users in managed accounts.",
                        "type": "string",
                        "pattern": POLICY_NAME,
                        "default": "share"
                    }
                }
            },
            "accounts": {
                "description": "AWS accounts share manages, by logical name.",
                "type": ["object", "null"],
                "propertyNames": { "pattern": LOGICAL_NAME_PATTERN },
                "additionalProperties": { "$ref": "#/$defs/account" }
            },
            "buckets": {
                "description": "Buckets whose policies share manages, by bucket name.",
                "type": ["object", "null"],
                "propertyNames": { "pattern": BUCKET },
                "additionalProperties": { "$ref": "#/$defs/bucket" }
            },
            "access_points": {
                "description": "S3 access points, by access point name. Each belongs to a bucket and is created in the bucket's account.",
                "type": ["object", "null"],
                "propertyNames": { "pattern": ACCESS_POINT, "not": { "pattern": "-s3alias$" } },
                "additionalProperties": { "$ref": "#/$defs/access_point" }
            },
            "vpc_endpoints": {
                "description": "Existing S3 gateway VPC endpoints whose policies share adds its statements to, by logical name.",
                "type": ["object", "null"],
                "propertyNames": { "pattern": LOGICAL_NAME_PATTERN },
                "additionalProperties": { "$ref": "#/$defs/vpc_endpoint" }
            },
            "grantees": {
                "description": "Who receives access, by logical name.",
                "type": ["object", "null"],
                "propertyNames": { "pattern": LOGICAL_NAME_PATTERN },
                "additionalProperties": { "$ref": "#/$defs/grantee" }
            },
            "grants": {
                "description": "Who may do what on which bucket.",
                "type": ["array", "null"],
                "items": { "$ref": "#/$defs/grant" }
            }
        },
        "$defs": {
            "account_id": {
                "description": "A 12-digit AWS account id. Quote it (\"012345678901\") so leading zeros survive.",
                "anyOf": [
                    { "type": "string", "pattern": ACCOUNT_ID },
                    { "type": "integer", "minimum": 100_000_000_000_u64, "maximum": 999_999_999_999_u64 }
                ]
            },
            "region": {
                "description": "An AWS region code.",
                "type": "string",
                "pattern": REGION,
                "examples": [DEFAULT_REGION, "eu-west-1"]
            },
            "logical_name": {
                "description": "A name declared in this manifest: 1-64 letters, digits, '-' and '_'.",
                "type": "string",
                "pattern": LOGICAL_NAME_PATTERN
            },
            "role_arn": {
                "description": "An IAM role ARN.",
                "type": "string",
                "pattern": ROLE_ARN,
                "examples": ["arn:aws:iam::111111111111:role/demo"]
            },
            "user_arn": {
                "description": "An IAM user ARN.",
                "type": "string",
                "pattern": USER_ARN,
                "examples": ["arn:aws:iam::111111111111:user/alice"]
            },
            "account": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id"],
                "properties": {
                    "id": { "$ref": "#/$defs/account_id" },
                    "region": {
                        "$ref": "#/$defs/region",
                        "description": "Default region of this account's buckets (else us-east-1)."
                    },
                    "assume_role": {
                        "$ref": "#/$defs/role_arn",
                        "description": "A role in this account that share assumes (from the base credentials) to manage it. Not with `profile`."
                    },
                    "external_id": {
                        "description": "External id sent when assuming `assume_role`.",
                        "type": "string",
                        "pattern": EXTERNAL_ID
                    },
                    "profile": {
                        "description": "A profile of the AWS config file to use for this account. Not with `assume_role`.",
                        "type": "string",
                        "minLength": 1
                    }
                },
                "not": { "required": ["assume_role", "profile"] },
                "dependentRequired": { "external_id": ["assume_role"] }
            },
            "bucket": {
                "type": "object",
                "additionalProperties": false,
                "required": ["account"],
                "properties": {
                    "account": {
                        "$ref": "#/$defs/logical_name",
                        "description": "The account (a key of `accounts`) that owns the bucket."
                    },
                    "region": {
                        "$ref": "#/$defs/region",
                        "description": "The bucket's region; defaults to its account's region, else us-east-1."
                    },
                    "create": {
                        "description": "Create the bucket if it does not exist.",
                        "type": "boolean",
                        "default": false
                    },
                    "block_public_access": {
                        "description": "Turn on all four Block Public Access settings.",
                        "type": "boolean",
                        "default": true
                    },
                    "object_ownership": {
                        "description": "S3 Object Ownership. Grants that write require BucketOwnerEnforced.",
                        "enum": ownership,
                        "default": "BucketOwnerEnforced"
                    }
                }
            },
            "access_point": {
                "type": "object",
                "additionalProperties": false,
                "required": ["bucket"],
                "properties": {
                    "bucket": {
                        "description": "The bucket (a key of `buckets`) this access point fronts.",
                        "type": "string",
                        "pattern": BUCKET
                    },
                    "vpc": {
                        "description": "Restrict the access point to this VPC (network origin VPC). Absent: internet origin. Cannot be changed later: a change replaces the access point.",
                        "type": "string",
                        "pattern": VPC
                    }
                }
            },
            "vpc_endpoint": {
                "type": "object",
                "additionalProperties": false,
                "required": ["account", "id"],
                "properties": {
                    "account": {
                        "$ref": "#/$defs/logical_name",
                        "description": "The account (a key of `accounts`) that owns the endpoint."
                    },
                    "id": {
                        "description": "The id of an existing S3 gateway endpoint.",
                        "type": "string",
                        "pattern": VPCE
                    }
                }
            },
            "grantee_account": {
                "description": "A key of `accounts`, or the 12-digit id of an account share does not manage.",
                "anyOf": [
                    { "$ref": "#/$defs/logical_name" },
                    { "$ref": "#/$defs/account_id" }
                ]
            },
            "grantee": {
                "description": "An IAM role, an IAM user, or a whole account. With `role` or `user`, `account` may be added as a check of the ARN's account.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "role": { "$ref": "#/$defs/role_arn" },
                    "user": { "$ref": "#/$defs/user_arn" },
                    "account": { "$ref": "#/$defs/grantee_account" }
                },
                "anyOf": [
                    { "required": ["role"] },
                    { "required": ["user"] },
                    { "required": ["account"] }
                ],
                "not": { "required": ["role", "user"] }
            },
            "grant": {
                "type": "object",
                "additionalProperties": false,
                "required": ["grantee", "bucket", "access"],
                "properties": {
                    "grantee": {
                        "$ref": "#/$defs/logical_name",
                        "description": "Who: a key of `grantees`."
                    },
                    "bucket": {
                        "description": "On which bucket: a key of `buckets`.",
                        "type": "string",
                        "pattern": BUCKET
                    },
                    "access": {
                        "description": "list: list keys; read: list and get; write: put only; read-write: list, get, put and delete.",
                        "enum": access
                    },
                    "prefixes": {
                        "description": "Limit the grant to keys under these prefixes (end each with '/'). Absent: the whole bucket.",
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": true,
                        "items": { "type": "string", "pattern": PREFIX, "not": { "pattern": "\\$\\{" } }
                    },
                    "via": {
                        "description": "Through this access point (a key of `access_points`) of the same bucket.",
                        "type": "string",
                        "pattern": ACCESS_POINT
                    },
                    "through": {
                        "$ref": "#/$defs/logical_name",
                        "description": "Traffic comes through this VPC gateway endpoint (a key of `vpc_endpoints`)."
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_agree_with_the_validators_on_examples() {
        // A tiny matcher is not worth a regex dependency; spot-check the anchors and alphabets.
        let s = json_schema();
        assert_eq!(s["properties"]["version"]["const"], 1);
        assert_eq!(
            s["$defs"]["grant"]["properties"]["access"]["enum"],
            json!(["list", "read", "write", "read-write"])
        );
        assert_eq!(
            s["$defs"]["bucket"]["properties"]["object_ownership"]["enum"],
            json!([
                "BucketOwnerEnforced",
                "BucketOwnerPreferred",
                "ObjectWriter"
            ])
        );
        for p in [
            ACCOUNT_ID,
            REGION,
            BUCKET,
            ACCESS_POINT,
            VPC,
            VPCE,
            ROLE_ARN,
            USER_ARN,
            PREFIX,
            SID_PREFIX,
            POLICY_NAME,
            EXTERNAL_ID,
        ] {
            assert!(p.starts_with('^') && p.ends_with('$'), "{p}");
        }
    }
}
