//! End-to-end tests of the scaffold over real HTTP.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::*;

/// A plain HTTP client for talking to the fake directly.
fn client() -> reqwest::Client {
    install_tls_provider();
    reqwest::Client::new()
}

struct Echo;

impl FakeApi for Echo {
    fn handle(&self, req: &FakeRequest) -> FakeResponse {
        if req.path() == "/panic" {
            panic!("boom");
        }
        FakeResponse::json(
            200,
            &json!({"method": req.method(), "path": req.path(), "body": req.body_text()}),
        )
    }

    fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
        FakeResponse::json(429, &json!({"message": "slow down"}))
            .with_header("Retry-After", retry_after_secs)
    }

    fn decorate(&self, response: FakeResponse, rate_limit: &RateLimitStatus) -> FakeResponse {
        response.with_header("X-Used", rate_limit.used)
    }
}

async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let resp = client().get(url).send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body");
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn logs_requests_with_all_parts() {
    let fake = FakeServer::start(Echo).await;
    let resp = client()
        .post(format!("{}/a%3Ab?x=1&y=two", fake.uri()))
        .header("X-Custom", "v")
        .body("payload")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    let body: Value = serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
    assert_eq!(body["path"], "/a:b");
    assert_eq!(body["body"], "payload");

    let log = fake.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].method(), "POST");
    assert_eq!(log[0].path(), "/a:b");
    assert_eq!(log[0].query_param("y"), Some("two"));
    assert_eq!(log[0].header("x-custom"), Some("v"));
    assert_eq!(log[0].body(), b"payload");
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn rate_limit_uses_the_api_hook_and_decorates() {
    let fake = FakeServer::start(Echo).await;
    fake.knobs().set_rate_limit(2, Duration::from_secs(60));
    let url = format!("{}/x", fake.uri());
    let (s1, h1, _) = get(&url).await;
    let (s2, h2, _) = get(&url).await;
    let (s3, h3, body) = get(&url).await;
    assert_eq!((s1, s2, s3), (200, 200, 429));
    assert_eq!(h1["x-used"], "1");
    assert_eq!(h2["x-used"], "2");
    assert_eq!(h3["x-used"], "2");
    let retry_after: u64 = h3["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("int");
    assert!((1..=60).contains(&retry_after));
    assert_eq!(body["message"], "slow down");
    assert_eq!(fake.requests().len(), 3);

    fake.knobs().clear_rate_limit();
    assert_eq!(get(&url).await.0, 200);
}

#[tokio::test]
async fn fail_next_and_throttle_next_then_recover() {
    let fake = FakeServer::start(Echo).await;
    let url = format!("{}/x", fake.uri());
    fake.knobs().fail_next(2, 503);
    let (status, _, body) = get(&url).await;
    assert_eq!(status, 503);
    assert_eq!(body["message"], "Service Unavailable");
    assert_eq!(get(&url).await.0, 503);
    assert_eq!(get(&url).await.0, 200);

    fake.knobs().throttle_next(1, 3);
    let (status, headers, _) = get(&url).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "3");
    assert_eq!(get(&url).await.0, 200);
}

#[tokio::test]
async fn latency_delays_responses() {
    let fake = FakeServer::start(Echo).await;
    fake.knobs().set_latency(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(get(&format!("{}/x", fake.uri())).await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    fake.knobs().reset();
    assert!(fake.knobs().latency().is_zero());
}

#[tokio::test]
async fn canned_responses_are_served_verbatim() {
    let fake = FakeServer::start(Echo).await;
    fake.knobs()
        .respond_next_with(FakeResponse::raw(200, "application/json", "{not json"));
    let resp = client()
        .get(format!("{}/x", fake.uri()))
        .send()
        .await
        .expect("request");
    assert!(resp.headers().get("x-used").is_none());
    assert_eq!(resp.text().await.expect("text"), "{not json");
}

#[tokio::test]
async fn a_panicking_handler_yields_500_and_the_server_survives() {
    let fake = FakeServer::start(Echo).await;
    assert_eq!(get(&format!("{}/panic", fake.uri())).await.0, 500);
    assert_eq!(get(&format!("{}/ok", fake.uri())).await.0, 200);
}
