//! Retries: what is sent again after a 503, and what never is.

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xms_tokens::StatusCode;

/// A server answering the first request to `op` with 503, and the next ones with success.
async fn unavailable_once(op: Op) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(op.method()))
        .and(path(op.path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let success = match op {
        Op::List => json_response(200, page_json(&[1], None)),
        Op::Create => json_response(201, created_json(ID, "x", "s")),
        Op::Regenerate => json_response(200, created_json(ID, "x", "s")),
        Op::Delete => ResponseTemplate::new(204),
        Op::Get | Op::Update | Op::Validate => {
            json_response(200, json!({"access_token": token_json(ID, "x")}))
        }
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
async fn safe_calls_are_retried_after_a_503() {
    // GET and DELETE are idempotent; validate is a POST the spec marks safe to retry.
    for op in [Op::List, Op::Get, Op::Delete, Op::Validate] {
        let server = unavailable_once(op).await;
        op.call(&retrying_client(&server))
            .await
            .unwrap_or_else(|e| panic!("{op:?}: {e}"));
        assert_eq!(request_count(&server).await, 2, "{op:?}");
    }
}

#[tokio::test]
async fn calls_that_change_state_are_not_sent_again_after_a_503() {
    for op in [Op::Create, Op::Regenerate, Op::Update] {
        let server = unavailable_once(op).await;
        let err = op.call(&retrying_client(&server)).await.unwrap_err();
        assert_eq!(
            err.status(),
            Some(StatusCode::SERVICE_UNAVAILABLE),
            "{op:?}"
        );
        assert_eq!(request_count(&server).await, 1, "{op:?}");
    }
}

#[tokio::test]
async fn a_429_is_retried_even_for_a_create() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, created_json(ID, "x", "s")))
        .with_priority(2)
        .mount(&server)
        .await;

    Op::Create.call(&retrying_client(&server)).await.unwrap();

    assert_eq!(request_count(&server).await, 2);
}
