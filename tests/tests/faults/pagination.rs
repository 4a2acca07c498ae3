//! Streams over servers that never stop paging (a cursor cycling A→B→A, an ignored `offset`),
//! and success bodies larger than any real page: each must end with an error, not run
//! forever or buffer without bound.

use std::time::Duration;

use futures::StreamExt;

use super::harness::bounded;
use super::providers::{Kind, Op, Provider, Setup};
use super::server::{FaultServer, Reply, json};

/// Pages a well-behaved stream may read before it must have stopped a looping server.
const PAGES: usize = 20;

const GMOD_TOKEN_RECORD: &str = r#"{"id":"3f1c1a52-6a39-4c41-9a5e-3b3a3f4e9c11","name":"probe","abilities":[],"createdAt":"2024-01-02T15:04:05Z","updatedAt":"2024-01-02T15:04:05Z"}"#;

/// A GModStore page of one token whose `cursors.next` is `next`.
fn gmod_page(next: &str) -> Reply {
    Reply::Send(json(
        200,
        format!(
            r#"{{"data":[{GMOD_TOKEN_RECORD}],"cursors":{{"prev":null,"next":{next}}},"connections":[],"meta":{{"perPage":1}}}}"#
        ),
    ))
}

fn gmod(server: &FaultServer) -> gmodstore_pat::Client {
    match Provider::Gmodstore.client(&server.url(), &Setup::default()) {
        super::providers::AnyClient::Gmodstore(c) => c,
        _ => unreachable!("a GModStore client"),
    }
}

fn xms(server: &FaultServer) -> xms_tokens::Client {
    match Provider::XmsHeader.client(&server.url(), &Setup::default()) {
        super::providers::AnyClient::Xms(c) => c,
        _ => unreachable!("an XMS client"),
    }
}

/// Reads at most `PAGES` items of `stream`: how many were items, and whether it ended in an
/// error.
async fn read_bounded<T, E>(stream: impl futures::Stream<Item = Result<T, E>>) -> (usize, bool) {
    let items: Vec<Result<T, E>> = bounded("stream", stream.take(PAGES).collect()).await;
    let ok = items.iter().filter(|i| i.is_ok()).count();
    (ok, items.iter().any(Result::is_err))
}

#[tokio::test]
async fn a_cursor_repeating_itself_ends_the_stream() {
    let server = FaultServer::always(|| gmod_page(r#""A""#)).await;
    let client = gmod(&server);
    let (items, failed) =
        read_bounded(client.list_personal_access_tokens_stream(Default::default())).await;
    assert_eq!((items, failed), (2, false));
    assert_eq!(server.count("GET"), 2);
}

#[tokio::test]
async fn a_cycling_cursor_ends_the_stream_with_an_error() {
    let server = FaultServer::start(|request, _| {
        if request.target.contains("cursor=A") {
            gmod_page(r#""B""#)
        } else {
            gmod_page(r#""A""#)
        }
    })
    .await;
    let client = gmod(&server);
    let (items, failed) =
        read_bounded(client.list_personal_access_tokens_stream(Default::default())).await;
    assert!(failed, "the stream ends with an error ({items} items read)");
    assert!(items < PAGES);
}

#[tokio::test]
async fn a_server_ignoring_the_offset_ends_the_stream_with_an_error() {
    let server = FaultServer::always(|| {
        Reply::Send(json(
            200,
            r#"{"access_tokens":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}"#,
        ))
    })
    .await;
    let client = xms(&server);
    let params = xms_tokens::ListAccessTokensParams::default().limit(2);
    let (items, failed) = read_bounded(client.list_access_tokens_stream(params)).await;
    assert!(failed, "the stream ends with an error ({items} items read)");
    assert!(items < PAGES);
}

#[tokio::test]
async fn a_success_body_past_the_maximum_response_size_is_a_typed_error() {
    // 80 MiB, above the 64 MiB default the policy is to get; valid JSON the model accepts.
    let prefix = br#"{"access_token":{"name":""#.to_vec();
    let chunk = vec![b'x'; 1024 * 1024];
    let times = 80;
    let tail = br#""}}"#.to_vec();
    let length = prefix.len() + times * chunk.len() + tail.len();
    let server = FaultServer::always(move || {
        let mut head =
            super::server::head(200, &[("content-type", "application/json")], Some(length));
        head.extend_from_slice(&prefix);
        Reply::Stream {
            head,
            chunk: chunk.clone(),
            times,
            tail: tail.clone(),
        }
    })
    .await;
    let setup = Setup {
        attempt_timeout: Duration::from_secs(15),
        total_timeout: Duration::from_secs(18),
        ..Setup::default()
    };
    let client = Provider::XmsHeader.client(&server.url(), &setup);
    let failure = bounded("huge body", client.call(Op::Get))
        .await
        .expect_err("the body is larger than the maximum response size");
    assert_ne!(failure.kind, Kind::Timeout, "{}", failure.display);
    assert_eq!(server.count("GET"), 1, "not retried");
}

#[tokio::test]
async fn a_caller_set_page_limit_ends_a_stream_of_fresh_cursors_with_an_error() {
    // Every page names a new cursor: only the page limit stops the stream.
    let server = FaultServer::start(|request, _| {
        let page = request
            .target
            .split("cursor=")
            .nth(1)
            .and_then(|c| c.parse::<u64>().ok())
            .unwrap_or(0);
        gmod_page(&format!(r#""{}""#, page + 1))
    })
    .await;
    let client = gmodstore_pat::Client::builder()
        .base_url(server.url())
        .personal_access_token(super::providers::GMOD_TOKEN)
        .max_pages(3)
        .build()
        .expect("client");
    let items: Vec<_> = bounded(
        "stream",
        client
            .list_personal_access_tokens_stream(Default::default())
            .take(PAGES)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(items.len(), 4, "three pages of one token, then the error");
    assert!(items[..3].iter().all(Result::is_ok));
    match &items[3] {
        Err(gmodstore_pat::Error::Pagination(e)) => assert_eq!(
            e.kind,
            apiclient_core::paginate::PaginationErrorKind::TooManyPages { limit: 3 }
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count("GET"), 3);
}
