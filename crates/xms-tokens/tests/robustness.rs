//! Undocumented answers and forward-compatible decoding.

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use xms_tokens::models::AccessToken;
use xms_tokens::prelude::*;
use xms_tokens::{Error, StatusCode};

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn get_answered_with(response: ResponseTemplate) -> Result<AccessToken, Error> {
    let server = server_answering(response).await;
    client(&server)
        .get_access_token(ID)
        .await
        .map(|found| found.access_token)
}

fn assert_one_line_naming_the_operation(err: &Error, status: &str) {
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(
        shown.starts_with(&format!("GET /access-tokens/{{access_token_id}}: {status}")),
        "{shown}"
    );
}

#[tokio::test]
async fn a_502_with_an_html_body_is_an_api_error_quoting_the_page() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>";
    let err = get_answered_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(err.model().is_none());
    assert_one_line_naming_the_operation(&err, "502 Bad Gateway");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body_text(), html);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let err = get_answered_with(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"access_token":{"id":42,"na"#, "application/json"),
    )
    .await
    .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert_one_line_naming_the_operation(&err, "200 OK");
}

#[tokio::test]
async fn a_text_body_instead_of_json_is_a_decode_error() {
    let err = get_answered_with(ResponseTemplate::new(200).set_body_raw("OK", "text/plain"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_one_line_naming_the_operation(&err, "200 OK");
}

#[tokio::test]
async fn an_empty_body_where_one_is_required_is_a_decode_error() {
    let err = get_answered_with(ResponseTemplate::new(200))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");

    let server = server_answering(ResponseTemplate::new(201)).await;
    let err = Op::Create.call(&client(&server)).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_record_with_every_field_missing_decodes() {
    let found = get_answered_with(json_response(200, json!({"access_token": {}})))
        .await
        .unwrap();
    assert_eq!(found, AccessToken::default());

    let server = server_answering(json_response(200, json!({"access_token": {"id": 3}}))).await;
    let fresh = client(&server)
        .regenerate_access_token(3)
        .await
        .unwrap()
        .access_token;
    assert_eq!((fresh.id, fresh.uuid), (Some(3), None));
}

#[tokio::test]
async fn extra_fields_and_new_roles_decode() {
    let mut token = token_json(ID, "x");
    token["roles"] = json!(["a_role_added_in_a_later_release"]);
    token["expire"] = json!("2030-01-01T00:00:00Z");
    token["user"]["email"] = json!("admin@example.com");
    let found = get_answered_with(json_response(
        200,
        json!({"access_token": token, "trace": "x"}),
    ))
    .await
    .unwrap();
    assert_eq!(found.roles.unwrap(), ["a_role_added_in_a_later_release"]);
}

#[tokio::test]
async fn a_list_page_without_tokens_decodes_as_empty() {
    for body in [
        json!({}),
        json!({"access_tokens": null}),
        json!({"access_tokens": [], "paging": {}}),
    ] {
        let server = server_answering(json_response(200, body.clone())).await;
        let page = client(&server)
            .list_access_tokens(Default::default())
            .await
            .unwrap();
        assert!(page.access_tokens.unwrap_or_default().is_empty(), "{body}");
    }
}

#[tokio::test]
async fn ids_are_sent_as_plain_integers_before_a_literal_colon() {
    for id in [0, -1, i64::MAX] {
        let server = server_answering(json_response(200, created_json(id, "x", "s"))).await;
        client(&server).regenerate_access_token(id).await.unwrap();
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/v1/access-tokens/{id}:regenerate")
        );
    }
}
