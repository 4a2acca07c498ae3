//! The one error type every operation returns.

use crate::config::ConfigError;
use crate::message::{MESSAGE_CHARS, one_line, snippet_hiding};
use crate::paginate::PaginationError;
use crate::rate_limit::RateLimitInfo;
use crate::redact::is_sensitive_key;
use bytes::Bytes;
use http::{Method, StatusCode};
use std::fmt;
use std::time::Duration;

/// Error bodies are kept up to this many bytes; the rest is dropped.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Everything that can go wrong in a call, as one type a caller can match on.
///
/// `E` is the API's typed error model (generated from the spec), decoded leniently from the body
/// of an error response when it fits. `Display` is one readable line and never contains a
/// secret: no header values, no query strings, only the method and the path *template*.
///
/// ```
/// # fn handle(err: apiclient_core::Error) {
/// if err.is_not_found() {
///     println!("already gone");
/// } else if let Some(wait) = err.retry_after() {
///     println!("rate limited, retry in {wait:?}");
/// } else {
///     eprintln!("{err}");
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status the operation does not treat as success.
    Api(Box<ApiError<E>>),
    /// The request could not be sent or the response not received.
    Transport(TransportError),
    /// An attempt or the whole call ran out of time.
    Timeout(TimeoutError),
    /// A success response did not match the documented model.
    Decode(DecodeError),
    /// The request could not be built from the given input (e.g. a header value with CR/LF).
    InvalidRequest(InvalidRequestError),
    /// Credentials could not be obtained or were rejected by the token endpoint.
    Auth(AuthError),
    /// The client configuration is invalid.
    Config(ConfigError),
    /// A success response was larger than the maximum response size; it was not read further.
    ResponseTooLarge(ResponseTooLargeError),
    /// A paginated list was stopped because the server did not stop paging.
    Pagination(PaginationError),
}

impl<E> Error<E> {
    /// The HTTP status, for API errors and auth errors that came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::ResponseTooLarge(e) => Some(e.status),
            Self::Auth(e) => e.status,
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The API's typed error model, when the error body fit it.
    pub fn model(&self) -> Option<&E> {
        self.api_error()?.model.as_ref()
    }

    /// True for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True for a 429 answer.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// True for a 401 or 403 answer, or a failure to obtain credentials.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Auth(_))
            || matches!(
                self.status(),
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// True for a timeout of one attempt or of the whole call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// How long the server asked to wait, from `Retry-After` or the rate-limit reset.
    pub fn retry_after(&self) -> Option<Duration> {
        self.rate_limit()?
            .suggested_wait(std::time::SystemTime::now())
    }

    /// Rate-limit information sent with the error response.
    pub fn rate_limit(&self) -> Option<&RateLimitInfo> {
        self.api_error().map(|e| &e.rate_limit)
    }

    /// The request or tracking id the server sent, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error()?.request_id.as_deref()
    }

    /// Converts the typed error model, keeping everything else.
    pub fn map_model<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Self::Api(e) => {
                let e = *e;
                Error::Api(Box::new(ApiError {
                    model: e.model.map(f),
                    status: e.status,
                    method: e.method,
                    path_template: e.path_template,
                    operation_id: e.operation_id,
                    request_id: e.request_id,
                    rate_limit: e.rate_limit,
                    body: e.body,
                    body_truncated: e.body_truncated,
                    message: e.message,
                }))
            }
            Self::Transport(e) => Error::Transport(e),
            Self::Timeout(e) => Error::Timeout(e),
            Self::Decode(e) => Error::Decode(e),
            Self::InvalidRequest(e) => Error::InvalidRequest(e),
            Self::Auth(e) => Error::Auth(e),
            Self::Config(e) => Error::Config(e),
            Self::ResponseTooLarge(e) => Error::ResponseTooLarge(e),
            Self::Pagination(e) => Error::Pagination(e),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
            Self::InvalidRequest(e) => e.fmt(f),
            Self::Auth(e) => e.fmt(f),
            Self::Config(e) => e.fmt(f),
            Self::ResponseTooLarge(e) => e.fmt(f),
            Self::Pagination(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<ConfigError> for Error<E> {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}

impl<E> From<AuthError> for Error<E> {
    fn from(e: AuthError) -> Self {
        Self::Auth(e)
    }
}

impl<E> From<PaginationError> for Error<E> {
    fn from(e: PaginationError) -> Self {
        Self::Pagination(e)
    }
}

impl<E> From<InvalidRequestError> for Error<E> {
    fn from(e: InvalidRequestError) -> Self {
        Self::InvalidRequest(e)
    }
}

/// An answer with a status the operation does not treat as success.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The request's method.
    pub method: Method,
    /// The operation's path template, e.g. `/personal-access-tokens/{id}` (never the filled path).
    pub path_template: &'static str,
    /// The operation id from the spec.
    pub operation_id: &'static str,
    /// A request or tracking id from the response headers or body, when the server sent one.
    pub request_id: Option<String>,
    /// Rate-limit information from the response headers.
    pub rate_limit: RateLimitInfo,
    /// The raw body, up to [`MAX_ERROR_BODY`] bytes.
    pub body: Bytes,
    /// True when the body was longer than [`MAX_ERROR_BODY`] and was cut.
    pub body_truncated: bool,
    /// The API's typed error model, when the body fit it.
    pub model: Option<E>,
    /// A human-readable message found in the body, if any.
    pub message: Option<String>,
}

impl<E> ApiError<E> {
    /// The body as text (lossy UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the raw body into any type, e.g. an error shape the spec does not declare.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.method, self.path_template, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// The request could not be sent or the response could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The request's method.
    pub method: Method,
    /// The operation's path template.
    pub path_template: &'static str,
    /// True when the connection could not be established, so the server never saw the request.
    pub connect: bool,
    /// The underlying error, with the URL removed (it may carry a key in its query).
    pub source: reqwest::Error,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.connect {
            "could not connect"
        } else {
            "transport error"
        };
        write!(
            f,
            "{} {}: {what}: {}",
            self.method, self.path_template, self.source
        )?;
        let mut cause = std::error::Error::source(&self.source);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// One attempt took longer than the per-attempt timeout.
    Attempt,
    /// The whole call, retries included, would run past its deadline.
    Deadline,
}

/// An attempt or the whole call ran out of time.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TimeoutError {
    /// The request's method.
    pub method: Method,
    /// The operation's path template.
    pub path_template: &'static str,
    /// Which limit ran out.
    pub kind: TimeoutKind,
    /// The limit that ran out.
    pub limit: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Attempt => "attempt timed out after",
            TimeoutKind::Deadline => "deadline exceeded: total time limit",
        };
        write!(
            f,
            "{} {}: {what} {:?}",
            self.method, self.path_template, self.limit
        )
    }
}

