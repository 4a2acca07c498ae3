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

mod account;
mod api;
mod scopes;
mod seed;
mod store;
mod validate;

#[cfg(test)]
mod tests;

use apiclient_core::testkit::AccountFake;

pub use api::GmodstoreApi;
pub use apiclient_core::testkit::{SeedTimes, SeedTimestamps};
pub use scopes::ABILITIES;
pub use seed::{NewToken, SeededToken};
pub use store::{PatColumns, StoredToken};

/// A running fake GModStore API; see the [module docs](self).
///
/// An [`AccountFake`]: `start()` draws an account token like the vendor's (`<uuid>|<40
/// alphanumerics>`, every ability, not listed); `base_url()` is `http://127.0.0.1:<port>/api`,
/// like the legacy host `https://www.gmodstore.com/api` (operations add `/v3/me/...`);
/// `insert_token` takes a [`NewToken`] and returns a [`SeededToken`]; `seed_tokens(n)` names
/// its tokens `seeded token 1`, `seeded token 2`, ...; `token_record(&id)` and
/// `token_records()` (oldest first) give the `PersonalAccessToken` JSON. Through its
/// [`FakeServer`](apiclient_core::testkit::FakeServer) it has the knobs (`knobs()`), the
/// request log (`requests()`, `clear_requests()`), the address (`uri()`, `address()`) and the
/// API state (`api()`).
///
/// ```no_run
/// # async fn f() {
/// use gmodstore_pat::testkit::{FakeGmodstore, NewToken};
///
/// let fake = FakeGmodstore::start_with_token("my-token").await;
/// assert_eq!(fake.token(), "my-token");
/// let list_url = format!("{}/v3/me/personal-access-tokens", fake.base_url());
/// let seeded = fake.insert_token(NewToken::new("read only").with_abilities(["users:read"]));
/// assert!(fake.token_record(&seeded.id).is_some());
/// fake.seed_tokens(50);
/// assert_eq!(fake.token_count(), 51);
/// assert_eq!(fake.token_records().len(), 51);
/// fake.knobs().fail_next(1, 503);
/// assert!(fake.requests().is_empty());
/// # }
/// ```
pub type FakeGmodstore = AccountFake<GmodstoreApi>;

// The fallback of the examples when the environment holds no setting.
apiclient_core::example_fake!(FakeGmodstore => crate::Client, personal_access_token(token));
