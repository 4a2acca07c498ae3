//! `multipart/form-data` and `application/x-www-form-urlencoded` bodies, asserted on the wire:
//! every part's name, file name, content type and content; an in-memory form retried with the
//! same parts; a form with a stream part sent once and never again (not after a 503, a 429 or
//! a 401, and not from a clone); input errors reported before anything is sent.

mod common;

use apiclient_core::AuthError;
use apiclient_core::auth::AuthProvider;
use apiclient_core::multipart::{FilePart, Form};
use apiclient_core::{ApiClient, Error, Method, Request, StatusCode};
use bytes::Bytes;
use common::multipart::{WirePart, parts};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(statuses: &[u16]) -> MockServer {
    let server = MockServer::start().await;
    for (i, status) in statuses.iter().enumerate() {
        let last = i + 1 == statuses.len();
        let mut mock = Mock::given(any())
            .respond_with(ResponseTemplate::new(*status))
            .with_priority(u8::try_from(i + 1).unwrap());
        if !last {
            mock = mock.up_to_n_times(1);
        }
        mock.mount(&server).await;
    }
    server
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap()
}

fn report_form() -> Form {
    Form::new()
        .text("title", "Quarterly report")
        .text("tag", "finance")
        .text("tag", "q3 \"final\"")
        .json("meta", &serde_json::json!({"pages": 3}))
        .text_as("note", "<b>hi</b>", "text/html")
        .file(
            "attachment",
            FilePart::bytes(Bytes::from_static(b"%PDF-1.7\r\n--not-a-boundary\r\n"))
                .file_name("report \"v2\".pdf")
                .content_type("application/pdf"),
        )
        .file("raw", FilePart::from(vec![0u8, 159, 146, 150]))
}

fn report_parts() -> Vec<WirePart> {
    vec![
        WirePart::new("title", None, b"Quarterly report"),
        WirePart::new("tag", None, b"finance"),
        WirePart::new("tag", None, b"q3 \"final\""),
        WirePart::new("meta", Some("application/json"), br#"{"pages":3}"#),
        WirePart::new("note", Some("text/html"), b"<b>hi</b>"),
        WirePart::new(
            "attachment",
            Some("application/pdf"),
            b"%PDF-1.7\r\n--not-a-boundary\r\n",
        )
        .file("report \"v2\".pdf"),
        WirePart::new(
            "raw",
            Some("application/octet-stream"),
            &[0u8, 159, 146, 150],
        ),
    ]
}

#[tokio::test]
async fn an_in_memory_form_is_sent_part_by_part_with_a_length() {
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    client
        .execute::<()>(
            Request::new(Method::POST, "/reports", "uploadReport").multipart_body(report_form()),
        )
        .await
        .unwrap();
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(parts(&sent[0]), report_parts());
    let length = sent[0].headers.get("content-length").expect("a length");
    assert_eq!(length.to_str().unwrap(), sent[0].body.len().to_string());
    assert!(sent[0].headers.get("transfer-encoding").is_none());
}

#[tokio::test]
async fn field_names_with_quotes_or_line_breaks_cannot_break_the_part_headers() {
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let form = Form::new().text("a\"b\r\nX-Injected: 1", "v").file(
        "f",
        FilePart::bytes(b"x".to_vec()).file_name("evil\r\nContent-Type: text/html.txt"),
    );
    client
        .execute::<()>(Request::new(Method::POST, "/x", "x").multipart_body(form))
        .await
        .unwrap();
    let sent = parts(&received(&server).await[0]);
    assert_eq!(sent[0].name, "a%22b%0D%0AX-Injected: 1");
    assert_eq!(
        sent[1].file_name.as_deref(),
        Some("evil%0D%0AContent-Type: text/html.txt")
    );
    assert!(sent.iter().all(|p| p.other_headers.is_empty()), "{sent:?}");
}

#[tokio::test]
async fn an_in_memory_form_is_retried_with_the_same_parts() {
    let server = server_answering(&[503, 503, 200]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let request =
        Request::new(Method::PUT, "/reports/7", "putReport").multipart_body(report_form());
    assert!(request.is_retry_safe() && request.can_resend());
    client.execute::<()>(request).await.unwrap();
    let sent = received(&server).await;
    assert_eq!(sent.len(), 3);
    for request in &sent {
        assert_eq!(parts(request), report_parts());
    }
}

fn streamed_form() -> Form {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"hello ")),
        Ok(Bytes::from_static(b"streamed ")),
        Ok(Bytes::from_static(b"world")),
    ];
    Form::new().text("kind", "log").file(
        "log",
        FilePart::stream(futures::stream::iter(chunks))
            .file_name("app.log")
            .content_type("text/plain"),
    )
}

fn streamed_parts() -> Vec<WirePart> {
    vec![
        WirePart::new("kind", None, b"log"),
        WirePart::new("log", Some("text/plain"), b"hello streamed world").file("app.log"),
    ]
}

