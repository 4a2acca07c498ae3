//! Where the key travels (header by default, `token` query parameter when asked), and that
//! neither the key nor the token being validated shows in `Debug`, errors or traces.

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};
use xms_tokens::{Client, Error};

/// Asserts neither secret appears in the error's `Display` or `Debug`.
fn assert_no_secret<E: std::fmt::Debug>(err: &Error<E>) {
    for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
        assert!(
            !shown.contains(SUBJECT),
            "the subject token leaked: {shown}"
        );
    }
}

#[tokio::test]
async fn by_default_the_key_is_in_the_header_only() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, json!({"access_tokens": []})))
        .mount(&server)
        .await;

    client(&server)
        .list_access_tokens(Default::default())
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_header_key(&request);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn in_query_mode_the_key_is_the_token_parameter_and_not_a_header() {
    let server = MockServer::start().await;
    let found = json_response(200, json!({"access_token": token_json(ID, "x")}));
    answer_once(&server, "GET", &v1("/access-tokens/42"), found).await;

    query_client(&server).get_access_token(ID).await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        [("token".to_owned(), KEY.to_owned())]
    );
    assert!(request.headers.get("xms-auth-token").is_none());
    assert!(request.headers.get("authorization").is_none());
}

#[tokio::test]
async fn in_query_mode_validate_sends_both_the_subject_and_the_key() {
    let server = MockServer::start().await;
    let valid = json_response(200, json!({"access_token": token_json(7, "ci")}));
    answer_once(&server, "POST", &v1("/access-tokens:validate"), valid).await;

    query_client(&server)
        .validate_access_token(&subject())
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        [
            ("subject_access_token".to_owned(), SUBJECT.to_owned()),
            ("token".to_owned(), KEY.to_owned()),
        ]
    );
}

#[test]
fn clients_and_builders_never_show_the_key() {
    for builder in [
        Client::builder()
            .base_url("https://xms.example.com/v1")
            .token_in_header(KEY),
        Client::builder()
            .base_url("https://xms.example.com/v1")
            .token_in_query(KEY),
    ] {
        assert!(!format!("{builder:?}").contains(KEY));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains(KEY));
    }
}

#[tokio::test]
async fn validate_errors_never_show_the_subject_token() {
    for status in [400, 401, 403, 404, 500] {
        for client_of in [client, query_client] {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(json_response(
                    status,
                    json!({"code": status, "message": "invalid token"}),
                ))
                .mount(&server)
                .await;

            let err = client_of(&server)
                .validate_access_token(&subject())
                .await
                .unwrap_err();

            assert_eq!(err.status().unwrap().as_u16(), status);
            assert_no_secret(&err);
            // The server did receive the subject token.
            let request = single_request(&server).await;
            assert!(
                query_pairs(&request)
                    .contains(&("subject_access_token".to_owned(), SUBJECT.to_owned()))
            );
        }
    }
}

#[tokio::test]
async fn query_key_errors_never_show_the_key() {
    for op in Op::ALL {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(json_response(
                401,
                json!({"code": 401, "message": "token expired"}),
            ))
            .mount(&server)
            .await;

        let err = op.call(&query_client(&server)).await.unwrap_err();

        assert!(err.is_unauthorized(), "{op:?}");
        assert_no_secret(&err);
    }
}

#[tokio::test]
async fn messages_echoing_the_secrets_are_scrubbed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            404,
            json!({"code": 404, "message": format!("token {SUBJECT} not found (asked with {KEY})")}),
        ))
        .mount(&server)
        .await;

    let err = query_client(&server)
        .validate_access_token(&subject())
        .await
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        "POST /access-tokens:validate: 404 Not Found: token [REDACTED] not found (asked with [REDACTED])"
    );
}

#[tokio::test]
async fn echoed_secrets_are_absent_from_debug_too() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            500,
            json!({"code": 500, "message": format!("token {SUBJECT} rejected (asked with {KEY})")}),
        ))
        .mount(&server)
        .await;

    let err = query_client(&server)
        .validate_access_token(&subject())
        .await
        .unwrap_err();

    assert_no_secret(&err);
}

#[tokio::test]
async fn a_transport_error_in_query_mode_never_shows_the_key() {
    // A port nothing listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .token_in_query(KEY)
        .retry_policy(xms_tokens::RetryPolicy::disabled())
        .build()
        .unwrap();

    let err = client.validate_access_token(&subject()).await.unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("POST /access-tokens:validate: could not connect")
    );
    assert_no_secret(&err);
}
