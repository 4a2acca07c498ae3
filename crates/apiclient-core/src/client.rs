//! The client that sends generated requests: auth, retries, deadlines, tracing.

use crate::auth::{AuthProvider, NoAuth};
use crate::config::{ClientConfig, ConfigError};
use crate::error::{
    ApiError, Error, MAX_ERROR_BODY, TimeoutError, TimeoutKind, TransportError, extract_message,
    extract_request_id,
};
use crate::rate_limit::RateLimitInfo;
use crate::request::Request;
use crate::response::RawResponse;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;
use tracing::Instrument;

/// Response headers that carry a request id, checked in this order.
const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "request-id",
    "slpt-request-id",
];

/// Sends [`Request`]s built by generated code: adds credentials, retries what is safe to retry,
/// keeps to the deadline, and turns error statuses into [`Error::Api`].
///
/// Cloning is cheap: clones share configuration, credentials and the connection pool.
///
/// ```
/// use apiclient_core::{ApiClient, ClientConfig, auth::BearerToken};
/// let config = ClientConfig::builder("my-sdk/1.0")
///     .base_url("https://api.example.com")
///     .build()
///     .unwrap();
/// let client = ApiClient::new(config, BearerToken::new("secret-token")).unwrap();
/// assert!(!format!("{client:?}").contains("secret-token"));
/// ```
#[derive(Clone)]
pub struct ApiClient {
    config: Arc<ClientConfig>,
    auth: Arc<dyn AuthProvider>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("config", &self.config)
            .field("auth", &self.auth)
            .finish()
    }
}

/// What one attempt produced.
enum Attempt {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
    },
    Transport(reqwest::Error),
    TimedOut(TimeoutKind, Duration),
}

impl ApiClient {
    /// A client with this configuration and credentials. Fails when credentials would be sent
    /// over plain `http://` to a host other than loopback and that was not explicitly allowed.
    pub fn new(config: ClientConfig, auth: impl AuthProvider + 'static) -> Result<Self, ConfigError> {
        Self::with_shared_auth(config, Arc::new(auth))
    }

    /// Like [`new`](Self::new), with a provider shared with other clients.
    pub fn with_shared_auth(
        config: ClientConfig,
        auth: Arc<dyn AuthProvider>,
    ) -> Result<Self, ConfigError> {
        if auth.sends_credentials() {
            config.check_credentials_allowed()?;
        }
        Ok(Self {
            config: Arc::new(config),
            auth,
        })
    }

