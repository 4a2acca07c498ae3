//! Authentication: providers that add credentials to each outgoing request.
//!
//! A client holds one [`AuthProvider`]. The built-in ones are [`NoAuth`], [`BearerToken`],
//! [`ApiKey`] (in a header or a query parameter) and [`OAuth2ClientCredentials`]; implement the
//! trait to plug in your own (e.g. a token from a vault).
//!
//! ```
//! use apiclient_core::auth::{ApiKey, BearerToken};
//! let bearer = BearerToken::new("my-token");
//! let key = ApiKey::header("Xms-Auth-Token", "my-key");
//! assert!(!format!("{bearer:?}{key:?}").contains("my-"));
//! ```

mod api_key;
mod bearer;
mod oauth2;
mod request;

pub use api_key::{ApiKey, ApiKeyLocation};
pub use bearer::BearerToken;
pub use oauth2::{MIN_TOKEN_REUSE, OAuth2ClientCredentials};
pub use request::AuthRequest;

use crate::error::AuthError;
use async_trait::async_trait;
use std::fmt::Debug;

/// Adds credentials to a request.
///
/// `Debug` implementations must not print secrets.
#[async_trait]
pub trait AuthProvider: Send + Sync + Debug {
    /// Adds credentials to `request` (a header, a query parameter, ...).
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError>;

    /// Adds credentials without waiting, when this provider can (a fixed key or token):
    /// `Some` with the result, and [`authorize`](Self::authorize) is not called. The default
    /// returns `None`, and the client awaits `authorize`. A provider that implements it saves
    /// the boxed future of `authorize` on every request; both must add the same credentials.
    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<(), AuthError>> {
        let _ = request;
        None
    }

    /// Called when the API answered 401 to a request this provider authorized. Drop cached
    /// credentials and return `true` if a retry with fresh credentials may succeed (the call
    /// is then retried once); the default returns `false`.
    fn invalidate(&self) -> bool {
        false
    }

    /// Called when the API answered 401 to a request this provider authorized; `sent` are the
    /// credential headers that request carried (`Authorization` and every header value marked
    /// sensitive, as [`ApiKey`] and [`BearerToken`] mark theirs). Drop the cached credentials only if they are the ones
    /// that were refused (another call may have replaced them meanwhile), and return `true` if
    /// a retry may succeed. The default calls [`invalidate`](Self::invalidate).
    fn invalidate_rejected(&self, sent: &http::HeaderMap) -> bool {
        let _ = sent;
        self.invalidate()
    }

    /// Whether this provider sends credentials (used to refuse plain `http://` to remote hosts).
    fn sends_credentials(&self) -> bool {
        true
    }
}

/// Sends no credentials.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

#[async_trait]
impl AuthProvider for NoAuth {
    async fn authorize(&self, _request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        Ok(())
    }

    fn sends_credentials(&self) -> bool {
        false
    }
}