#[tokio::test]
async fn a_form_with_a_stream_part_is_sent_once_and_a_503_is_returned_not_retried() {
    let server = server_answering(&[503]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let request = Request::new(Method::PUT, "/logs/1", "putLog").multipart_body(streamed_form());
    assert!(!request.is_retry_safe() && !request.can_resend());
    let request = request.retry_safe(true);
    assert!(
        !request.is_retry_safe(),
        "a stream cannot be made retry-safe"
    );
    let err = client.execute::<()>(request).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE), "{err}");
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1, "sent again");
    assert_eq!(parts(&sent[0]), streamed_parts());
}

/// Credentials that can always be refreshed: a 401 makes the client send the request again.
#[derive(Debug)]
struct Refreshable;

#[async_trait::async_trait]
impl AuthProvider for Refreshable {
    async fn authorize(
        &self,
        request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Result<(), AuthError> {
        request
            .headers_mut()
            .insert("authorization", "Bearer fresh-token".parse().unwrap());
        Ok(())
    }

    fn invalidate(&self) -> bool {
        true
    }
}

#[tokio::test]
async fn a_form_with_a_stream_part_is_not_sent_again_after_a_429_or_a_401() {
    // What an in-memory form gets: sent again after each.
    for status in [429, 401] {
        let server = server_answering(&[status, 204]).await;
        let client = ApiClient::new(common::config(&server), Refreshable).unwrap();
        let request = Request::new(Method::POST, "/logs", "postLog").multipart_body(report_form());
        client.execute::<()>(request).await.unwrap();
        let sent = received(&server).await;
        assert_eq!(sent.len(), 2, "{status}");
        assert_eq!(parts(&sent[0]), parts(&sent[1]));
    }
    for status in [429, 401] {
        let server = server_answering(&[status, 204]).await;
        let client = ApiClient::new(common::config(&server), Refreshable).unwrap();
        let request =
            Request::new(Method::POST, "/logs", "postLog").multipart_body(streamed_form());
        let err = client.execute::<()>(request).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err}");
        assert_eq!(received(&server).await.len(), 1, "{status}: sent again");
    }
}

#[tokio::test]
async fn a_clone_of_a_sent_stream_form_is_an_invalid_request_and_sends_nothing() {
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let request = Request::new(Method::POST, "/logs", "postLog").multipart_body(streamed_form());
    let copy = request.clone();
    client.execute::<()>(request).await.unwrap();
    let err = client.execute::<()>(copy).await.unwrap_err();
    match &err {
        Error::InvalidRequest(e) => assert!(
            e.message.contains("log") && e.message.contains("sent only once"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_stream_that_fails_is_a_transport_error_and_not_retried() {
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"start")),
        Err(std::io::Error::other("disk gone")),
    ];
    let form = Form::new().file("f", FilePart::stream(futures::stream::iter(chunks)));
    let err = client
        .execute::<()>(Request::new(Method::PUT, "/f", "putF").multipart_body(form))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(received(&server).await.len() <= 1);
}

#[tokio::test]
async fn bad_parts_are_invalid_requests_before_anything_is_sent() {
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let bad_type = Form::new().file(
        "f",
        FilePart::bytes(b"x".to_vec()).content_type("not a media type"),
    );
    let not_json = Form::new().json(
        "m",
        &std::collections::HashMap::from([((1, 2), "tuple keys are not JSON")]),
    );
    for (form, expected) in [(bad_type, "not a media type"), (not_json, "part m")] {
        let err = client
            .execute::<()>(Request::new(Method::PUT, "/f", "putF").multipart_body(form))
            .await
            .unwrap_err();
        match &err {
            Error::InvalidRequest(e) => assert!(e.message.contains(expected), "{e}"),
            other => panic!("{other:?}"),
        }
    }
    assert!(received(&server).await.is_empty());
}

#[test]
fn debug_shows_part_names_and_sizes_never_contents() {
    let form = Form::new().text("password", "hunter2-secret").file(
        "key",
        FilePart::bytes(b"-----BEGIN PRIVATE KEY-----".to_vec()).file_name("id.pem"),
    );
    assert_eq!(form.len(), 2);
    assert_eq!(form.names().collect::<Vec<_>>(), ["password", "key"]);
    let request = Request::new(Method::POST, "/k", "k").multipart_body(form);
    let shown = format!("{request:?}");
    assert!(
        shown.contains("password") && shown.contains("id.pem"),
        "{shown}"
    );
    assert!(
        !shown.contains("hunter2") && !shown.contains("BEGIN"),
        "{shown}"
    );
}

#[tokio::test]
async fn form_bodies_repeat_the_name_of_an_array_field() {
    #[derive(serde::Serialize)]
    struct Grant {
        grant_type: &'static str,
        scope: Option<&'static str>,
        tags: Vec<&'static str>,
        ids: Option<Vec<i64>>,
    }
    let server = server_answering(&[204]).await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let grant = Grant {
        grant_type: "client_credentials",
        scope: None,
        tags: vec!["a b", "c&d"],
        ids: Some(vec![1, 2]),
    };
    client
        .execute::<()>(Request::new(Method::POST, "/token", "token").form_body(&grant))
        .await
        .unwrap();
    let sent = &received(&server).await[0];
    assert_eq!(
        sent.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        std::str::from_utf8(&sent.body).unwrap(),
        "grant_type=client_credentials&tags=a+b&tags=c%26d&ids=1&ids=2"
    );
}
