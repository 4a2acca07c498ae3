//! Every documented error status of every operation, decoded into the typed error.

mod common;

use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};
use xms_tokens::{Error, StatusCode};

/// Calls `op` against a server answering `status` with `body`; checks what every error must
/// show and returns the error.
async fn error_of(op: Op, status: u16, body: Value) -> Error {
    let server = MockServer::start().await;
    Mock::given(method(op.method()))
        .and(path(op.path()))
        .respond_with(json_response(status, body))
        .expect(1)
        .mount(&server)
        .await;

    let err = op
        .call(&client(&server))
        .await
        .expect_err("an error status");

    assert_eq!(
        err.status(),
        Some(StatusCode::from_u16(status).unwrap()),
        "{op:?}"
    );
    let api = err.api_error().expect("an API error");
    assert_eq!(api.method.as_str(), op.method());
    assert_eq!(api.path_template, op.template());
    assert!(!err.to_string().contains('\n'));
    assert!(!format!("{err}{err:?}").contains(KEY));
    err
}

#[tokio::test]
async fn every_documented_status_decodes_code_and_message() {
    for op in Op::ALL {
        for &status in op.documented_errors() {
            let message = format!("{op:?} failed with {status}");
            let err = error_of(op, status, json!({"code": status, "message": message})).await;

            let model = err.model().expect("an ErrorResponse");
            assert_eq!(model.code, Some(json!(status)));
            assert_eq!(model.message.as_deref(), Some(message.as_str()));
            let code = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                err.to_string(),
                format!("{} {}: {code}: {message}", op.method(), op.template())
            );
            assert_eq!(err.is_not_found(), status == 404);
            assert_eq!(err.is_unauthorized(), matches!(status, 401 | 403));
        }
    }
}

#[tokio::test]
async fn a_string_error_code_decodes() {
    let err = error_of(
        Op::Update,
        409,
        json!({"code": "AccessTokenNameDuplicated", "message": "name already used"}),
    )
    .await;
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    assert_eq!(
        err.model().unwrap().code,
        Some(json!("AccessTokenNameDuplicated"))
    );
}

#[tokio::test]
async fn an_error_without_a_message_still_has_status_and_raw_body() {
    let err = error_of(Op::Get, 404, json!({"code": 4041, "detail": {"id": 42}})).await;
    let model = err.model().expect("lenient decoding");
    assert_eq!(model.message, None);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body_json::<Value>().unwrap()["detail"]["id"], 42);
    assert_eq!(
        err.to_string(),
        "GET /access-tokens/{access_token_id}: 404 Not Found"
    );
}

#[tokio::test]
async fn an_empty_error_body_keeps_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(wiremock::ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let err = client(&server)
        .delete_access_token_with_response(ID)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert!(err.model().is_none());
    assert_eq!(
        err.to_string(),
        "DELETE /access-tokens/{access_token_id}: 403 Forbidden"
    );
}
