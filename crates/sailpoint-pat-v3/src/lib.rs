#![doc = include_str!("../README.md")]
//!
//! # Map of the crate
//!
//! - [`Client`] and [`ClientBuilder`]: the tenant or base URL, OAuth2 client credentials
//!   ([`ClientBuilder::oauth2`]; the token URL follows the base URL), timeouts, retries;
//!   [`Client::from_env`] reads the vendor's `SAIL_*` variables, `./config.json` or the
//!   vendor CLI's `~/.sailpoint/config.yaml`.
//! - [`PersonalAccessTokensApi`]: the four operations, implemented by [`Client`]; each also has
//!   a `*_with_response` form on [`Client`] that keeps the status, the headers and the
//!   [`RateLimitInfo`].
//! - [`models`]: requests and responses; [`JsonPatchOperation::replace`] (and `add`,
//!   `remove`, `test`) build the PATCH body, [`Filter`] the `filters` parameter.
//! - [`Error`]: the error of a call, with the operation's error model by status (e.g.
//!   [`DeletePersonalAccessTokenError`]: `Status404(ErrorResponseDto)`, ...).
//! - `testkit` (feature `testkit`): this version's `FakeSailPoint` (from `sailpoint-common`);
//!   the example falls back to it through `EnvOrFake`.
//!
//! The models, the trait and the client are generated from `openapi/sailpoint-v3.yaml` by
//! `cargo xtask codegen` (`src/generated/`, never edited by hand; its `client.rs` holds only
//! the spec's servers, credential setters and env table, the rest comes from
//! `apiclient_core::client_methods!` and `client_builder_methods!`); this file and
//! `src/testkit/` are written by hand.

mod generated;
pub use generated::*;

// What a program needs from the runtime, so that this crate is the only dependency.
pub use apiclient_core::ApiError;
pub use apiclient_core::ApiResponse;
pub use apiclient_core::AuthError;
pub use apiclient_core::ConfigError;
pub use apiclient_core::ConfigErrorKind;
pub use apiclient_core::DecodeError;
pub use apiclient_core::InvalidRequestError;
pub use apiclient_core::Nullable;
pub use apiclient_core::RateLimitInfo;
pub use apiclient_core::RetryPolicy;
pub use apiclient_core::SecretString;
pub use apiclient_core::StatusCode;
pub use apiclient_core::TimeoutError;
pub use apiclient_core::TimeoutKind;
pub use apiclient_core::Timestamp;
pub use apiclient_core::TransportError;
pub use apiclient_core::UnknownValue;
pub use apiclient_core::chrono;
pub use apiclient_core::env::EnvSource;
pub use sailpoint_common::Filter;

#[cfg(feature = "testkit")]
pub mod testkit;
