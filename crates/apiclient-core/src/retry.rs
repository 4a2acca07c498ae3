//! Which failed attempts are tried again ([`is_retryable`]), and when and how often
//! ([`RetryPolicy`]).

use crate::error::TimeoutKind;
use http::StatusCode;
use std::time::Duration;

/// What went wrong in one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The server answered with this (error) status.
    Status(StatusCode),
    /// The connection could not be established: the request never left the client.
    Connect,
    /// The request was sent, at least in part, but no complete response was read.
    Transport,
    /// A time limit ran out while the request was in flight.
    Timeout(TimeoutKind),
    /// Credentials could not be had for a passing reason (the token endpoint was rate limited,
    /// unavailable or unreachable): nothing was sent to the API.
    AuthUnavailable,
}

/// Whether an attempt that failed with `failure` may be sent again, for a request that is
/// (`retry_safe`) or is not safe to repeat after the server may have acted on it.
///
/// | failure | retry-safe request (GET, PUT, DELETE, `x-retry-safe: true`) | other request (POST, PATCH) |
/// |---|---|---|
/// | 429 Too Many Requests | yes | yes: the server did not act on it |
/// | 502, 503, 504 | yes | no |
/// | any other status | no | no |
/// | connection not established | yes | yes: it never left |
/// | transport error after sending | yes | no |
/// | attempt timeout | yes | no |
/// | deadline (total timeout) | no | no |
/// | credentials unavailable | yes | yes: nothing was sent |
///
/// A retry also needs attempts left under the [`RetryPolicy`] and time left before the
/// deadline. A 401 on an authenticated request is not a retry: the auth provider drops its
/// cached credentials and the request is sent once more.
///
/// ```
/// use apiclient_core::retry::{Failure, is_retryable};
/// use apiclient_core::StatusCode;
/// assert!(is_retryable(Failure::Status(StatusCode::TOO_MANY_REQUESTS), false));
/// assert!(is_retryable(Failure::Status(StatusCode::SERVICE_UNAVAILABLE), true));
/// assert!(!is_retryable(Failure::Status(StatusCode::SERVICE_UNAVAILABLE), false));
/// assert!(is_retryable(Failure::Connect, false));
/// ```
pub fn is_retryable(failure: Failure, retry_safe: bool) -> bool {
    match failure {
        Failure::Status(status) => {
            status == StatusCode::TOO_MANY_REQUESTS
                || (retry_safe && matches!(status.as_u16(), 502..=504))
        }
        Failure::Connect | Failure::AuthUnavailable => true,
        Failure::Transport | Failure::Timeout(TimeoutKind::Attempt) => retry_safe,
        Failure::Timeout(TimeoutKind::Deadline) => false,
    }
}

/// How failed attempts are retried.
///
/// Which failures are retried is fixed by [`is_retryable`] from the request's safety (see
/// [`Request::retry_safe`](crate::Request::retry_safe)); this policy sets how often and how
/// long.
///
/// One rule bounds every wait between two attempts: what the client works out itself (the
/// jittered back-off, the time until a rate-limit window resets) is at most
/// [`max_backoff`](Self::max_backoff); what the server asks for in so many words
/// (`Retry-After`) is at most [`max_server_wait`](Self::max_server_wait). A server's wait
/// above its cap, or one that would end past the call's deadline, is not slept: the error is
/// returned at once, with [`Error::retry_after`](crate::Error::retry_after) set.
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
    /// 3 attempts, back-off from 200 ms doubling up to 5 s with full jitter, a wait until a
    /// rate-limit reset honoured up to 5 s (the maximum back-off) and a `Retry-After` up to 60 s.
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

    /// The longest wait between two attempts that the client works out itself: the computed
    /// back-off, and the wait until a rate-limit window resets (see [`ServerWait`]).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait the server may ask for in so many words (`Retry-After`). A longer
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

    /// The longest wait honoured for what the server said: [`max_server_wait`](Self::max_server_wait)
    /// for a `Retry-After`, [`max_backoff`](Self::max_backoff) for a window's reset.
    pub fn cap(&self, wait: ServerWait) -> Duration {
        match wait {
            ServerWait::RetryAfter(_) => self.max_server_wait,
            ServerWait::UntilReset(_) => self.max_backoff,
        }
    }

    /// The wait before retry number `retry`: the wait the server asked for, else the jittered
    /// [`backoff`](Self::backoff); `None` when the server's wait is longer than its
    /// [`cap`](Self::cap) (the error is returned at once, its `retry_after()` set).
    ///
    /// ```
    /// use apiclient_core::RetryPolicy;
    /// use apiclient_core::retry::ServerWait;
    /// use std::time::Duration;
    /// let policy = RetryPolicy::default(); // back-off up to 5 s, Retry-After up to 60 s
    /// let secs = Duration::from_secs;
    /// assert_eq!(policy.wait_before(1, Some(ServerWait::RetryAfter(secs(30)))), Some(secs(30)));
    /// assert_eq!(policy.wait_before(1, Some(ServerWait::UntilReset(secs(3)))), Some(secs(3)));
    /// assert_eq!(policy.wait_before(1, Some(ServerWait::UntilReset(secs(59)))), None);
    /// ```
    pub fn wait_before(&self, retry: u32, server_wait: Option<ServerWait>) -> Option<Duration> {
        match server_wait {
            Some(wait) if wait.duration() > self.cap(wait) => None,
            Some(wait) => Some(wait.duration()),
            None => Some(self.backoff(retry)),
        }
    }
}

