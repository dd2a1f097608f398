//! The engine's tests, one binary: plans and applies against the in-memory fake cloud,
//! which rewrites documents like AWS, fails on demand and simulates other writers.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod support;

mod apply_tests;
mod findings;
mod lifecycle;
mod properties;
mod render_tests;
