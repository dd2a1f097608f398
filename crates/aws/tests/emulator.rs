//! The local-emulator fixes work against moto end to end (the unit tests in `local.rs`
//! cover their details and that they are off without a custom endpoint).

use crate::util::{Env, lines};
use share_state::{Cloud, ObserveRequest, Operation};
use share_types::{AccessPointName, BucketName};

#[test]
fn s3_control_works_through_the_fixes() {
    let env = Env::start();
    env.fx
        .create_bucket(&env.data, "us-east-1", "data-bucket")
        .unwrap();
    let cloud = env.cloud();
    let name = AccessPointName::parse("ap-1").unwrap();
    // CreateAccessPoint: the account label would have made the host unresolvable.
    let results = cloud.execute(&[Operation::CreateAccessPoint {
        account: env.data.clone(),
        region: env.region.clone(),
        name: name.clone(),
        bucket: BucketName::parse("data-bucket").unwrap(),
        vpc: None,
    }]);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // ListAccessPoints, GetAccessPointPolicy: moto's `<…Response>` roots would have failed
    // to parse.
    let mut request = ObserveRequest::default();
    request.buckets.insert((
        env.data.clone(),
        env.region.clone(),
        BucketName::parse("data-bucket").unwrap(),
    ));
    let state = cloud
        .observe(&request)
        .unwrap_or_else(|e| panic!("{}", lines(&e)));
    assert!(state.access_points.contains_key(&(env.data.clone(), name)));
}
