//! One operation's request, built by generated code and sent by [`ApiClient`](crate::ApiClient).

use crate::error::InvalidRequestError;
use crate::multipart::Form;
use crate::path::{self, PathBuilder, PathError};
use crate::secret::SecretString;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Display;

/// A request body with its content type.
#[derive(Debug, Clone)]
pub struct Body {
    /// The `Content-Type` sent with the body.
    pub content_type: HeaderValue,
    /// The encoded body.
    pub bytes: Bytes,
}

/// What a request carries as its body.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    /// Bytes encoded when the request was built.
    Encoded(Body),
    /// A multipart form, encoded for each attempt.
    Multipart(Form),
}

/// How an object-valued query parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `deepObject`: `name[key]=value` pairs.
    DeepObject,
    /// `form`, exploded: `key=value` pairs.
    FormExplode,
    /// `form`, not exploded: one `name=k1,v1,k2,v2` pair.
    Form,
}

/// A query value; secret ones are never shown in logs or errors.
#[derive(Debug, Clone)]
pub(crate) enum QueryValue {
    Plain(String),
    Secret(SecretString),
}

impl QueryValue {
    pub(crate) fn expose(&self) -> &str {
        match self {
            Self::Plain(v) => v,
            Self::Secret(v) => v.expose_secret(),
        }
    }
}

/// One operation's request: method, path template, parameters, body and call options.
///
/// Input errors (a refused path value, a header value with CR/LF, a body that does not
/// serialize) are kept and reported by [`ApiClient::execute`](crate::ApiClient::execute) as
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest), so building never panics.
///
/// ```
/// use apiclient_core::{Method, Request};
/// let request = Request::new(Method::GET, "/access-tokens/{id}", "getAccessToken")
///     .path_param("id", "7/../8 #?%")
///     .query_opt("limit", Some(10))
///     .header("X-Tenant", "example.com");
/// assert_eq!(request.path(), "/access-tokens/7%2F..%2F8%20%23%3F%25");
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) operation_id: &'static str,
    /// The template itself until a parameter is filled in (no copy for a path without any).
    pub(crate) path: Cow<'static, str>,
    pub(crate) query: Vec<(String, QueryValue)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Payload>,
    pub(crate) authenticated: bool,
    pub(crate) retry_safe: bool,
    pub(crate) error: Option<InvalidRequestError>,
}

impl Request {
    /// A request for `operation_id` at `path_template` (relative to the base URL).
    ///
    /// GET, HEAD, PUT, DELETE, OPTIONS and TRACE are retry-safe by default; POST and PATCH are not.
    pub fn new(method: Method, path_template: &'static str, operation_id: &'static str) -> Self {
        let retry_safe = method.is_idempotent();
        Self {
            method,
            path_template,
            operation_id,
            path: Cow::Borrowed(path_template),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            authenticated: true,
            retry_safe,
            error: None,
        }
    }

    /// A request whose path is put together from the template's literal parts and the
    /// parameter values (as generated code does, so no placeholder can be left unfilled);
    /// `path_template` names the operation in errors and traces.
    ///
    /// ```
    /// use apiclient_core::{Method, Request, path::PathBuilder};
    /// let path = PathBuilder::new().literal("/tokens/").param("id", "a b");
    /// let request = Request::with_path(Method::DELETE, "/tokens/{id}", "deleteToken", path);
    /// assert_eq!(request.path(), "/tokens/a%20b");
    /// ```
    pub fn with_path(
        method: Method,
        path_template: &'static str,
        operation_id: &'static str,
        path: PathBuilder,
    ) -> Self {
        let mut request = Self::new(method, path_template, operation_id);
        match path.build() {
            Ok(path) => request.path = Cow::Owned(path),
            Err((name, e)) => request.fail_path(name, e),
        }
        request
    }

    /// The path with the parameters filled in so far (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path template this request was built from.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// The operation id from the spec.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request may be sent again after a failure that the server may have seen.
    /// Never for a multipart body with a stream part (see [`can_resend`](Self::can_resend)).
    pub fn is_retry_safe(&self) -> bool {
        self.retry_safe && self.can_resend()
    }

