//! Shared setup for the integration tests: a client pointed at a local wiremock server,
//! and response fixtures.
#![allow(dead_code)] // each test crate uses a different part of this module

use gmodstore_pat::{Client, ClientBuilder, RetryPolicy};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wiremock::{MockServer, Request, ResponseTemplate};

/// The personal access token the client sends.
pub const TOKEN: &str = "pat-0123456789abcdef-secret";
/// A token id (ids are UUID strings).
pub const ID: &str = "9b2c6a3e-1c1f-4d6e-9a52-3f0e8f6d7c10";
/// The collection path (relative to the base URL).
pub const COLLECTION: &str = "/v3/me/personal-access-tokens";
/// The path template of one token, as errors show it.
pub const ITEM_TEMPLATE: &str = "/v3/me/personal-access-tokens/{personal_access_token}";

/// The path of one token.
pub fn item_path(id: &str) -> String {
    format!("{COLLECTION}/{id}")
}

/// A builder for a client of `server` with the test token and no retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .personal_access_token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
}

/// A client of `server` with the test token and no retries.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("valid client configuration")
}

/// A client of `server` that retries quickly (default policy, 1 ms initial back-off).
pub fn retrying_client(server: &MockServer) -> Client {
    builder(server)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("valid client configuration")
}

/// Now, in Unix seconds.
pub fn epoch_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// `template` with the GModStore rate-limit headers: `limit` per minute, `remaining` left,
/// window reset `reset_in` seconds from now (as a Unix time).
pub fn with_rate_limit(
    template: ResponseTemplate,
    limit: u64,
    remaining: u64,
    reset_in: u64,
) -> ResponseTemplate {
    template
        .insert_header("X-RateLimit-Limit", limit.to_string().as_str())
        .insert_header("X-RateLimit-Remaining", remaining.to_string().as_str())
        .insert_header(
            "X-RateLimit-Reset",
            (epoch_now() + reset_in).to_string().as_str(),
        )
}

/// A JSON response with the usual rate-limit headers (300/min, 299 left).
pub fn json_response(status: u16, body: Value) -> ResponseTemplate {
    with_rate_limit(
        ResponseTemplate::new(status).set_body_json(body),
        300,
        299,
        60,
    )
}

/// A token as the server sends it (6-digit fractions, like the real API).
pub fn token_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "abilities": ["personal-access-tokens:read", "products:write"],
        "lastUsedAt": "2024-03-04T05:06:07.123456Z",
        "expiresAt": "2025-01-01T00:00:00.000000Z",
        "createdAt": "2024-01-02T15:04:05.000000Z",
        "updatedAt": "2024-02-03T04:05:06.000000Z",
    })
}

/// A create answer's body: token `ID` named `name`, with the secret `s`.
pub fn created_json(name: &str) -> Value {
    json!({"data": {"personalAccessToken": token_json(ID, name), "plainTextToken": "s"}})
}

/// One page of the list: `ids` as tokens, and the cursor of the next page.
pub fn page_json(ids: &[&str], next: Option<&str>) -> Value {
    json!({
        "data": ids.iter().map(|id| token_json(id, &format!("token {id}"))).collect::<Vec<_>>(),
        "cursors": {"prev": null, "next": next},
        "connections": [],
        "meta": {"perPage": ids.len().max(1)},
    })
}

#[allow(unused_imports)] // each test binary uses a different part of this module
pub use apiclient_core::testkit::{
    answer_once, assert_bodiless, assert_json_request, request_count, request_header, request_json,
    single_request,
};

/// Asserts the request carries the bearer token and asks for JSON.
pub fn assert_authenticated(request: &Request) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header("authorization").as_deref(),
        Some(&*format!("Bearer {TOKEN}"))
    );
    assert_eq!(header("accept").as_deref(), Some("application/json"));
}
