//! [`FakeServer`]: a wiremock server on 127.0.0.1 that routes every request to a [`FakeApi`].

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use serde_json::json;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate, matchers::any};

use super::api::FakeApi;
use super::knobs::{Gate, Knobs};
use super::request::FakeRequest;
use super::response::FakeResponse;
use super::util::lock;

/// A running fake: an HTTP server on `127.0.0.1` (random port) answering with a [`FakeApi`],
/// plus the shared [`Knobs`] and a log of the requests it received.
///
/// The server stops when the value is dropped.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, FakeServer};
///
/// struct Ok200;
/// impl FakeApi for Ok200 {
///     fn handle(&self, _: &FakeRequest) -> FakeResponse { FakeResponse::empty(200) }
///     fn rate_limited(&self, _: u64) -> FakeResponse { FakeResponse::empty(429) }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let fake = FakeServer::start(Ok200).await;
/// assert!(fake.uri().starts_with("http://127.0.0.1:"));
/// assert!(fake.requests().is_empty());
/// # });
/// ```
pub struct FakeServer<A: FakeApi> {
    server: MockServer,
    api: Arc<A>,
    knobs: Knobs,
    log: Arc<Mutex<Vec<FakeRequest>>>,
}

impl<A: FakeApi> std::fmt::Debug for FakeServer<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("uri", &self.server.uri())
            .field("knobs", &self.knobs)
            .finish_non_exhaustive()
    }
}

impl<A: FakeApi> FakeServer<A> {
    /// Starts a server on `127.0.0.1` with a random free port. Needs a Tokio runtime.
    ///
    /// ```
    /// # use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, FakeServer};
    /// # struct Nop;
    /// # impl FakeApi for Nop {
    /// #     fn handle(&self, _: &FakeRequest) -> FakeResponse { FakeResponse::empty(200) }
    /// #     fn rate_limited(&self, _: u64) -> FakeResponse { FakeResponse::empty(429) }
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let fake = FakeServer::start(Nop).await;
    /// assert!(fake.address().ip().is_loopback());
    /// # });
    /// ```
    pub async fn start(api: A) -> Self {
        let server = MockServer::builder().start().await;
        let api = Arc::new(api);
        let knobs = Knobs::default();
        let log = Arc::new(Mutex::new(Vec::new()));
        let responder = Responder {
            api: Arc::clone(&api),
            knobs: knobs.clone(),
            log: Arc::clone(&log),
        };
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;
        Self {
            server,
            api,
            knobs,
            log,
        }
    }

    /// The server's root URL, `http://127.0.0.1:<port>` (no trailing slash).
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// let url = format!("{}/v1/things", fake.uri());
    /// # }
    /// ```
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The socket address the server listens on.
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// let port = fake.address().port();
    /// # }
    /// ```
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The API implementation, e.g. to seed or inspect its state.
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// let api: &A = fake.api();
    /// # }
    /// ```
    pub fn api(&self) -> &A {
        &self.api
    }

    /// The shared switches: rate limit, latency, injected failures.
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// fake.knobs().fail_next(1, 503);
    /// # }
    /// ```
    pub fn knobs(&self) -> &Knobs {
        &self.knobs
    }

    /// Every request received so far, oldest first (including throttled and failed ones).
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// for req in fake.requests() {
    ///     println!("{} {}", req.method(), req.path());
    /// }
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<FakeRequest> {
        lock(&self.log).clone()
    }

    /// Forgets the requests received so far.
    ///
    /// ```no_run
    /// # fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// fake.clear_requests();
    /// assert!(fake.requests().is_empty());
    /// # }
    /// ```
    pub fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// The underlying wiremock server, for anything this type does not cover.
    ///
    /// ```no_run
    /// # async fn f<A: apiclient_core::testkit::FakeApi>(fake: &apiclient_core::testkit::FakeServer<A>) {
    /// let recorded = fake.mock_server().received_requests().await;
    /// # }
    /// ```
    pub fn mock_server(&self) -> &MockServer {
        &self.server
    }
}

/// The wiremock responder: logs, consults the knobs, then asks the API.
struct Responder<A: FakeApi> {
    api: Arc<A>,
    knobs: Knobs,
    log: Arc<Mutex<Vec<FakeRequest>>>,
}

impl<A: FakeApi> Respond for Responder<A> {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let request = FakeRequest::from_wiremock(request);
        lock(&self.log).push(request.clone());
        let (gate, rate_limit, latency) = self.knobs.admit();
        let response = match gate {
            Gate::Canned(response) => return response.into_template(latency),
            Gate::Throttled(retry_after) => self.api.rate_limited(retry_after),
            Gate::Fail(status) => self.api.injected_failure(status),
            Gate::Pass => catch_unwind(AssertUnwindSafe(|| self.api.handle(&request)))
                .unwrap_or_else(|_| {
                    FakeResponse::json(500, &json!({"message": "the fake server panicked"}))
                }),
        };
        self.api
            .decorate(response, &rate_limit)
            .into_template(latency)
    }
}
