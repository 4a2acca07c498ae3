//! The client that sends generated requests: auth, retries, deadlines, tracing.

use crate::auth::{AuthProvider, NoAuth};
use crate::config::{ClientConfig, ConfigError};
use crate::error::{
    ApiError, AuthError, Error, InvalidRequestError, MAX_ERROR_BODY, ResponseTooLargeError,
    TimeoutError, TimeoutKind, TransportError,
};
use crate::message::{extract_message, request_id};
use crate::rate_limit::RateLimitInfo;
use crate::redact::{redact_known, scrub_body, sent_secrets};
use crate::request::Request;
use crate::response::RawResponse;
use crate::retry::{Failure, ServerWait, is_retryable};
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;
use tracing::Instrument;

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
        /// Credential values sent with this attempt, scrubbed from error messages.
        secrets: Vec<String>,
        /// The headers an authenticated attempt carried (empty otherwise): a 401 drops
        /// cached credentials only if they are the ones refused.
        sent_headers: HeaderMap,
    },
    /// A success body larger than the maximum response size (not read further).
    TooLarge {
        status: StatusCode,
        content_length: Option<u64>,
    },
    Transport(reqwest::Error),
    TimedOut(TimeoutKind, Duration),
    /// Credentials could not be had for a passing reason (token endpoint rate limited or down).
    AuthUnavailable(AuthError),
}

