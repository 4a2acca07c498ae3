//! Failures to send a request or read its response: transport errors, timeouts and
//! responses over the size limit.

use http::{Method, StatusCode};
use std::fmt;
use std::time::Duration;

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
    /// The underlying error of the HTTP library, with the URL removed (it may carry a key in
    /// its query). Its type is not part of the API: read it through `Display` and
    /// [`Error::source`](std::error::Error::source).
    pub source: Box<dyn std::error::Error + Send + Sync>,
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
        let mut cause = self.source.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
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
