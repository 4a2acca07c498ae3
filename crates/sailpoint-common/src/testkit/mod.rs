//! An in-process fake of the SailPoint Identity Security Cloud PAT API (feature `testkit`).
//!
//! [`FakeSailPoint`] serves one API version segment (chosen by its [`ApiVersion`] type
//! parameter: `v3`, `v2024`, ...; the PAT operations of the versions are identical) on
//! `127.0.0.1` (random port), with real state and the vendor's OAuth flow:
//!
//! - `POST /oauth/token` (form body or query: `grant_type=client_credentials`, `client_id`,
//!   `client_secret`; HTTP Basic also accepted) issues JWT-shaped access tokens that live
//!   `min(`[`FakeSailPoint::set_access_token_lifetime`]` (default 750 s), the PAT's
//!   accessTokenValiditySeconds)`; bad credentials get 401 `{"error":"invalid_client",..}`.
//!   The fake's own credential ([`FakeSailPoint::client_id`] / [`FakeSailPoint::client_secret`])
//!   and every PAT it holds (id / secret, unless its `expirationDate` passed) are accepted;
//!   using a PAT sets its `lastUsed`.
//! - API calls need `Authorization: Bearer <access token>`; otherwise 401
//!   `{"error":"JWT validation failed: JWT is expired"}` (or `... is invalid` / `... is missing`).
//!   [`FakeSailPoint::expire_access_tokens`] expires every token issued so far, and
//!   [`FakeSailPoint::token_request_count`] counts calls to `/oauth/token`. Scopes and rights
//!   are not enforced.
//! - `GET /{version}/personal-access-tokens` lists in creation order, `owner-id` (`me` or an
//!   identity id; absent = whole tenant) and `filters` (`lastUsed le <date-time>`, `lastUsed
//!   isnull`; anything else 400). `POST` creates (200, 32-hex id, secret only here, owner =
//!   caller, scope `null`/`[]`/omitted = `["sp:scopes:all"]`, `accessTokenValiditySeconds`
//!   15..=43200 default 43200, duplicate name for the same owner 400).
//!   `PATCH .../{id}` takes `application/json-patch+json` (else 415) with only `replace` of
//!   `/name` or `/scope` (else 400); `DELETE` answers 204; unknown ids 404. Access tokens
//!   already issued stay valid when their PAT is deleted (they are stateless JWTs upstream).
//! - Errors are `ErrorResponseDto` (`{"detailCode":"400.1 Bad Request Content","trackingId":..,
//!   "messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":..}],"causes":[]}`); the
//!   rate-limit knob answers 429 `{"message":..}` with `Retry-After` and no `X-RateLimit-*`.
//!   Timestamps look like `2024-01-02T15:04:05.123Z`.
//!
//! ```
//! use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
//!
//! /// The version segment of the API a crate is generated from.
//! #[derive(Debug)]
//! struct V3;
//! impl ApiVersion for V3 {
//!     const SEGMENT: &'static str = "v3";
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeSailPoint::<V3>::start().await;
//! fake.seed_tokens(3);
//! assert!(fake.base_url().ends_with("/v3"));
//! assert_eq!(fake.token_records().len(), 3);
//! # }
//! ```
//!
//! The version crates name their own fake this way (`sailpoint_pat_v3::testkit::FakeSailPoint`
//! is `FakeSailPoint<V3>`); their docs show it driven by the generated client.

mod api;
mod errors;
mod filters;
mod oauth;
mod patch;
mod seed;
mod store;
mod time;

/// The fake is a [`FakeServer`]: its knobs (`knobs()`), request log (`requests()`,
/// `clear_requests()`), address (`uri()`, `address()`) and API state (`api()`) are reached
/// through it.
///
/// ```no_run
/// # async fn f() {
/// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
/// # struct V3;
/// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
/// let fake = FakeSailPoint::<V3>::start().await;
/// fake.knobs().fail_next(1, 503);
/// assert!(fake.requests().is_empty());
/// let port = fake.address().port();
/// # }
/// ```
impl<V: ApiVersion> std::ops::Deref for FakeSailPoint<V> {
    type Target = FakeServer<SailPointApi>;

    fn deref(&self) -> &FakeServer<SailPointApi> {
        &self.server
    }
}

#[cfg(test)]
mod tests;

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use apiclient_core::testkit::{FakeServer, seed_numbered};
use serde_json::Value;

pub use api::SailPointApi;
pub use apiclient_core::testkit::{SeedTimes, SeedTimestamps};
pub use seed::{NewPat, SeededPat};

use store::{Identity, new_pat};

/// An API version of SailPoint Identity Security Cloud: the path segment a fake serves.
///
/// ```
/// use sailpoint_common::testkit::ApiVersion;
///
/// struct V2024;
/// impl ApiVersion for V2024 {
///     const SEGMENT: &'static str = "v2024";
/// }
/// assert_eq!(V2024::SEGMENT, "v2024");
/// ```
pub trait ApiVersion {
    /// The version segment of the API paths, without slashes (`"v3"`, `"v2024"`).
    const SEGMENT: &'static str;
}

/// A running fake SailPoint API serving version `V`; see the [module docs](self).
///
/// ```no_run
/// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
/// # struct V3;
/// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
/// # async fn f() {
/// let fake = FakeSailPoint::<V3>::start().await;
/// println!("{} {} {}", fake.base_url(), fake.token_url(), fake.client_id());
/// # }
/// ```
pub struct FakeSailPoint<V> {
    server: FakeServer<SailPointApi>,
    version: PhantomData<fn() -> V>,
}

impl<V> fmt::Debug for FakeSailPoint<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSailPoint")
            .field("server", &self.server)
            .finish()
    }
}

