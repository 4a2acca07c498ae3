//! Every documented error status of every operation, decoded into the typed error.

mod common;

use common::*;
use gmodstore_pat::{Error, StatusCode};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// Calls `op` against a server answering `status` with `body` (and the usual rate-limit
/// headers), checks what every error must show, and returns the error.
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
    // Rate-limit headers are visible on every error.
    let limits = err.rate_limit().expect("rate-limit information");
    assert_eq!(
        (limits.limit, limits.remaining),
        (Some(300), Some(299)),
        "{op:?}"
    );
    assert!(limits.reset_at.is_some());
    // One line, without the token.
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(!shown.contains(TOKEN) && !format!("{err:?}").contains(TOKEN));
    err
}

/// The one-line `Display` every API error has.
fn expected_display(op: Op, status: u16, message: &str) -> String {
    let status = StatusCode::from_u16(status).unwrap();
    format!("{} {}: {status}: {message}", op.method(), op.template())
}

#[tokio::test]
async fn bad_request_decodes_the_message_and_the_field_errors() {
    let body = json!({
        "message": "The given data was invalid.",
        "errors": {
            "name": ["The name must be at least 3 characters."],
            "abilities.0": ["The selected abilities.0 is invalid.", "Another problem."],
        },
    });
    for op in Op::ALL {
        let err = error_of(op, 400, body.clone()).await;
        let model = err.model().expect("the Error model");
        assert_eq!(model.message, "The given data was invalid.");
        let errors = model.errors.as_ref().expect("field errors");
        assert_eq!(errors["name"], ["The name must be at least 3 characters."]);
        assert_eq!(errors["abilities.0"].len(), 2);
        assert_eq!(
            err.to_string(),
            expected_display(op, 400, "The given data was invalid.")
        );
        assert!(!err.is_not_found() && !err.is_unauthorized() && !err.is_rate_limited());
    }
}

#[tokio::test]
async fn unauthorized_is_decoded_and_flagged() {
    for op in Op::ALL {
        let err = error_of(op, 401, json!({"message": "Unauthenticated."})).await;
        assert!(err.is_unauthorized(), "{op:?}");
        assert_eq!(err.model().unwrap().message, "Unauthenticated.");
        assert_eq!(err.model().unwrap().errors, None);
        assert_eq!(
            err.to_string(),
            expected_display(op, 401, "Unauthenticated.")
        );
    }
}

#[tokio::test]
async fn forbidden_is_decoded_and_flagged() {
    let message = "Invalid scope(s) provided.";
    for op in Op::ALL {
        let err = error_of(op, 403, json!({"message": message})).await;
        assert!(err.is_unauthorized(), "{op:?}");
        assert_eq!(err.model().unwrap().message, message);
        assert_eq!(err.to_string(), expected_display(op, 403, message));
    }
}

#[tokio::test]
async fn not_found_is_decoded_and_flagged_on_the_operations_that_document_it() {
    let message = "No query results for model [PersonalAccessToken].";
    for op in Op::ALL.into_iter().filter(|op| op.documents_not_found()) {
        let err = error_of(op, 404, json!({"message": message})).await;
        assert!(err.is_not_found(), "{op:?}");
        assert_eq!(err.model().unwrap().message, message);
        assert_eq!(err.to_string(), expected_display(op, 404, message));
    }
}

#[tokio::test]
async fn too_many_requests_exposes_the_rate_limit_and_when_to_retry() {
    for op in Op::ALL {
        let server = MockServer::start().await;
        Mock::given(method(op.method()))
            .and(path(op.path()))
            .respond_with(with_rate_limit(
                wiremock::ResponseTemplate::new(429)
                    .set_body_json(json!({"message": "Too Many Attempts."})),
                300,
                0,
                600,
            ))
            .mount(&server)
            .await;

        // Retries are on, but the window resets in 10 minutes: longer than the policy's
        // longest server wait, so the error comes back at once, without a second request.
        let err = op.call(&retrying_client(&server)).await.unwrap_err();

        assert!(err.is_rate_limited(), "{op:?}");
        assert_eq!(err.model().unwrap().message, "Too Many Attempts.");
        let limits = err.rate_limit().unwrap();
        assert_eq!((limits.limit, limits.remaining), (Some(300), Some(0)));
        let wait = err.retry_after().expect("a wait until the reset");
        assert!((590..=600).contains(&wait.as_secs()), "{wait:?}");
        assert_eq!(
            err.to_string(),
            expected_display(op, 429, "Too Many Attempts.")
        );
        assert_eq!(request_count(&server).await, 1, "{op:?}");
    }
}

#[tokio::test]
async fn an_error_body_that_does_not_fit_the_model_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(item_path(ID)))
        .respond_with(json_response(
            404,
            json!({"error": {"code": 404, "text": "gone"}}),
        ))
        .mount(&server)
        .await;

    let err = Op::Get.call(&client(&server)).await.unwrap_err();

    assert!(err.is_not_found());
    assert!(err.model().is_none());
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body_json::<Value>().unwrap()["error"]["text"], "gone");
    assert!(
        err.to_string()
            .starts_with(&format!("GET {ITEM_TEMPLATE}: 404 Not Found"))
    );
}
