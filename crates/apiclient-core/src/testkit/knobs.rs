//! [`Knobs`]: the behaviours every fake shares, switched at run time by the test.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::response::FakeResponse;
use super::util::lock;

/// Window length used for reporting while no rate limit is set.
const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// Shared, cloneable switches of a running fake: rate limiting, latency and injected failures.
///
/// Every clone controls the same fake. Changes apply to the next request.
///
/// ```
/// use std::time::Duration;
/// use apiclient_core::testkit::Knobs;
///
/// let knobs = Knobs::default();
/// knobs.set_rate_limit(2, Duration::from_secs(10));
/// knobs.set_latency(Duration::from_millis(50));
/// knobs.fail_next(1, 503);
/// knobs.reset();
/// assert_eq!(knobs.latency(), Duration::ZERO);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Knobs {
    inner: Arc<Mutex<KnobState>>,
}

#[derive(Debug, Default)]
struct KnobState {
    limit: Option<u32>,
    window: Option<Duration>,
    window_start: Option<Instant>,
    window_count: u32,
    throttle_next: u32,
    throttle_retry_after: u64,
    fail_next: u32,
    fail_status: u16,
    canned: VecDeque<FakeResponse>,
    latency: Duration,
}

/// The rate-limit window as seen by one request; fakes turn it into vendor headers.
///
/// ```
/// use std::time::Duration;
/// use apiclient_core::testkit::Knobs;
///
/// let knobs = Knobs::default();
/// knobs.set_rate_limit(5, Duration::from_secs(60));
/// let status = knobs.rate_limit_status();
/// assert_eq!(status.limit, Some(5));
/// assert_eq!(status.remaining, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// Requests allowed per window, `None` while no limit is set.
    pub limit: Option<u32>,
    /// Requests counted in the current window.
    pub used: u32,
    /// Requests left in the current window (`limit - used`, or `u32::MAX` without a limit).
    pub remaining: u32,
    /// UTC epoch seconds at which the current window ends.
    pub reset_epoch_secs: u64,
    /// Seconds until the window ends, rounded up (at least 1).
    pub reset_after_secs: u64,
}

/// What the server does with one request after consulting the knobs.
#[derive(Debug)]
pub(crate) enum Gate {
    /// Serve this canned response as it is.
    Canned(FakeResponse),
    /// Answer 429 with this `Retry-After`.
    Throttled(u64),
    /// Answer with this injected failure status.
    Fail(u16),
    /// Let the API handle the request.
    Pass,
}

impl Knobs {
    /// Allows `max_requests` per `window` (fixed windows); the next request gets the API's 429.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let knobs = apiclient_core::testkit::Knobs::default();
    /// knobs.set_rate_limit(100, Duration::from_secs(10));
    /// assert_eq!(knobs.rate_limit_status().limit, Some(100));
    /// ```
    pub fn set_rate_limit(&self, max_requests: u32, window: Duration) {
        let mut state = lock(&self.inner);
        state.limit = Some(max_requests);
        state.window = Some(window.max(Duration::from_millis(1)));
        state.window_start = None;
        state.window_count = 0;
    }

    /// Removes the rate limit (requests are still counted for reporting).
    ///
    /// ```
    /// let knobs = apiclient_core::testkit::Knobs::default();
    /// knobs.clear_rate_limit();
    /// assert_eq!(knobs.rate_limit_status().limit, None);
    /// ```
    pub fn clear_rate_limit(&self) {
        let mut state = lock(&self.inner);
        state.limit = None;
        state.window = None;
    }

