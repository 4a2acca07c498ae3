//! Item 2: Authentication: bearer token, API key in a header or a query parameter, a provider of the
//! caller's own, and operations without security. What is asserted is what reached the server.

mod common;

use apiclient_core::auth::{ApiKey, ApiKeyLocation, AuthProvider, BearerToken};
use apiclient_core::{ApiClient, AuthError, Error, Method, Request};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn bearer_token_is_sent_in_the_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer tok-abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), BearerToken::new("tok-abc")).unwrap();
    client
        .execute::<()>(Request::new(Method::GET, "/me", "me"))
        .await
        .unwrap();
}

#[tokio::test]
async fn api_key_in_a_named_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tokens"))
        .and(header("xms-auth-token", "key-123"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let key = ApiKey::header("Xms-Auth-Token", "key-123");
    assert_eq!(
        key.location(),
        &ApiKeyLocation::Header("Xms-Auth-Token".into())
    );
    let client = ApiClient::new(common::config(&server), key).unwrap();
    client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.headers.get("authorization").is_none());
}

#[tokio::test]
async fn api_key_in_a_named_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tokens"))
        .and(query_param("api_key", "key 1&2"))
        .and(query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        ApiClient::new(common::config(&server), ApiKey::query("api_key", "key 1&2")).unwrap();
    client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens").query("limit", 5))
        .await
        .unwrap();
}

#[tokio::test]
async fn empty_or_invalid_credentials_are_auth_errors_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    for auth in [
        Box::new(BearerToken::new("")) as Box<dyn AuthProvider>,
        Box::new(BearerToken::new("tok\r\nX-Evil: 1")),
        Box::new(ApiKey::header("X-Key", "")),
        Box::new(ApiKey::header("bad header name", "k")),
    ] {
        let client = ApiClient::with_shared_auth(common::config(&server), auth.into()).unwrap();
        let err = client
            .execute::<()>(Request::new(Method::GET, "/x", "x"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Auth(_)), "{err:?}");
        assert!(err.is_unauthorized());
        assert!(!err.to_string().contains("X-Evil"), "{err}");
    }
}

/// A provider of the caller's own: a token from "a vault", signed per request.
#[derive(Debug)]
struct VaultAuth;

#[async_trait::async_trait]
impl AuthProvider for VaultAuth {
    async fn authorize(
        &self,
        request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Result<(), AuthError> {
        let signature = format!("{} {}", request.method(), request.url().path());
        request.headers_mut().insert(
            "x-signature",
            signature.parse().map_err(|_| AuthError::new("bad"))?,
        );
        Ok(())
    }
}

#[tokio::test]
async fn custom_providers_plug_in() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/tokens/7"))
        .and(header("x-signature", "DELETE /tokens/7"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), VaultAuth).unwrap();
    client
        .execute::<()>(
            Request::new(Method::DELETE, "/tokens/{id}", "deleteToken").path_param("id", 7),
        )
        .await
        .unwrap();
}

/// A provider that adds its key at once: the client never awaits its `authorize`.
#[derive(Debug)]
struct ImmediateAuth;

#[async_trait::async_trait]
impl AuthProvider for ImmediateAuth {
    async fn authorize(
        &self,
        _request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Result<(), AuthError> {
        Err(AuthError::new(
            "authorize must not be awaited when authorize_now answers",
        ))
    }

    fn authorize_now(
        &self,
        request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Option<Result<(), AuthError>> {
        let mut value = apiclient_core::HeaderValue::from_static("now-key");
        value.set_sensitive(true);
        request.headers_mut().insert("x-key", value);
        Some(Ok(()))
    }
}

#[tokio::test]
async fn a_provider_that_authorizes_at_once_is_not_awaited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tokens"))
        .and(header("x-key", "now-key"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), ImmediateAuth).unwrap();
    client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap();
}

#[tokio::test]
async fn operations_without_security_send_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let auth = common::CountingAuth::default();
    let client = ApiClient::new(common::config(&server), auth.clone()).unwrap();
    client
        .execute::<()>(Request::new(Method::GET, "/health", "health").without_auth())
        .await
        .unwrap();
    assert_eq!(auth.count(), 0);
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.headers.get("x-test-auth").is_none());
}

/// A provider that takes `delay` to fetch its credential (e.g. from a slow token endpoint).
#[derive(Debug)]
struct SlowAuth {
    delay: std::time::Duration,
}

#[async_trait::async_trait]
impl AuthProvider for SlowAuth {
    async fn authorize(
        &self,
        request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Result<(), AuthError> {
        tokio::time::sleep(self.delay).await;
        request.headers_mut().insert(
            "x-key",
            apiclient_core::HeaderValue::from_static("slow-key"),
        );
        Ok(())
    }
}

#[tokio::test]
async fn the_attempt_timeout_counts_from_sending_not_from_fetching_credentials() {
    use std::time::Duration;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tokens"))
        .and(header("x-key", "slow-key"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(150)))
        .expect(2)
        .mount(&server)
        .await;
    // Fetching the credential (400 ms) and the answer (150 ms) together take longer than the
    // attempt may (300 ms), but the attempt itself does not: it succeeds, at once.
    let config = common::builder(&server)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let auth = SlowAuth {
        delay: Duration::from_millis(400),
    };
    let client = ApiClient::new(config, auth).unwrap();
    let response = client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);

    // The same answer, slower than the attempt may take, is cut off at the attempt timeout.
    let config = common::builder(&server)
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(common::fast_retries(1))
        .build()
        .unwrap();
    let client = ApiClient::new(
        config,
        SlowAuth {
            delay: Duration::from_millis(10),
        },
    )
    .unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(timeout.kind, apiclient_core::TimeoutKind::Attempt);
    assert_eq!(timeout.limit, Duration::from_millis(100));
}
