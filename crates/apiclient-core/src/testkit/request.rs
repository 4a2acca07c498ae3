//! [`FakeRequest`]: an owned, decoded view of one HTTP request received by a fake.

use std::time::SystemTime;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::util::base64_decode;

/// One HTTP request as a fake sees it: method, decoded path, query pairs, headers and body.
///
/// The fakes receive these from the server; tests read them back from
/// [`FakeServer::requests`](super::FakeServer::requests). [`FakeRequest::new`] builds one by hand,
/// which is handy to unit-test a [`FakeApi`](super::FakeApi) without a socket.
///
/// ```
/// use apiclient_core::testkit::FakeRequest;
///
/// let req = FakeRequest::new("get", "/v1/items%3Alist?limit=2&token=abc")
///     .with_header("Authorization", "Bearer xyz");
/// assert_eq!(req.method(), "GET");
/// assert_eq!(req.path(), "/v1/items:list");
/// assert_eq!(req.query_param("limit"), Some("2"));
/// assert_eq!(req.bearer_token(), Some("xyz"));
/// ```
#[derive(Debug, Clone)]
pub struct FakeRequest {
    method: String,
    path: String,
    raw_query: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    received_at: SystemTime,
}

impl FakeRequest {
    /// Builds a request from a method and a path with an optional `?query`.
    ///
    /// The path is percent-decoded (so `%3A` reads as `:`); query pairs are form-decoded.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("POST", "/a%20b?x=1+2");
    /// assert_eq!(req.path(), "/a b");
    /// assert_eq!(req.query_param("x"), Some("1 2"));
    /// ```
    pub fn new(method: &str, path_and_query: &str) -> Self {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        Self {
            method: method.to_ascii_uppercase(),
            path: decode_path(path),
            raw_query: query.map(str::to_owned),
            query: query.map(parse_pairs).unwrap_or_default(),
            headers: Vec::new(),
            body: Vec::new(),
            received_at: SystemTime::now(),
        }
    }

    /// Adds a header (names compare case-insensitively).
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/").with_header("X-A", "1");
    /// assert_eq!(req.header("x-a"), Some("1"));
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body bytes.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("POST", "/").with_body(r#"{"a":1}"#);
    /// assert_eq!(req.json().unwrap()["a"], 1);
    /// ```
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub(crate) fn from_wiremock(request: &wiremock::Request) -> Self {
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Self {
            method: request.method.as_str().to_ascii_uppercase(),
            path: decode_path(request.url.path()),
            raw_query: request.url.query().map(str::to_owned),
            query: request.url.query().map(parse_pairs).unwrap_or_default(),
            headers,
            body: request.body.clone(),
            received_at: SystemTime::now(),
        }
    }

    /// The upper-case HTTP method, e.g. `"GET"`.
    ///
    /// ```
    /// assert_eq!(apiclient_core::testkit::FakeRequest::new("patch", "/").method(), "PATCH");
    /// ```
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The percent-decoded path, e.g. `/v1/access-tokens/5:regenerate`.
    ///
    /// ```
    /// assert_eq!(apiclient_core::testkit::FakeRequest::new("GET", "/x/y").path(), "/x/y");
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path split on `/`, without the leading empty segment.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/v1/a/");
    /// assert_eq!(req.path_segments(), vec!["v1", "a", ""]);
    /// ```
    pub fn path_segments(&self) -> Vec<&str> {
        self.path
            .strip_prefix('/')
            .unwrap_or(&self.path)
            .split('/')
            .collect()
    }

    /// The query string exactly as received (still encoded), if there was one.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/?a=%20");
    /// assert_eq!(req.raw_query(), Some("a=%20"));
    /// ```
    pub fn raw_query(&self) -> Option<&str> {
        self.raw_query.as_deref()
    }

    /// All decoded query pairs, in order.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/?a=1&a=2");
    /// assert_eq!(req.query().len(), 2);
    /// ```
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query parameter `name`.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/?owner-id=me");
    /// assert_eq!(req.query_param("owner-id"), Some("me"));
    /// assert_eq!(req.query_param("missing"), None);
    /// ```
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// All headers as `(lower-case name, value)` pairs, in order.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/").with_header("A", "b");
    /// assert_eq!(req.headers(), &[("a".to_string(), "b".to_string())]);
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive).
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/").with_header("X-Tenant", "t");
    /// assert_eq!(req.header("x-tenant"), Some("t"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The media type of the `Content-Type` header, lower-case and without parameters.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("PATCH", "/")
    ///     .with_header("Content-Type", "Application/JSON-Patch+JSON; charset=utf-8");
    /// assert_eq!(req.content_type().as_deref(), Some("application/json-patch+json"));
    /// ```
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The raw body bytes (empty when the request had none).
    ///
    /// ```
    /// assert!(apiclient_core::testkit::FakeRequest::new("GET", "/").body().is_empty());
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("POST", "/").with_body("hi");
    /// assert_eq!(req.body_text(), "hi");
    /// ```
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the body is empty or only whitespace.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("PUT", "/").with_body(" \n");
    /// assert!(req.body_is_empty());
    /// ```
    pub fn body_is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The body parsed as JSON; the error is a human-readable parse message.
    ///
    /// ```
    /// use apiclient_core::testkit::FakeRequest;
    ///
    /// assert!(FakeRequest::new("POST", "/").with_body("{").json().is_err());
    /// assert_eq!(FakeRequest::new("POST", "/").with_body("[1]").json().unwrap()[0], 1);
    /// ```
    pub fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body).map_err(|err| err.to_string())
    }

    /// The body parsed as `application/x-www-form-urlencoded` pairs.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("POST", "/")
    ///     .with_body("grant_type=client_credentials&client_id=a%2Bb");
    /// assert_eq!(req.form()[1], ("client_id".to_string(), "a+b".to_string()));
    /// ```
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/")
    ///     .with_header("authorization", "bearer abc");
    /// assert_eq!(req.bearer_token(), Some("abc"));
    /// ```
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self.header("authorization")?.trim();
        let (scheme, token) = value.split_once(' ')?;
        let token = token.trim();
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
    }

    /// The `(user, password)` of an `Authorization: Basic ...` header.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("POST", "/")
    ///     .with_header("Authorization", "Basic dXNlcjpwYXNz");
    /// assert_eq!(req.basic_auth(), Some(("user".to_string(), "pass".to_string())));
    /// ```
    pub fn basic_auth(&self) -> Option<(String, String)> {
        let value = self.header("authorization")?.trim();
        let (scheme, encoded) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
        let (user, password) = decoded.split_once(':')?;
        Some((user.to_owned(), password.to_owned()))
    }

    /// When the fake received the request.
    ///
    /// ```
    /// let req = apiclient_core::testkit::FakeRequest::new("GET", "/");
    /// assert!(req.received_at() <= std::time::SystemTime::now());
    /// ```
    pub fn received_at(&self) -> SystemTime {
        self.received_at
    }
}

fn decode_path(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

fn parse_pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}
