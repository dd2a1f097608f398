//! Integration tests of `share-evaluate`, built into one binary: the table of evaluation
//! cases taken from the AWS documentation, and property tests.

// Test helpers build fixed, known-good values; a panic is the right failure.
#![allow(clippy::unwrap_used)]

mod cases;
mod properties;
mod support;
