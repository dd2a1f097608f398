//! Grant removal: share's statements go, a document left empty is deleted (an endpoint's
//! policy goes back to AWS's default), and the identity policy of a grantee with no grants
//! left is deleted.

use crate::harness::*;

#[test]
fn removed_grants_remove_statements_and_empty_documents() {
    let env = Env::start();
    let estate = env.seed(false);
    let full = demo_manifest(&estate);
    env.write("share.yaml", &full);
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0);
    assert!(env.identity_policy(&estate.role).is_some());
    assert!(env.ap_policy(AP).is_some());
    assert!(
        share_sids(&env.bucket_policy().unwrap())
            .contains(&"ShareDelegateToAccessPoints".to_owned())
    );

    // 1. The notebook loses its grant (it stays declared, as does its access point).
    let notebook_grant = "  - grantee: demo-notebook
    bucket: demo-datalake
    access: read
    prefixes: [datasets/credit/]
    via: demo-ml-ap
    through: ml-gateway
";
    assert!(full.contains(notebook_grant));
    env.write("share.yaml", &full.replace(notebook_grant, ""));
    let r = env.share(&["plan", "--detailed-exitcode", "share.yaml"]);
    r.code(2)
        .stdout_has("the grantee has no grants left: the inline policy is deleted")
        .stdout_has("no statement left: the access point policy is deleted")
        .stdout_has("no statement left: AWS's default full-access policy is restored")
        .stdout_has("statement ShareDelegateToAccessPoints no longer in manifest")
        .stdout_has("Plan: 0 to create, 1 to change, 3 to delete.");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_eq!(env.identity_policy(&estate.role), None);
    assert_eq!(env.ap_policy(AP), None);
    assert!(
        env.access_point(AP).is_some(),
        "a declared access point was deleted"
    );
    let endpoint = env.endpoint_policy(&estate.vpce).unwrap();
    assert_eq!(statements(&endpoint).len(), 1, "{endpoint}");
    let default = &statements(&endpoint)[0];
    assert_eq!(
        (
            &default["Effect"],
            &default["Principal"],
            &default["Action"],
            &default["Resource"]
        ),
        (&"Allow".into(), &"*".into(), &"*".into(), &"*".into()),
        "not AWS's default endpoint policy: {endpoint}"
    );
    assert_eq!(
        share_sids(&env.bucket_policy().unwrap()),
        [
            "ShareReadPartnerList",
            "ShareReadPartnerLocation",
            "ShareReadPartnerObjects"
        ]
    );
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);

    // 2. No grant at all: the bucket policy, share's only, is deleted.
    let (head, _) = full.split_once("grants:").unwrap();
    env.write("share.yaml", head);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(2)
        .stdout_has("no statement left: the bucket policy is deleted");
    env.share(&["apply", "--auto-approve", "share.yaml"])
        .code(0)
        .clean();
    assert_eq!(env.bucket_policy(), None);
    env.share(&["plan", "--detailed-exitcode", "share.yaml"])
        .code(0);
    env.share(&["drift", "share.yaml"]).code(0);
}
