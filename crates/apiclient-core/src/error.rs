//! The one error type every operation returns.

use crate::config::ConfigError;
use crate::paginate::PaginationError;
use crate::rate_limit::RateLimitInfo;
use bytes::Bytes;
use http::{Method, StatusCode};
use std::fmt;
use std::time::Duration;

mod decode;
mod model;
mod request;
mod transport;

pub use decode::DecodeError;
pub use model::{ErrorModel, OperationError};
pub use request::{AuthError, InvalidRequestError};
pub use transport::{ResponseTooLargeError, TimeoutError, TimeoutKind, TransportError};

/// Error bodies are kept up to this many bytes; the rest is dropped.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Everything that can go wrong in a call, as one type a caller can match on.
///
/// `E` is the typed error model of the operation (an [`ErrorModel`]: generated from the spec
/// as an enum over the operation's documented error statuses, see [`OperationError`]),
/// decoded leniently from the body of an error response. The helpers (`status`,
/// `is_not_found`, `retry_after`, `request_id`, ...) are the same whatever the model.
/// `Display` is one readable line and never contains a secret: no header values, no query
/// strings, only the method and the path *template*.
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

    /// The typed error model, when the error body fit it (for a generated operation: the
    /// variant of the answer's status, or `Unknown` with the body's JSON).
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
        self.replace_model(|model, _| model.map(f))
    }

    /// The same error with the body's JSON as its model, the typed model dropped: the error
    /// of any operation as one type (`Error<serde_json::Value>`, a provider crate's plain
    /// `Error`). `From` does this for the model of every generated operation
    /// ([`OperationError`]), so `?` does it.
    pub fn into_untyped(self) -> Error<serde_json::Value> {
        self.replace_model(|_, body| serde_json::from_slice(body).ok())
    }

    /// The error with the model `f` makes from the old one and the (scrubbed) body.
    fn replace_model<F>(self, f: impl FnOnce(Option<E>, &Bytes) -> Option<F>) -> Error<F> {
        match self {
            Self::Api(e) => {
                let e = *e;
                Error::Api(Box::new(ApiError {
                    model: f(e.model, &e.body),
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

impl<E: OperationError> From<Error<E>> for Error<serde_json::Value> {
    fn from(e: Error<E>) -> Self {
        e.into_untyped()
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
    /// The typed error model ([`ErrorModel`]), when the body fit it.
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