impl<V: ApiVersion> FakeSailPoint<V> {
    /// Starts a fake serving `/{V::SEGMENT}/personal-access-tokens` with fresh random
    /// credentials.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.version(), "v3");
    /// # }
    /// ```
    pub async fn start() -> Self {
        Self {
            server: FakeServer::start(SailPointApi::new(V::SEGMENT)).await,
            version: PhantomData,
        }
    }

    /// The API version segment served.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.version(), "v3");
    /// # }
    /// ```
    pub fn version(&self) -> &str {
        self.server.api().version()
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>/<version>`.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert!(fake.base_url().ends_with("/v3"));
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("{}/{}", self.server.uri(), self.version())
    }

    /// The tenant URL without version, as in `SAIL_BASE_URL`: `http://127.0.0.1:<port>`.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(format!("{}/oauth/token", fake.tenant_url()), fake.token_url());
    /// # }
    /// ```
    pub fn tenant_url(&self) -> String {
        self.server.uri()
    }

    /// The token endpoint: `http://127.0.0.1:<port>/oauth/token`.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert!(fake.token_url().ends_with("/oauth/token"));
    /// # }
    /// ```
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.server.uri())
    }

    /// The client id of the fake's own credential (not a listed token).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.client_id().len(), 32);
    /// # }
    /// ```
    pub fn client_id(&self) -> &str {
        self.server.api().client_id()
    }

    /// The client secret of the fake's own credential.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.client_secret().len(), 64);
    /// # }
    /// ```
    pub fn client_secret(&self) -> &str {
        self.server.api().client_secret()
    }

    /// The identity `(id, name)` the fake's own credential acts as (owner of tokens it creates).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// let (id, name) = fake.identity();
    /// # }
    /// ```
    pub fn identity(&self) -> (&str, &str) {
        let identity = self.server.api().identity();
        (&identity.id, &identity.name)
    }

    /// Sets the lifetime of access tokens issued from now on (default 750 s).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// fake.set_access_token_lifetime(std::time::Duration::from_secs(2));
    /// # }
    /// ```
    pub fn set_access_token_lifetime(&self, lifetime: Duration) {
        self.server.api().state().oauth.lifetime = lifetime;
    }

    /// The lifetime of access tokens issued from now on.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.access_token_lifetime().as_secs(), 750);
    /// # }
    /// ```
    pub fn access_token_lifetime(&self) -> Duration {
        self.server.api().state().oauth.lifetime
    }

    /// Expires every access token issued so far; the next API call with one gets 401.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// fake.expire_access_tokens();
    /// # }
    /// ```
    pub fn expire_access_tokens(&self) {
        self.server.api().state().oauth.expire_all();
    }

    /// How many requests reached `/oauth/token` (successful or not, throttled ones excluded).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.token_request_count(), 0);
    /// # }
    /// ```
    pub fn token_request_count(&self) -> u64 {
        self.server.api().state().oauth.requests
    }

    /// Issues a valid access token for the fake's own identity without an HTTP round trip
    /// (not counted as a token request).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// let bearer = format!("Bearer {}", fake.issue_access_token());
    /// # }
    /// ```
    pub fn issue_access_token(&self) -> String {
        let api = self.server.api();
        let identity = api.identity().clone();
        let mut state = api.state();
        state
            .oauth
            .issue(&identity, api.client_id(), "sp:scopes:all", i64::MAX)
            .0
    }

    /// Inserts a token directly (no validation) and returns its id and secret.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint, NewPat};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// let seeded = fake.insert_token(NewPat::new("reporting"));
    /// assert!(fake.token_record(&seeded.id).is_some());
    /// # }
    /// ```
    pub fn insert_token(&self, token: NewPat) -> SeededPat {
        let api = self.server.api();
        let owner = match token.owner {
            Some((id, name)) => Identity { id, name },
            None => api.identity().clone(),
        };
        let mut pat = new_pat(token.name, owner);
        let columns = &mut pat.columns;
        if let Some(created) = token.times.created {
            columns.created = created;
        }
        columns.scope = token.scope;
        columns.last_used = token.times.last_used;
        columns.validity_secs = token.access_token_validity_seconds;
        columns.expiration = token.times.expires;
        columns.managed = token.managed;
        let seeded = SeededPat {
            id: pat.id.clone(),
            secret: pat.secret.clone(),
        };
        api.state().store.insert_with(|_| pat);
        seeded
    }

    /// Inserts `count` tokens of the fake's identity named `seeded-pat-1`, `seeded-pat-2`, ...
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// fake.seed_tokens(5);
    /// assert_eq!(fake.token_count(), 5);
    /// # }
    /// ```
    pub fn seed_tokens(&self, count: usize) -> Vec<SeededPat> {
        seed_numbered(self.token_count(), count, |n| {
            self.insert_token(NewPat::new(format!("seeded-pat-{n}")))
        })
    }

    /// The token's current `GetPersonalAccessTokenResponse` JSON.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert!(fake.token_record("0123").is_none());
    /// # }
    /// ```
    pub fn token_record(&self, id: &str) -> Option<Value> {
        self.server.api().state().store.json(id)
    }

    /// All tokens' JSON in creation order.
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert!(fake.token_records().is_empty());
    /// # }
    /// ```
    pub fn token_records(&self) -> Vec<Value> {
        let state = self.server.api().state();
        state.store.all_json()
    }

    /// How many tokens exist (the fake's own credential not included).
    ///
    /// ```no_run
    /// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
    /// # struct V3;
    /// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
    /// # async fn f() {
    /// let fake = FakeSailPoint::<V3>::start().await;
    /// assert_eq!(fake.token_count(), 0);
    /// # }
    /// ```
    pub fn token_count(&self) -> usize {
        self.server.api().state().store.len()
    }
}
