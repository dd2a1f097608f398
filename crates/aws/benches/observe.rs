//! Benchmark (not a test): observe a synthetic estate in moto.
//!
//! Builds 20 buckets, 100 access points, 4 gateway endpoints and 500 grantee roles across
//! the two test accounts, then observes all of it with concurrency 1 and 16, first on bare
//! loopback and then with a simulated 10 ms round trip per call. Prints the wall time, the API calls made, and the minimum calls needed (asserting that they are
//! equal), and the speed-up of concurrency 16 over 1.
//!
//! Run with `cargo test -p share-aws --bench observe -- --bench` (reuses the debug build of
//! the SDK; moto is the bottleneck either way) or `cargo bench -p share-aws --bench observe`
//! (optimised, but builds the SDK in release first). Under `cargo test --benches` (no
//! `--bench` argument) it only checks that it was built.

#![allow(clippy::unwrap_used)]

use share_aws::testing::{DATA_ACCOUNT, Faults, Fixture, ML_ACCOUNT};
use share_aws::{AccountConfig, Options};
use share_state::{Cloud, ObserveRequest, ObservedState};
use share_testkit::MotoServer;
use share_types::{AccessPointName, BucketName};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BUCKETS: usize = 20;
const ACCESS_POINTS_PER_BUCKET: usize = 5;
const ROLES: usize = 500;
const ENDPOINTS_PER_ACCOUNT: usize = 2;
/// Every n-th role also has a policy share does not own.
const FOREIGN_EVERY: usize = 5;
const RUNS: usize = 2;

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ShareX","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"*"}]}"#;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!(
            "observe benchmark: built; run it with `cargo bench -p share-aws --bench observe`"
        );
        return;
    }
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let fx = Fixture::new(&moto.endpoint_url()).unwrap();
    let accounts = [
        Fixture::account_id(DATA_ACCOUNT),
        Fixture::account_id(ML_ACCOUNT),
    ];
    let region = Fixture::region("us-east-1");

    let started = Instant::now();
    let mut request = ObserveRequest::default();
    let mut minimum: u64 = 0;
    for b in 0..BUCKETS {
        let account = &accounts[b % 2];
        let bucket = format!("bench-bucket-{b:02}");
        fx.create_bucket(account, "us-east-1", &bucket).unwrap();
        fx.put_bucket_policy(account, &bucket, POLICY).unwrap();
        request.buckets.insert((
            account.clone(),
            region.clone(),
            BucketName::parse(&bucket).unwrap(),
        ));
        // GetBucketPolicy, GetPublicAccessBlock, GetBucketOwnershipControls, ListAccessPoints.
        minimum += 4;
        for a in 0..ACCESS_POINTS_PER_BUCKET {
            let name = format!("bench-ap-{b:02}-{a}");
            fx.create_access_point(account, "us-east-1", &name, &bucket, None)
                .unwrap();
            if a % 2 == 0 {
                fx.put_access_point_policy(account, "us-east-1", &name, POLICY)
                    .unwrap();
            }
            request.access_points.insert((
                account.clone(),
                region.clone(),
                AccessPointName::parse(&name).unwrap(),
            ));
            // GetAccessPointPolicy (found through the bucket's listing).
            minimum += 1;
        }
    }
    for account in &accounts {
        for _ in 0..ENDPOINTS_PER_ACCOUNT {
            let (_, endpoint) = fx
                .create_vpc_with_s3_endpoint(account, "us-east-1")
                .unwrap();
            request
                .endpoints
                .insert((account.clone(), region.clone(), endpoint));
        }
        // One DescribeVpcEndpoints per account and region.
        minimum += 1;
    }
    for r in 0..ROLES {
        let account = &accounts[r % 2];
        let role = fx
            .create_role(account, &format!("grantee-{r:03}"), "/")
            .unwrap();
        fx.put_identity_policy(&role, "share", POLICY).unwrap();
        // GetRole, ListRolePolicies, GetRolePolicy.
        minimum += 3;
        if r % FOREIGN_EVERY == 0 {
            fx.put_identity_policy(&role, "other-team", POLICY).unwrap();
            minimum += 1;
        }
        request.identities.insert(role);
    }
    println!(
        "estate: {BUCKETS} buckets, {} access points, {} endpoints, {ROLES} roles in 2 accounts (set up in {:.1} s)",
        BUCKETS * ACCESS_POINTS_PER_BUCKET,
        2 * ENDPOINTS_PER_ACCOUNT,
        started.elapsed().as_secs_f64()
    );

    let accounts = vec![
        Fixture::account("data", DATA_ACCOUNT),
        Fixture::account("ml", ML_ACCOUNT),
    ];
    println!("minimum calls needed: {minimum}");

    // On loopback, moto itself is the bottleneck (one Python process, ~300 calls/s), so
    // concurrency buys little: printed for honesty.
    println!("-- loopback, no added latency (moto-bound):");
    let serial = measure(&fx, &accounts, &request, 1, minimum, None);
    let parallel = measure(&fx, &accounts, &request, 16, minimum, None);
    ratio(serial, parallel);

    // AWS is tens of milliseconds away; model that round trip on the wire.
    println!(
        "-- with {} ms added to every call (a nearby AWS region):",
        RTT.as_millis()
    );
    let serial = measure(&fx, &accounts, &request, 1, minimum, Some(RTT));
    let parallel = measure(&fx, &accounts, &request, 16, minimum, Some(RTT));
    ratio(serial, parallel);
    assert!(parallel < serial, "concurrency 16 must beat concurrency 1");
}

/// The round trip added to every call in the second measurement.
const RTT: Duration = Duration::from_millis(10);

fn ratio(serial: Duration, parallel: Duration) {
    println!(
        "concurrency 16 vs 1: {:.2}x faster ({:.2} s vs {:.2} s)",
        serial.as_secs_f64() / parallel.as_secs_f64(),
        parallel.as_secs_f64(),
        serial.as_secs_f64()
    );
}

/// The best of `RUNS` observes at this concurrency; asserts the call count every time.
fn measure(
    fx: &Fixture,
    accounts: &[AccountConfig],
    request: &ObserveRequest,
    concurrency: usize,
    minimum: u64,
    latency: Option<Duration>,
) -> Duration {
    let options = Options {
        concurrency,
        ..fx.options()
    };
    let cloud = match latency {
        None => fx.connect(accounts.to_vec(), options),
        Some(latency) => fx.connect_with_faults(
            accounts.to_vec(),
            options,
            Arc::new(Faults::new([]).with_latency(latency)),
        ),
    }
    .unwrap_or_else(|e| panic!("{e:?}"));
    let mut best = Duration::MAX;
    let mut last = ObservedState::default();
    // One run when slow (serial with latency), else the best of `RUNS`.
    let runs = if latency.is_some() && concurrency == 1 {
        1
    } else {
        RUNS
    };
    for _ in 0..runs {
        let started = Instant::now();
        let state = cloud.observe(request).unwrap_or_else(|e| panic!("{e:?}"));
        let took = started.elapsed();
        assert_eq!(
            state.api_calls, minimum,
            "calls made must equal the minimum"
        );
        best = best.min(took);
        last = state;
    }
    println!(
        "concurrency {concurrency:>2}: observe {:.2} s, {} API calls ({:.0} calls/s), {} identities, {} access points",
        best.as_secs_f64(),
        last.api_calls,
        last.api_calls as f64 / best.as_secs_f64(),
        last.identities.len(),
        last.access_points.len()
    );
    best
}
