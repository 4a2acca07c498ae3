//! Shared runtime for the generated API clients.
//!
//! Every provider crate (GModStore, XMS, SailPoint) is generated from an OpenAPI spec and calls
//! into this crate for everything that is not API-specific: the client builder
//! ([`ClientBuilder`]) and configuration ([`ClientConfig`]),
//! authentication ([`auth`]), one error type ([`Error`]), retries ([`RetryPolicy`]), rate-limit
//! information ([`RateLimitInfo`]), responses ([`ApiResponse`]), pagination ([`paginate`]),
//! serde helpers for generated models ([`datetime`], [`Nullable`], [`string_enum!`]), secrets
//! ([`SecretString`]), tracing (one span per call) and settings from the environment
//! ([`mod@env`]).
//!
//! Generated code builds a [`Request`] per operation (its path from literal parts and
//! [`path::PathBuilder`]) and hands it to [`ApiClient::execute`], which authenticates, sends,
//! retries ([`retry::is_retryable`]) and classifies the answer. A generated `ClientBuilder`
//! holds a [`ClientBuilder`] and adds only its spec's facts: servers and their variables,
//! credential setters, request-id headers and the `from_env` table; the runtime setters come
//! from [`client_builder_methods!`], and the generated `Client`'s API-independent methods from
//! [`client_methods!`].
//!
//! Map of the crate: `builder` ([`ClientBuilder`]), `client_macros` (what a generated client
//! expands: [`client_builder_methods!`] and [`client_methods!`]), `config` ([`ClientConfig`]
//! and its builder; `config/error.rs`: [`ConfigError`] with its [`ConfigErrorKind`];
//! `config/urls.rs`: URL quoting, the plain-`http://` rule, server templates), `client`
//! ([`ApiClient`]: the attempt loop), [`retry`] (which failures are retried, and the
//! [`RetryPolicy`]), [`auth`], `request` ([`Request`]), `urlencoded` (form bodies),
//! [`multipart`] (multipart bodies: [`multipart::Form`], encoded per attempt in
//! `multipart/encode.rs`), [`path`] (segment encoding), [`http_client`] ([`HttpClient`] and
//! its settings: proxies, root certificates, TLS by feature), `redirect` (the SDK's own
//! redirect rules), `response`, `error` ([`Error`] and [`ApiError`]; `error/transport.rs`, `error/decode.rs`,
//! `error/request.rs`: its other parts), `redact` (secrets kept out of errors), `message`
//! (messages and request ids from error responses), `rate_limit`, [`paginate`], [`mod@env`],
//! serde helpers and `secret`; with the `testkit` feature, `testkit` (the fakes' building
//! blocks, and `EnvOrFake`: the examples' fallback to a fake). Unit tests too long to sit at
//! the end of their module live beside it (`paginate/tests.rs`, `redact/tests.rs`).
//!
//! # Configuration
//!
//! [`ClientBuilder`] is what generated clients build on: a base URL or a server template with
//! variables, the settings below, and credentials, among them OAuth2 client credentials whose
//! token URL is resolved against the base URL. A [`ConfigError`] says what is wrong in words and
//! as a [`ConfigErrorKind`] to match on.
//!
//! ```
//! use apiclient_core::{ClientBuilder, ConfigErrorKind};
//! let err = ClientBuilder::new("x/1")
//!     .server("https://{tenant}.example.com", &[("tenant", "demo")])
//!     .server_variable("tenant", "a/b")
//!     .build()
//!     .unwrap_err();
//! assert_eq!(err.kind(), &ConfigErrorKind::InvalidServerVariable { name: "tenant".into() });
//! ```
//!
//! [`ClientConfig::builder`] takes the SDK's `<crate>/<version>` (the start of the user agent)
//! and sets the base URL (validated; server-variable templates such as
//! `https://{tenant}.api.identitynow.com/v3` are filled from values), an application suffix for
//! the user agent, the connect timeout, the per-attempt timeout, the total deadline of a call,
//! the retry policy and default headers. One HTTP client is built per configuration and shared
//! by every clone, so connections are pooled across calls; bring your own as an [`HttpClient`].
//! Redirects are followed by the SDK, only within the request's origin, so credentials and
//! bodies never follow a redirect to another host. Credentials are never sent over
//! plain `http://` to a host other than loopback unless that is explicitly allowed.
//!
//! ```
//! use apiclient_core::{ApiClient, ClientConfig, RetryPolicy, auth::BearerToken};
//! use std::time::Duration;
//!
//! let config = ClientConfig::builder("sailpoint-pat-v3/0.1.0")
//!     .base_url_template("https://{tenant}.api.identitynow.com/v3", &[("tenant", "acme")])
//!     .application("token-rotator/1.4")
//!     .connect_timeout(Duration::from_secs(5))
//!     .attempt_timeout(Duration::from_secs(20))
//!     .total_timeout(Duration::from_secs(60))
//!     .retry_policy(RetryPolicy::default().max_attempts(4))
//!     .default_header("X-Tenant", "acme")
//!     .build()?;
//! assert_eq!(config.base_url().as_str(), "https://acme.api.identitynow.com/v3");
//! assert_eq!(config.user_agent(), "sailpoint-pat-v3/0.1.0 token-rotator/1.4");
//!
//! // Plain http to a remote host is refused when credentials would be sent.
//! let insecure = ClientConfig::builder("x/1").base_url("http://api.example.com").build()?;
//! assert!(ApiClient::new(insecure, BearerToken::new("t")).is_err());
//! # Ok::<(), apiclient_core::ConfigError>(())
//! ```
//!
//! # Authentication
//!
//! An [`AuthProvider`] decorates each request. Built in: [`auth::BearerToken`],
//! [`auth::ApiKey`] (in a named header or query parameter) and
//! [`auth::OAuth2ClientCredentials`], whose token is cached until shortly before `expires_in`
//! runs out (and for at least [`auth::MIN_TOKEN_REUSE`]) and fetched by one caller while
//! concurrent callers wait for it and share its result, success or failure. A 401 from the API
//! drops the token, if it is still the cached one, and the call is sent once more. Implement the trait to plug
//! in your own provider.
//!
//! ```
//! use apiclient_core::auth::{ApiKey, AuthProvider, AuthRequest, OAuth2ClientCredentials};
//! use apiclient_core::{ApiClient, AuthError, ClientConfig};
//!
//! let config = ClientConfig::builder("x/1").base_url("https://api.example.com").build().unwrap();
//! let oauth = OAuth2ClientCredentials::new(
//!     "https://acme.api.identitynow.com/oauth/token",
//!     "client-id",
//!     "client-secret",
//! )?
//! .scopes(["sp:scopes:all"])
//! .http_client(config.http_client().clone());
//! let client = ApiClient::new(config.clone(), oauth).unwrap();
//! let xms = ApiClient::new(config.clone(), ApiKey::header("Xms-Auth-Token", "key")).unwrap();
//!
//! #[derive(Debug)]
//! struct FromVault;
//!
//! #[apiclient_core::__private::async_trait]
//! impl AuthProvider for FromVault {
//!     async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
//!         request.headers_mut().insert("x-signature", "signed".parse().unwrap());
//!         Ok(())
//!     }
//! }
//! let custom = ApiClient::new(config, FromVault).unwrap();
//! # let _ = (client, xms, custom);
//! # Ok::<(), AuthError>(())
//! ```
//!
//! # Errors
//!
//! Every call returns [`Error`], one enum to match on: [`Error::Api`] (status, method and path
//! template, request id, rate-limit information, the raw body up to [`MAX_ERROR_BODY`], and the
//! API's typed error model when the body fits it), [`Error::Transport`], [`Error::Timeout`],
//! [`Error::Decode`] (with the JSON path and a short body snippet), [`Error::InvalidRequest`],
//! [`Error::Auth`] and [`Error::Config`]. Helpers answer the usual questions, and `Display` is
//! one line without secrets, e.g.
//! `DELETE /personal-access-tokens/{id}: 404 Not Found: The server did not find ...`.
//!
//! ```
//! use apiclient_core::Error;
//! fn report(err: &Error) -> String {
//!     match err {
//!         e if e.is_not_found() => "gone already".to_owned(),
//!         e if e.is_rate_limited() => format!("slow down for {:?}", e.retry_after()),
//!         Error::Timeout(t) => format!("timed out ({:?})", t.kind),
//!         other => other.to_string(),
//!     }
//! }
//! # let _ = report;
//! ```
//!
//! # Retries
//!
//! [`retry::is_retryable`] decides, in one table, which failures are retried: GET, HEAD, PUT
//! and DELETE on 429, 502, 503, 504, connection errors and timeouts; POST and PATCH only when
//! the server certainly did not act on the request (connection refused, 429), unless the
//! operation is marked safe to retry ([`Request::retry_safe`]). Back-off is exponential with full jitter; `Retry-After` (seconds
//! or HTTP date) is honoured up to [`RetryPolicy::max_server_wait`], the wait until a
//! rate-limit reset up to [`RetryPolicy::max_backoff`] (a longer wait returns the error at once,
//! with [`Error::retry_after`] set); attempts are bounded, and no retry is started that would
//! wait past the call's deadline.
//!
//! ```
//! use apiclient_core::{Method, Request, RetryPolicy};
//! use std::time::Duration;
//! let policy = RetryPolicy::default()
//!     .max_attempts(5)
//!     .initial_backoff(Duration::from_millis(100))
//!     .max_backoff(Duration::from_secs(5))
//!     .max_server_wait(Duration::from_secs(30));
//! // A POST that the spec marks safe to repeat.
//! let search = Request::new(Method::POST, "/search", "search").retry_safe(true);
//! assert!(search.is_retry_safe());
//! assert!(!Request::new(Method::POST, "/tokens", "createToken").is_retry_safe());
//! # let _ = policy;
//! ```
//!
//! # Rate limits
//!
//! [`RateLimitInfo`] is read from `X-RateLimit-Limit/Remaining/Reset`, the IETF `RateLimit-*`
//! headers and `Retry-After`, and is on every response ([`RawResponse::rate_limit`],
//! [`ApiResponse::rate_limit`]) and every API error ([`Error::rate_limit`]).
//!
//! ```
//! use apiclient_core::{HeaderMap, RateLimitInfo};
//! let mut headers = HeaderMap::new();
//! headers.insert("ratelimit-remaining", "0".parse().unwrap());
//! headers.insert("ratelimit-reset", "30".parse().unwrap());
//! let info = RateLimitInfo::from_headers(&headers);
//! assert_eq!(info.remaining, Some(0));
//! assert!(info.suggested_wait(std::time::SystemTime::now()).is_some());
//! ```
//!
//! # Responses
//!
//! [`ApiClient::execute`] returns a [`RawResponse`]; [`RawResponse::json`] decodes it into an
//! [`ApiResponse`] with status, headers and rate-limit information, and
//! [`ApiResponse::into_body`] keeps just the body. Generated operations offer both forms.
//!
//! ```no_run
//! use apiclient_core::{ApiClient, ApiResponse, Error, Method, Request};
//! #[derive(serde::Deserialize)]
//! struct Token { id: String }
//!
//! async fn get_token_with_response(c: &ApiClient, id: &str) -> Result<ApiResponse<Token>, Error> {
//!     let request = Request::new(Method::GET, "/tokens/{id}", "getToken").path_param("id", id);
//!     c.execute::<serde_json::Value>(request).await?.json()
//! }
//! async fn get_token(c: &ApiClient, id: &str) -> Result<Token, Error> {
//!     Ok(get_token_with_response(c, id).await?.into_body())
//! }
//! ```
//!
//! # Pagination
//!
//! [`paginate::cursor`] and [`paginate::offset`] turn "fetch one page" into a `Stream` of
//! items. Pages are fetched lazily, one at a time; an error is yielded once and ends the
//! stream. A server that never stops paging (cycling cursors, an ignored offset, more pages
//! than the client's [`Paging`] limit) ends it with a [`PaginationError`].
//!
//! ```
//! use apiclient_core::paginate::{offset, OffsetPage};
//! use futures::TryStreamExt;
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let all: Vec<u32> = offset(2, |off, lim| async move {
//!     let items: Vec<u32> = (off as u32..5).take(lim as usize).collect();
//!     Ok::<_, apiclient_core::Error>(OffsetPage { items, total: Some(5) })
//! })
//! .try_collect()
//! .await
//! .unwrap();
//! assert_eq!(all, [0, 1, 2, 3, 4]);
//! # });
//! ```
//!
//! # Serde support for generated models
//!
//! [`Timestamp`] parses date-times leniently (fractional seconds of any length, missing
//! seconds, missing zone read as UTC) and writes strict RFC 3339; [`string_enum!`] declares
//! enums whose unknown values decode into `Unknown(UnknownValue)` and round-trip; [`Nullable`] tells
//! absent, `null` and a value apart.
//!
//! ```
//! use apiclient_core::{Nullable, Timestamp};
//! let t: Timestamp = "2024-01-02T15:04".parse().unwrap();
//! assert_eq!(t.to_string(), "2024-01-02T15:04:00Z");
//!
//! apiclient_core::string_enum! {
//!     /// A token state.
//!     pub enum State {
//!         /// Usable.
//!         Active = "ACTIVE",
//!     }
//! }
//! let s: State = serde_json::from_str("\"PAUSED\"").unwrap();
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"PAUSED\"");
//!
//! #[derive(serde::Serialize)]
//! struct Update {
//!     #[serde(skip_serializing_if = "Nullable::is_absent")]
//!     expires_at: Nullable<Timestamp>,
//! }
//! assert_eq!(serde_json::to_string(&Update { expires_at: Nullable::Null }).unwrap(),
//!            r#"{"expires_at":null}"#);
//! ```
//!
//! # Secrets and observability
//!
//! Secrets live in [`SecretString`], whose `Debug` and `Display` print `[REDACTED]`; the
//! `Debug` of configurations, providers and clients shows none. Each call runs in one `tracing`
//! span named `api_call` (target `apiclient_core::client`, level `INFO`) with the fields
//! `method`, `path_template`, `operation_id`, `attempt`, `status` (of the last response),
//! `latency_ms` (of the whole call) and `error` (the error kind, when it fails). When the call
//! ends, one `DEBUG` event with target [`CALL_EVENT_TARGET`] (`apiclient_core::call`) reports
//! it: `method`, `path_template`, `operation_id`, `attempts` (requests sent), `status`,
//! `latency_ms` and `error`; enable it alone with the filter `apiclient_core::call=debug`.
//! Neither ever records the query string, header values or bodies.
//!
//! ```
//! use apiclient_core::SecretString;
//! let key = SecretString::from("s3cr3t");
//! assert_eq!(format!("{key:?} {key}"), "[REDACTED] [REDACTED]");
//! ```
//!
//! # Settings from the environment
//!
//! [`env::EnvSource`] reads a setting from an environment variable, else from a JSON file such
//! as `config.json`, for generated `from_env()` functions.
//!
//! ```
//! use apiclient_core::env::EnvSource;
//! let env = EnvSource::from_vars([("XMS_API_TOKEN", "t0k")]);
//! assert_eq!(env.require_secret("XMS_API_TOKEN", "apiToken").unwrap().expose_secret(), "t0k");
//! assert!(env.require("XMS_BASE_URL", "baseUrl").is_err());
//! ```

pub mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod builder;
mod client;
mod client_macros;
mod config;
pub mod datetime;
pub mod env;
mod error;
pub mod http_client;
mod message;
pub mod multipart;
mod nullable;
pub mod paginate;
pub mod path;
mod rate_limit;
mod redact;
mod redirect;
mod request;
mod response;
pub mod retry;
mod secret;
mod string_enum;
#[cfg(feature = "testkit")]
pub mod testkit;
mod urlencoded;

pub use auth::AuthProvider;
pub use builder::ClientBuilder;
pub use client::ApiClient;
pub use config::{
    ClientConfig, ClientConfigBuilder, ConfigError, ConfigErrorKind, DEFAULT_MAX_RESPONSE_SIZE,
};
pub use datetime::Timestamp;
pub use error::{
    ApiError, AuthError, DecodeError, Error, ErrorModel, InvalidRequestError, MAX_ERROR_BODY,
    OperationError, ResponseTooLargeError, TimeoutError, TimeoutKind, TransportError,
};
pub use http_client::{HttpClient, HttpClientBuilder, Proxy, RootCertificate};
pub use nullable::Nullable;
pub use paginate::{PaginationError, Paging};
pub use rate_limit::RateLimitInfo;
pub use redirect::MAX_REDIRECTS;
pub use request::{Body, ObjectStyle, Request};
pub use response::{ApiResponse, RawResponse};
pub use retry::RetryPolicy;
pub use secret::SecretString;
pub use string_enum::UnknownValue;

/// The `tracing` target of the event emitted once per call when it ends (level `DEBUG`, within
/// the call's `api_call` span), with the fields `method`, `path_template`, `operation_id`,
/// `attempts`, `status` (when there was a response), `latency_ms` and `error` (the error kind,
/// when the call failed).
pub const CALL_EVENT_TARGET: &str = "apiclient_core::call";

/// Compiles the README's examples as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Re-exports used by generated code, so provider crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use futures;
    pub use http::Method;
    pub use serde;
    pub use serde_json;

    /// The `Unknown` payload of a `string_enum!` whose known values did not match `raw`.
    pub fn unknown_value(raw: String) -> crate::UnknownValue {
        crate::UnknownValue::from_unmatched(raw)
    }
}

/// Re-export of the HTTP types that appear in this crate's public API.
pub use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
pub use url::Url;
pub use {bytes, chrono};

/// **Unstable (feature `unstable-reqwest`), exempt from semver**: the HTTP library underneath,
/// for [`HttpClient::from_reqwest_builder`] and its siblings.
#[cfg(feature = "unstable-reqwest")]
pub use reqwest;
