//! Building blocks for stateful in-process fake servers (feature `testkit`).
//!
//! The provider crates build their fakes (`FakeGmodstore`, `FakeXms`, `FakeSailPoint`) on this
//! module; it knows nothing about any particular API. A fake is a [`FakeApi`] (routing, auth,
//! state and the vendor's formats) run by a [`FakeServer`], which is a `wiremock` server on
//! `127.0.0.1` with a random port. The server gives every fake the same [`Knobs`], switchable
//! at run time from the test:
//!
//! - rate limiting: [`Knobs::set_rate_limit`] (N requests per fixed window, then the API's own
//!   429 with `Retry-After`) and [`Knobs::throttle_next`] (force 429s);
//! - latency: [`Knobs::set_latency`] delays every response;
//! - failures: [`Knobs::fail_next`] answers the next N requests with a status such as 503, and
//!   [`Knobs::respond_next_with`] serves any canned [`FakeResponse`] verbatim;
//! - inspection: [`FakeServer::requests`] returns every [`FakeRequest`] received (method, path,
//!   query, headers, body).
//!
//! A fake's own tests drive it over plain HTTP with [`RawHttp`].
//!
//! A token API with one account key is an [`AccountFake`] over its [`AccountApi`] (the
//! accessors every such fake has: base URL, key, seeding, records); its tokens are
//! [`TokenRow`]s (id, secret, name, and the provider's [`TokenColumns`]) in a [`TokenTable`]
//! behind an [`AccountState`], and a test seeds their times with [`SeedTimes`] through the
//! [`SeedTimestamps`] setters.
//!
//! The provider crates' example programs fall back to their fake through [`EnvOrFake`] when
//! the environment holds no setting.
//!
//! Order of evaluation per request: canned response, forced throttle, rate limit (which counts
//! the request), injected failure, then [`FakeApi::handle`]; [`FakeApi::decorate`] then adds the
//! vendor's common headers to everything but canned responses, and the latency applies to all.
//!
//! ```
//! use std::time::Duration;
//! use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, FakeServer};
//! use serde_json::json;
//!
//! struct Echo;
//!
//! impl FakeApi for Echo {
//!     fn handle(&self, req: &FakeRequest) -> FakeResponse {
//!         FakeResponse::json(200, &json!({"method": req.method(), "path": req.path()}))
//!     }
//!     fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
//!         FakeResponse::json(429, &json!({"message": "Too Many Requests"}))
//!             .with_header("Retry-After", retry_after_secs)
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let fake = FakeServer::start(Echo).await;
//! fake.knobs().set_rate_limit(10, Duration::from_secs(1));
//! fake.knobs().fail_next(1, 503);
//! let base = fake.uri();
//! // Point the client under test at `base`, run it, then inspect `fake.requests()`.
//! # assert!(base.starts_with("http://127.0.0.1:"));
//! # });
//! ```

mod account;
mod api;
mod example;
mod knobs;
mod mocks;
mod raw;
mod request;
mod response;
mod row;
mod seed;
mod server;
mod table;
mod util;
mod wire;

#[cfg(test)]
mod tests;

pub use account::{AccountApi, AccountFake};
pub use api::{FakeApi, reason_phrase};
pub use example::{EnvOrFake, ExampleFake, print_error};
pub use knobs::{Knobs, RateLimitStatus};
pub use mocks::{CallLog, items_then_error, not_used_by_mock};
pub use raw::{RawHttp, RawResponse, with_query};
pub use request::FakeRequest;
pub use response::FakeResponse;
pub use row::{RowId, TokenColumns, TokenRow};
pub use seed::{SeedTimes, SeedTimestamps};
pub use server::FakeServer;
pub use table::{AccountState, TableRecord, TokenTable, seed_numbered};
pub use util::{
    base64_decode, base64url_encode, install_tls_provider, lock, parse_timestamp,
    random_alphanumeric, random_hex, random_uuid, vendor_timestamp,
};
pub use wire::{
    answer_once, assert_bodiless, assert_json_request, request_count, request_header, request_json,
    single_request,
};
