//! Retries: what is sent again, and the back-off the rate-limit headers ask for.

mod common;

use common::*;
use gmodstore_pat::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `first` for the first request to `op`, then a success.
async fn failing_once(op: Op, first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(op.method()))
        .and(path(op.path()))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let success = match op {
        Op::List => json_response(200, page_json(&["t1"], None)),
        Op::Create => json_response(
            201,
            json!({"data": {"personalAccessToken": token_json(ID, "x"), "plainTextToken": "s"}}),
        ),
        Op::Delete => ResponseTemplate::new(204),
        Op::Get | Op::Update => json_response(200, json!({"data": token_json(ID, "x")})),
    };
    Mock::given(method(op.method()))
        .and(path(op.path()))
        .respond_with(success)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn idempotent_calls_are_retried_after_a_503() {
    for op in [Op::List, Op::Get, Op::Update, Op::Delete] {
        let server = failing_once(op, ResponseTemplate::new(503)).await;
        op.call(&retrying_client(&server))
            .await
            .unwrap_or_else(|e| panic!("{op:?}: {e}"));
        assert_eq!(request_count(&server).await, 2, "{op:?}");
    }
}

#[tokio::test]
async fn a_create_answered_503_is_not_sent_again() {
    let server = failing_once(Op::Create, ResponseTemplate::new(503)).await;
    let err = Op::Create
        .call(&retrying_client(&server))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_create_answered_429_is_sent_again_since_the_server_did_not_act() {
    let limited = with_rate_limit(
        ResponseTemplate::new(429).set_body_json(json!({"message": "Too Many Attempts."})),
        300,
        0,
        0,
    );
    let server = failing_once(Op::Create, limited).await;
    Op::Create.call(&retrying_client(&server)).await.unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_429_waits_until_the_rate_limit_window_resets() {
    // No request left, the window resets 2 s from now (as a Unix time): the retry waits for
    // the reset rather than the 1 ms back-off of the policy.
    let limited = with_rate_limit(
        ResponseTemplate::new(429).set_body_json(json!({"message": "Too Many Attempts."})),
        300,
        0,
        2,
    );
    let server = failing_once(Op::Get, limited).await;
    let started = Instant::now();

    Op::Get.call(&retrying_client(&server)).await.unwrap();

    assert_eq!(request_count(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retries_are_bounded_by_the_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = Op::Get.call(&retrying_client(&server)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 3);
}
