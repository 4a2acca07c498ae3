//! Redirects are followed by the SDK, whatever HTTP client it is given: within the origin
//! (scheme, host, port) with credentials and body, at most `MAX_REDIRECTS` times; a redirect
//! to another origin is the answer, and that origin receives nothing. The same holds for the
//! OAuth2 token request.

mod common;

use apiclient_core::auth::{ApiKey, BearerToken, OAuth2ClientCredentials};
use apiclient_core::{ApiClient, ClientConfig, Error, HttpClient, MAX_REDIRECTS, Method, Request};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

/// A client of `server` with an HTTP client of the caller's, built with settings of its own.
fn config_with_callers_client(server: &MockServer) -> ClientConfig {
    let http = HttpClient::builder()
        .pool_max_idle_per_host(2)
        .tcp_keepalive(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    common::builder(server).http_client(http).build().unwrap()
}

#[tokio::test]
async fn a_same_origin_307_re_sends_the_post_with_its_credentials_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/old"))
        .respond_with(redirect(307, "/new?x=1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/new"))
        .and(query_param("x", "1"))
        .and(header("authorization", "Bearer tok-1"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"name": "n"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "7"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(
        config_with_callers_client(&server),
        BearerToken::new("tok-1"),
    )
    .unwrap();
    let response = client
        .execute::<()>(
            Request::new(Method::POST, "/old", "create").json_body(&json!({"name": "n"})),
        )
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 201);
    assert_eq!(response.body.as_ref(), br#"{"id":"7"}"#);
}

#[tokio::test]
async fn a_same_origin_303_turns_a_post_into_a_get_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/old"))
        .respond_with(redirect(303, "/result"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/result"))
        .and(header("xms-auth-token", "key-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(
        common::config(&server),
        ApiKey::header("Xms-Auth-Token", "key-1"),
    )
    .unwrap();
    client
        .execute::<()>(Request::new(Method::POST, "/old", "create").json_body(&json!({"a": 1})))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].body.is_empty());
    assert!(!requests[1].headers.contains_key("content-type"));
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_the_answer_and_that_origin_receives_nothing() {
    for status in [301, 302, 303, 307, 308] {
        let other = MockServer::start().await;
        let server = MockServer::start().await;
        let location = format!("{}/stolen", other.uri());
        // Once per credential kind; a redirect is not retried.
        Mock::given(method("PATCH"))
            .respond_with(redirect(status, &location))
            .expect(2)
            .mount(&server)
            .await;
        for auth in [
            ApiKey::header("Xms-Auth-Token", "key-secret"),
            ApiKey::query("token", "key-secret"),
        ] {
            let client = ApiClient::new(config_with_callers_client(&server), auth).unwrap();
            let err = client
                .execute::<()>(
                    Request::new(Method::PATCH, "/items/1", "update").json_body(&json!({"n": 1})),
                )
                .await
                .unwrap_err();
            let Error::Api(api) = &err else {
                panic!("{status}: expected the redirect as an API error, got {err:?}");
            };
            assert_eq!(api.status.as_u16(), status);
        }
        assert!(
            other.received_requests().await.unwrap().is_empty(),
            "{status}: the other origin was contacted"
        );
    }
}

#[tokio::test]
async fn same_host_on_another_port_or_scheme_is_another_origin() {
    let other = MockServer::start().await;
    let server = MockServer::start().await;
    // Same host (127.0.0.1), another port; and https on the same port.
    let port = url::Url::parse(&server.uri()).unwrap().port().unwrap();
    for location in [
        format!("{}/x", other.uri()),
        format!("https://127.0.0.1:{port}/x"),
    ] {
        Mock::given(method("GET"))
            .and(path("/start"))
            .respond_with(redirect(308, &location))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let client = ApiClient::new(common::config(&server), BearerToken::new("tok")).unwrap();
        let err = client
            .execute::<()>(Request::new(Method::GET, "/start", "start"))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(308), "{location}");
    }
    assert!(other.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn redirects_are_followed_at_most_max_redirects_times() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(redirect(302, "/loop"))
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), BearerToken::new("tok")).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/loop", "loop"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    // The first request and MAX_REDIRECTS follow-ups; a 302 is not retried.
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        MAX_REDIRECTS + 1
    );
}

#[tokio::test]
async fn the_default_token_client_does_not_re_post_the_secret_to_another_origin() {
    for status in [301, 302, 307, 308] {
        let other = MockServer::start().await;
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(redirect(status, &format!("{}/oauth/token", other.uri())))
            .expect(1)
            .mount(&server)
            .await;
        let auth = OAuth2ClientCredentials::new(
            &format!("{}/oauth/token", server.uri()),
            "client",
            "cl1ent-secret",
        )
        .unwrap();
        let err = auth.access_token().await.unwrap_err();
        assert_eq!(err.status.map(|s| s.as_u16()), Some(status));
        assert!(!err.retryable);
        assert!(
            other.received_requests().await.unwrap().is_empty(),
            "{status}: the other origin was contacted"
        );
    }
}

#[tokio::test]
async fn the_token_request_follows_a_same_origin_307() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(redirect(307, "/oauth/v2/token"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "moved-token",
            "expires_in": 600,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let auth = OAuth2ClientCredentials::new(
        &format!("{}/oauth/token", server.uri()),
        "client",
        "cl1ent-secret",
    )
    .unwrap();
    assert_eq!(
        auth.access_token().await.unwrap().expose_secret(),
        "moved-token"
    );
    let requests = server.received_requests().await.unwrap();
    let form = String::from_utf8_lossy(&requests[1].body).into_owned();
    assert!(form.contains("client_secret=cl1ent-secret"), "{form}");
}