/// A wait the server's answer called for, by where it came from; each source has its own cap
/// in the [`RetryPolicy`] ([`RetryPolicy::cap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerWait {
    /// The server named the wait itself (`Retry-After`, in seconds or as an HTTP date): capped
    /// by [`RetryPolicy::max_server_wait`].
    RetryAfter(Duration),
    /// The time until the rate-limit window resets (`X-RateLimit-Reset`, `RateLimit-Reset`)
    /// with no request left: a wait the client infers from a header whose unit differs between
    /// vendors, capped like any other inferred wait by [`RetryPolicy::max_backoff`].
    UntilReset(Duration),
}

impl ServerWait {
    /// How long the server's answer says to wait.
    pub fn duration(self) -> Duration {
        match self {
            Self::RetryAfter(wait) | Self::UntilReset(wait) => wait,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        use Failure::*;
        let status = |code: u16| Status(StatusCode::from_u16(code).unwrap());
        // (failure, retried when retry-safe, retried otherwise)
        let table = [
            (status(429), true, true),
            (status(502), true, false),
            (status(503), true, false),
            (status(504), true, false),
            (status(500), false, false),
            (status(501), false, false),
            (status(505), false, false),
            (status(400), false, false),
            (status(401), false, false),
            (status(404), false, false),
            (status(409), false, false),
            (Connect, true, true),
            (Transport, true, false),
            (Timeout(TimeoutKind::Attempt), true, false),
            (Timeout(TimeoutKind::Deadline), false, false),
            (AuthUnavailable, true, true),
        ];
        for (failure, safe, unsafe_) in table {
            assert_eq!(is_retryable(failure, true), safe, "{failure:?}, retry-safe");
            assert_eq!(
                is_retryable(failure, false),
                unsafe_,
                "{failure:?}, not retry-safe"
            );
        }
    }

    #[test]
    fn each_wait_is_held_to_the_cap_of_its_source() {
        use ServerWait::{RetryAfter, UntilReset};
        let ms = Duration::from_millis;
        let policy = RetryPolicy::default()
            .max_backoff(ms(5_000))
            .max_server_wait(ms(10_000));
        // (what the server said, the wait slept; None: the error is returned at once)
        let table = [
            (RetryAfter(ms(0)), Some(ms(0))),
            (RetryAfter(ms(7_000)), Some(ms(7_000))),
            (RetryAfter(ms(10_000)), Some(ms(10_000))),
            (RetryAfter(ms(10_001)), None),
            (RetryAfter(Duration::MAX), None),
            (UntilReset(ms(0)), Some(ms(0))),
            (UntilReset(ms(5_000)), Some(ms(5_000))),
            (UntilReset(ms(5_001)), None),
            // `X-RateLimit-Reset: 59`, read as seconds from now: beyond the 5 s cap.
            (UntilReset(ms(59_000)), None),
            (UntilReset(Duration::from_secs(3_600)), None),
        ];
        for (said, slept) in table {
            assert_eq!(policy.wait_before(1, Some(said)), slept, "{said:?}");
        }
        for retry in 1..10 {
            let backoff = policy.wait_before(retry, None).unwrap();
            assert!(backoff <= ms(5_000), "retry {retry}: {backoff:?}");
        }
    }
}
