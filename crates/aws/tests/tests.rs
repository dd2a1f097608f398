//! Integration tests of `share-aws` against a real `moto_server`.
//!
//! One binary (the SDK makes every test binary slow to link); each test starts its own
//! moto on a free loopback port through `share-testkit`, reaches the two test accounts
//! through STS AssumeRole exactly as production does, and stops the server when it ends.
//! Install moto with `scripts/ensure-moto` (`pip install 'moto[server]'`).

// Helpers outside `#[test]` functions panic on setup failures too.
#![allow(clippy::unwrap_used)]

mod util;

mod connect;
mod emulator;
mod execute;
mod observe;
mod retry;
