//! Assertions on what a `wiremock` server received, for tests of generated clients.

use wiremock::{MockServer, Request};

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
