//! A fixed bearer token.

use super::AuthProvider;
use crate::error::AuthError;
use crate::secret::SecretString;
use async_trait::async_trait;
use http::{HeaderValue, header::AUTHORIZATION};

/// Sends `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct BearerToken {
    token: SecretString,
}

impl BearerToken {
    /// A provider for this token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
        }
    }
}

/// Builds an `Authorization: Bearer` value marked sensitive (hidden from `Debug` by `http`).
pub(crate) fn bearer_value(token: &SecretString) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| AuthError::new("the token contains characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

#[async_trait]
impl AuthProvider for BearerToken {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), AuthError> {
        if self.token.is_empty() {
            return Err(AuthError::new("the bearer token is empty"));
        }
        request
            .headers_mut()
            .insert(AUTHORIZATION, bearer_value(&self.token)?);
        Ok(())
    }
}
