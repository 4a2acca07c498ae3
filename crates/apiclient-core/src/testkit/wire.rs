//! Answers and assertions on what a `wiremock` server received, for tests of generated
//! clients: mount one answer, run the call, then check the one request on the wire.

use serde_json::Value;
use wiremock::matchers::{method as method_is, path as path_is};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The one request `server` received. Panics (failing the test) when there were none or
/// several, or when the server does not record requests.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = wiremock::MockServer::start().await;
/// assert_eq!(apiclient_core::testkit::request_count(&server).await, 0);
/// # }
/// ```
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:?}"
    );
    requests.remove(0)
}

/// How many requests `server` received. Panics when the server does not record requests.
pub async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}

/// Answers `method path` requests on `server` with `response`; the server fails the test when
/// it is dropped unless exactly one such request arrived. Query, headers and body are not
/// matched: check them on [`single_request`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use apiclient_core::testkit::{answer_once, single_request};
/// let server = wiremock::MockServer::start().await;
/// answer_once(&server, "GET", "/items", wiremock::ResponseTemplate::new(204)).await;
/// apiclient_core::testkit::RawHttp::new(server.uri()).get("/items?page=2").await;
/// let request = single_request(&server).await;
/// apiclient_core::testkit::assert_bodiless(&request, "GET", "/items", Some("page=2"));
/// # }
/// ```
pub async fn answer_once(
    server: &MockServer,
    method: &str,
    path: &str,
    response: ResponseTemplate,
) {
    Mock::given(method_is(method))
        .and(path_is(path))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The value of the request's header `name`, when present and text.
pub fn request_header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The request's body read as JSON. Panics (failing the test) when it is not JSON.
pub fn request_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// Asserts `request` is `method path` with exactly the `query` (`None`: no query at all),
/// no body and no `content-type`.
pub fn assert_bodiless(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), query);
    assert!(request.body.is_empty(), "no body: {request:?}");
    assert_eq!(request_header(request, "content-type"), None);
}

/// Asserts `request` is `method path` without a query, carrying `body` as
/// `content-type: application/json`.
pub fn assert_json_request(request: &Request, method: &str, path: &str, body: &Value) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), None);
    assert_eq!(
        request_header(request, "content-type"),
        Some("application/json")
    );
    assert_eq!(&request_json(request), body);
}
