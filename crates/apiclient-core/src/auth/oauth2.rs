//! OAuth2 client credentials with a cached, single-flight token.

use super::AuthProvider;
use super::bearer::bearer_value;
use crate::config::check_transport_security;
use crate::error::AuthError;
use crate::secret::SecretString;
use async_trait::async_trait;
use http::header::AUTHORIZATION;
use serde::Deserialize;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;
use url::Url;

/// Lifetime assumed when the token endpoint does not say (`expires_in` missing).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// OAuth2 client-credentials flow: exchanges a client id and secret for an access token at the
/// token URL (form-encoded POST), sends it as a bearer token, and caches it until shortly
/// before `expires_in` runs out.
///
/// Concurrent callers share one token request; a 401 from the API drops the cached token so
/// the call is retried once with a fresh one. A failing token endpoint gives an
/// [`AuthError`] with its status and `error`/`error_description`, never the secret.
///
/// ```
/// use apiclient_core::auth::OAuth2ClientCredentials;
/// let auth = OAuth2ClientCredentials::new(
///     "https://acme.api.identitynow.com/oauth/token",
///     "client-id",
///     "client-secret",
/// )
/// .unwrap()
/// .scopes(["sp:scopes:all"]);
/// assert!(!format!("{auth:?}").contains("client-secret"));
/// ```
pub struct OAuth2ClientCredentials {
    token_url: Url,
    client_id: String,
    client_secret: SecretString,
    scopes: Vec<String>,
    refresh_margin: Duration,
    allow_insecure_http: bool,
    http: reqwest::Client,
    cached: Mutex<Option<CachedToken>>,
    fetch_gate: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct CachedToken {
    token: SecretString,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<u64>,
}

#[derive(Deserialize, Default)]
struct TokenErrorBody {
    error: Option<String>,
    error_description: Option<String>,
}

impl OAuth2ClientCredentials {
    /// A provider for this token endpoint and client. Fails when the URL is invalid. A plain
    /// `http://` URL to a host other than loopback is refused when a token is fetched, unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) was called.
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Result<Self, AuthError> {
        let token_url = Url::parse(token_url)
            .map_err(|e| AuthError::new(format!("invalid token URL: {e}")))?;
        Ok(Self {
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            refresh_margin: Duration::from_secs(60),
            allow_insecure_http: false,
            http: reqwest::Client::new(),
            cached: Mutex::new(None),
            fetch_gate: tokio::sync::Mutex::new(()),
        })
    }

    /// Allows a plain-`http://` token URL on a remote host (for tests behind a proxy only).
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Scopes to request (sent space-separated as `scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// How long before expiry a token is refreshed (default 60 s, at most half its lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Uses this HTTP client for token requests (share the API client's for pooled connections).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<CachedToken>> {
        self.cached.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn valid_cached(&self) -> Option<SecretString> {
        let cached = self.cache();
        let cached = cached.as_ref()?;
        (Instant::now() < cached.refresh_at).then(|| cached.token.clone())
    }

    /// A valid access token: the cached one, or a fresh one fetched by exactly one caller.
    pub async fn access_token(&self) -> Result<SecretString, AuthError> {
        if let Some(token) = self.valid_cached() {
            return Ok(token);
        }
        let _gate = self.fetch_gate.lock().await;
        if let Some(token) = self.valid_cached() {
            return Ok(token);
        }
        let fresh = self.fetch().await?;
        let token = fresh.token.clone();
        *self.cache() = Some(fresh);
        Ok(token)
    }

    async fn fetch(&self) -> Result<CachedToken, AuthError> {
        check_transport_security(&self.token_url, self.allow_insecure_http)
            .map_err(|e| AuthError::new(e.to_string()))?;
        let mut form = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", self.client_id.clone()),
            (
                "client_secret",
                self.client_secret.expose_secret().to_owned(),
            ),
        ];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        let started = Instant::now();
        let response = self
            .http
            .post(self.token_url.clone())
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                AuthError::new(format!(
                    "token request failed: {}",
                    e.without_url()
                ))
            })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| {
            AuthError::new(format!("token response could not be read: {}", e.without_url()))
        })?;
        if !status.is_success() {
            let parsed: TokenErrorBody = serde_json::from_slice(&body).unwrap_or_default();
            return Err(AuthError {
                status: Some(status),
                error: parsed.error,
                error_description: parsed.error_description,
                message: "the token endpoint refused the client credentials".to_owned(),
            });
        }
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| AuthError {
            status: Some(status),
            error: None,
            error_description: None,
            message: format!("the token response is not valid JSON: {e}"),
        })?;
        let token = parsed
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AuthError {
                status: Some(status),
                error: None,
                error_description: None,
                message: "the token response has no access_token".to_owned(),
            })?;
        let lifetime = parsed
            .expires_in
            .map_or(DEFAULT_LIFETIME, Duration::from_secs);
        let margin = self.refresh_margin.min(lifetime / 2);
        Ok(CachedToken {
            token: SecretString::new(token),
            refresh_at: started + lifetime - margin,
        })
    }
}

impl fmt::Debug for OAuth2ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl AuthProvider for OAuth2ClientCredentials {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), AuthError> {
        let token = self.access_token().await?;
        request
            .headers_mut()
            .insert(AUTHORIZATION, bearer_value(&token)?);
        Ok(())
    }

    fn invalidate(&self) -> bool {
        *self.cache() = None;
        true
    }
}
