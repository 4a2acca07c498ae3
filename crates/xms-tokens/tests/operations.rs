//! Every operation: the exact request on the wire and the decoded result.

mod common;

use apiclient_core::testkit;
use common::*;
use serde_json::json;
use wiremock::{MockServer, Request, ResponseTemplate};
use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq};
use xms_tokens::{ListAccessTokensParams, Timestamp};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Asserts `request` is `method path` with no query, no body and the key in the header.
fn assert_bodiless(request: &Request, method: &str, path: &str) {
    testkit::assert_bodiless(request, method, path, None);
    assert_header_key(request);
}

#[tokio::test]
async fn list_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start().await;
    let answer = json_response(
        200,
        page_json(
            &[1, 2],
            Some(json!({"count": 2, "limit": 20, "offset": 40, "total_count": 42})),
        ),
    );
    answer_once(&server, "GET", "/v1/access-tokens/", answer).await;

    let params = ListAccessTokensParams::default()
        .limit(20)
        .offset(40)
        .user_id(7)
        .role("admin")
        .all(true);
    let page = client(&server).list_access_tokens(params).await.unwrap();

    let tokens = page.access_tokens.unwrap();
    assert_eq!(tokens.len(), 2);
    let first = &tokens[0];
    assert_eq!(first.id, Some(1));
    assert_eq!(first.name.as_deref(), Some("token-1"));
    assert_eq!(first.description.as_deref(), Some("used by the backup job"));
    assert_eq!(
        first.roles.as_deref(),
        Some(&["admin".to_owned(), "storage_viewer".to_owned()][..])
    );
    assert_eq!(first.create, Some(ts("2024-01-02T07:04:05.123456Z")));
    assert_eq!(first.update, Some(ts("2024-02-03T04:05:06Z")));
    assert_eq!(first.used, Some(true));
    let user = first.user.as_ref().unwrap();
    assert_eq!((user.id, user.name.as_deref()), (Some(1), Some("admin")));
    let paging = page.paging.unwrap();
    assert_eq!(
        (
            paging.count,
            paging.limit,
            paging.offset,
            paging.total_count
        ),
        (Some(2), Some(20), Some(40), Some(42))
    );

    let request = single_request(&server).await;
    let query = "limit=20&offset=40&user_id=7&role=admin&all=true";
    testkit::assert_bodiless(&request, "GET", "/v1/access-tokens/", Some(query));
    assert_header_key(&request);
}

#[tokio::test]
async fn list_without_filters_sends_no_query() {
    let server = MockServer::start().await;
    let answer = json_response(200, json!({"access_tokens": []}));
    answer_once(&server, "GET", "/v1/access-tokens/", answer).await;

    let page = client(&server)
        .list_access_tokens(Default::default())
        .await
        .unwrap();

    assert_eq!(page.access_tokens, Some(vec![]));
    assert_eq!(page.paging, None);
    assert_bodiless(&single_request(&server).await, "GET", "/v1/access-tokens/");
}

#[tokio::test]
async fn create_posts_the_wrapped_body_and_decodes_the_secret() {
    let server = MockServer::start().await;
    let expected = json!({"access_token": {
        "name": "backup",
        "roles": ["admin", "storage_viewer"],
        "description": "nightly",
    }});
    let answer = json_response(201, created_json(ID, "backup", "new-secret-uuid"));
    answer_once(&server, "POST", "/v1/access-tokens/", answer).await;

    let body = AccessTokenCreateReq::named("backup", ["admin", "storage_viewer"])
        .with_description("nightly");
    let created = client(&server)
        .create_access_token(&body)
        .await
        .unwrap()
        .access_token;

    assert_eq!(created.id, Some(ID));
    assert_eq!(created.name.as_deref(), Some("backup"));
    assert_eq!(created.used, Some(false));
    assert_eq!(
        created.uuid.as_ref().unwrap().expose_secret(),
        "new-secret-uuid"
    );
    assert!(!format!("{created:?}").contains("new-secret-uuid"));

    let request = single_request(&server).await;
    assert_json_request(&request, "POST", "/v1/access-tokens/", &expected);
    assert_header_key(&request);
}

#[tokio::test]
async fn create_without_a_description_leaves_it_out() {
    let server = MockServer::start().await;
    let answer = json_response(201, created_json(ID, "backup", "s"));
    answer_once(&server, "POST", "/v1/access-tokens/", answer).await;

    client(&server)
        .create_access_token(&AccessTokenCreateReq::named("backup", ["admin"]))
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        request.body,
        br#"{"access_token":{"name":"backup","roles":["admin"]}}"#
    );
}

