//! Helpers shared by the lifecycle and resilience tests: a fast retry policy and request-log
//! queries. Each test crate uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::time::Duration;

use apiclient_core::RetryPolicy;
use apiclient_core::testkit::FakeRequest;

/// A retry policy with `max_attempts` and back-offs of a few milliseconds, so retried calls
/// keep the tests fast. A server-asked wait (`Retry-After`) is honoured up to 5 s.
pub fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(max_attempts)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
        .max_server_wait(Duration::from_secs(5))
}

/// How many logged requests have this method and exactly this path (query ignored).
pub fn count(requests: &[FakeRequest], method: &str, path: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.method() == method && r.path() == path)
        .count()
}

/// The log as `METHOD /path?query` lines, for assertion messages.
pub fn describe(requests: &[FakeRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| match r.raw_query() {
            Some(q) => format!("{} {}?{q}", r.method(), r.path()),
            None => format!("{} {}", r.method(), r.path()),
        })
        .collect()
}

/// The path part of a base URL such as `http://127.0.0.1:1234/api` (`/api`), to build the
/// exact paths the fake logs.
pub fn base_path(base_url: &str) -> String {
    let url = apiclient_core::Url::parse(base_url).expect("a valid base URL");
    url.path().trim_end_matches('/').to_owned()
}
