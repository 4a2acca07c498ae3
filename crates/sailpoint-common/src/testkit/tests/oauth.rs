//! The token endpoint, access-token expiry and the knobs, over raw HTTP.

use super::*;

#[tokio::test]
async fn token_endpoint_grants_and_rejects() {
    let fake = FakeSailPoint::start().await;
    assert!(fake.base_url().ends_with("/v3"));
    let ok = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body["token_type"], "bearer");
    assert_eq!(ok.body["expires_in"], 750);
    assert_eq!(
        ok.body["access_token"].as_str().unwrap().split('.').count(),
        3
    );

    let bad = token_with(&fake, fake.client_id(), "wrong").await;
    assert_eq!(bad.status, 401);
    assert_eq!(bad.body["error"], "invalid_client");
    assert!(bad.body["error_description"].is_string());

    let endpoint = RawHttp::new(fake.token_url());
    let grant = endpoint.post_form("", &[("grant_type", "password")]).await;
    assert_eq!(grant.status, 400);
    assert_eq!(grant.body["error"], "unsupported_grant_type");

    let query = with_query(
        "",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fake.client_id()),
            ("client_secret", fake.client_secret()),
        ],
    );
    let query_style = endpoint.send("POST", &query, None).await;
    assert_eq!(query_style.status, 200);
    let basic = endpoint
        .with_basic(fake.client_id(), fake.client_secret())
        .post_form("", &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(basic.status, 200);
    assert_eq!(fake.token_request_count(), 5);

    fake.set_access_token_lifetime(Duration::from_secs(30));
    let short = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(short.body["expires_in"], 30);
}

#[tokio::test]
async fn bearer_expiry_and_knob() {
    let fake = FakeSailPoint::start().await;
    let missing = RawHttp::new(fake.base_url()).get(PATS).await;
    assert_eq!(missing.status, 401);
    assert!(missing.body["error"].is_string());
    let invalid = as_bearer(&fake, "x.y.z").get(PATS).await;
    assert_eq!(invalid.status, 401);

    let http = as_bearer(&fake, &access_token(&fake).await);
    assert_eq!(http.get(PATS).await.status, 200);
    fake.expire_access_tokens();
    let expired = http.get(PATS).await;
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.body,
        json!({"error": "JWT validation failed: JWT is expired"})
    );

    fake.set_access_token_lifetime(Duration::from_secs(1));
    let short = as_bearer(&fake, &access_token(&fake).await);
    assert_eq!(short.get(PATS).await.status, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(short.get(PATS).await.status, 401);
    let fresh = as_bearer(&fake, &access_token(&fake).await);
    assert_eq!(fresh.get(PATS).await.status, 200);
    assert_eq!(fake.token_request_count(), 3);
}

#[tokio::test]
async fn knobs_and_vendor_429() {
    let fake = FakeSailPoint::start().await;
    let http = as_bearer(&fake, &fake.issue_access_token());
    fake.knobs().set_rate_limit(2, Duration::from_secs(10));
    let limited = http
        .assert_statuses([200, 200, 429].map(|status| ("GET", PATS, None, status)))
        .await
        .remove(2);
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry_after));
    assert!(limited.body["message"].is_string());
    assert!(
        !limited
            .headers
            .keys()
            .any(|name| name.as_str().starts_with("x-ratelimit"))
    );
    fake.knobs().reset();

    fake.knobs().fail_next(1, 500);
    let failed = http.get(PATS).await;
    assert_eq!(failed.status, 500);
    assert_error_dto(&failed.body, "500.0 Internal Fault");

    fake.knobs().throttle_next(1, 4);
    let forced = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(forced.status, 429);
    assert_eq!(forced.header("retry-after"), Some("4"));
    assert_eq!(fake.token_request_count(), 0);

    let unknown = http.get("/other").await;
    assert_eq!(unknown.status, 404);
    assert_error_dto(&unknown.body, "404 Not found");
    let log = fake.requests();
    assert_eq!(log.len(), 6);
    assert_eq!(log[4].path(), "/oauth/token");
    assert_eq!(log[4].form()[0].0, "grant_type");
}
