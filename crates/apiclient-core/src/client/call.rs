//! One call: attempt after attempt (retries, the re-send after a 401, the deadline) until a
//! result.

use super::ApiClient;
use super::attempt::Attempt;
use super::failure::{api_error, error_kind};
use crate::error::{
    Error, ErrorModel, ResponseTooLargeError, TimeoutError, TimeoutKind, TransportError,
};
use crate::rate_limit::RateLimitInfo;
use crate::request::Request;
use crate::response::RawResponse;
use crate::retry::{Failure, ServerWait, is_retryable};
use http::StatusCode;
use std::time::SystemTime;
use tokio::time::Instant;

/// How far a call got, for its span and completion event.
#[derive(Debug, Default)]
pub(super) struct Progress {
    /// Requests sent in all (retries and the re-send after a 401 included).
    pub(super) sent: u32,
    /// The status of the last response, if the last attempt had one.
    pub(super) status: Option<StatusCode>,
}

/// What the loop does after an attempt that did not end the call.
struct Retry<E> {
    error: Error<E>,
    /// Whether the failure may be retried (see `retry::is_retryable`).
    retryable: bool,
    /// The wait the server asked for.
    server_wait: Option<ServerWait>,
}

impl ApiClient {
    /// Sends `request` until it succeeds, fails for good, or runs out of attempts or time.
    pub(super) async fn call<E: ErrorModel>(
        &self,
        request: &Request,
        started: Instant,
        span: &tracing::Span,
        progress: &mut Progress,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(e) = &request.error {
            return Err(Error::InvalidRequest(e.clone()));
        }
        let url = self.url(request).map_err(Error::InvalidRequest)?;
        // A limit too large to represent is no limit.
        let deadline = self
            .config
            .total_timeout
            .and_then(|t| started.checked_add(t));
        let policy = &self.config.retry;
        // Attempts counted against the retry policy; the re-send after a 401 is not one.
        let mut attempt: u32 = 0;
        let mut reauthorized = false;
        // The clock is read once per attempt on the way to a success: the call's start is the
        // first attempt's.
        let mut attempt_started = started;
        loop {
            attempt += 1;
            progress.sent += 1;
            if !span.is_disabled() {
                span.record("attempt", progress.sent);
            }
            if deadline.is_some_and(|d| attempt_started >= d) {
                return Err(self.deadline_error(request));
            }
            let outcome = self.attempt(request, &url, attempt_started, deadline).await;
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(Error::Auth(auth)) if auth.retryable => Attempt::AuthUnavailable(auth),
                Err(e) => return Err(e),
            };
            progress.status = outcome.status();
            let retry = match outcome {
                Attempt::Response {
                    status,
                    headers,
                    body,
                    truncated,
                    sent,
                } => {
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
                        && request.can_resend()
                        && self.auth.invalidate_rejected(&sent.credential_headers())
                    {
                        tracing::debug!("401: credentials dropped, sending once more");
                        reauthorized = true;
                        attempt -= 1;
                        continue;
                    }
                    let server_wait = rate_limit.server_wait(SystemTime::now());
                    let retryable = is_retryable(Failure::Status(status), request.retry_safe);
                    // Only now, on the error path, are the secrets that were sent listed.
                    let secrets = sent.secrets(request, &url);
                    let error = api_error(
                        request,
                        &self.config.request_id_headers,
                        status,
                        &headers,
                        rate_limit,
                        body,
                        truncated,
                        &secrets,
                    );
                    Retry {
                        error,
                        retryable,
                        server_wait,
                    }
                }
                Attempt::TooLarge {
                    status,
                    content_length,
                } => {
                    return Err(Error::ResponseTooLarge(ResponseTooLargeError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        status,
                        limit: self.config.max_response_size,
                        content_length,
                    }));
                }
                Attempt::Transport(source) => transport_failure(request, source),
                Attempt::AuthUnavailable(auth) => Retry {
                    retryable: is_retryable(Failure::AuthUnavailable, request.retry_safe),
                    server_wait: auth.retry_after.map(ServerWait::RetryAfter),
                    error: Error::Auth(auth),
                },
                Attempt::TimedOut(kind, limit) => Retry {
                    error: Error::Timeout(TimeoutError {
                        method: request.method.clone(),
                        path_template: request.path_template,
                        kind,
                        limit,
                    }),
                    retryable: is_retryable(Failure::Timeout(kind), request.retry_safe),
                    server_wait: None,
                },
            };
            let attempt_took = attempt_started.elapsed();
            let Retry {
                error,
                retryable,
                server_wait,
            } = retry;
            // A form with a stream part is gone once sent: never sent again.
            if !retryable || !request.can_resend() || attempt >= policy.max_attempts {
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
            attempt_started = Instant::now();
        }
    }

    pub(super) fn deadline_error<E>(&self, request: &Request) -> Error<E> {
        Error::Timeout(TimeoutError {
            method: request.method.clone(),
            path_template: request.path_template,
            kind: TimeoutKind::Deadline,
            limit: self.config.total_timeout.unwrap_or_default(),
        })
    }
}

/// A transport failure (connection refused or reset, a body cut short...).
fn transport_failure<E>(request: &Request, source: reqwest::Error) -> Retry<E> {
    let connect = source.is_connect();
    let failure = if connect {
        Failure::Connect
    } else {
        Failure::Transport
    };
    Retry {
        error: Error::Transport(TransportError {
            method: request.method.clone(),
            path_template: request.path_template,
            connect,
            source: Box::new(source.without_url()),
        }),
        retryable: is_retryable(failure, request.retry_safe),
        server_wait: None,
    }
}
