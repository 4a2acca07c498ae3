//! An in-process fake of the GModStore personal-access-token API (feature `testkit`).
//!
//! [`FakeGmodstore`] listens on `127.0.0.1` (random port) and keeps real state: tokens created
//! through it can be listed, fetched, updated and deleted, and their secrets work as bearer
//! tokens (limited to their abilities) until they expire or are deleted. It follows the
//! vendor's wire format: paths under `/api/v3/me/personal-access-tokens` (a client's base URL is the fake's `base_url()`, ending in `/api`, like the legacy host), camelCase fields,
//! timestamps like `2024-01-02T15:04:05.000000Z`, uuid ids, cursor pagination (`perPage` 1..=100,
//! default 24; oldest token first), `401 {"message":"Unauthenticated."}`, Laravel-style 400
//! validation errors `{message, errors: {field: [..]}}`, 404 `{message}` for unknown ids, and
//! `X-RateLimit-Limit`/`-Remaining`/`-Reset` on every response (while no rate limit is set on the
//! [`Knobs`](apiclient_core::testkit::Knobs), a nominal 300 per minute is advertised and `Remaining` never reaches 0).
//!
//! The account token ([`FakeGmodstore::token`]) has every ability and is not itself listed.
//!
//! ```
//! use futures::TryStreamExt;
//! use gmodstore_pat::testkit::FakeGmodstore;
//! use gmodstore_pat::{Client, ListPersonalAccessTokensParams, PersonalAccessTokensApi};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeGmodstore::start().await;
//! fake.seed_tokens(60);
//! let client = Client::builder()
//!     .base_url(fake.base_url())
//!     .personal_access_token(fake.token())
//!     .build()
//!     .unwrap();
//! let params = ListPersonalAccessTokensParams::default().per_page(25);
//! let all: Vec<_> = client
//!     .list_personal_access_tokens_stream(params)
//!     .try_collect()
//!     .await
//!     .unwrap();
//! assert_eq!(all.len(), 60);
//! assert_eq!(fake.requests().len(), 3); // three pages of at most 25
//!
//! fake.knobs().fail_next(1, 503); // the client retries a GET after a 503
//! let one = client
//!     .get_personal_access_token(&all[0].id, Default::default())
//!     .await
//!     .unwrap();
//! assert_eq!(one.data.id, all[0].id);
//! # }
//! ```

mod api;
mod scopes;
mod seed;
mod store;
mod validate;

/// The fake is a [`FakeServer`]: its knobs (`knobs()`), request log (`requests()`,
/// `clear_requests()`), address (`uri()`, `address()`) and API state (`api()`) are reached
/// through it.
///
/// ```no_run
/// # async fn f() {
/// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
/// fake.knobs().fail_next(1, 503);
/// assert!(fake.requests().is_empty());
/// let port = fake.address().port();
/// # }
/// ```
impl std::ops::Deref for FakeGmodstore {
    type Target = FakeServer<GmodstoreApi>;

    fn deref(&self) -> &FakeServer<GmodstoreApi> {
        &self.server
    }
}

#[cfg(test)]
mod tests;

use apiclient_core::testkit::{FakeServer, seed_numbered};
use chrono::Utc;
use serde_json::Value;

pub use api::GmodstoreApi;
pub use scopes::ABILITIES;
pub use seed::{NewToken, SeededToken};

/// A running fake GModStore API; see the [module docs](self).
///
/// ```no_run
/// # async fn f() {
/// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
/// println!("{} {}", fake.base_url(), fake.token());
/// # }
/// ```
#[derive(Debug)]
pub struct FakeGmodstore {
    server: FakeServer<GmodstoreApi>,
}

impl FakeGmodstore {
    /// Starts a fake with a random account token.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// # }
    /// ```
    pub async fn start() -> Self {
        let token = format!(
            "{}|{}",
            apiclient_core::testkit::random_uuid(),
            apiclient_core::testkit::random_alphanumeric(40)
        );
        Self::start_with_token(token).await
    }

    /// Starts a fake that accepts `token` as the account token.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start_with_token("my-token").await;
    /// assert_eq!(fake.token(), "my-token");
    /// # }
    /// ```
    pub async fn start_with_token(token: impl Into<String>) -> Self {
        Self {
            server: FakeServer::start(GmodstoreApi::new(token)).await,
        }
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>/api`, like the legacy host
    /// `https://www.gmodstore.com/api` (operations add `/v3/me/...`).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// let list_url = format!("{}/v3/me/personal-access-tokens", fake.base_url());
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("{}/api", self.server.uri())
    }

    /// The account token (every ability) for `Authorization: Bearer <token>`.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// let header = format!("Bearer {}", fake.token());
    /// # }
    /// ```
    pub fn token(&self) -> &str {
        self.server.api().token()
    }

    /// Inserts a token directly (no validation) and returns its id and secret.
    ///
    /// ```no_run
    /// # async fn f() {
    /// use gmodstore_pat::testkit::{FakeGmodstore, NewToken};
    ///
    /// let fake = FakeGmodstore::start().await;
    /// let seeded = fake.insert_token(NewToken::new("read only").with_abilities(["users:read"]));
    /// assert!(fake.token_record(&seeded.id).is_some());
    /// # }
    /// ```
    pub fn insert_token(&self, token: NewToken) -> SeededToken {
        let mut store = self.server.api().state.store();
        let created_at = token.created_at.unwrap_or_else(Utc::now);
        let stored = store::insert_token(
            &mut store,
            token.name,
            token.abilities,
            token.expires_at,
            created_at,
        );
        if let Some(record) = store.get_mut(&stored.id) {
            record.last_used_at = token.last_used_at;
        }
        SeededToken {
            id: stored.id,
            plain_text_token: stored.plain_text,
        }
    }

    /// Inserts `count` tokens named `seeded token 1`, `seeded token 2`, ... (for pagination).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// fake.seed_tokens(50);
    /// assert_eq!(fake.token_count(), 50);
    /// # }
    /// ```
    pub fn seed_tokens(&self, count: usize) -> Vec<SeededToken> {
        seed_numbered(self.token_count(), count, |n| {
            self.insert_token(NewToken::new(format!("seeded token {n}")))
        })
    }

    /// The token's current `PersonalAccessToken` JSON, as the API would return it.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// assert!(fake.token_record("no-such-id").is_none());
    /// # }
    /// ```
    pub fn token_record(&self, id: &str) -> Option<Value> {
        self.server.api().state.store().json(id)
    }

    /// All tokens' JSON, oldest first.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// assert!(fake.token_records().is_empty());
    /// # }
    /// ```
    pub fn token_records(&self) -> Vec<Value> {
        self.server.api().state.store().all_json()
    }

    /// How many tokens exist (the account token not included).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
    /// assert_eq!(fake.token_count(), 0);
    /// # }
    /// ```
    pub fn token_count(&self) -> usize {
        self.server.api().state.store().len()
    }
}

// The fallback of the examples when the environment holds no setting.
apiclient_core::example_fake!(FakeGmodstore => crate::Client, personal_access_token(token));