    /// Whether the request can be sent more than once at all: false only for a multipart
    /// body with a part read from a stream, which is never retried nor sent again after a
    /// 401, whatever the failure.
    pub fn can_resend(&self) -> bool {
        match &self.body {
            Some(Payload::Multipart(form)) => form.is_repeatable(),
            _ => true,
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(InvalidRequestError::new(message));
    }

    fn fail_path(&mut self, name: &str, error: PathError) {
        let message = match error {
            PathError::NoSuchParameter => format!(
                "path template {} has no parameter {{{name}}}",
                self.path_template
            ),
            PathError::DotSegment => format!("path parameter {name} cannot be `.` or `..`"),
            PathError::Empty => format!("path parameter {name} cannot be empty"),
        };
        self.fail(message);
    }

    /// Fills `{name}` in the path with `value`, percent-encoded as exactly one segment
    /// (empty values, `.` and `..` are refused with an invalid-request error).
    pub fn path_param(mut self, name: &str, value: impl Display) -> Self {
        match path::fill(&self.path, name, &value.to_string()) {
            Ok(filled) => self.path = Cow::Owned(filled),
            Err(e) => self.fail_path(name, e),
        }
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query
            .push((name.to_owned(), QueryValue::Plain(value.to_string())));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds a secret query parameter: sent, but never shown in logs, spans or errors.
    pub fn query_secret(mut self, name: &str, value: &SecretString) -> Self {
        self.query
            .push((name.to_owned(), QueryValue::Secret(value.clone())));
        self
    }

    /// Adds an array query parameter in `form` style: repeated `name=v` pairs when `explode`,
    /// else one `name=v1,v2` pair. An empty array adds nothing.
    pub fn query_array<V: Display>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
        explode: bool,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(|v| v.to_string()).collect();
        if values.is_empty() {
            return self;
        }
        if explode {
            for v in values {
                self = self.query(name, v);
            }
            self
        } else {
            self.query(name, values.join(","))
        }
    }

    /// Adds an object-valued query parameter: `value` is serialized through JSON and each of
    /// its non-null fields is written as `style` says. A value that is not a JSON object adds
    /// nothing.
    ///
    /// ```
    /// use apiclient_core::{Method, ObjectStyle, Request};
    /// let filter = serde_json::json!({ "name": "ci", "gone": null });
    /// let query = |style| {
    ///     let request = Request::new(Method::GET, "/t", "list").query_object("f", &filter, style);
    ///     request.query_pairs().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    /// };
    /// assert_eq!(query(ObjectStyle::DeepObject), "f[name]=ci");
    /// assert_eq!(query(ObjectStyle::FormExplode), "name=ci");
    /// assert_eq!(query(ObjectStyle::Form), "f=name,ci");
    /// ```
    pub fn query_object<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: ObjectStyle,
    ) -> Self {
        let map = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => return self,
            Err(e) => {
                self.fail(format!("query parameter {name} could not be encoded: {e}"));
                return self;
            }
        };
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let pairs = map.iter().filter(|(_, v)| !v.is_null());
        match style {
            ObjectStyle::DeepObject => {
                for (k, v) in pairs {
                    self = self.query(&format!("{name}[{k}]"), text(v));
                }
                self
            }
            ObjectStyle::FormExplode => {
                for (k, v) in pairs {
                    self = self.query(k, text(v));
                }
                self
            }
            ObjectStyle::Form => {
                let joined: Vec<String> = pairs.flat_map(|(k, v)| [k.clone(), text(v)]).collect();
                self.query(name, joined.join(","))
            }
        }
    }

    /// The query parameters added so far, in order (secret values shown as `[REDACTED]`).
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(name, value)| {
            let shown = match value {
                QueryValue::Plain(v) => v.as_str(),
                QueryValue::Secret(_) => "[REDACTED]",
            };
            (name.as_str(), shown)
        })
    }

    /// Adds a header. A name or value that is not valid in HTTP (e.g. one containing CR or LF)
    /// makes the request fail with an invalid-request error; the value is not quoted in it.
    pub fn header(mut self, name: &str, value: impl Display) -> Self {
        let parsed = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value.to_string()),
        );
        match parsed {
            (Ok(n), Ok(v)) => {
                self.headers.append(n, v);
            }
            (Err(_), _) => self.fail(format!("{name:?} is not a valid header name")),
            (_, Err(_)) => self.fail(format!(
                "the value of header {name} contains characters not allowed in HTTP headers"
            )),
        }
        self
    }

    /// Adds a header when `value` is `Some`.
    pub fn header_opt(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// Sets a JSON body with content type `application/json`.
    pub fn json_body<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_body_as("application/json", body)
    }

    /// Sets a JSON body with another JSON content type, e.g. `application/json-patch+json`.
    pub fn json_body_as<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(content_type, bytes),
            Err(e) => self.fail(format!("the request body could not be encoded: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct, a map or a list of
    /// `(name, value)` pairs, fields in order: an array field repeats its name once per item
    /// (`tag=a&tag=b`), `None` and `null` fields are left out, and a nested object is written
    /// as `name[key]=value` pairs.
    ///
    /// ```
    /// use apiclient_core::{Method, Request};
    /// #[derive(serde::Serialize)]
    /// struct Grant { grant_type: &'static str, scope: Vec<&'static str> }
    /// let grant = Grant { grant_type: "client_credentials", scope: vec!["read", "write"] };
    /// let request = Request::new(Method::POST, "/token", "getToken").form_body(&grant);
    /// # let _ = request;
    /// ```
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match crate::urlencoded::to_string(body) {
            Ok(text) => self.set_body("application/x-www-form-urlencoded", text.into_bytes()),
            Err(e) => self.fail(format!("the form body could not be encoded: {e}")),
        }
        self
    }

    /// Sets a raw body with the given content type.
    pub fn bytes_body(mut self, content_type: &'static str, bytes: impl Into<Bytes>) -> Self {
        self.set_body(content_type, bytes);
        self
    }

    /// Sets a `multipart/form-data` body. A form whose parts are all in memory is encoded
    /// again for each attempt (a new boundary each time) and retried as the request's retry
    /// safety says; a form with a part read from a stream is sent once and never retried (see
    /// [`multipart`](crate::multipart)).
    pub fn multipart_body(mut self, form: Form) -> Self {
        if let Some(message) = &form.error {
            self.fail(message.clone());
        }
        self.body = Some(Payload::Multipart(form));
        self
    }

    fn set_body(&mut self, content_type: &'static str, bytes: impl Into<Bytes>) {
        self.body = Some(Payload::Encoded(Body {
            content_type: HeaderValue::from_static(content_type),
            bytes: bytes.into(),
        }));
    }

    /// Sends the request without credentials (an operation with empty `security`).
    pub fn without_auth(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Overrides whether the request may be retried after a failure the server may have seen
    /// (from the spec's `x-retry-safe` extension).
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.retry_safe = safe;
        self
    }
}
