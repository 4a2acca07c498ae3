//! Item 7: Pagination: "fetch one page" becomes a lazy `Stream` of items, for cursor and
//! offset/limit pagination; pages are fetched one at a time, only when needed, and an error
//! ends the stream.

mod common;

use apiclient_core::paginate::{self, CursorPage, OffsetPage};
use apiclient_core::{ApiClient, Error, Method, Request};
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListPage {
    data: Vec<u32>,
    next_cursor: Option<String>,
}

/// How generated code wires a cursor-paginated operation.
fn list_all(client: &ApiClient) -> impl futures::Stream<Item = Result<u32, Error>> + '_ {
    paginate::cursor(move |cursor: Option<String>| async move {
        let request = Request::new(Method::GET, "/items", "listItems")
            .query("perPage", 2)
            .query_opt("cursor", cursor);
        let page: ListPage = client
            .execute::<serde_json::Value>(request)
            .await?
            .json::<ListPage, serde_json::Value>()?
            .into_body();
        Ok(CursorPage {
            items: page.data,
            next_cursor: page.next_cursor,
        })
    })
}

async fn cursor_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param_is_missing("cursor"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [1, 2], "nextCursor": "c2"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("cursor", "c2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [3, 4], "nextCursor": "c3"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("cursor", "c3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [5], "nextCursor": null})),
        )
        .mount(&server)
        .await;
    server
}

async fn cursors_sent(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(
                r.url.query_pairs().find(|(k, _)| k == "perPage").unwrap().1,
                "2"
            );
            r.url
                .query_pairs()
                .find(|(k, _)| k == "cursor")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn cursor_pagination_streams_every_item() {
    let server = cursor_server().await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let all: Vec<u32> = list_all(&client).try_collect().await.unwrap();
    assert_eq!(all, [1, 2, 3, 4, 5]);
    assert_eq!(
        cursors_sent(&server).await,
        [None, Some("c2".to_owned()), Some("c3".to_owned())]
    );
}

#[tokio::test]
async fn pages_are_fetched_lazily_one_at_a_time() {
    let server = cursor_server().await;
    let client = ApiClient::unauthenticated(common::config(&server));
    {
        let stream = list_all(&client);
        futures::pin_mut!(stream);
        // Nothing is fetched before the first item is asked for.
        assert!(server.received_requests().await.unwrap().is_empty());
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 2);
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 3);
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }
    // Taking three items needed two pages.
    let first3: Vec<u32> = list_all(&client)
        .take(3)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(first3, [1, 2, 3]);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [1, 2], "nextCursor": "c2"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"})))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let results: Vec<Result<u32, Error>> = list_all(&client).collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(*results[0].as_ref().unwrap(), 1);
    assert_eq!(*results[1].as_ref().unwrap(), 2);
    assert_eq!(
        results[2].as_ref().unwrap_err().status().unwrap().as_u16(),
        500
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_repeated_or_empty_cursor_ends_the_stream() {
    let calls = std::sync::atomic::AtomicU32::new(0);
    let items: Vec<u32> = paginate::cursor(|cursor: Option<String>| {
        calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            Ok::<_, Error>(CursorPage {
                items: vec![1],
                // The server keeps answering with the same cursor.
                next_cursor: Some(cursor.unwrap_or_else(|| "same".to_owned())),
            })
        }
    })
    .map(Result::unwrap)
    .collect()
    .await;
    assert_eq!(items, [1, 1]);
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);

    let items: Vec<u32> = paginate::cursor(|_c: Option<String>| async {
        Ok::<_, Error>(CursorPage {
            items: vec![7],
            next_cursor: Some(String::new()),
        })
    })
    .map(Result::unwrap)
    .collect()
    .await;
    assert_eq!(items, [7]);
}

/// How generated code wires an offset/limit-paginated operation (total in `X-Total-Count`).
fn list_offset(
    client: &ApiClient,
    limit: u64,
) -> impl futures::Stream<Item = Result<u32, Error>> + '_ {
    paginate::offset(limit, move |offset, limit| async move {
        let request = Request::new(Method::GET, "/things", "listThings")
            .query("offset", offset)
            .query("limit", limit)
            .query("count", true);
        let response = client
            .execute::<serde_json::Value>(request)
            .await?
            .json::<Vec<u32>, serde_json::Value>()?;
        let total = response
            .headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        Ok(OffsetPage {
            items: response.body,
            total,
        })
    })
}

async fn offset_server(items: &[u32], send_total: bool) -> MockServer {
    let server = MockServer::start().await;
    let items = items.to_vec();
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(move |request: &wiremock::Request| {
            let get = |k: &str| -> usize {
                request
                    .url
                    .query_pairs()
                    .find(|(n, _)| n == k)
                    .unwrap()
                    .1
                    .parse()
                    .unwrap()
            };
            let (offset, limit) = (get("offset"), get("limit"));
            let page: Vec<u32> = items.iter().copied().skip(offset).take(limit).collect();
            let mut response = ResponseTemplate::new(200).set_body_json(page);
            if send_total {
                response =
                    response.insert_header("x-total-count", items.len().to_string().as_str());
            }
            response
        })
        .mount(&server)
        .await;
    server
}

async fn offsets_sent(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn offset_pagination_stops_on_a_short_page() {
    let server = offset_server(&[10, 11, 12, 13, 14], false).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let all: Vec<u32> = list_offset(&client, 2).try_collect().await.unwrap();
    assert_eq!(all, [10, 11, 12, 13, 14]);
    assert_eq!(
        offsets_sent(&server).await,
        [
            "offset=0&limit=2&count=true",
            "offset=2&limit=2&count=true",
            "offset=4&limit=2&count=true"
        ]
    );
}

#[tokio::test]
async fn offset_pagination_stops_at_the_total() {
    // Four items in pages of two: without a total a third (empty) page would be fetched.
    let server = offset_server(&[1, 2, 3, 4], true).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let all: Vec<u32> = list_offset(&client, 2).try_collect().await.unwrap();
    assert_eq!(all, [1, 2, 3, 4]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = offset_server(&[1, 2, 3, 4], false).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let all: Vec<u32> = list_offset(&client, 2).try_collect().await.unwrap();
    assert_eq!(all, [1, 2, 3, 4]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let server = offset_server(&[], true).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let all: Vec<u32> = list_offset(&client, 2).try_collect().await.unwrap();
    assert!(all.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn offset_pagination_error_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1, 2])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let results: Vec<_> = list_offset(&client, 2).collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[2].is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
