//! `verify` passes for any manifest the compiler accepts, not only the examples: grants of
//! every grantee kind, access level, prefix set (overlapping ones, one without a trailing
//! `/`), path through access points (one VPC-origin) and endpoints, merged and overlapping.
//! This is the compiler and the verifier checking each other: the compiler builds the
//! documents from the manifest, the verifier expects from the manifest alone.

use proptest::prelude::*;
use share_manifest::{Access, Source, load};
use share_verify::{Documents, Outcome, verify};

const HEAD: &str = r#"version: 1
accounts:
  owner: { id: "222222222222", region: eu-west-1 }
  ml: { id: "111111111111", region: eu-west-1 }
buckets:
  bucket-a: { account: owner }
  bucket-b: { account: owner, region: us-east-1 }
access_points:
  ap-a: { bucket: bucket-a, vpc: vpc-0a1b2c3d }
  ap-b: { bucket: bucket-b }
vpc_endpoints:
  gw-one: { account: ml, id: vpce-0a1b2c3d }
  gw-two: { account: ml, id: vpce-0e1f2a3b }
grantees:
  role-one: { role: "arn:aws:iam::111111111111:role/one" }
  role-two: { role: "arn:aws:iam::111111111111:role/path/two" }
  user-one: { user: "arn:aws:iam::111111111111:user/one" }
  local: { role: "arn:aws:iam::222222222222:role/local" }
  outside: { role: "arn:aws:iam::999999999999:role/outside" }
  partner: { account: "333333333333" }
  ml-acct: { account: ml }
grants:
"#;

const GRANTEES: [&str; 7] = [
    "role-one", "role-two", "user-one", "local", "outside", "partner", "ml-acct",
];
const PREFIXES: [&str; 6] = ["a/", "a/b/", "data/", "data/x/", "logs/2024/", "z"];

#[derive(Debug, Clone)]
struct Gen {
    grantee: usize,
    bucket: usize,
    access: usize,
    prefixes: Vec<usize>,
    via: bool,
    through: Option<usize>,
}

fn gen_grant() -> impl Strategy<Value = Gen> {
    (
        0..GRANTEES.len(),
        0..2usize,
        0..4usize,
        proptest::sample::subsequence((0..PREFIXES.len()).collect::<Vec<_>>(), 0..3),
        any::<bool>(),
        proptest::option::of(0..2usize),
    )
        .prop_map(|(grantee, bucket, access, prefixes, via, through)| Gen {
            grantee,
            bucket,
            access,
            prefixes,
            via,
            through,
        })
}

fn yaml(grants: &[Gen]) -> String {
    let mut s = HEAD.to_owned();
    for g in grants {
        let bucket = ["bucket-a", "bucket-b"][g.bucket];
        s.push_str(&format!(
            "  - grantee: {}\n    bucket: {bucket}\n    access: {}\n",
            GRANTEES[g.grantee],
            Access::ALL[g.access].as_str()
        ));
        if !g.prefixes.is_empty() {
            let ps: Vec<&str> = g.prefixes.iter().map(|i| PREFIXES[*i]).collect();
            s.push_str(&format!("    prefixes: [{}]\n", ps.join(", ")));
        }
        if g.via {
            s.push_str(&format!("    via: {}\n", ["ap-a", "ap-b"][g.bucket]));
        }
        if let Some(e) = g.through {
            s.push_str(&format!("    through: {}\n", ["gw-one", "gw-two"][e]));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_compiled_manifest_verifies(grants in proptest::collection::vec(gen_grant(), 1..8)) {
        let text = yaml(&grants);
        let Ok(v) = load(&Source::new("gen.yaml", text.clone())) else {
            // Duplicate grants and the like are manifest errors, not verifier input.
            return Ok(());
        };
        let c = share_compile::compile(&v);
        prop_assume!(!c.has_errors());
        let report = verify(&v.manifest, &Documents::planned(&c.desired));
        prop_assert_eq!(
            report.outcome,
            Outcome::Match,
            "{}\n{}",
            text,
            report.render_human(false)
        );
    }
}

/// Regression: a same-account grantee `through` an endpoint could bypass it, because its
/// identity policy (which alone allows within the account) had no `aws:SourceVpce`
/// condition. The compiler now adds it (compiled-policies §3.4).
#[test]
fn same_account_through_grants_cannot_bypass_the_endpoint() {
    let text = format!(
        "{HEAD}  - {{ grantee: local, bucket: bucket-b, access: read, prefixes: [data/], through: gw-one }}\n"
    );
    let v = load(&Source::new("gen.yaml", text)).unwrap();
    let c = share_compile::compile(&v);
    let report = verify(&v.manifest, &Documents::planned(&c.desired));
    assert_eq!(
        report.outcome,
        Outcome::Match,
        "{}",
        report.render_human(false)
    );
}
