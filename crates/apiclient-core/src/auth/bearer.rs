//! A fixed bearer token.

use super::{AuthProvider, AuthRequest};
use crate::error::AuthError;
use crate::secret::SecretString;
use async_trait::async_trait;
use http::{HeaderValue, header::AUTHORIZATION};
use std::fmt;

/// Sends `Authorization: Bearer <token>`.
#[derive(Clone)]
pub struct BearerToken {
    token: SecretString,
    /// The header value, built once (`None` when the token cannot be sent in a header).
    value: Option<HeaderValue>,
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("token", &self.token)
            .finish()
    }
}

impl BearerToken {
    /// A provider for this token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        let token = token.into();
        let value = bearer_value(&token).ok();
        Self { token, value }
    }
}

/// Builds an `Authorization: Bearer` value marked sensitive (hidden from `Debug` by `http`).
pub(crate) fn bearer_value(token: &SecretString) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| AuthError::new("the token contains characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl BearerToken {
    /// Adds the `Authorization` header.
    fn add(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        if self.token.is_empty() {
            return Err(AuthError::new("the bearer token is empty"));
        }
        // A clone shares the value's bytes: nothing is formatted or copied per request.
        let value = match &self.value {
            Some(value) => value.clone(),
            None => bearer_value(&self.token)?,
        };
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }
}

#[async_trait]
impl AuthProvider for BearerToken {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        self.add(request)
    }

    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<(), AuthError>> {
        Some(self.add(request))
    }
}
