#![doc = include_str!("../README.md")]
//!
//! # Map of the crate
//!
//! - [`Client`] and [`ClientBuilder`]: base URL, where the key goes
//!   ([`ClientBuilder::token_in_header`], [`ClientBuilder::token_in_query`]),
//!   [`Client::from_env`].
//! - [`AccessTokensApi`]: the seven documented operations, implemented by [`Client`], for code
//!   generic over implementations and for mocks (`use xms_tokens::prelude::*`). On a [`Client`]
//!   each operation is also an inherent method, so calls need no import and skip the trait's
//!   boxed future. Every operation also has a `*_with_response` form on [`Client`] returning an
//!   [`ApiResponse`] with the status and the headers.
//! - [`Client::list_access_tokens_stream`]: every token as a `Stream`, paging with
//!   `limit`/`offset`; [`Client::list_all_access_tokens`] collects it.
//! - [`models`]: the request and response models; [`Error`]: the error of a call, with the
//!   operation's error model (e.g. [`GetAccessTokenError`]: the body of each documented error
//!   status, decoded leniently into [`ErrorResponse`]).
//! - `testkit` (feature `testkit`): `FakeXms`, a stateful fake built on
//!   `apiclient_core::testkit`; the example falls back to it through `EnvOrFake`.
//!
//! The models, the trait and the client are generated from `openapi/xms.yaml` by
//! `cargo xtask codegen` (`src/generated/`, never edited by hand; its `client.rs` holds only
//! the spec's servers, credential setters and env table, the rest comes from
//! `apiclient_core::client_methods!` and `client_builder_methods!`); this file,
//! `src/convenience.rs` and `src/testkit/` are written by hand.

mod convenience;
mod generated;
pub use generated::*;

/// Date and time types, to read a [`Timestamp`] (it dereferences to a `chrono::DateTime<Utc>`).
pub use apiclient_core::chrono;
pub use apiclient_core::env::EnvSource;
pub use apiclient_core::{
    ApiError, ApiResponse, AuthError, ConfigError, ConfigErrorKind, DecodeError, HeaderMap,
    InvalidRequestError, MAX_ERROR_BODY, Paging, RateLimitInfo, RetryPolicy, SecretString,
    StatusCode, TimeoutError, TimeoutKind, Timestamp, TransportError, UnknownValue,
};

/// The imports most programs need: the API trait, its extension trait (`*_stream`,
/// `list_all_*` on any implementation) and the stream extension traits.
///
/// ```
/// use xms_tokens::prelude::*;
/// ```
pub mod prelude {
    pub use crate::{AccessTokensApi, AccessTokensApiExt};
    pub use futures::{Stream, StreamExt, TryStreamExt};
}

#[cfg(feature = "testkit")]
pub mod testkit;