impl std::error::Error for TimeoutError {}

/// A response body did not match the documented model.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The request's method.
    pub method: Method,
    /// The operation's path template.
    pub path_template: &'static str,
    /// The status of the response that failed to decode.
    pub status: StatusCode,
    /// Where in the JSON document decoding failed, e.g. `data[2].expiresAt`.
    pub json_path: String,
    /// What the decoder said.
    pub message: String,
    /// The start of the body, for a first look.
    pub snippet: String,
}

impl DecodeError {
    /// Decodes `body` as JSON into `T`, reporting the JSON path of the first mismatch.
    ///
    /// Neither the message nor the snippet quotes the value of a secret-looking field
    /// (`token`, `secret`, `password`, ...); see [`decode_hiding`](Self::decode_hiding) for
    /// fields the API marks secret under other names.
    pub fn decode<T: serde::de::DeserializeOwned>(
        method: &Method,
        path_template: &'static str,
        status: StatusCode,
        body: &[u8],
    ) -> Result<T, Self> {
        Self::decode_hiding(method, path_template, status, body, &[])
    }

    /// Like [`decode`](Self::decode), also never quoting the values of the JSON fields named
    /// in `sensitive` (wire names, e.g. `uuid` where a created token's secret travels),
    /// whichever field failed to decode.
    pub fn decode_hiding<T: serde::de::DeserializeOwned>(
        method: &Method,
        path_template: &'static str,
        status: StatusCode,
        body: &[u8],
        sensitive: &[&str],
    ) -> Result<T, Self> {
        let de = &mut serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let hidden = |name: &str| is_sensitive_key(name) || sensitive.contains(&name);
            // serde quotes the offending value; hide it when the field may hold a secret.
            let secret_field = err.path().iter().any(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => hidden(key),
                serde_path_to_error::Segment::Enum { variant } => hidden(variant),
                _ => false,
            });
            let message = if secret_field {
                "the value does not fit the model (not shown: the field may hold a secret)"
                    .to_owned()
            } else {
                one_line(&err.inner().to_string(), MESSAGE_CHARS)
            };
            Self {
                method: method.clone(),
                path_template,
                status,
                json_path: err.path().to_string(),
                message,
                snippet: snippet_hiding(body, sensitive),
            }
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}: could not decode the response at `{}`: {} (body starts: {:?})",
            self.method,
            self.path_template,
            self.status,
            self.json_path,
            self.message,
            self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}

/// The request could not be built from the given input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidRequestError {
    /// What was wrong.
    pub message: String,
}

impl InvalidRequestError {
    /// A new error with this message. The message must not quote secret values.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for InvalidRequestError {}

/// Credentials could not be obtained, or the token endpoint rejected them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthError {
    /// The token endpoint's status, when it answered.
    pub status: Option<StatusCode>,
    /// The OAuth2 `error` code, e.g. `invalid_client`.
    pub error: Option<String>,
    /// The OAuth2 `error_description`.
    pub error_description: Option<String>,
    /// What went wrong, in words. Never contains a secret.
    pub message: String,
    /// True when the failure is passing (the token endpoint was rate limited, unavailable or
    /// unreachable), so the call may be retried under its retry policy.
    pub retryable: bool,
    /// How long the token endpoint asked to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
}

impl AuthError {
    /// An auth error with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            status: None,
            error: None,
            error_description: None,
            message: message.into(),
            retryable: false,
            retry_after: None,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "authentication failed: {}",
            one_line(&self.message, MESSAGE_CHARS)
        )?;
        if let Some(status) = self.status {
            write!(f, ": {status}")?;
        }
        if let Some(error) = &self.error {
            write!(f, ": {}", one_line(error, MESSAGE_CHARS))?;
        }
        if let Some(description) = &self.error_description {
            write!(f, ": {}", one_line(description, MESSAGE_CHARS))?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {}

/// A success response was larger than the client's maximum response size
/// ([`ClientConfigBuilder::max_response_size`](crate::ClientConfigBuilder::max_response_size)):
/// refused from its `Content-Length`, or cut off once more than that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseTooLargeError {
    /// The request's method.
    pub method: Method,
    /// The operation's path template.
    pub path_template: &'static str,
    /// The response's status.
    pub status: StatusCode,
    /// The maximum response size, in bytes.
    pub limit: u64,
    /// The size the server announced (`Content-Length`), if it did.
    pub content_length: Option<u64>,
}

impl fmt::Display for ResponseTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}: the response body is larger than the maximum response size of {} bytes",
            self.method, self.path_template, self.status, self.limit
        )?;
        if let Some(length) = self.content_length {
            write!(f, " (Content-Length: {length})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseTooLargeError {}
