//! Every operation: the exact request on the wire and the decoded result.

mod common;

use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq};
use xms_tokens::prelude::*;
use xms_tokens::{ListAccessTokensParams, Timestamp};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn body_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

fn content_type(request: &Request) -> Option<&str> {
    request
        .headers
        .get("content-type")
        .map(|v| v.to_str().unwrap())
}

/// Asserts `request` is `method path` with no query, no body and the key in the header.
fn assert_bodiless(request: &Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    assert_eq!(content_type(request), None);
    assert_header_key(request);
}

#[tokio::test]
async fn list_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(v1("/access-tokens/")))
        .and(query_param("limit", "20"))
        .and(query_param("offset", "40"))
        .and(query_param("user_id", "7"))
        .and(query_param("role", "admin"))
        .and(query_param("all", "true"))
        .and(header("xms-auth-token", KEY))
        .respond_with(json_response(
            200,
            page_json(
                &[1, 2],
                Some(json!({"count": 2, "limit": 20, "offset": 40, "total_count": 42})),
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v1/access-tokens/");
    assert_eq!(
        request.url.query(),
        Some("limit=20&offset=40&user_id=7&role=admin&all=true")
    );
    assert!(request.body.is_empty());
    assert_header_key(&request);
}

#[tokio::test]
async fn list_without_filters_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(v1("/access-tokens/")))
        .respond_with(json_response(200, json!({"access_tokens": []})))
        .mount(&server)
        .await;

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
    Mock::given(method("POST"))
        .and(path(v1("/access-tokens/")))
        .and(header("content-type", "application/json"))
        .and(header("xms-auth-token", KEY))
        .and(body_json(&expected))
        .respond_with(json_response(
            201,
            created_json(ID, "backup", "new-secret-uuid"),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/access-tokens/");
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), Some("application/json"));
    assert_eq!(body_of(&request), expected);
    assert_header_key(&request);
}

#[tokio::test]
async fn create_without_a_description_leaves_it_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, created_json(ID, "backup", "s")))
        .mount(&server)
        .await;

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
    Mock::given(method("GET"))
        .and(path(v1("/access-tokens/42")))
        .and(header("xms-auth-token", KEY))
        .respond_with(json_response(
            200,
            json!({"access_token": token_json(ID, "backup")}),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("PATCH"))
        .and(path(v1("/access-tokens/42")))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(json_response(
            200,
            json!({"access_token": token_json(ID, "renamed")}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let updated = client(&server)
        .update_access_token(ID, &AccessTokenUpdateReq::rename("renamed"))
        .await
        .unwrap()
        .access_token;

    assert_eq!(updated.name.as_deref(), Some("renamed"));
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/v1/access-tokens/42");
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), Some("application/json"));
    assert_eq!(body_of(&request), expected);
    assert_header_key(&request);
}

#[tokio::test]
async fn delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(v1("/access-tokens/42")))
        .and(header("xms-auth-token", KEY))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("DELETE"))
        .respond_with(json_response(
            200,
            json!({"access_token": token_json(ID, "x")}),
        ))
        .mount(&server)
        .await;
    client(&server).delete_access_token(ID).await.unwrap();
}

#[tokio::test]
async fn regenerate_posts_to_the_colon_path_without_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(v1("/access-tokens/42:regenerate")))
        .and(header("xms-auth-token", KEY))
        .respond_with(json_response(
            200,
            created_json(ID, "backup", "regenerated-secret"),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("POST"))
        .and(path(v1("/access-tokens:validate")))
        .and(query_param("subject_access_token", SUBJECT))
        .and(header("xms-auth-token", KEY))
        .respond_with(json_response(
            200,
            json!({"access_token": token_json(7, "ci")}),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    assert_eq!(content_type(&request), None);
    assert_header_key(&request);
}

#[tokio::test]
async fn responses_keep_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json_response(200, json!({"access_token": token_json(ID, "x")}))
                .insert_header("x-request-id", "req-1"),
        )
        .mount(&server)
        .await;

    let response = client(&server)
        .get_access_token_with_response(ID)
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("x-request-id").unwrap(), "req-1");
    assert_eq!(response.body.access_token.id, Some(ID));
}
