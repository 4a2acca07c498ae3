#![doc = include_str!("../README.md")]
//!
//! # Map of the crate
//!
//! - [`config`]: where `from_env` finds the settings: the environment, `./config.json`, then the
//!   vendor CLI's `~/.sailpoint/config.yaml`.
//! - [`filter`]: [`Filter`] and [`FilterValue`], the SailPoint filter grammar.
//! - `testkit` (feature `testkit`): the fake API, generic over an `ApiVersion` that names the
//!   version segment it serves; the version crates instantiate it as their
//!   `testkit::FakeSailPoint`.
//!
//! Nothing here depends on a generated client.

pub mod config;
pub mod filter;
pub use filter::{Filter, FilterValue};

#[cfg(feature = "testkit")]
pub mod testkit;