    /// A client that sends no credentials.
    pub fn unauthenticated(config: ClientConfig) -> Self {
        Self {
            config: Arc::new(config),
            auth: Arc::new(NoAuth),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request` and returns the success (2xx) response, or the error.
    ///
    /// Error statuses become [`Error::Api`] with the body decoded leniently into `E`.
    /// Retries follow the [`RetryPolicy`](crate::RetryPolicy) and the request's retry safety;
    /// a 401 on an authenticated request makes the auth provider drop cached credentials and
    /// the request is sent once more. One `tracing` span per call records the method, path
    /// template, operation id, attempt, status and latency (never header values or bodies).
    pub async fn execute<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<RawResponse, Error<E>> {
        let span = tracing::info_span!(
            "api_call",
            otel.kind = "client",
            http.method = %request.method,
            path_template = request.path_template,
            operation_id = request.operation_id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.execute_inner(request).instrument(span).await
    }

    async fn execute_inner<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(e) = request.error.clone() {
            return Err(Error::InvalidRequest(e));
        }
        let started = Instant::now();
        let deadline = self.config.total_timeout.map(|t| started + t);
        let policy = &self.config.retry;
        let mut attempt: u32 = 0;
        let mut reauthorized = false;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(self.deadline_error(&request));
            }
            let outcome = self.attempt(&request, deadline).await?;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let retries_left = attempt < policy.max_attempts;
            let (error, wait) = match outcome {
                Attempt::Response {
                    status,
                    headers,
                    body,
                    truncated,
                } => {
                    span.record("status", status.as_u16());
                    let rate_limit = RateLimitInfo::from_headers(&headers);
                    if status.is_success() {
                        return Ok(RawResponse {
                            status,
                            headers,
                            rate_limit,
                            body,
                            method: request.method.clone(),
                            path_template: request.path_template,
                        });
                    }
                    if status == StatusCode::UNAUTHORIZED
                        && request.authenticated
                        && !reauthorized
                        && self.auth.invalidate()
                    {
                        tracing::debug!("401: credentials dropped, sending once more");
                        reauthorized = true;
                        attempt -= 1;
                        continue;
                    }
                    let retryable = status == StatusCode::TOO_MANY_REQUESTS
                        || (request.retry_safe
                            && matches!(status.as_u16(), 502..=504));
                    let server_wait = rate_limit.suggested_wait(SystemTime::now());
                    let error = api_error(&request, status, &headers, rate_limit, body, truncated);
                    if !retryable || !retries_left {
                        return Err(error);
                    }
                    match server_wait {
                        Some(wait) if wait > policy.max_server_wait => return Err(error),
                        Some(wait) => (error, wait),
                        None => (error, policy.backoff(attempt)),
                    }
                }
                Attempt::Transport(source) => {
                    let connect = source.is_connect();
                    let error = Error::Transport(TransportError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        connect,
                        source: source.without_url(),
                    });
                    if !(connect || request.retry_safe) || !retries_left {
                        return Err(error);
                    }
                    (error, policy.backoff(attempt))
                }
                Attempt::TimedOut(kind, limit) => {
                    let error = Error::Timeout(TimeoutError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        kind,
                        limit,
                    });
                    if kind == TimeoutKind::Deadline || !request.retry_safe || !retries_left {
                        return Err(error);
                    }
                    (error, policy.backoff(attempt))
                }
            };
            if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                tracing::debug!(?wait, "no retry: the wait would pass the deadline");
                return Err(error);
            }
            tracing::debug!(?wait, error = %error, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    fn deadline_error<E>(&self, request: &Request) -> Error<E> {
        Error::Timeout(TimeoutError {
            method: request.method.clone(),
            path_template: request.path_template,
            kind: TimeoutKind::Deadline,
            limit: self.config.total_timeout.unwrap_or_default(),
        })
    }

    /// Builds the full URL: base URL + encoded path + query.
    fn url(&self, request: &Request) -> Result<url::Url, Error<()>> {
        let base = self.config.base_url.as_str().trim_end_matches('/');
        let mut url = url::Url::parse(&format!("{base}{}", request.path)).map_err(|e| {
            Error::InvalidRequest(crate::InvalidRequestError::new(format!(
                "the request path for {} is not a valid URL: {e}",
                request.path_template
            )))
        })?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value.expose());
            }
        }
        Ok(url)
    }

    async fn attempt<E>(
        &self,
        request: &Request,
        deadline: Option<Instant>,
    ) -> Result<Attempt, Error<E>> {
        let url = self.url(request).map_err(|e| e.map_model(|()| unreachable_model()))?;
        let mut http_request = reqwest::Request::new(request.method.clone(), url);
        let headers = http_request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &self.config.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(body) = &request.body {
            headers.insert(CONTENT_TYPE, body.content_type.clone());
            *http_request.body_mut() = Some(body.bytes.clone().into());
        }
        if request.authenticated {
            self.auth.authorize(&mut http_request).await?;
        }
        let mut limit = self.config.attempt_timeout;
        let mut kind = TimeoutKind::Attempt;
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if limit.is_none_or(|l| left < l) {
                limit = Some(left);
                kind = TimeoutKind::Deadline;
            }
        }
        let send = async {
            let response = self.config.http.execute(http_request).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let (body, truncated) = read_body(response, status).await?;
            Ok::<_, reqwest::Error>(Attempt::Response {
                status,
                headers,
                body,
                truncated,
            })
        };
        let result = match limit {
            Some(limit) => match tokio::time::timeout(limit, send).await {
                Ok(result) => result,
                Err(_) => return Ok(Attempt::TimedOut(kind, self.limit_for(kind, limit))),
            },
            None => send.await,
        };
        Ok(result.unwrap_or_else(Attempt::Transport))
    }

    fn limit_for(&self, kind: TimeoutKind, fallback: Duration) -> Duration {
        match kind {
            TimeoutKind::Attempt => self.config.attempt_timeout.unwrap_or(fallback),
            TimeoutKind::Deadline => self.config.total_timeout.unwrap_or(fallback),
        }
    }
}

/// `Error<()>` from URL building never has an API model; this maps the impossible case.
fn unreachable_model<E>() -> E {
    unreachable!("URL errors carry no API model")
}

/// Reads the body; error bodies are kept only up to [`MAX_ERROR_BODY`] bytes.
async fn read_body(
    mut response: reqwest::Response,
    status: StatusCode,
) -> Result<(Bytes, bool), reqwest::Error> {
    if status.is_success() {
        return Ok((response.bytes().await?, false));
    }
    let mut kept = Vec::new();
    let mut truncated = false;
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_ERROR_BODY - kept.len();
        if chunk.len() > room {
            kept.extend_from_slice(&chunk[..room]);
            truncated = true;
            break;
        }
        kept.extend_from_slice(&chunk);
    }
    Ok((Bytes::from(kept), truncated))
}

fn api_error<E: DeserializeOwned>(
    request: &Request,
    status: StatusCode,
    headers: &HeaderMap,
    rate_limit: RateLimitInfo,
    body: Bytes,
    truncated: bool,
) -> Error<E> {
    let request_id = REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned))
        .or_else(|| extract_request_id(&body));
    Error::Api(Box::new(ApiError {
        status,
        method: request.method.clone(),
        path_template: request.path_template,
        operation_id: request.operation_id,
        request_id,
        rate_limit,
        model: serde_json::from_slice(&body).ok(),
        message: extract_message(&body),
        body,
        body_truncated: truncated,
    }))
}
