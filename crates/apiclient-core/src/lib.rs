//! Shared runtime for the generated API clients.
//!
//! Every provider crate (GModStore, XMS, SailPoint) is generated from an OpenAPI spec and calls
//! into this crate for everything that is not API-specific: configuration ([`ClientConfig`]),
//! authentication ([`auth`]), one error type ([`Error`]), retries ([`RetryPolicy`]), rate-limit
//! information ([`RateLimitInfo`]), pagination ([`paginate`]), secrets ([`SecretString`]),
//! serde helpers for generated models ([`datetime`], [`Nullable`], [`string_enum!`]) and
//! tracing (one span per call).
//!
//! Generated code builds a [`Request`] per operation and hands it to [`ApiClient::execute`],
//! which authenticates, sends, retries and classifies the answer.

pub mod auth;
mod client;
mod config;
pub mod datetime;
mod error;
mod nullable;
pub mod paginate;
pub mod path;
mod rate_limit;
mod request;
mod response;
mod retry;
mod secret;
mod string_enum;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use auth::AuthProvider;
pub use client::ApiClient;
pub use config::{ClientConfig, ClientConfigBuilder, ConfigError};
pub use error::{
    ApiError, AuthError, DecodeError, Error, InvalidRequestError, TimeoutError, TimeoutKind,
    TransportError,
};
pub use datetime::Timestamp;
pub use nullable::Nullable;
pub use rate_limit::RateLimitInfo;
pub use request::{Body, Request};
pub use response::{ApiResponse, RawResponse};
pub use retry::RetryPolicy;
pub use secret::SecretString;

/// Re-exports used by generated code, so provider crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use futures;
    pub use http::Method;
    pub use serde;
    pub use serde_json;
}

/// Re-export of the HTTP types that appear in this crate's public API.
pub use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
pub use url::Url;
pub use {bytes, chrono, reqwest};
