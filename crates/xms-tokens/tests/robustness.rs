//! Forward-compatible decoding of XMS records, and integer ids in the path.
//! (Undocumented answers in general are the runtime's: `apiclient-core/tests/undocumented_answers.rs`.)

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use xms_tokens::models::AccessToken;
use xms_tokens::{Error, GetAccessTokenError};

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn get_answered_with(
    response: ResponseTemplate,
) -> Result<AccessToken, Error<GetAccessTokenError>> {
    let server = server_answering(response).await;
    client(&server)
        .get_access_token(ID)
        .await
        .map(|found| found.access_token)
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
