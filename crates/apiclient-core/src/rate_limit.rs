//! Rate-limit information read from response headers.

use crate::retry::ServerWait;
use http::HeaderMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Values at or above this are read as a Unix time rather than a number of seconds from now.
const EPOCH_THRESHOLD: u64 = 1_000_000_000;
/// Values at or above this are read as a Unix time in milliseconds.
const EPOCH_MILLIS_THRESHOLD: u64 = 1_000_000_000_000;

/// What the server said about its rate limit, from any of the common header families:
/// `X-RateLimit-Limit/Remaining/Reset`, the IETF `RateLimit-Limit/Remaining/Reset` (and the
/// combined `RateLimit` header of later drafts), and `Retry-After` (seconds or an HTTP date).
///
/// A reset value (`X-RateLimit-Reset`, `RateLimit-Reset`, `reset=`/`t=`) is read by one rule,
/// whatever the header: from 10^12 up it is a Unix time in milliseconds, from 10^9 up a Unix
/// time in seconds (GModStore documents UTC epoch seconds), and below that a number of seconds
/// from now (as the IETF drafts define it: no current Unix time is that small, so `59` means
/// "in 59 seconds"). However it is read, the wait it gives is capped like any wait the client
/// infers, by [`RetryPolicy::max_backoff`](crate::RetryPolicy::max_backoff).
///
/// ```
/// use apiclient_core::{HeaderMap, RateLimitInfo};
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ratelimit-limit", "300".parse().unwrap());
/// headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
/// headers.insert("retry-after", "7".parse().unwrap());
/// let info = RateLimitInfo::from_headers(&headers);
/// assert_eq!(info.limit, Some(300));
/// assert_eq!(info.remaining, Some(0));
/// assert_eq!(info.retry_after, Some(std::time::Duration::from_secs(7)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets (from a Unix time or a number of seconds, whichever was sent).
    pub reset_at: Option<SystemTime>,
    /// How long the server asked the client to wait before trying again.
    pub retry_after: Option<Duration>,
}

impl RateLimitInfo {
    /// Reads the headers, taking "now" from the system clock.
    /// The clock is read only when a value is relative to now.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self::read(headers, SystemTime::now)
    }

    /// Reads the headers relative to `now` (for deterministic tests).
    pub fn from_headers_at(headers: &HeaderMap, now: SystemTime) -> Self {
        Self::read(headers, || now)
    }

    fn read(headers: &HeaderMap, now: impl Fn() -> SystemTime) -> Self {
        if headers.is_empty() {
            return Self::default();
        }
        let found = Found::in_headers(headers);
        let number = |values: [Option<&str>; 2]| values.into_iter().find_map(leading_u64);
        // The combined IETF header: `RateLimit: limit=100, remaining=0, reset=30` (draft 7) or
        // `RateLimit: "default";r=0;t=30` (later drafts).
        let combined = found.combined.map(parse_combined).unwrap_or_default();
        let reset_at = number([found.x_reset, found.reset])
            .or(combined.reset)
            .map(|v| {
                if v >= EPOCH_MILLIS_THRESHOLD {
                    UNIX_EPOCH + Duration::from_millis(v)
                } else if v >= EPOCH_THRESHOLD {
                    UNIX_EPOCH + Duration::from_secs(v)
                } else {
                    now() + Duration::from_secs(v)
                }
            });
        Self {
            limit: number([found.x_limit, found.limit]).or(combined.limit),
            remaining: number([found.x_remaining, found.remaining]).or(combined.remaining),
            reset_at,
            retry_after: found.retry_after.and_then(|raw| retry_after(raw, &now)),
        }
    }

    /// True when no rate-limit header was present.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// How long to wait before the next request is likely to be accepted: `Retry-After` if it
    /// was sent, else the time to the window's reset when no request is left, else `None`.
    pub fn suggested_wait(&self, now: SystemTime) -> Option<Duration> {
        self.server_wait(now).map(ServerWait::duration)
    }

    /// Like [`suggested_wait`](Self::suggested_wait), saying where the wait came from (the
    /// [`RetryPolicy`](crate::RetryPolicy) caps each source differently).
    pub fn server_wait(&self, now: SystemTime) -> Option<ServerWait> {
        if let Some(wait) = self.retry_after {
            return Some(ServerWait::RetryAfter(wait));
        }
        match (self.remaining, self.reset_at) {
            (Some(0), Some(reset)) => Some(ServerWait::UntilReset(
                reset.duration_since(now).unwrap_or_default(),
            )),
            _ => None,
        }
    }
}

