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

#[path = "auth_oauth2/failures.rs"]
mod failures;
#[path = "auth_oauth2/single_flight.rs"]
mod single_flight;
