//! Item 3: Errors: one type to match on, with API errors (status, method, path template, request id,
//! rate-limit info, capped raw body, typed model decoded leniently), transport, timeout, decode
//! (JSON path and snippet), invalid request and auth errors; helpers; a one-line `Display`
//! that never contains a secret.

mod common;

use apiclient_core::auth::{ApiKey, BearerToken};
use apiclient_core::{
    ApiClient, ClientConfig, Error, InvalidRequestError, Method, Request, SecretString, TimeoutKind,
};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A typed error model like the generated ones.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ErrorResponse {
    detail_code: String,
    tracking_id: Option<String>,
    messages: Vec<ErrorMessage>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ErrorMessage {
    locale: Option<String>,
    text: String,
}

const KEY: &str = "query-key-SECRET-42";
const TOKEN: &str = "bearer-SECRET-tok";

#[tokio::test]
async fn api_error_carries_everything_and_displays_one_line() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/personal-access-tokens/abc"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_json(json!({
                    "detailCode": "404 Not found",
                    "trackingId": "b6d7e5c2",
                    "messages": [{"locale": "en-US", "text": "The server did not find a current representation\nfor the target resource."}]
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), BearerToken::new(TOKEN)).unwrap();
    let err = client
        .execute::<ErrorResponse>(
            Request::new(
                Method::DELETE,
                "/personal-access-tokens/{id}",
                "deletePersonalAccessToken",
            )
            .path_param("id", "abc"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "DELETE /personal-access-tokens/{id}: 404 Not Found: The server did not find a current \
         representation for the target resource. (request id b6d7e5c2)"
    );
    assert!(err.is_not_found());
    assert!(!err.is_rate_limited());
    assert!(!err.is_timeout());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.request_id(), Some("b6d7e5c2"));
    assert_eq!(err.rate_limit().unwrap().remaining, Some(99));
    let model = err.model().expect("the body fits the model");
    assert_eq!(model.detail_code, "404 Not found");
    assert_eq!(model.tracking_id.as_deref(), Some("b6d7e5c2"));
    assert_eq!(model.messages[0].locale.as_deref(), Some("en-US"));
    let api = err.api_error().unwrap();
    assert_eq!(api.method, Method::DELETE);
    assert_eq!(api.path_template, "/personal-access-tokens/{id}");
    assert_eq!(api.operation_id, "deletePersonalAccessToken");
    assert!(api.body_text().contains("detailCode"));
    assert!(!api.body_truncated);
    let raw: serde_json::Value = api.body_json().unwrap();
    assert_eq!(raw["trackingId"], "b6d7e5c2");
    // Everything is matchable.
    match &err {
        Error::Api(api) => assert_eq!(api.status.as_u16(), 404),
        other => panic!("{other:?}"),
    }
    // And it converts into a generic error.
    let mapped: Error<String> = err.map_model(|m| m.detail_code);
    assert_eq!(mapped.model().map(String::as_str), Some("404 Not found"));
}

#[tokio::test]
async fn request_id_header_and_lenient_model_decoding() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("x-request-id", "req-77")
                .set_body_string("upstream exploded"),
        )
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let err = client
        .execute::<ErrorResponse>(Request::new(Method::GET, "/x", "getX"))
        .await
        .unwrap_err();
    // The body does not fit the model: no model, but the raw text and a message.
    assert!(err.model().is_none());
    assert_eq!(err.request_id(), Some("req-77"));
    assert_eq!(
        err.to_string(),
        "GET /x: 500 Internal Server Error: upstream exploded (request id req-77)"
    );
    assert_eq!(err.api_error().unwrap().body_text(), "upstream exploded");
}

#[tokio::test]
async fn error_bodies_are_kept_up_to_a_cap() {
    let server = MockServer::start().await;
    let huge = "x".repeat(apiclient_core::MAX_ERROR_BODY * 2);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_string(huge))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let err = client
        .execute::<serde_json::Value>(Request::new(Method::GET, "/big", "big"))
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.body.len(), apiclient_core::MAX_ERROR_BODY);
    assert!(api.body_truncated);
    assert!(err.to_string().chars().count() < 400, "Display stays short");
}

#[tokio::test]
async fn rate_limited_errors_say_when_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .insert_header("x-ratelimit-limit", "100")
                .set_body_json(json!({"message": "Too Many Requests"})),
        )
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let err = client
        .execute::<()>(Request::new(Method::GET, "/x", "x"))
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.rate_limit().unwrap().limit, Some(100));
    assert_eq!(
        err.to_string(),
        "GET /x: 429 Too Many Requests: Too Many Requests"
    );
}

