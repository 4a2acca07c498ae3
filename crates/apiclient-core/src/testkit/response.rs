//! [`FakeResponse`]: what a fake answers, before it is turned into a wiremock response.

use std::time::Duration;

use http::{HeaderName, HeaderValue};
use serde_json::Value;
use wiremock::ResponseTemplate;

/// An HTTP response built by a fake: status, headers and an optional body.
///
/// ```
/// use apiclient_core::testkit::FakeResponse;
/// use serde_json::json;
///
/// let resp = FakeResponse::json(404, &json!({"message": "Not Found"}))
///     .with_header("X-RateLimit-Limit", "60");
/// assert_eq!(resp.status(), 404);
/// assert_eq!(resp.header("x-ratelimit-limit"), Some("60"));
/// assert_eq!(resp.json_body().unwrap()["message"], "Not Found");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FakeResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    content_type: Option<String>,
}

impl FakeResponse {
    /// A response with a JSON body (`Content-Type: application/json`).
    ///
    /// ```
    /// let resp = apiclient_core::testkit::FakeResponse::json(201, &serde_json::json!({"a": 1}));
    /// assert_eq!(resp.body(), br#"{"a":1}"#);
    /// ```
    pub fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
            content_type: Some("application/json".to_owned()),
        }
    }

    /// A response without a body, e.g. `204 No Content`.
    ///
    /// ```
    /// let resp = apiclient_core::testkit::FakeResponse::empty(204);
    /// assert!(resp.body().is_empty());
    /// ```
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            content_type: None,
        }
    }

    /// A response with an arbitrary body and content type (e.g. a malformed JSON body).
    ///
    /// ```
    /// let resp = apiclient_core::testkit::FakeResponse::raw(200, "text/plain", "ok");
    /// assert_eq!(resp.content_type(), Some("text/plain"));
    /// ```
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            content_type: Some(content_type.to_owned()),
        }
    }

    /// Sets header `name` to `value`, replacing earlier values of the same name.
    ///
    /// ```
    /// let resp = apiclient_core::testkit::FakeResponse::empty(429)
    ///     .with_header("Retry-After", "1")
    ///     .with_header("retry-after", "2");
    /// assert_eq!(resp.headers().len(), 1);
    /// assert_eq!(resp.header("Retry-After"), Some("2"));
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers
            .retain(|(key, _)| !key.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// The status code.
    ///
    /// ```
    /// assert_eq!(apiclient_core::testkit::FakeResponse::empty(204).status(), 204);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers set with [`with_header`](Self::with_header), in order.
    ///
    /// ```
    /// assert!(apiclient_core::testkit::FakeResponse::empty(204).headers().is_empty());
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of header `name` (case-insensitive).
    ///
    /// ```
    /// let resp = apiclient_core::testkit::FakeResponse::empty(200).with_header("A", 1);
    /// assert_eq!(resp.header("a"), Some("1"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body's content type, if it has a body.
    ///
    /// ```
    /// assert_eq!(apiclient_core::testkit::FakeResponse::empty(204).content_type(), None);
    /// ```
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body bytes.
    ///
    /// ```
    /// assert_eq!(apiclient_core::testkit::FakeResponse::raw(200, "text/plain", "x").body(), b"x");
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body parsed as JSON, if it is JSON.
    ///
    /// ```
    /// assert!(apiclient_core::testkit::FakeResponse::empty(204).json_body().is_none());
    /// ```
    pub fn json_body(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Converts into a wiremock template; invalid header names or values are skipped.
    pub(crate) fn into_template(self, delay: Duration) -> ResponseTemplate {
        let status = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut template = ResponseTemplate::new(status);
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                template = template.append_header(name, value);
            }
        }
        if let Some(content_type) = &self.content_type {
            if HeaderValue::from_str(content_type).is_ok() {
                template = template.set_body_raw(self.body, content_type);
            } else {
                template = template.set_body_bytes(self.body);
            }
        }
        if !delay.is_zero() {
            template = template.set_delay(delay);
        }
        template
    }
}