impl ApiClient {
    /// A client with this configuration and credentials. Fails when credentials would be sent
    /// over plain `http://` to a host other than loopback and that was not explicitly allowed.
    pub fn new(
        config: ClientConfig,
        auth: impl AuthProvider + 'static,
    ) -> Result<Self, ConfigError> {
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
    /// the request is sent once more. One `tracing` span per call (named `api_call`) records
    /// `method`, `path_template`, `operation_id`, `attempt`, `status` and `latency_ms` (never
    /// the query string, header values or bodies).
    ///
    /// No retry is started that would end past the call's deadline (the total timeout): when
    /// the wait before it plus the time the last attempt took would reach the deadline, the
    /// last error is returned instead. An attempt still running at the deadline is cut off
    /// with [`TimeoutKind::Deadline`]. A success body larger than the configured maximum
    /// response size is [`Error::ResponseTooLarge`] (not retried).
    pub async fn execute<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<RawResponse, Error<E>> {
        let span = tracing::info_span!(
            "api_call",
            otel.kind = "client",
            method = %request.method,
            path_template = request.path_template,
            operation_id = request.operation_id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        let result = self.execute_inner(request).instrument(span.clone()).await;
        if let Err(e) = &result {
            span.record("error", error_kind(e));
        }
        result
    }

    async fn execute_inner<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(e) = request.error.clone() {
            return Err(Error::InvalidRequest(e));
        }
        let url = self.url(&request).map_err(Error::InvalidRequest)?;
        let started = Instant::now();
        // A limit too large to represent is no limit.
        let deadline = self
            .config
            .total_timeout
            .and_then(|t| started.checked_add(t));
        let policy = &self.config.retry;
        let span = tracing::Span::current();
        // Attempts counted against the retry policy; the re-send after a 401 is not one.
        let mut attempt: u32 = 0;
        // Requests sent in all, for the span.
        let mut sent: u32 = 0;
        let mut reauthorized = false;
        loop {
            attempt += 1;
            sent += 1;
            span.record("attempt", sent);
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(self.deadline_error(&request));
            }
            let attempt_started = Instant::now();
            let outcome = self.attempt(&request, &url, deadline).await;
            let attempt_took = attempt_started.elapsed();
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(Error::Auth(auth)) if auth.retryable => Attempt::AuthUnavailable(auth),
                Err(e) => return Err(e),
            };
            let retries_left = attempt < policy.max_attempts;
            // The error, whether its failure is retried (see `retry::is_retryable`), and the
            // wait the server asked for.
            let (error, retryable, server_wait) = match outcome {
                Attempt::Response {
                    status,
                    headers,
                    body,
                    truncated,
                    secrets,
                    sent_headers,
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
                            sensitive_fields: &[],
                        });
                    }
                    if status == StatusCode::UNAUTHORIZED
                        && request.authenticated
                        && !reauthorized
                        && self.auth.invalidate_rejected(&sent_headers)
                    {
                        tracing::debug!("401: credentials dropped, sending once more");
                        reauthorized = true;
                        attempt -= 1;
                        continue;
                    }
                    let server_wait = rate_limit.server_wait(SystemTime::now());
                    let retryable = is_retryable(Failure::Status(status), request.retry_safe);
                    let error = api_error(
                        &request,
                        &self.config.request_id_headers,
                        status,
                        &headers,
                        rate_limit,
                        body,
                        truncated,
                        &secrets,
                    );
                    (error, retryable, server_wait)
                }
                Attempt::TooLarge {
                    status,
                    content_length,
                } => {
                    span.record("status", status.as_u16());
                    return Err(Error::ResponseTooLarge(ResponseTooLargeError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        status,
                        limit: self.config.max_response_size,
                        content_length,
                    }));
                }
                Attempt::Transport(source) => {
                    let connect = source.is_connect();
                    let failure = if connect {
                        Failure::Connect
                    } else {
                        Failure::Transport
                    };
                    let error = Error::Transport(TransportError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        connect,
                        source: source.without_url(),
                    });
                    (error, is_retryable(failure, request.retry_safe), None)
                }
                Attempt::AuthUnavailable(auth) => {
                    let retryable = is_retryable(Failure::AuthUnavailable, request.retry_safe);
                    let server_wait = auth.retry_after.map(ServerWait::RetryAfter);
                    (Error::Auth(auth), retryable, server_wait)
                }
                Attempt::TimedOut(kind, limit) => {
                    let error = Error::Timeout(TimeoutError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        kind,
                        limit,
                    });
                    (
                        error,
                        is_retryable(Failure::Timeout(kind), request.retry_safe),
                        None,
                    )
                }
            };
            if !retryable || !retries_left {
                return Err(error);
            }
            let Some(wait) = policy.wait_before(attempt, server_wait) else {
                tracing::debug!(
                    ?server_wait,
                    "no retry: the server asks for too long a wait"
                );
                return Err(error);
            };
            // No retry that would start at or past the deadline, nor one that is expected to
            // end past it (an attempt is expected to take as long as the last one did).
            let expected_end = Instant::now()
                .checked_add(wait)
                .and_then(|t| t.checked_add(attempt_took));
            if deadline.is_some_and(|d| expected_end.is_none_or(|end| end >= d)) {
                tracing::debug!(?wait, "no retry: it would end past the deadline");
                return Err(error);
            }
            // The error's kind and status only: its message may quote the response body.
            tracing::debug!(
                ?wait,
                error = error_kind(&error),
                status = error.status().map(|s| s.as_u16()),
                "retrying"
            );
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
    fn url(&self, request: &Request) -> Result<url::Url, InvalidRequestError> {
        let base = self.config.base_url.as_str().trim_end_matches('/');
        let mut url = url::Url::parse(&format!("{base}{}", request.path)).map_err(|e| {
            InvalidRequestError::new(format!(
                "the request path for {} is not a valid URL: {e}",
                request.path_template
            ))
        })?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value.expose());
            }
        }
        Ok(url)
    }

    /// Builds, authorizes and sends one attempt, bounded by the attempt timeout and the
    /// deadline. `Err` only for failures that are never retried (credentials, bad input).
    async fn attempt<E>(
        &self,
        request: &Request,
        url: &url::Url,
        deadline: Option<Instant>,
    ) -> Result<Attempt, Error<E>> {
        let mut http_request = reqwest::Request::new(request.method.clone(), url.clone());
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
            // Fetching credentials (e.g. an OAuth2 token) must not run past the deadline.
            let authorize = self.auth.authorize(&mut http_request);
            match deadline {
                Some(d) => match tokio::time::timeout_at(d, authorize).await {
                    Ok(result) => result?,
                    Err(_) => return Err(self.deadline_error(request)),
                },
                None => authorize.await?,
            }
        }
        let secrets = sent_secrets(request, url, &http_request);
        let sent_headers = if request.authenticated {
            http_request.headers().clone()
        } else {
            HeaderMap::new()
        };

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
            let body = read_body(response, status, self.config.max_response_size).await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        };
        let result = match limit {
            Some(limit) => match tokio::time::timeout(limit, send).await {
                Ok(result) => result,
                Err(_) => return Ok(Attempt::TimedOut(kind, self.limit_for(kind, limit))),
            },
            None => send.await,
        };
        Ok(match result {
            Ok((status, headers, Body::Read { bytes, truncated })) => Attempt::Response {
                status,
                headers,
                body: bytes,
                truncated,
                secrets,
                sent_headers,
            },
            Ok((status, _, Body::TooLarge { content_length })) => Attempt::TooLarge {
                status,
                content_length,
            },
            Err(e) => Attempt::Transport(e),
        })
    }

    fn limit_for(&self, kind: TimeoutKind, fallback: Duration) -> Duration {
        match kind {
            TimeoutKind::Attempt => self.config.attempt_timeout.unwrap_or(fallback),
            TimeoutKind::Deadline => self.config.total_timeout.unwrap_or(fallback),
        }
    }
}

