//! Integration tests live in `tests/tests/`. This crate also compiles the workspace README's
//! Rust examples as doc-tests.
#![doc = include_str!("../../README.md")]
