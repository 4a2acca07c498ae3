//! Item 2: OAuth2 client credentials: form-encoded token request, caching until shortly before
//! expiry, one shared fetch for concurrent callers, refresh after a 401 (once), and typed
//! errors from a failing token endpoint that never show the secret.

mod common;

use apiclient_core::auth::OAuth2ClientCredentials;
use apiclient_core::{ApiClient, Error, Method, Request};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "cl1ent-s3cret-VALUE";

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
    }))
}

fn provider(server: &MockServer) -> OAuth2ClientCredentials {
    OAuth2ClientCredentials::new(
        &format!("{}/oauth/token", server.uri()),
        "my-client",
        SECRET,
    )
    .unwrap()
}

async fn token_requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .collect()
}

async fn api_requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() != "/oauth/token")
        .collect()
}

fn bearer(request: &wiremock::Request) -> String {
    request.headers["authorization"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn token_request_is_a_form_post_and_the_token_is_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(token_response("tok-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/personal-access-tokens"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(3)
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .base_url(format!("{}/v3", server.uri()))
        .build()
        .unwrap();
    let auth = provider(&server)
        .scopes(["sp:scopes:all", "sp:read"])
        .http_client(config.http_client().clone());
    let client = ApiClient::new(config, auth).unwrap();
    for _ in 0..3 {
        client
            .execute::<()>(Request::new(
                Method::GET,
                "/personal-access-tokens",
                "listPersonalAccessTokens",
            ))
            .await
            .unwrap();
    }
    let token_calls = token_requests(&server).await;
    assert_eq!(token_calls.len(), 1, "the token is cached");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&token_calls[0].body)
        .into_owned()
        .collect();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("grant_type"), Some("client_credentials"));
    assert_eq!(get("client_id"), Some("my-client"));
    assert_eq!(get("client_secret"), Some(SECRET));
    assert_eq!(get("scope"), Some("sp:scopes:all sp:read"));
    // The secret goes in the body only, never in the URL.
    assert!(token_calls[0].url.query().is_none());
}

#[tokio::test]
async fn one_hundred_concurrent_first_calls_make_exactly_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // Slow enough that every caller arrives while the fetch is in flight.
        .respond_with(token_response("shared-token", 3600).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(header("authorization", "Bearer shared-token"))
        .respond_with(ResponseTemplate::new(200))
        .expect(100)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), provider(&server)).unwrap();
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .execute::<()>(Request::new(Method::GET, "/items", "listItems"))
                .await
        })
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
    assert_eq!(token_requests(&server).await.len(), 1);
    assert_eq!(api_requests(&server).await.len(), 100);
}

#[tokio::test]
async fn token_is_refreshed_shortly_before_it_expires() {
    let server = MockServer::start().await;
    // expires_in 4 s: with the refresh margin capped at half the lifetime, the token is
    // replaced 2 s after it was fetched.
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("first", 4))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("second", 3600))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let auth = Arc::new(provider(&server));
    let client = ApiClient::with_shared_auth(common::config(&server), auth.clone()).unwrap();
    let call = || client.execute::<()>(Request::new(Method::GET, "/a", "a"));
    call().await.unwrap();
    call().await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    call().await.unwrap();
    let sent: Vec<String> = api_requests(&server).await.iter().map(bearer).collect();
    assert_eq!(sent, ["Bearer first", "Bearer first", "Bearer second"]);
    assert_eq!(token_requests(&server).await.len(), 2);
    assert_eq!(auth.access_token().await.unwrap().expose_secret(), "second");
}

#[tokio::test]
async fn a_401_drops_the_token_and_the_call_is_retried_once_with_a_fresh_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("revoked", 3600))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("fresh", 3600))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_token"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "1"})))
        .mount(&server)
        .await;
    // No retries by policy: the re-send after a 401 does not depend on them, even for POST.
    let config = common::builder(&server)
        .retry_policy(common::fast_retries(1))
        .build()
        .unwrap();
    let client = ApiClient::new(config, provider(&server)).unwrap();
    let response = client
        .execute::<()>(
            Request::new(Method::POST, "/tokens", "createToken").json_body(&json!({"name": "x"})),
        )
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 201);
    let sent: Vec<String> = api_requests(&server).await.iter().map(bearer).collect();
    assert_eq!(sent, ["Bearer revoked", "Bearer fresh"]);
    assert_eq!(token_requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("never-good", 3600))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized"})))
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), provider(&server)).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.is_unauthorized());
    assert_eq!(api_requests(&server).await.len(), 2, "exactly one re-send");
    assert_eq!(token_requests(&server).await.len(), 2);
    assert!(!err.to_string().contains("never-good"), "{err}");
}

