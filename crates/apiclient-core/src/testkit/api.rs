//! [`FakeApi`]: the trait an API-specific fake implements to plug into [`FakeServer`](super::FakeServer).

use serde_json::json;

use super::knobs::RateLimitStatus;
use super::request::FakeRequest;
use super::response::FakeResponse;

/// The behaviour of one fake API; [`FakeServer`](super::FakeServer) does the rest.
///
/// `handle` answers requests that passed the shared knobs; the other hooks let the fake shape
/// the responses the knobs produce, so that they carry the vendor's headers and error format.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse};
/// use serde_json::json;
///
/// struct Hello;
///
/// impl FakeApi for Hello {
///     fn handle(&self, req: &FakeRequest) -> FakeResponse {
///         FakeResponse::json(200, &json!({"path": req.path()}))
///     }
///
///     fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
///         FakeResponse::json(429, &json!({"message": "slow down"}))
///             .with_header("Retry-After", retry_after_secs)
///     }
/// }
///
/// let resp = Hello.handle(&FakeRequest::new("GET", "/hi"));
/// assert_eq!(resp.json_body().unwrap()["path"], "/hi");
/// ```
pub trait FakeApi: Send + Sync + 'static {
    /// Answers one request (auth, routing, validation and state are all up to the fake).
    ///
    /// Must never panic on malformed input; if it does anyway the server answers 500.
    fn handle(&self, request: &FakeRequest) -> FakeResponse;

    /// The vendor's 429 answer, with `Retry-After` set to `retry_after_secs`.
    fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse;

    /// The answer to a request failed on purpose by [`Knobs::fail_next`](super::Knobs::fail_next).
    ///
    /// The default is `{"message": "<reason phrase>"}` with the given status.
    ///
    /// ```
    /// # use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse};
    /// # struct Nop;
    /// # impl FakeApi for Nop {
    /// #     fn handle(&self, _: &FakeRequest) -> FakeResponse { FakeResponse::empty(200) }
    /// #     fn rate_limited(&self, _: u64) -> FakeResponse { FakeResponse::empty(429) }
    /// # }
    /// let resp = Nop.injected_failure(503);
    /// assert_eq!(resp.json_body().unwrap()["message"], "Service Unavailable");
    /// ```
    fn injected_failure(&self, status: u16) -> FakeResponse {
        FakeResponse::json(status, &json!({ "message": reason_phrase(status) }))
    }

    /// Adds what every response of the vendor carries (e.g. `X-RateLimit-*` headers).
    ///
    /// Called for handled, throttled and failed responses, not for canned ones. The default
    /// returns the response unchanged.
    ///
    /// ```
    /// # use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, Knobs};
    /// # struct Nop;
    /// # impl FakeApi for Nop {
    /// #     fn handle(&self, _: &FakeRequest) -> FakeResponse { FakeResponse::empty(200) }
    /// #     fn rate_limited(&self, _: u64) -> FakeResponse { FakeResponse::empty(429) }
    /// # }
    /// let status = Knobs::default().rate_limit_status();
    /// assert_eq!(Nop.decorate(FakeResponse::empty(204), &status).status(), 204);
    /// ```
    fn decorate(&self, response: FakeResponse, rate_limit: &RateLimitStatus) -> FakeResponse {
        let _ = rate_limit;
        response
    }
}

/// The canonical reason phrase of `status`, or `"Error"` for unknown codes.
///
/// ```
/// assert_eq!(apiclient_core::testkit::reason_phrase(404), "Not Found");
/// assert_eq!(apiclient_core::testkit::reason_phrase(599), "Error");
/// ```
pub fn reason_phrase(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("Error")
}
