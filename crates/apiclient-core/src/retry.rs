//! When and how long to wait before trying a request again.

use std::time::Duration;

/// How failed attempts are retried.
///
/// Which failures are retried is fixed by the request's safety (see
/// [`Request::retry_safe`](crate::Request::retry_safe)): idempotent requests retry on 429, 502,
/// 503, 504, connection errors and timeouts; others only when the server certainly did not act
/// (connection refused before sending, 429). This policy sets how often and how long.
///
/// ```
/// use apiclient_core::RetryPolicy;
/// use std::time::Duration;
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(5));
/// assert_eq!(policy.attempts(), 5);
/// let none = RetryPolicy::disabled();
/// assert_eq!(none.attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_server_wait: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, back-off from 200 ms doubling up to 5 s with full jitter, and a server-asked
    /// wait (`Retry-After`, rate-limit reset) honoured up to 60 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_server_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The back-off before the first retry; it doubles with every further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest computed back-off between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait the server may ask for (`Retry-After`, rate-limit reset). A longer
    /// request is not waited out: the error is returned so the caller can decide.
    pub fn max_server_wait(mut self, wait: Duration) -> Self {
        self.max_server_wait = wait;
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The jittered back-off before retry number `retry` (1 for the first retry):
    /// a random duration between zero and `min(max_backoff, initial_backoff * 2^(retry-1))`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
}