#[tokio::test]
async fn failing_token_endpoint_gives_a_typed_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": format!("Bad client credentials: {SECRET}"),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), provider(&server)).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/x", "x"))
        .await
        .unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected an auth error, got {err:?}");
    };
    assert_eq!(auth.status.map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    assert!(
        auth.error_description
            .as_deref()
            .unwrap()
            .starts_with("Bad client credentials")
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let text = err.to_string();
    assert!(text.contains("401"), "{text}");
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(!format!("{err:?}").contains(SECRET));
}

#[tokio::test]
async fn a_rate_limited_or_unavailable_token_endpoint_is_retried_within_the_policy() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("fresh", 600))
        .with_priority(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .retry_policy(common::fast_retries(3))
        .build()
        .unwrap();
    let client = ApiClient::new(config, provider(&server)).unwrap();
    let response = client
        .execute::<()>(Request::new(Method::GET, "/x", "x"))
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(token_requests(&server).await.len(), 3);
    assert_eq!(api_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_token_endpoint_that_stays_unavailable_gives_the_auth_error_after_the_last_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .expect(2)
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .retry_policy(common::fast_retries(2))
        .build()
        .unwrap();
    let client = ApiClient::new(config, provider(&server)).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::POST, "/x", "x"))
        .await
        .unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected an auth error, got {err:?}");
    };
    assert!(auth.retryable);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(api_requests(&server).await.is_empty());
}

#[tokio::test]
async fn malformed_token_responses_are_auth_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": 12345})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>down</html>"))
        .mount(&server)
        .await;
    let auth = provider(&server).timeout(Duration::from_secs(5));
    let err = auth.access_token().await.unwrap_err();
    assert!(err.to_string().contains("access_token"), "{err}");
    assert!(!err.to_string().contains("12345"), "{err}");
    let err = auth.access_token().await.unwrap_err();
    assert_eq!(err.status.map(|s| s.as_u16()), Some(503));
    assert_eq!(err.error, None);
}

#[tokio::test]
async fn absurd_lifetimes_do_not_overflow() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "forever",
            "expires_in": u64::MAX,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let auth = provider(&server);
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "forever"
    );
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "forever"
    );
}

#[tokio::test]
async fn a_token_that_expires_at_once_is_reused_by_concurrent_callers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("short-lived", 0).set_delay(Duration::from_millis(50)))
        .expect(1)
        .mount(&server)
        .await;
    let auth = provider(&server);
    let tokens = futures::future::join_all((0..50).map(|_| auth.access_token())).await;
    for token in tokens {
        assert_eq!(token.unwrap().expose_secret(), "short-lived");
    }
    // Still within the floor of the cache lifetime.
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "short-lived"
    );
    assert_eq!(token_requests(&server).await.len(), 1);
    assert!(apiclient_core::auth::MIN_TOKEN_REUSE >= Duration::from_secs(1));
}

#[tokio::test]
async fn callers_waiting_on_a_failing_fetch_share_its_failure() {
    for status in [500, 503] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"error": "server_error"}))
                    .set_delay(Duration::from_millis(50)),
            )
            .expect(1)
            .mount(&server)
            .await;
        let auth = provider(&server);
        let results = futures::future::join_all((0..50).map(|_| auth.access_token())).await;
        for result in results {
            let err = result.unwrap_err();
            assert_eq!(err.status.map(|s| s.as_u16()), Some(status));
            assert_eq!(err.error.as_deref(), Some("server_error"));
            assert_eq!(err.retryable, status == 503);
        }
        assert_eq!(token_requests(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn after_a_passing_failure_retrying_callers_share_one_request_per_round() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    // The provider paces its token requests by the client's policy (set by the client builder).
    let policy = common::fast_retries(3);
    let config = common::builder(&server)
        .retry_policy(policy.clone())
        .build()
        .unwrap();
    let client = ApiClient::new(config, provider(&server).retry_policy(policy)).unwrap();
    let calls = (0..50).map(|_| client.execute::<()>(Request::new(Method::GET, "/x", "x")));
    for result in futures::future::join_all(calls).await {
        let err = result.unwrap_err();
        assert!(matches!(&err, Error::Auth(a) if a.retryable), "{err:?}");
    }
    assert_eq!(token_requests(&server).await.len(), 3, "one per attempt");
    assert!(api_requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_401_for_a_token_already_replaced_keeps_the_new_one() {
    use apiclient_core::auth::AuthProvider;
    use apiclient_core::{HeaderMap, HeaderValue};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("current", 3600))
        .expect(2)
        .mount(&server)
        .await;
    let auth = provider(&server);
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "current"
    );
    let sent = |token: &str| {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
        headers.insert("authorization", value);
        headers
    };
    // A late 401 for an older token: the current one stays.
    assert!(auth.invalidate_rejected(&sent("older")));
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "current"
    );
    assert_eq!(token_requests(&server).await.len(), 1);
    // A 401 for the current token drops it.
    assert!(auth.invalidate_rejected(&sent("current")));
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "current"
    );
    assert_eq!(token_requests(&server).await.len(), 2);
}
