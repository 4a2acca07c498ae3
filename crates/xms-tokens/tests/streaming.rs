//! Listing every token as a `Stream` with `limit`/`offset`.

mod common;

use apiclient_core::testkit::items_then_error;
use common::*;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xms_tokens::ListAccessTokensError;
use xms_tokens::prelude::*;
use xms_tokens::{ListAccessTokensParams, StatusCode};

/// Mounts the page at `offset` (of size `limit`).
async fn mount_page(server: &MockServer, limit: u32, offset: u32, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(v1("/access-tokens/")))
        .and(query_param("limit", limit.to_string()))
        .and(query_param("offset", offset.to_string()))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn ids(tokens: &[xms_tokens::models::AccessToken]) -> Vec<i64> {
    tokens.iter().map(|t| t.id.unwrap()).collect()
}

/// The query of every request `server` received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn the_stream_pages_until_a_short_page() {
    let server = MockServer::start().await;
    mount_page(&server, 2, 0, json_response(200, page_json(&[1, 2], None))).await;
    mount_page(&server, 2, 2, json_response(200, page_json(&[3, 4], None))).await;
    mount_page(&server, 2, 4, json_response(200, page_json(&[5], None))).await;

    let params = ListAccessTokensParams::default()
        .limit(2)
        .role("admin")
        .all(true);
    let tokens: Vec<_> = client(&server)
        .list_access_tokens_stream(params)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&tokens), [1, 2, 3, 4, 5]);
    // Filters are kept on every page.
    assert_eq!(
        queries(&server).await,
        [
            "limit=2&offset=0&role=admin&all=true",
            "limit=2&offset=2&role=admin&all=true",
            "limit=2&offset=4&role=admin&all=true",
        ]
    );
    for request in server.received_requests().await.unwrap() {
        assert_header_key(&request);
    }
}

#[tokio::test]
async fn the_stream_stops_at_the_total_count() {
    let server = MockServer::start().await;
    let paging =
        |offset: u32| Some(json!({"count": 2, "limit": 2, "offset": offset, "total_count": 6}));
    mount_page(
        &server,
        2,
        0,
        json_response(200, page_json(&[1, 2], paging(0))),
    )
    .await;
    mount_page(
        &server,
        2,
        2,
        json_response(200, page_json(&[3, 4], paging(2))),
    )
    .await;
    mount_page(
        &server,
        2,
        4,
        json_response(200, page_json(&[5, 6], paging(4))),
    )
    .await;

    let tokens = client(&server)
        .list_all_access_tokens(ListAccessTokensParams::default().limit(2))
        .await
        .unwrap();

    assert_eq!(ids(&tokens), [1, 2, 3, 4, 5, 6]);
    // The third page was full, but the total was reached: no fourth request.
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, 2, 0, json_response(200, page_json(&[1, 2], None))).await;
    mount_page(&server, 2, 2, json_response(200, page_json(&[3, 4], None))).await;
    mount_page(
        &server,
        2,
        4,
        json_response(200, json!({"access_tokens": null})),
    )
    .await;

    let tokens = client(&server)
        .list_all_access_tokens(ListAccessTokensParams::default().limit(2))
        .await
        .unwrap();

    assert_eq!(ids(&tokens), [1, 2, 3, 4]);
}

#[tokio::test]
async fn without_a_limit_pages_hold_100_and_the_offset_in_params_is_ignored() {
    let server = MockServer::start().await;
    mount_page(&server, 100, 0, json_response(200, page_json(&[1], None))).await;

    let tokens = client(&server)
        .list_all_access_tokens(ListAccessTokensParams::default().offset(500))
        .await
        .unwrap();

    assert_eq!(ids(&tokens), [1]);
}

#[tokio::test]
async fn an_error_on_a_later_page_follows_the_earlier_items_and_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, 2, 0, json_response(200, page_json(&[1, 2], None))).await;
    mount_page(&server, 2, 2, json_response(200, page_json(&[3, 4], None))).await;
    mount_page(
        &server,
        2,
        4,
        json_response(500, json!({"code": 500, "message": "database unavailable"})),
    )
    .await;

    let results: Vec<_> = client(&server)
        .list_access_tokens_stream(ListAccessTokensParams::default().limit(2))
        .collect()
        .await;

    let (items, err) = items_then_error(results);
    assert_eq!(ids(&items), [1, 2, 3, 4]);
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    // The 500 decodes into the list operation's documented 500.
    match err.model() {
        Some(ListAccessTokensError::Status500(body)) => {
            assert_eq!(body.message.as_deref(), Some("database unavailable"))
        }
        other => panic!("expected the documented 500: {other:?}"),
    }
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, page_json(&[1, 2], None)))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut tokens = std::pin::pin!(
        client.list_access_tokens_stream(ListAccessTokensParams::default().limit(2))
    );
    assert_eq!(tokens.try_next().await.unwrap().unwrap().id, Some(1));

    assert_eq!(request_count(&server).await, 1);
}
