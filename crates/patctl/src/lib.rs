//! patctl: personal-access-token hygiene across GModStore, XMS and SailPoint (v3 and v2024),
//! as a library and as the `patctl` command.
//!
//! # Map of the crate
//!
//! - [`config`]: tenants from the providers' own environment variables or a TOML config file
//!   ([`TenantSettings`]).
//! - [`Inventory`]: the connected tenants; [`Inventory::list`] lists them all concurrently
//!   into [`TokenRecord`]s, one shape for every provider ([`Provider`]).
//! - [`Policy`], [`Rules`], [`audit`]: which tokens break which rule ([`Finding`]).
//! - [`Tenant::revoke`]: deletes a token; [`rotate()`]: replaces one, handing the new secret to
//!   a [`SecretSink`] ([`FileSink`], [`ExecSink`], [`PrintSink`]), with rollback on failure.
//! - [`fakes`]: the four providers' in-process fakes, seeded for the demo and for tests.
//!
//! Every provider call goes through the provider crates' public clients.
//!
//! ```no_run
//! # async fn f() -> Result<(), patctl::Error> {
//! use patctl::{EnvSource, Inventory, Policy, Rules, audit, config};
//!
//! let env = EnvSource::new();
//! let inventory = Inventory::connect(config::tenants_from_env(&env, &[]))?;
//! let listing = inventory.list(false).await;
//! let policy = Policy {
//!     general: Rules {
//!         max_age: Some(std::time::Duration::from_secs(90 * 86_400)),
//!         ..Rules::default()
//!     },
//!     ..Policy::default()
//! };
//! for finding in audit(&listing.tokens, &policy, patctl::chrono::Utc::now()) {
//!     println!("{} breaks {}: {}", finding.token.reference(), finding.rule.name(), finding.detail);
//! }
//! # Ok(())
//! # }
//! ```

pub mod config;
mod error;
pub mod fakes;
mod inventory;
mod policy;
mod providers;
mod record;
pub mod rotate;
pub mod sink;

/// Settings lookup (environment variables, then a JSON file), as the provider crates read it.
pub use apiclient_core::env::EnvSource;
/// Date and time types of [`TokenRecord`] and [`audit`].
pub use chrono;
pub use config::TenantSettings;
pub use error::Error;
pub use inventory::{Inventory, Listing, Tenant};
pub use policy::{Finding, Policy, Rule, Rules, audit, check, short_duration};
pub use providers::Replacement;
pub use record::{Provider, TokenRecord, TokenRef, format_time};
pub use rotate::{Rollback, RotateError, Rotation, Stage, rotate};
pub use sink::{ExecSink, FileSink, PrintSink, SecretSink};
