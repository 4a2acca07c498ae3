//! [`RawHttp`]: plain HTTP calls against a fake, for tests that drive a fake without a client.

use http::{HeaderMap, Method};
use serde_json::Value;

/// A plain HTTP caller of one base URL (a fake's `base_url()`), sending fixed headers (such
/// as the fake's credential) with every request.
///
/// Each call returns the whole answer as a [`RawResponse`]; [`RawHttp::assert_statuses`] runs
/// a table of requests that must each get one status.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, FakeServer, RawHttp};
/// use serde_json::json;
///
/// struct Echo;
/// impl FakeApi for Echo {
///     fn handle(&self, req: &FakeRequest) -> FakeResponse {
///         let status = if req.bearer_token() == Some("key") { 200 } else { 401 };
///         FakeResponse::json(status, &json!({"path": req.path(), "body": req.json().ok()}))
///     }
///     fn rate_limited(&self, _retry_after_secs: u64) -> FakeResponse {
///         FakeResponse::json(429, &json!({}))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let fake = FakeServer::start(Echo).await;
/// let http = RawHttp::new(fake.uri()).with_bearer("key");
/// let created = http.post("/items", &json!({"name": "a"})).await;
/// assert_eq!(created.status, 200);
/// assert_eq!(created.body["body"], json!({"name": "a"}));
/// http.assert_statuses([("GET", "/items", None, 200)]).await;
/// RawHttp::new(fake.uri()).assert_statuses([("GET", "/items", None, 401)]).await;
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct RawHttp {
    base_url: String,
    headers: Vec<(String, String)>,
    client: reqwest::Client,
}

/// What a server answered to a [`RawHttp`] call.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body read as JSON; `Value::Null` when it is empty or not JSON.
    pub body: Value,
}

impl RawResponse {
    /// The value of header `name` when it is present and text.
    ///
    /// ```
    /// let resp = apiclient_core::testkit::RawResponse {
    ///     status: 200,
    ///     headers: Default::default(),
    ///     body: serde_json::Value::Null,
    /// };
    /// assert_eq!(resp.header("retry-after"), None);
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl RawHttp {
    /// A caller of `base_url` (requests go to `base_url` followed by their path) sending no
    /// headers of its own.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            headers: Vec::new(),
            // The SDK's own HTTP client: its TLS configuration needs no process-wide provider.
            client: crate::HttpClient::new()
                .expect("the default HTTP client builds")
                .inner,
        }
    }

    /// The same caller, also sending header `name: value` (replacing an earlier one of that
    /// name).
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers
            .retain(|(known, _)| !known.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The same caller, also sending `Authorization: Bearer <token>`.
    #[must_use]
    pub fn with_bearer(self, token: &str) -> Self {
        self.with_header("authorization", format!("Bearer {token}"))
    }

    /// The same caller, also sending `Authorization: Basic` with `user` and `password`.
    #[must_use]
    pub fn with_basic(self, user: &str, password: &str) -> Self {
        use base64::Engine;
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.with_header("authorization", format!("Basic {encoded}"))
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> RawResponse {
        self.send("GET", path, None).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> RawResponse {
        self.send("DELETE", path, None).await
    }

    /// `POST path` with `body` as JSON.
    pub async fn post(&self, path: &str, body: &Value) -> RawResponse {
        self.send("POST", path, Some(body)).await
    }

    /// `PUT path` with `body` as JSON.
    pub async fn put(&self, path: &str, body: &Value) -> RawResponse {
        self.send("PUT", path, Some(body)).await
    }

    /// `PATCH path` with `body` as JSON.
    pub async fn patch(&self, path: &str, body: &Value) -> RawResponse {
        self.send("PATCH", path, Some(body)).await
    }

    /// `POST path` with `pairs` as an `application/x-www-form-urlencoded` body.
    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> RawResponse {
        let form = crate::urlencoded::to_string(pairs).expect("string pairs encode");
        self.send_bytes(
            "POST",
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            form,
        )
        .await
    }

    /// `method path`, with `body` (when given) sent as `application/json`.
    pub async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> RawResponse {
        match body {
            Some(body) => {
                let json = serde_json::to_vec(body).expect("a JSON value serialises");
                self.send_bytes(method, path, &[("content-type", "application/json")], json)
                    .await
            }
            None => self.send_bytes(method, path, &[], Vec::new()).await,
        }
    }

    /// `method path` with the extra `headers` and `body` exactly as given (e.g. malformed
    /// JSON, or another content type). An empty body is not sent at all.
    pub async fn send_bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> RawResponse {
        let method = Method::from_bytes(method.as_bytes()).expect("a valid HTTP method");
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base_url));
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = body.into();
        if !body.is_empty() {
            request = request.body(body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("the body is read");
        RawResponse {
            status,
            headers,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    /// Sends each `(method, path, JSON body, expected status)` in order and asserts its
    /// status, naming the failing case; returns the answers for further checks.
    pub async fn assert_statuses<'a, P, I>(&self, cases: I) -> Vec<RawResponse>
    where
        P: AsRef<str>,
        I: IntoIterator<Item = (&'a str, P, Option<Value>, u16)>,
    {
        let mut answers = Vec::new();
        for (method, path, body, expected) in cases {
            let path = path.as_ref();
            let answer = self.send(method, path, body.as_ref()).await;
            let shown = body.map(|body| body.to_string()).unwrap_or_default();
            assert_eq!(
                answer.status, expected,
                "{method} {path} {shown}: {}",
                answer.body
            );
            answers.push(answer);
        }
        answers
    }
}

/// `path` followed by `pairs` as a form-encoded query (`?a=1&b=x+y`); `path` alone when
/// there are none.
///
/// ```
/// use apiclient_core::testkit::with_query;
/// assert_eq!(with_query("/items", &[("filters", "name eq \"x\"")]), "/items?filters=name+eq+%22x%22");
/// assert_eq!(with_query("/items", &[]), "/items");
/// ```
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query = crate::urlencoded::to_string(pairs).expect("string pairs encode");
    format!("{path}?{query}")
}