/// A short name of the error kind, for the span.
fn error_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Decode(_) => "decode",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Auth(_) => "auth",
        Error::Config(_) => "config",
        Error::ResponseTooLarge(_) => "response_too_large",
        Error::Pagination(_) => "pagination",
    }
}

/// A response body as read.
enum Body {
    /// The body (an error body cut to [`MAX_ERROR_BODY`] bytes, then `truncated`).
    Read { bytes: Bytes, truncated: bool },
    /// A success body longer than the maximum response size: refused from its
    /// `Content-Length`, or once more than the maximum had arrived.
    TooLarge { content_length: Option<u64> },
}

/// Room reserved up front for a body: its `Content-Length` up to this much (a server may
/// announce far more than it sends).
const INITIAL_BODY_CAPACITY: u64 = 1024 * 1024;

/// Reads the body: a success body up to `max_size` bytes, an error body up to
/// [`MAX_ERROR_BODY`] bytes (the rest is dropped and the body marked truncated).
async fn read_body(
    mut response: reqwest::Response,
    status: StatusCode,
    max_size: u64,
) -> Result<Body, reqwest::Error> {
    if status.is_success() {
        return read_success_body(response, max_size).await;
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
    Ok(Body::Read {
        bytes: Bytes::from(kept),
        truncated,
    })
}

/// Reads a success body of at most `max_size` bytes: refused from its `Content-Length`, else
/// given up as soon as more has arrived.
async fn read_success_body(
    mut response: reqwest::Response,
    max_size: u64,
) -> Result<Body, reqwest::Error> {
    let content_length = response.content_length();
    if content_length.is_some_and(|length| length > max_size) {
        return Ok(Body::TooLarge { content_length });
    }
    let too_large = |read: usize| u64::try_from(read).map_or(true, |read| read > max_size);
    let read = |bytes| Body::Read {
        bytes,
        truncated: false,
    };
    // A body in one chunk is passed on as it is; only a body in several is copied together.
    let Some(first) = response.chunk().await? else {
        return Ok(read(Bytes::new()));
    };
    if too_large(first.len()) {
        return Ok(Body::TooLarge { content_length });
    }
    let Some(second) = response.chunk().await? else {
        return Ok(read(first));
    };
    let capacity = content_length.unwrap_or(0).min(INITIAL_BODY_CAPACITY);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if too_large(body.len().saturating_add(chunk.len())) {
            return Ok(Body::TooLarge { content_length });
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(read(Bytes::from(body)))
}

#[allow(clippy::too_many_arguments)]
fn api_error<E: DeserializeOwned>(
    request: &Request,
    request_id_headers: &[http::HeaderName],
    status: StatusCode,
    headers: &HeaderMap,
    rate_limit: RateLimitInfo,
    body: Bytes,
    truncated: bool,
    secrets: &[String],
) -> Error<E> {
    // A server may echo a credential or a secret query value (e.g. the token being validated):
    // remove them from the kept body, so neither `Display` nor `Debug` of the error shows them.
    let body = scrub_body(body, secrets);
    let request_id = request_id(headers, request_id_headers, &body);
    Error::Api(Box::new(ApiError {
        status,
        method: request.method.clone(),
        path_template: request.path_template,
        operation_id: request.operation_id,
        request_id,
        rate_limit,
        model: serde_json::from_slice(&body).ok(),
        message: extract_message(&body).map(|m| redact_known(&m, secrets)),
        body,
        body_truncated: truncated,
    }))
}