/// The first value of each rate-limit header, trimmed (`None` when absent or not text), found
/// in one pass over the headers: every response is read, and a lookup per name would hash
/// eight names each time.
#[derive(Default)]
struct Found<'a> {
    combined: Option<&'a str>,
    x_limit: Option<&'a str>,
    limit: Option<&'a str>,
    x_remaining: Option<&'a str>,
    remaining: Option<&'a str>,
    x_reset: Option<&'a str>,
    reset: Option<&'a str>,
    retry_after: Option<&'a str>,
}

impl<'a> Found<'a> {
    fn in_headers(headers: &'a HeaderMap) -> Self {
        let mut found = Self::default();
        // Only a name's first value counts; its later values are skipped.
        let mut seen = [false; 8];
        for (name, value) in headers {
            let (index, slot) = match name.as_str() {
                "ratelimit" => (0, &mut found.combined),
                "x-ratelimit-limit" => (1, &mut found.x_limit),
                "ratelimit-limit" => (2, &mut found.limit),
                "x-ratelimit-remaining" => (3, &mut found.x_remaining),
                "ratelimit-remaining" => (4, &mut found.remaining),
                "x-ratelimit-reset" => (5, &mut found.x_reset),
                "ratelimit-reset" => (6, &mut found.reset),
                "retry-after" => (7, &mut found.retry_after),
                _ => continue,
            };
            if !std::mem::replace(&mut seen[index], true) {
                *slot = value.to_str().ok().map(str::trim);
            }
        }
        found
    }
}

/// The number a header value starts with. IETF drafts allow `RateLimit-Limit: 100, 100;w=60`:
/// the first number counts.
fn leading_u64(raw: Option<&str>) -> Option<u64> {
    let raw = raw?;
    let end = raw.bytes().position(|b| b == b',' || b == b';');
    raw[..end.unwrap_or(raw.len())].trim().parse().ok()
}

fn retry_after(raw: &str, now: &impl Fn() -> SystemTime) -> Option<Duration> {
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(raw).ok()?;
    Some(at.duration_since(now()).unwrap_or_default())
}

/// Numbers found in a combined `RateLimit` header.
#[derive(Default)]
struct Combined {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<u64>,
}

fn parse_combined(raw: &str) -> Combined {
    let mut out = Combined::default();
    for item in raw.split([',', ';']) {
        let Some((key, value)) = item.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').parse::<u64>().ok();
        match key.trim().to_ascii_lowercase().as_str() {
            "limit" | "q" => out.limit = out.limit.or(value),
            "remaining" | "r" => out.remaining = out.remaining.or(value),
            "reset" | "t" => out.reset = out.reset.or(value),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_value_is_read_by_one_rule() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let secs = Duration::from_secs;
        /// (headers, the wait they call for)
        type Case = (&'static [(&'static str, &'static str)], Option<ServerWait>);
        let table: [Case; 11] = [
            // Seconds from now, below 10^9.
            (
                &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "59")],
                Some(ServerWait::UntilReset(secs(59))),
            ),
            (
                &[("ratelimit-remaining", "0"), ("ratelimit-reset", "0")],
                Some(ServerWait::UntilReset(secs(0))),
            ),
            (
                &[("ratelimit", "limit=100, remaining=0, reset=30")],
                Some(ServerWait::UntilReset(secs(30))),
            ),
            (
                &[("ratelimit", r#""default";r=0;t=7"#)],
                Some(ServerWait::UntilReset(secs(7))),
            ),
            // A Unix time in seconds (GModStore), in the future and in the past.
            (
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1700000042"),
                ],
                Some(ServerWait::UntilReset(secs(42))),
            ),
            (
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1600000000"),
                ],
                Some(ServerWait::UntilReset(secs(0))),
            ),
            // A Unix time in milliseconds.
            (
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1700000003000"),
                ],
                Some(ServerWait::UntilReset(secs(3))),
            ),
            // Requests left: the reset calls for no wait.
            (
                &[("x-ratelimit-remaining", "5"), ("x-ratelimit-reset", "59")],
                None,
            ),
            // `Retry-After` wins over a reset, in seconds or as an HTTP date.
            (
                &[
                    ("retry-after", "3"),
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "59"),
                ],
                Some(ServerWait::RetryAfter(secs(3))),
            ),
            (
                &[("retry-after", "Tue, 14 Nov 2023 22:15:00 GMT")],
                Some(ServerWait::RetryAfter(secs(100))),
            ),
            // Unreadable values call for nothing.
            (
                &[
                    ("retry-after", "soon"),
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "-1"),
                ],
                None,
            ),
        ];
        for (headers, wait) in table {
            let mut map = HeaderMap::new();
            for (name, value) in headers {
                map.insert(*name, value.parse().unwrap());
            }
            let info = RateLimitInfo::from_headers_at(&map, now);
            assert_eq!(info.server_wait(now), wait, "{headers:?}");
            assert_eq!(
                info.suggested_wait(now),
                wait.map(ServerWait::duration),
                "{headers:?}"
            );
        }
    }
}
