//! Item 6: Responses: an operation returns just the decoded body, or the body with status, headers
//! and rate-limit information; empty bodies and 204s are handled.

mod common;

use apiclient_core::{ApiClient, ApiResponse, Error, Method, Request, StatusCode};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Token {
    id: String,
    name: String,
}

/// What a generated operation looks like: a `_with_response` form and a plain form.
async fn get_token_with_response(
    client: &ApiClient,
    id: &str,
) -> Result<ApiResponse<Token>, Error> {
    client
        .execute::<serde_json::Value>(
            Request::new(Method::GET, "/tokens/{id}", "getToken").path_param("id", id),
        )
        .await?
        .json()
}

async fn get_token(client: &ApiClient, id: &str) -> Result<Token, Error> {
    Ok(get_token_with_response(client, id).await?.into_body())
}

#[tokio::test]
async fn body_only_or_body_with_status_headers_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tokens/t1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "41")
                .insert_header("etag", "\"v3\"")
                .set_body_json(json!({"id": "t1", "name": "ci", "extra": true})),
        )
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));

    let body = get_token(&client, "t1").await.unwrap();
    assert_eq!(
        body,
        Token {
            id: "t1".into(),
            name: "ci".into()
        }
    );

    let full = get_token_with_response(&client, "t1").await.unwrap();
    assert_eq!(full.status, StatusCode::OK);
    assert_eq!(full.headers["etag"], "\"v3\"");
    assert_eq!(full.rate_limit.remaining, Some(41));
    assert_eq!(full.body.name, "ci");
    let mapped = full.map(|t| t.id);
    assert_eq!(mapped.body, "t1");
    assert_eq!(mapped.status, StatusCode::OK);
}

#[tokio::test]
async fn empty_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a", "name": "b"})))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let deleted = client
        .execute::<()>(
            Request::new(Method::DELETE, "/tokens/{id}", "deleteToken").path_param("id", "x"),
        )
        .await
        .unwrap()
        .empty();
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);

    let none = client
        .execute::<()>(
            Request::new(Method::DELETE, "/tokens/{id}", "deleteToken").path_param("id", "x"),
        )
        .await
        .unwrap()
        .json_opt::<Token, ()>()
        .unwrap();
    assert_eq!(none.body, None);
    let some = client
        .execute::<()>(Request::new(Method::GET, "/tokens/a", "getToken"))
        .await
        .unwrap()
        .json_opt::<Token, ()>()
        .unwrap();
    assert_eq!(some.body.unwrap().name, "b");

    // An empty body where one is required is a decode error, not a panic.
    let err = client
        .execute::<()>(
            Request::new(Method::DELETE, "/tokens/{id}", "deleteToken").path_param("id", "x"),
        )
        .await
        .unwrap()
        .json::<Token, ()>()
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[test]
fn api_response_for_mocks() {
    let response = ApiResponse::new(5);
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.rate_limit.is_empty());
    assert_eq!(response.into_body(), 5);
}
