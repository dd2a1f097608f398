//! Unit tests of `principal.rs`.

use super::*;
use share_policy::Document;

fn elem(json: &str) -> Principals {
    let d = Document::parse(&format!(
        r#"{{"Statement":[{{"Effect":"Allow","Principal":{json},"Action":"*","Resource":"*"}}]}}"#
    ))
    .unwrap();
    d.statements[0].principal.clone().unwrap()
}

fn session() -> Principal {
    Principal::parse("arn:aws:sts::111111111111:assumed-role/demo/alice").unwrap()
}

#[test]
fn principal_forms() {
    let r = PrincipalScope::Resource;
    let s = session();
    assert_eq!(principal(&elem(r#""*""#), &s, r), PrincipalMatch::Identity);
    assert_eq!(
        principal(&elem(r#"{"AWS":"*"}"#), &s, r),
        PrincipalMatch::Identity
    );
    assert_eq!(
        principal(&elem(r#"{"AWS":"111111111111"}"#), &s, r),
        PrincipalMatch::Account
    );
    assert_eq!(
        principal(&elem(r#"{"AWS":"arn:aws:iam::111111111111:root"}"#), &s, r),
        PrincipalMatch::Account
    );
    assert_eq!(
        principal(
            &elem(r#"{"AWS":"arn:aws:iam::111111111111:role/demo"}"#),
            &s,
            r
        ),
        PrincipalMatch::Identity
    );
    assert_eq!(
        principal(
            &elem(r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/demo/alice"}"#),
            &s,
            r
        ),
        PrincipalMatch::Identity
    );
    assert_eq!(
        principal(
            &elem(r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/demo/bob"}"#),
            &s,
            r
        ),
        PrincipalMatch::No
    );
    assert_eq!(
        principal(&elem(r#"{"AWS":"222222222222"}"#), &s, r),
        PrincipalMatch::No
    );
    assert_eq!(
        principal(&elem(r#"{"Service":"s3.amazonaws.com"}"#), &s, r),
        PrincipalMatch::No
    );
    assert!(matches!(
        principal(&elem(r#"{"AWS":"AROAEXAMPLEEXAMPLE123"}"#), &s, r),
        PrincipalMatch::Unknown(_)
    ));
    assert_eq!(
        principal(
            &elem(r#"{"AWS":"111111111111"}"#),
            &s,
            PrincipalScope::GatewayEndpoint
        ),
        PrincipalMatch::No
    );
}

#[test]
fn not_principal_needs_every_identity() {
    let s = session();
    let all = elem(
        r#"{"AWS":["arn:aws:sts::111111111111:assumed-role/demo/alice","arn:aws:iam::111111111111:role/demo","arn:aws:iam::111111111111:root"]}"#,
    );
    assert_eq!(not_principal(&all, &s), Tri::No);
    let other = elem(r#"{"AWS":["arn:aws:iam::222222222222:root"]}"#);
    assert_eq!(not_principal(&other, &s), Tri::Yes);
    // Only the role: the session is not exempt.
    let role_only = elem(r#"{"AWS":["arn:aws:iam::111111111111:role/demo"]}"#);
    assert_eq!(not_principal(&role_only, &s), Tri::Yes);
    // The session but not the account: AWS "might" still deny.
    let partial = elem(
        r#"{"AWS":["arn:aws:sts::111111111111:assumed-role/demo/alice","arn:aws:iam::111111111111:role/demo"]}"#,
    );
    assert!(matches!(not_principal(&partial, &s), Tri::Unknown(_)));
}