#[tokio::test]
async fn transport_error_displays_without_the_url_or_key() {
    let refused = common::refused_port();
    let config = ClientConfig::builder("x/1")
        .base_url(&refused.url)
        .retry_policy(common::fast_retries(1))
        .build()
        .unwrap();
    let client = ApiClient::new(config, ApiKey::query("api_key", KEY)).unwrap();
    let err = client
        .execute::<()>(
            Request::new(Method::GET, "/tokens/{id}", "getToken")
                .path_param("id", "t1")
                .query_secret("signature", &SecretString::from("sig-SECRET-9")),
        )
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}");
    };
    assert!(transport.connect);
    let text = err.to_string();
    assert!(
        text.starts_with("GET /tokens/{id}: could not connect"),
        "{text}"
    );
    assert!(!text.contains('\n'));
    for secret in [KEY, "sig-SECRET-9", "127.0.0.1", "?"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(!format!("{err:?}").contains(KEY));
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .retry_policy(common::fast_retries(1))
        .attempt_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let client = ApiClient::new(config, ApiKey::query("api_key", KEY)).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/slow", "slow"))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::Attempt);
    assert_eq!(timeout.limit, Duration::from_millis(100));
    assert_eq!(err.to_string(), "GET /slow: attempt timed out after 100ms");
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Token {
    id: String,
    #[serde(rename = "expiresAt")]
    expires_at: apiclient_core::Timestamp,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TokenList {
    data: Vec<Token>,
}

#[tokio::test]
async fn decode_error_names_the_json_path_and_shows_a_redacted_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": "1", "expiresAt": "2024-01-01T00:00:00Z"},
                {"id": "2", "expiresAt": "2024-01-01T00:00:00Z", "token": "new-token-SECRET"},
                {"id": "3", "expiresAt": "not a date"}
            ]
        })))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let raw = client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap();
    let err = raw.json::<TokenList, ()>().unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(decode.json_path, "data[2].expiresAt");
    assert!(
        decode.snippet.starts_with("{\"data\":[{"),
        "{}",
        decode.snippet
    );
    assert!(
        decode.snippet.contains("\"token\":\"[REDACTED]\""),
        "{}",
        decode.snippet
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    let text = err.to_string();
    assert!(
        text.starts_with(
            "GET /tokens: 200 OK: could not decode the response at `data[2].expiresAt`"
        ),
        "{text}"
    );
    assert!(!text.contains("new-token-SECRET"), "{text}");
    assert!(!text.contains('\n'));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Created {
    id: String,
    secret: u64,
}

#[tokio::test]
async fn decode_errors_on_secret_fields_do_not_quote_the_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "1", "secret": "plain-SECRET-value"})),
        )
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let raw = client
        .execute::<()>(Request::new(Method::POST, "/tokens", "createToken"))
        .await
        .unwrap();
    let err = raw.json::<Created, ()>().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`secret`"), "{text}");
    assert!(!text.contains("plain-SECRET-value"), "{text}");
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let cases = [
        Request::new(Method::GET, "/x", "x").header("X-Note", "a\r\nX-Injected: evil"),
        Request::new(Method::GET, "/x", "x").header("bad name", "v"),
        Request::new(Method::GET, "/t/{id}", "x").path_param("other", "1"),
        Request::new(Method::GET, "/t/{id}", "x").path_param("id", ".."),
    ];
    for request in cases {
        let err = client.execute::<()>(request).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.starts_with("invalid request: "), "{text}");
        assert!(!text.contains("evil"), "{text}");
        assert!(!text.contains('\n'));
    }
    let built: Error = InvalidRequestError::new("nope").into();
    assert_eq!(built.to_string(), "invalid request: nope");
}

#[tokio::test]
async fn api_error_messages_never_echo_credentials() {
    let server = MockServer::start().await;
    // A server that quotes the request back, key and token included.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "message": format!("key {KEY} is not allowed for GET /x?api_key={KEY} with Bearer {TOKEN}")
        })))
        .mount(&server)
        .await;
    #[derive(Debug)]
    struct Both;
    #[async_trait::async_trait]
    impl apiclient_core::AuthProvider for Both {
        async fn authorize(
            &self,
            request: &mut apiclient_core::auth::AuthRequest<'_>,
        ) -> Result<(), apiclient_core::AuthError> {
            ApiKey::query("api_key", KEY).authorize(request).await?;
            BearerToken::new(TOKEN).authorize(request).await
        }
    }
    let client = ApiClient::new(common::config(&server), Both).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/x", "x"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("GET /x: 403 Forbidden: key [REDACTED]"),
        "{text}"
    );
    assert!(!text.contains(KEY), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    // The kept body has the echoed credentials scrubbed too, so `Debug` (which prints the
    // body and the decoded model) shows no secret either.
    let body = err.api_error().unwrap().body_text();
    assert!(body.contains("key [REDACTED] is not allowed"), "{body}");
    let debug = format!("{err:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn an_empty_path_value_is_refused_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let err = client
        .execute::<()>(
            Request::new(Method::DELETE, "/tokens/{id}", "deleteToken").path_param("id", ""),
        )
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &err else {
        panic!("expected an invalid-request error, got {err:?}");
    };
    assert_eq!(invalid.message, "path parameter id cannot be empty");
}

#[test]
fn config_and_auth_errors_convert_and_display() {
    let config_err = ClientConfig::builder("x/1").build().unwrap_err();
    let err: Error = config_err.into();
    assert!(
        err.to_string()
            .starts_with("invalid client configuration: ")
    );
    let auth: Error = apiclient_core::AuthError::new("no token").into();
    assert_eq!(auth.to_string(), "authentication failed: no token");
    assert!(auth.is_unauthorized());
    assert_eq!(auth.status(), None);
}
