//! An in-process fake of the XMS access-token API (feature `testkit`).
//!
//! [`FakeXms`] listens on `127.0.0.1` (random port) under `/v1` and keeps real state. It
//! authenticates with the `Xms-Auth-Token` header or the `token` query parameter; both the
//! admin key ([`FakeXms::token`], user `(1, "admin")`) and the secret (`uuid`) of any token it
//! issued are accepted, and a token used that way is marked `used`. Behaviour:
//!
//! - `POST /v1/access-tokens/` creates (201, `{"access_token": {.., "uuid": secret}}`); `name`
//!   and `roles` are required (400), names are unique across all tokens (409);
//! - `GET /v1/access-tokens/` lists the caller's tokens by ascending id (`all=true` for every
//!   user's, `user_id`, `role` filters) with `limit` (default 100, at least 1) and `offset`, and
//!   answers `paging {count, limit, offset, total_count}`;
//! - `GET|PATCH|DELETE /v1/access-tokens/{id}`: get, rename (`{"access_token": {"name"}}`,
//!   other fields ignored), delete (204); unknown id 404, non-integer id 400;
//! - `POST /v1/access-tokens/{id}:regenerate` replaces the secret (200 with the new `uuid`): the
//!   old secret stops authenticating and validating at once;
//! - `POST /v1/access-tokens:validate?subject_access_token=<secret>` answers 200 with the token
//!   (no `uuid`) or, for an unknown or replaced secret, **404** `{"code":"NotFound",...}` (not
//!   401, which a client would take for its own credentials failing); without the parameter 400.
//!
//! Paths are matched exactly (`/v1/access-tokens` without the trailing slash is a 404), `%3A`
//! is read as `:`. Errors are `{"code": "<Name>", "message": "<text>"}` with string codes
//! (`Unauthorized`, `InvalidParameter`, `NotFound`, `AlreadyExists`, `MethodNotAllowed`,
//! `TooManyRequests`); the 429 of the rate-limit knob carries `Retry-After`.
//!
//! ```
//! use xms_tokens::testkit::{FakeXms, NewToken};
//! use xms_tokens::{AccessTokensApi, Client, SecretString};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeXms::start().await;
//! let client = Client::builder()
//!     .base_url(fake.base_url())
//!     .token_in_header(fake.token())
//!     .build()
//!     .unwrap();
//! let seeded = fake.insert_token(NewToken::new("ci"));
//! let fresh = client.regenerate_access_token(seeded.id).await.unwrap();
//! let old = SecretString::from(seeded.uuid);
//! assert!(client.validate_access_token(&old).await.unwrap_err().is_not_found());
//! let new = fresh.access_token.uuid.unwrap();
//! assert!(client.validate_access_token(&new).await.is_ok());
//! # }
//! ```

mod account;
mod api;
mod seed;
mod store;

#[cfg(test)]
mod tests;

use apiclient_core::testkit::AccountFake;

pub use api::XmsApi;
pub use apiclient_core::testkit::{SeedTimes, SeedTimestamps};
pub use seed::{NewToken, SeededToken};
pub use store::{AccessTokenColumns, StoredToken};

/// A running fake XMS API; see the [module docs](self).
///
/// An [`AccountFake`]: `start()` draws a random admin key (32 hex digits; user `(1, "admin")`,
/// usable for every API call); `base_url()` is `http://127.0.0.1:<port>/v1`; `insert_token`
/// takes a [`NewToken`] and returns a [`SeededToken`]; `seed_tokens(n)` adds admin-owned
/// tokens named `seeded-token-1`, `seeded-token-2`, ...; `token_record(id)` and
/// `token_records()` (by ascending id) give the `AccessToken` JSON without the secret, and
/// `token_secret(id)` the current secret. Through its
/// [`FakeServer`](apiclient_core::testkit::FakeServer) it has the knobs (`knobs()`), the
/// request log (`requests()`, `clear_requests()`), the address (`uri()`, `address()`) and the
/// API state (`api()`).
///
/// ```no_run
/// # async fn f() {
/// use xms_tokens::testkit::{FakeXms, NewToken};
///
/// let fake = FakeXms::start_with_token("admin-key").await;
/// assert_eq!(fake.token(), "admin-key");
/// assert!(fake.base_url().ends_with("/v1"));
/// let seeded = fake.insert_token(NewToken::new("nightly").with_roles(["viewer"]));
/// assert!(fake.token_record(seeded.id).is_some());
/// assert_eq!(fake.token_secret(seeded.id), Some(seeded.uuid));
/// assert!(fake.token_record(42).is_none());
/// fake.seed_tokens(25);
/// assert_eq!(fake.token_count(), 26);
/// assert_eq!(fake.token_records().len(), 26);
/// fake.knobs().fail_next(1, 503);
/// assert!(fake.requests().is_empty());
/// # }
/// ```
pub type FakeXms = AccountFake<XmsApi>;

// The fallback of the examples when the environment holds no setting.
apiclient_core::example_fake!(FakeXms => crate::Client, token_in_header(token));