    /// The current window without counting a request.
    ///
    /// ```
    /// let status = apiclient_core::testkit::Knobs::default().rate_limit_status();
    /// assert_eq!(status.used, 0);
    /// ```
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        let mut state = lock(&self.inner);
        state.roll_window(Instant::now());
        state.status(Instant::now())
    }

    /// Answers the next `count` requests with the API's 429 and `Retry-After: retry_after_secs`,
    /// whatever the rate limit.
    ///
    /// ```
    /// apiclient_core::testkit::Knobs::default().throttle_next(2, 1);
    /// ```
    pub fn throttle_next(&self, count: u32, retry_after_secs: u64) {
        let mut state = lock(&self.inner);
        state.throttle_next = count;
        state.throttle_retry_after = retry_after_secs;
    }

    /// Fails the next `count` requests with `status` (e.g. 503), in the API's error format.
    ///
    /// ```
    /// apiclient_core::testkit::Knobs::default().fail_next(3, 503);
    /// ```
    pub fn fail_next(&self, count: u32, status: u16) {
        let mut state = lock(&self.inner);
        state.fail_next = count;
        state.fail_status = status;
    }

    /// Serves `response` verbatim to one upcoming request (queued, first in first out), before
    /// any other knob; use it for bodies the API would never produce, e.g. malformed JSON.
    ///
    /// ```
    /// use apiclient_core::testkit::{FakeResponse, Knobs};
    ///
    /// Knobs::default().respond_next_with(FakeResponse::raw(200, "application/json", "{"));
    /// ```
    pub fn respond_next_with(&self, response: FakeResponse) {
        lock(&self.inner).canned.push_back(response);
    }

    /// Delays every response by `latency`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let knobs = apiclient_core::testkit::Knobs::default();
    /// knobs.set_latency(Duration::from_millis(200));
    /// assert_eq!(knobs.latency(), Duration::from_millis(200));
    /// ```
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.inner).latency = latency;
    }

    /// The latency currently injected into every response.
    ///
    /// ```
    /// assert!(apiclient_core::testkit::Knobs::default().latency().is_zero());
    /// ```
    pub fn latency(&self) -> std::time::Duration {
        lock(&self.inner).latency
    }

    /// Turns every knob off and starts a fresh rate-limit window.
    ///
    /// ```
    /// let knobs = apiclient_core::testkit::Knobs::default();
    /// knobs.fail_next(1, 500);
    /// knobs.reset();
    /// ```
    pub fn reset(&self) {
        *lock(&self.inner) = KnobState::default();
    }

    /// Decides the fate of one incoming request and counts it in the rate-limit window.
    pub(crate) fn admit(&self) -> (Gate, RateLimitStatus, Duration) {
        let now = Instant::now();
        let mut state = lock(&self.inner);
        let latency = state.latency;
        state.roll_window(now);
        if let Some(canned) = state.canned.pop_front() {
            return (Gate::Canned(canned), state.status(now), latency);
        }
        if state.throttle_next > 0 {
            state.throttle_next -= 1;
            let retry_after = state.throttle_retry_after;
            return (Gate::Throttled(retry_after), state.status(now), latency);
        }
        if state.limit.is_some_and(|limit| state.window_count >= limit) {
            let status = state.status(now);
            return (Gate::Throttled(status.reset_after_secs), status, latency);
        }
        state.window_count = state.window_count.saturating_add(1);
        let status = state.status(now);
        if state.fail_next > 0 {
            state.fail_next -= 1;
            return (Gate::Fail(state.fail_status), status, latency);
        }
        (Gate::Pass, status, latency)
    }
}

impl KnobState {
    fn window_len(&self) -> Duration {
        self.window.unwrap_or(DEFAULT_WINDOW)
    }

    fn roll_window(&mut self, now: Instant) {
        let expired = self
            .window_start
            .is_none_or(|start| now.duration_since(start) >= self.window_len());
        if expired {
            self.window_start = Some(now);
            self.window_count = 0;
        }
    }

    fn status(&self, now: Instant) -> RateLimitStatus {
        let start = self.window_start.unwrap_or(now);
        let left = (start + self.window_len()).saturating_duration_since(now);
        let reset_after_secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let reset_epoch_secs = (SystemTime::now() + left)
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
            .unwrap_or_default();
        RateLimitStatus {
            limit: self.limit,
            used: self.window_count,
            remaining: self
                .limit
                .map_or(u32::MAX, |limit| limit.saturating_sub(self.window_count)),
            reset_epoch_secs,
            reset_after_secs: reset_after_secs.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_window_counts_and_throttles() {
        let knobs = Knobs::default();
        knobs.set_rate_limit(2, Duration::from_secs(30));
        assert!(matches!(knobs.admit().0, Gate::Pass));
        let (gate, status, _) = knobs.admit();
        assert!(matches!(gate, Gate::Pass));
        assert_eq!(status.remaining, 0);
        match knobs.admit().0 {
            Gate::Throttled(after) => assert!((1..=30).contains(&after)),
            other => panic!("expected throttle, got {other:?}"),
        }
    }

    #[test]
    fn window_rolls_over() {
        let knobs = Knobs::default();
        knobs.set_rate_limit(1, Duration::from_millis(300));
        assert!(matches!(knobs.admit().0, Gate::Pass));
        assert!(matches!(knobs.admit().0, Gate::Throttled(_)));
        std::thread::sleep(Duration::from_millis(350));
        assert!(matches!(knobs.admit().0, Gate::Pass));
    }

    #[test]
    fn canned_then_throttle_then_fail_then_pass() {
        let knobs = Knobs::default();
        knobs.respond_next_with(FakeResponse::empty(299));
        knobs.throttle_next(1, 7);
        knobs.fail_next(1, 503);
        assert!(matches!(knobs.admit().0, Gate::Canned(r) if r.status() == 299));
        assert!(matches!(knobs.admit().0, Gate::Throttled(7)));
        assert!(matches!(knobs.admit().0, Gate::Fail(503)));
        assert!(matches!(knobs.admit().0, Gate::Pass));
    }
}
