#![doc = include_str!("../README.md")]
//!
//! # Map of the crate
//!
//! - [`Client`] and [`ClientBuilder`]: configuration, credentials, [`Client::from_env`].
//! - [`PersonalAccessTokensApi`]: the five documented operations, implemented by [`Client`],
//!   for code generic over implementations and for mocks (`use gmodstore_pat::prelude::*`). On
//!   a [`Client`] each operation is also an inherent method, so calls need no import and skip
//!   the trait's boxed future. Every operation also has a `*_with_response` form on [`Client`]
//!   returning an [`ApiResponse`] with the status, the headers and the [`RateLimitInfo`].
//! - [`Client::list_personal_access_tokens_stream`]: every token as a `Stream`, following
//!   `cursors.next`; [`Client::list_all_personal_access_tokens`] collects it.
//! - [`models`]: the request and response models; [`Error`]: the error of a call, with the
//!   operation's error model (e.g. [`GetPersonalAccessTokenError`]: the [`ErrorBody`] of each
//!   documented error status, by status).
//! - `testkit` (feature `testkit`): `FakeGmodstore`, a stateful fake built on
//!   `apiclient_core::testkit`; the example falls back to it through `EnvOrFake`.
//!
//! The models, the trait and the client are generated from `openapi/gmodstore-v3.yaml` by
//! `cargo xtask codegen` (`src/generated/`, never edited by hand; its `client.rs` holds only
//! the spec's servers, credential setters and env table, the rest comes from
//! `apiclient_core::client_methods!` and `client_builder_methods!`); this file,
//! `src/convenience.rs` and `src/testkit/` are written by hand.

mod convenience;
mod generated;
pub use generated::*;

pub use convenience::{GMODSTORE_BASE_URL, PIVITY_BASE_URL};

/// The body of an error response (`{message, errors?}`): what every documented error status
/// of every operation holds, in the operation's error model (found by [`Error::model`]).
///
/// ```
/// use gmodstore_pat::testkit::FakeGmodstore;
/// use gmodstore_pat::{Client, ErrorBody, GetPersonalAccessTokenError, PersonalAccessTokensApi};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), gmodstore_pat::ConfigError> {
/// let fake = FakeGmodstore::start().await;
/// # let client = Client::builder().base_url(fake.base_url()).personal_access_token(fake.token()).build()?;
/// let err = client
///     .get_personal_access_token("no-such-id", Default::default())
///     .await
///     .unwrap_err();
/// assert!(err.is_not_found());
/// let Some(GetPersonalAccessTokenError::Status404(body)) = err.model() else {
///     panic!("a documented 404: {err:?}");
/// };
/// let body: &ErrorBody = body;
/// println!("{}", body.message);
/// # Ok(())
/// # }
/// ```
pub type ErrorBody = models::Error;

/// Date and time types, to build a [`Timestamp`] (e.g. `chrono::Utc::now()`).
pub use apiclient_core::chrono;
pub use apiclient_core::env::EnvSource;
pub use apiclient_core::{
    ApiError, ApiResponse, AuthError, ConfigError, ConfigErrorKind, DecodeError, HeaderMap,
    InvalidRequestError, MAX_ERROR_BODY, Nullable, Paging, RateLimitInfo, RetryPolicy,
    SecretString, StatusCode, TimeoutError, TimeoutKind, Timestamp, TransportError, UnknownValue,
};

/// The imports most programs need: the API trait, its extension trait (`*_stream`,
/// `list_all_*` on any implementation) and the stream extension traits.
///
/// ```
/// use gmodstore_pat::prelude::*;
/// ```
pub mod prelude {
    pub use crate::{PersonalAccessTokensApi, PersonalAccessTokensApiExt};
    pub use futures::{Stream, StreamExt, TryStreamExt};
}

#[cfg(feature = "testkit")]
pub mod testkit;
