//! OAuth2 client credentials with a cached, single-flight token.

use super::bearer::bearer_value;
use super::{AuthProvider, AuthRequest};
use crate::config::check_transport_security;
use crate::error::AuthError;
use crate::http_client::HttpClient;
use crate::rate_limit::RateLimitInfo;
use crate::retry::RetryPolicy;
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
/// Tokens are fetched again after this long at the latest, whatever `expires_in` says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// A token is used for at least this long after it was fetched, whatever `expires_in` says
/// (`0`, or less than the refresh margin): concurrent callers then share one token request. A
/// token the API already refuses comes back as a 401, which drops it.
pub const MIN_TOKEN_REUSE: Duration = Duration::from_secs(2);
/// After a passing failure, the least pause before the next token request when the endpoint
/// gave no `Retry-After`: long enough that every caller retrying under the same policy joins
/// that one request, even on a loaded machine.
const MIN_RETRY_PAUSE: Duration = Duration::from_millis(100);
/// Default time limit for one token request.
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// OAuth2 client-credentials flow: exchanges a client id and secret for an access token at the
/// token URL (form-encoded POST), sends it as a bearer token, and caches it until shortly
/// before `expires_in` runs out.
///
/// Concurrent callers share one token request, and its failure: callers that waited for a
/// fetch that failed get its [`AuthError`] without a request of their own. After a passing
/// failure (429, 502–504, connection error, timeout) no new token request is sent before the
/// endpoint's `Retry-After`, else the [`retry_policy`](Self::retry_policy)'s back-off for that
/// many failures in a row (without jitter, and at least 100 ms), so callers retrying under that policy share one
/// request per round. A token is cached until shortly before `expires_in` runs out, and for at
/// least [`MIN_TOKEN_REUSE`]. A 401 from the API drops the cached token if it is the one
/// refused (not one that replaced it meanwhile) and the call is retried once. A failing token
/// endpoint gives an [`AuthError`] with its status and `error`/`error_description`, never the
/// secret.
///
/// Token requests follow redirects only within the token URL's origin (see [`HttpClient`]):
/// the client secret is never re-posted to another host.
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
    timeout: Duration,
    allow_insecure_http: bool,
    retry: RetryPolicy,
    http: HttpClient,
    state: Mutex<TokenState>,
    fetch_gate: tokio::sync::Mutex<()>,
}

/// The cache, and what callers waiting for a fetch need to know about the last one.
#[derive(Default)]
struct TokenState {
    cached: Option<CachedToken>,
    /// Token fetches finished (succeeded or failed): a caller that waited for the gate sees
    /// whether a fetch ended meanwhile.
    fetches: u64,
    /// The last fetch's failure, if it failed.
    failure: Option<FetchFailure>,
}

struct FetchFailure {
    error: AuthError,
    /// Failed fetches in a row.
    in_a_row: u32,
    /// No new token request before this (after a passing failure only).
    not_before: Option<Instant>,
}

impl TokenState {
    fn valid(&self) -> Option<SecretString> {
        let cached = self.cached.as_ref()?;
        (Instant::now() < cached.refresh_at).then(|| cached.token.clone())
    }
}

