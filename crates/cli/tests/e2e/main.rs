//! End-to-end tests of the `share` binary against a real `moto_server`.
//!
//! Each test starts its own moto on a free loopback port (`share-testkit`), arranges the
//! two accounts (222222222222 `datalake`, 111111111111 `ml`) through STS AssumeRole with
//! the `share_aws::testing` fixtures, runs the built binary with `--endpoint-url` as a user
//! would, and checks exit codes, output and the live documents read back from moto. Faults
//! the binary must survive are injected by a loopback proxy in front of moto (`proxy`).
//! Install moto with `scripts/ensure-moto`.

// Helpers outside `#[test]` functions panic on setup failures too.
#![allow(clippy::unwrap_used)]

mod harness;
mod proxy;

mod access_points;
mod clobber;
mod credentials;
mod exit_codes;
mod findings;
mod idempotence;
mod removal;
mod retries;
mod scenarios;
mod snapshots;
mod stale;
mod validate;
