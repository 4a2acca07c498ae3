//! An API key in a header or a query parameter.

use super::{AuthProvider, AuthRequest};
use crate::error::AuthError;
use crate::secret::SecretString;
use async_trait::async_trait;
use http::{HeaderName, HeaderValue};

/// Where an API key is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In the named header.
    Header(String),
    /// In the named query parameter (the key then also appears in server access logs; it is
    /// never shown in this crate's errors or traces).
    Query(String),
}

/// Sends an API key in a named header or query parameter.
#[derive(Debug, Clone)]
pub struct ApiKey {
    location: ApiKeyLocation,
    key: SecretString,
}

impl ApiKey {
    /// A key sent in the header `name`.
    pub fn header(name: impl Into<String>, key: impl Into<SecretString>) -> Self {
        Self {
            location: ApiKeyLocation::Header(name.into()),
            key: key.into(),
        }
    }

    /// A key sent in the query parameter `name`.
    pub fn query(name: impl Into<String>, key: impl Into<SecretString>) -> Self {
        Self {
            location: ApiKeyLocation::Query(name.into()),
            key: key.into(),
        }
    }

    /// Where the key is sent.
    pub fn location(&self) -> &ApiKeyLocation {
        &self.location
    }
}

impl ApiKey {
    /// Adds the key to the header or the query.
    fn add(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        if self.key.is_empty() {
            return Err(AuthError::new("the API key is empty"));
        }
        match &self.location {
            ApiKeyLocation::Header(name) => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| AuthError::new(format!("{name:?} is not a valid header name")))?;
                let mut value = HeaderValue::from_str(self.key.expose_secret()).map_err(|_| {
                    AuthError::new("the API key contains characters not allowed in a header")
                })?;
                value.set_sensitive(true);
                request.headers_mut().insert(name, value);
            }
            ApiKeyLocation::Query(name) => {
                request.append_query_pair(name, self.key.expose_secret());
            }
        }
        Ok(())
    }
}

#[async_trait]
impl AuthProvider for ApiKey {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        self.add(request)
    }

    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<(), AuthError>> {
        Some(self.add(request))
    }
}
