//! One fetch for concurrent callers, also when the token expires at once or the fetch fails.

use super::*;

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