#[derive(Clone)]
struct CachedToken {
    token: SecretString,
    refresh_at: Instant,
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
        let token_url =
            Url::parse(token_url).map_err(|e| AuthError::new(format!("invalid token URL: {e}")))?;
        Ok(Self {
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            refresh_margin: Duration::from_secs(60),
            timeout: DEFAULT_TOKEN_TIMEOUT,
            allow_insecure_http: false,
            retry: RetryPolicy::default(),
            http: HttpClient::new().map_err(|e| AuthError::new(e.to_string()))?,
            state: Mutex::new(TokenState::default()),
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

    /// Uses this HTTP client for token requests (share the API client's for pooled connections,
    /// e.g. `.http_client(config.http_client().clone())`).
    pub fn http_client(mut self, http: HttpClient) -> Self {
        self.http = http;
        self
    }

    /// The retry policy of the calls that use this provider (default [`RetryPolicy::default`]):
    /// after a passing failure, no token request is sent before its back-off, and not at all
    /// while the endpoint asks for a wait longer than its `max_server_wait`. The client
    /// builder sets the client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Time limit for one token request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    fn state(&self) -> std::sync::MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A valid access token: the cached one, or a fresh one fetched by exactly one caller while
    /// the others wait and share its result, success or failure.
    pub async fn access_token(&self) -> Result<SecretString, AuthError> {
        let seen = {
            let state = self.state();
            if let Some(token) = state.valid() {
                return Ok(token);
            }
            state.fetches
        };
        let _gate = self.fetch_gate.lock().await;
        let (not_before, in_a_row) = {
            let state = self.state();
            if let Some(token) = state.valid() {
                return Ok(token);
            }
            match &state.failure {
                // The fetch this caller waited for failed: its failure is this caller's too.
                Some(failure) if state.fetches != seen => return Err(failure.error.clone()),
                Some(failure) => (failure.not_before, failure.in_a_row),
                None => (None, 0),
            }
        };
        if let Some(at) = not_before {
            let wait = at.saturating_duration_since(Instant::now());
            if wait > self.retry.max_server_wait {
                let failure = self.state().failure.as_ref().map(|f| f.error.clone());
                return Err(AuthError {
                    retry_after: Some(wait),
                    ..failure.unwrap_or_else(|| AuthError::new("the token endpoint asks to wait"))
                });
            }
            tokio::time::sleep_until(at).await;
        }
        let result = self.fetch().await;
        let mut state = self.state();
        state.fetches += 1;
        match result {
            Ok(fresh) => {
                let token = fresh.token.clone();
                state.cached = Some(fresh);
                state.failure = None;
                Ok(token)
            }
            Err(error) => {
                let in_a_row = in_a_row.saturating_add(1);
                let not_before = error.retryable.then(|| {
                    let pause = error.retry_after.unwrap_or_else(|| self.pause(in_a_row));
                    Instant::now()
                        .checked_add(pause)
                        .unwrap_or_else(Instant::now)
                });
                state.failure = Some(FetchFailure {
                    error: error.clone(),
                    in_a_row,
                    not_before,
                });
                Err(error)
            }
        }
    }

    /// The longest back-off the retry policy waits before retry number `retry`, and at least
    /// [`MIN_RETRY_PAUSE`].
    fn pause(&self, retry: u32) -> Duration {
        let policy = &self.retry;
        policy
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(policy.max_backoff)
            .max(MIN_RETRY_PAUSE)
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
        let request = token_request(&self.token_url, &form, self.timeout)?;
        let response = self.http.execute(request).await.map_err(|e| {
            let retryable = e.is_connect() || e.is_timeout();
            let what = if e.is_timeout() {
                format!("token request timed out after {:?}", self.timeout)
            } else {
                format!("token request failed: {}", error_chain(&e.without_url()))
            };
            // A token request is safe to repeat: nothing changes on the server.
            AuthError {
                retryable,
                ..AuthError::new(what)
            }
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| {
            AuthError::new(format!(
                "token response could not be read: {}",
                error_chain(&e.without_url())
            ))
        })?;
        if !status.is_success() {
            let parsed: TokenErrorBody = serde_json::from_slice(&body).unwrap_or_default();
            let message = if matches!(status.as_u16(), 400 | 401 | 403) {
                "the token endpoint refused the client credentials"
            } else {
                "the token endpoint answered with an error"
            };
            let retryable = matches!(status.as_u16(), 429 | 502..=504);
            return Err(AuthError {
                status: Some(status),
                error: parsed.error.map(|e| self.scrub(&e)),
                error_description: parsed.error_description.map(|e| self.scrub(&e)),
                retryable,
                retry_after: RateLimitInfo::from_headers(&headers).retry_after,
                ..AuthError::new(message)
            });
        }
        // Read leniently and without quoting the body: it holds the token.
        let parsed: serde_json::Value = serde_json::from_slice(&body).map_err(|_| AuthError {
            status: Some(status),
            ..AuthError::new("the token response is not valid JSON")
        })?;
        let token = parsed
            .get("access_token")
            .and_then(serde_json::Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AuthError {
                status: Some(status),
                ..AuthError::new("the token response has no access_token string")
            })?
            .to_owned();
        let expires_in = parsed.get("expires_in").and_then(|v| match v {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        let lifetime = expires_in
            .map_or(DEFAULT_LIFETIME, Duration::from_secs)
            .min(MAX_LIFETIME);
        let margin = self.refresh_margin.min(lifetime / 2);
        Ok(CachedToken {
            token: SecretString::new(token),
            refresh_at: started + (lifetime - margin).max(MIN_TOKEN_REUSE),
        })
    }
}

impl OAuth2ClientCredentials {
    /// Removes the client secret, in any form the token endpoint may echo it in (as sent,
    /// form- or percent-encoded, JSON-escaped, base64, HTTP Basic), from its text.
    fn scrub(&self, text: &str) -> String {
        crate::redact::redact_known(text, &[self.client_secret.expose_secret().to_owned()])
    }
}

/// An error and its causes on one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
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
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
        let token = self.access_token().await?;
        request
            .headers_mut()
            .insert(AUTHORIZATION, bearer_value(&token)?);
        Ok(())
    }

    /// Drops the cached token, whichever it is.
    fn invalidate(&self) -> bool {
        self.state().cached = None;
        true
    }

    /// Drops the cached token only if it is the one `sent` carried: a 401 that arrives late,
    /// for a token another call has already replaced, keeps the new one.
    fn invalidate_rejected(&self, sent: &http::HeaderMap) -> bool {
        let mut state = self.state();
        let rejected = sent.get(AUTHORIZATION);
        let is_rejected = state.cached.as_ref().is_some_and(|cached| {
            rejected.is_none() || bearer_value(&cached.token).ok().as_ref() == rejected
        });
        if is_rejected {
            state.cached = None;
        }
        true
    }
}

/// The token request: a form POST to `token_url` that asks for JSON.
fn token_request(
    token_url: &Url,
    form: &[(&str, String)],
    timeout: Duration,
) -> Result<reqwest::Request, AuthError> {
    // Not quoted: the form holds the client secret.
    let body = crate::urlencoded::to_string(form)
        .map_err(|_| AuthError::new("token request could not be built: the form is invalid"))?;
    let mut request = reqwest::Request::new(http::Method::POST, token_url.clone());
    let headers = request.headers_mut();
    headers.insert(
        http::header::ACCEPT,
        http::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    *request.body_mut() = Some(body.into());
    *request.timeout_mut() = Some(timeout);
    Ok(request)
}