#[tokio::test]
async fn get_requests_the_token_by_id() {
    let server = MockServer::start().await;
    let answer = json_response(200, json!({"access_token": token_json(ID, "backup")}));
    answer_once(&server, "GET", "/v1/access-tokens/42", answer).await;

    let found = client(&server)
        .get_access_token(ID)
        .await
        .unwrap()
        .access_token;

    assert_eq!(found.id, Some(ID));
    assert_eq!(found.name.as_deref(), Some("backup"));
    assert_bodiless(
        &single_request(&server).await,
        "GET",
        "/v1/access-tokens/42",
    );
}

#[tokio::test]
async fn update_patches_the_name() {
    let server = MockServer::start().await;
    let expected = json!({"access_token": {"name": "renamed"}});
    let answer = json_response(200, json!({"access_token": token_json(ID, "renamed")}));
    answer_once(&server, "PATCH", "/v1/access-tokens/42", answer).await;

    let updated = client(&server)
        .update_access_token(ID, &AccessTokenUpdateReq::rename("renamed"))
        .await
        .unwrap()
        .access_token;

    assert_eq!(updated.name.as_deref(), Some("renamed"));
    let request = single_request(&server).await;
    assert_json_request(&request, "PATCH", "/v1/access-tokens/42", &expected);
    assert_header_key(&request);
}

#[tokio::test]
async fn delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(204);
    answer_once(&server, "DELETE", "/v1/access-tokens/42", answer).await;

    let deleted = client(&server)
        .delete_access_token_with_response(ID)
        .await
        .unwrap();

    assert_eq!(deleted.status.as_u16(), 204);
    assert_bodiless(
        &single_request(&server).await,
        "DELETE",
        "/v1/access-tokens/42",
    );
}

#[tokio::test]
async fn delete_ignores_a_body_on_success() {
    let server = MockServer::start().await;
    let answer = json_response(200, json!({"access_token": token_json(ID, "x")}));
    answer_once(&server, "DELETE", "/v1/access-tokens/42", answer).await;
    client(&server).delete_access_token(ID).await.unwrap();
}

#[tokio::test]
async fn regenerate_posts_to_the_colon_path_without_a_body() {
    let server = MockServer::start().await;
    let answer = json_response(200, created_json(ID, "backup", "regenerated-secret"));
    answer_once(&server, "POST", "/v1/access-tokens/42:regenerate", answer).await;

    let fresh = client(&server)
        .regenerate_access_token(ID)
        .await
        .unwrap()
        .access_token;

    assert_eq!(fresh.id, Some(ID));
    assert_eq!(fresh.uuid.unwrap().expose_secret(), "regenerated-secret");
    let request = single_request(&server).await;
    assert_bodiless(&request, "POST", "/v1/access-tokens/42:regenerate");
    assert!(
        request.url.as_str().contains("/42:regenerate"),
        "the colon is sent literally"
    );
}

#[tokio::test]
async fn validate_sends_the_subject_token_as_a_query_parameter_without_a_body() {
    let server = MockServer::start().await;
    let answer = json_response(200, json!({"access_token": token_json(7, "ci")}));
    answer_once(&server, "POST", "/v1/access-tokens:validate", answer).await;

    let valid = client(&server)
        .validate_access_token(&subject())
        .await
        .unwrap()
        .access_token;

    assert_eq!(valid.id, Some(7));
    assert_eq!(valid.user.unwrap().name.as_deref(), Some("admin"));
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/access-tokens:validate");
    assert_eq!(
        query_pairs(&request),
        [("subject_access_token".to_owned(), SUBJECT.to_owned())]
    );
    assert!(request.body.is_empty());
    assert_eq!(request_header(&request, "content-type"), None);
    assert_header_key(&request);
}

#[tokio::test]
async fn responses_keep_status_and_headers() {
    let server = MockServer::start().await;
    let answer = json_response(200, json!({"access_token": token_json(ID, "x")}))
        .insert_header("x-request-id", "req-1");
    answer_once(&server, "GET", "/v1/access-tokens/42", answer).await;

    let response = client(&server)
        .get_access_token_with_response(ID)
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("x-request-id").unwrap(), "req-1");
    assert_eq!(response.body.access_token.id, Some(ID));
}
