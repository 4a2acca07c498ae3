//! Listing every token as a `Stream` that follows `cursors.next`.

mod common;

use apiclient_core::testkit::items_then_error;
use common::*;
use gmodstore_pat::StatusCode;
use gmodstore_pat::prelude::*;
use gmodstore_pat::{ListPersonalAccessTokensError, ListPersonalAccessTokensParams};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts page `n` of a listing: requested with `cursor` (none for the first page).
async fn mount_page(server: &MockServer, cursor: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(COLLECTION));
    let mock = match cursor {
        Some(c) => mock.and(query_param("cursor", c)),
        None => mock.and(query_param_is_missing("cursor")),
    };
    mock.respond_with(response).expect(1).mount(server).await;
}

fn ids(tokens: &[gmodstore_pat::models::PersonalAccessToken]) -> Vec<&str> {
    tokens.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test]
async fn the_stream_follows_the_cursor_through_every_page() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json_response(200, page_json(&["a", "b"], Some("c2"))),
    )
    .await;
    mount_page(
        &server,
        Some("c2"),
        json_response(200, page_json(&["c", "d"], Some("c3"))),
    )
    .await;
    mount_page(
        &server,
        Some("c3"),
        json_response(200, page_json(&["e"], None)),
    )
    .await;

    let params = ListPersonalAccessTokensParams::default().per_page(2);
    let tokens: Vec<_> = client(&server)
        .list_personal_access_tokens_stream(params)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&tokens), ["a", "b", "c", "d", "e"]);
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<_> = requests
        .iter()
        .map(|r| r.url.query().unwrap_or(""))
        .collect();
    assert_eq!(
        queries,
        ["perPage=2", "perPage=2&cursor=c2", "perPage=2&cursor=c3"]
    );
    for request in &requests {
        assert_authenticated(request);
    }
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(json_response(200, page_json(&["a", "b"], Some("more"))))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut tokens = std::pin::pin!(client.list_personal_access_tokens_stream(Default::default()));
    let first = tokens.try_next().await.unwrap().unwrap();

    assert_eq!(first.id, "a");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn an_error_on_a_later_page_follows_the_earlier_items_and_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json_response(200, page_json(&["a", "b"], Some("c2"))),
    )
    .await;
    mount_page(
        &server,
        Some("c2"),
        json_response(200, page_json(&["c"], Some("c3"))),
    )
    .await;
    mount_page(
        &server,
        Some("c3"),
        json_response(403, json!({"message": "Invalid scope(s) provided."})),
    )
    .await;

    let results: Vec<_> = client(&server)
        .list_personal_access_tokens_stream(Default::default())
        .collect()
        .await;

    let (items, err) = items_then_error(results);
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
    // The 403 decodes into the list operation's documented 403.
    match err.model() {
        Some(ListPersonalAccessTokensError::Status403(body)) => {
            assert_eq!(body.message, "Invalid scope(s) provided.")
        }
        other => panic!("expected the documented 403: {other:?}"),
    }
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn a_cursor_given_in_the_parameters_is_ignored_by_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, None, json_response(200, page_json(&["a"], None))).await;

    let params = ListPersonalAccessTokensParams::default().cursor("stale");
    let tokens = client(&server)
        .list_all_personal_access_tokens(params)
        .await
        .unwrap();

    assert_eq!(ids(&tokens), ["a"]);
}

#[tokio::test]
async fn list_all_collects_every_page() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json_response(200, page_json(&["a"], Some("c2"))),
    )
    .await;
    mount_page(
        &server,
        Some("c2"),
        json_response(200, page_json(&["b"], Some("c3"))),
    )
    .await;
    mount_page(
        &server,
        Some("c3"),
        json_response(200, page_json(&["c"], None)),
    )
    .await;

    let tokens = client(&server)
        .list_all_personal_access_tokens(Default::default())
        .await
        .unwrap();

    assert_eq!(ids(&tokens), ["a", "b", "c"]);
}

#[tokio::test]
async fn list_all_returns_the_first_error() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json_response(200, page_json(&["a"], Some("c2"))),
    )
    .await;
    mount_page(
        &server,
        Some("c2"),
        json_response(401, json!({"message": "Unauthenticated."})),
    )
    .await;

    let err = client(&server)
        .list_all_personal_access_tokens(Default::default())
        .await
        .unwrap_err();

    assert!(err.is_unauthorized());
}
