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

mod api;
mod seed;
mod store;

/// The fake is a [`FakeServer`]: its knobs (`knobs()`), request log (`requests()`,
/// `clear_requests()`), address (`uri()`, `address()`) and API state (`api()`) are reached
/// through it.
///
/// ```no_run
/// # async fn f() {
/// let fake = xms_tokens::testkit::FakeXms::start().await;
/// fake.knobs().fail_next(1, 503);
/// assert!(fake.requests().is_empty());
/// let port = fake.address().port();
/// # }
/// ```
impl std::ops::Deref for FakeXms {
    type Target = FakeServer<XmsApi>;

    fn deref(&self) -> &FakeServer<XmsApi> {
        &self.server
    }
}

#[cfg(test)]
mod tests;

use apiclient_core::testkit::{FakeServer, random_hex, seed_numbered};
use serde_json::Value;

pub use api::XmsApi;
pub use seed::{NewToken, SeededToken};

/// A running fake XMS API; see the [module docs](self).
///
/// ```no_run
/// # async fn f() {
/// let fake = xms_tokens::testkit::FakeXms::start().await;
/// println!("{} {}", fake.base_url(), fake.token());
/// # }
/// ```
#[derive(Debug)]
pub struct FakeXms {
    server: FakeServer<XmsApi>,
}

impl FakeXms {
    /// Starts a fake with a random admin key.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// # }
    /// ```
    pub async fn start() -> Self {
        Self::start_with_token(random_hex(32)).await
    }

    /// Starts a fake whose admin key is `token`.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start_with_token("admin-key").await;
    /// assert_eq!(fake.token(), "admin-key");
    /// # }
    /// ```
    pub async fn start_with_token(token: impl Into<String>) -> Self {
        Self {
            server: FakeServer::start(XmsApi::new(token)).await,
        }
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>/v1`.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// assert!(fake.base_url().ends_with("/v1"));
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.server.uri())
    }

    /// The admin key (user `(1, "admin")`), usable for every API call.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// let header = ("Xms-Auth-Token", fake.token().to_string());
    /// # }
    /// ```
    pub fn token(&self) -> &str {
        self.server.api().token()
    }

    /// Inserts a token directly (no validation) and returns its id and secret.
    ///
    /// ```no_run
    /// # async fn f() {
    /// use xms_tokens::testkit::{FakeXms, NewToken};
    ///
    /// let fake = FakeXms::start().await;
    /// let seeded = fake.insert_token(NewToken::new("nightly").with_roles(["viewer"]));
    /// assert!(fake.token_record(seeded.id).is_some());
    /// # }
    /// ```
    pub fn insert_token(&self, token: NewToken) -> SeededToken {
        let mut store = self.server.api().state.store();
        let stored = store::insert_token(
            &mut store,
            token.name,
            token.description,
            token.roles,
            token.user,
        );
        if let Some(record) = store.get_mut(&stored.id) {
            record.created = token.create.unwrap_or(record.created);
            record.updated = token.update.or(token.create).unwrap_or(record.updated);
            record.used = token.used;
        }
        SeededToken {
            id: stored.id,
            uuid: stored.secret,
        }
    }

    /// Inserts `count` admin-owned tokens named `seeded-token-1`, `seeded-token-2`, ...
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// fake.seed_tokens(25);
    /// assert_eq!(fake.token_count(), 25);
    /// # }
    /// ```
    pub fn seed_tokens(&self, count: usize) -> Vec<SeededToken> {
        seed_numbered(self.token_count(), count, |n| {
            self.insert_token(NewToken::new(format!("seeded-token-{n}")))
        })
    }

    /// The token's current `AccessToken` JSON (without the secret).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// assert!(fake.token_record(42).is_none());
    /// # }
    /// ```
    pub fn token_record(&self, id: i64) -> Option<Value> {
        self.server.api().state.store().json(&id)
    }

    /// The token's current secret, e.g. to check that regenerate replaced it.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// assert!(fake.token_secret(42).is_none());
    /// # }
    /// ```
    pub fn token_secret(&self, id: i64) -> Option<String> {
        self.server
            .api()
            .state
            .store()
            .get(&id)
            .map(|token| token.secret.clone())
    }

    /// All tokens' JSON, by ascending id.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// assert!(fake.token_records().is_empty());
    /// # }
    /// ```
    pub fn token_records(&self) -> Vec<Value> {
        self.server.api().state.store().all_json()
    }

    /// How many tokens exist (the admin key not included).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = xms_tokens::testkit::FakeXms::start().await;
    /// assert_eq!(fake.token_count(), 0);
    /// # }
    /// ```
    pub fn token_count(&self) -> usize {
        self.server.api().state.store().len()
    }
}

// The fallback of the examples when the environment holds no setting.
apiclient_core::example_fake!(FakeXms => crate::Client, token_in_header(token));
