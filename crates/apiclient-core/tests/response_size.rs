//! The maximum response size: a success body past it is `Error::ResponseTooLarge`, refused
//! from its `Content-Length` before it is read, or cut off while streaming when no length was
//! announced (chunked); it is not retried. Error bodies keep their own, smaller cap.

mod common;

use apiclient_core::{ApiClient, ClientConfig, DEFAULT_MAX_RESPONSE_SIZE, Error, Method, Request};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const LIMIT: u64 = 64 * 1024;

/// A server on 127.0.0.1 answering every request with `answer`; counts the requests.
async fn serve(answer: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut request = vec![0; 4096];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, count)
}

fn chunked(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(8 * 1024) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

fn sized(length: usize, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// `{"pad":"xx..."}` of exactly `len` bytes.
fn json_of(len: usize) -> Vec<u8> {
    let mut body = br#"{"pad":""#.to_vec();
    body.resize(len - 2, b'x');
    body.extend_from_slice(br#""}"#);
    body
}

async fn get(url: &str) -> Result<usize, Error> {
    let config = ClientConfig::builder(common::PRODUCT)
        .base_url(url)
        .retry_policy(common::fast_retries(3))
        .max_response_size(LIMIT)
        .build()
        .unwrap();
    assert_eq!(config.max_response_size(), LIMIT);
    let response = ApiClient::unauthenticated(config)
        .execute::<serde_json::Value>(Request::new(Method::GET, "/big", "getBig"))
        .await?;
    Ok(response.body.len())
}

#[test]
fn the_default_is_64_mib() {
    let config = ClientConfig::builder(common::PRODUCT)
        .base_url("https://api.example.com")
        .build()
        .unwrap();
    assert_eq!(config.max_response_size(), DEFAULT_MAX_RESPONSE_SIZE);
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 64 * 1024 * 1024);
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_whole_in_either_framing() {
    let body = json_of(LIMIT as usize);
    for answer in [chunked(200, &body), sized(body.len(), &body)] {
        let (url, count) = serve(answer).await;
        assert_eq!(get(&url).await.unwrap(), LIMIT as usize);
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}

#[tokio::test]
async fn a_larger_content_length_is_refused_before_the_body_is_read() {
    // The server announces 1 GB and sends a few bytes: nothing near 1 GB is allocated.
    let (url, count) = serve(sized(1 << 30, b"{}")).await;
    let err = get(&url).await.unwrap_err();
    let Error::ResponseTooLarge(e) = &err else {
        panic!("{err:?}");
    };
    assert_eq!((e.limit, e.content_length), (LIMIT, Some(1 << 30)));
    assert_eq!(e.status, 200);
    assert_eq!(e.path_template, "/big");
    assert_eq!(
        err.to_string(),
        "GET /big: 200 OK: the response body is larger than the maximum response size of 65536 bytes (Content-Length: 1073741824)"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn a_chunked_body_past_the_limit_is_cut_off_while_streaming() {
    let (url, count) = serve(chunked(200, &json_of(LIMIT as usize + 1))).await;
    let err = get(&url).await.unwrap_err();
    let Error::ResponseTooLarge(e) = &err else {
        panic!("{err:?}");
    };
    assert_eq!((e.limit, e.content_length), (LIMIT, None));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(count.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn error_bodies_keep_their_own_cap() {
    let (url, _) = serve(chunked(400, &json_of(4 * LIMIT as usize))).await;
    let err = get(&url).await.unwrap_err();
    let api = err.api_error().expect("an API error");
    assert!(api.body_truncated);
    assert_eq!(api.body.len(), apiclient_core::MAX_ERROR_BODY);
}
