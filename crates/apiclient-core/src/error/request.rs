//! Failures before a request is sent: invalid input and failed authentication.

use crate::message::{MESSAGE_CHARS, one_line};
use http::StatusCode;
use std::fmt;
use std::time::Duration;

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
