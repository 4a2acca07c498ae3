//! A failing token endpoint: typed errors without the secret, retries within the policy, malformed answers.

use super::*;

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
