//! Item 5: Rate-limit information from `X-RateLimit-*`, the IETF `RateLimit-*` headers and
//! `Retry-After`, on every response and every API error.

mod common;

use apiclient_core::{ApiClient, HeaderMap, Method, RateLimitInfo, Request};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            apiclient_core::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    map
}

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

#[test]
fn x_ratelimit_headers() {
    let info = RateLimitInfo::from_headers_at(
        &headers(&[
            ("X-RateLimit-Limit", "300"),
            ("X-RateLimit-Remaining", "12"),
            ("X-RateLimit-Reset", "1700000030"),
        ]),
        now(),
    );
    assert_eq!(info.limit, Some(300));
    assert_eq!(info.remaining, Some(12));
    assert_eq!(info.reset_at, Some(now() + Duration::from_secs(30)));
    assert_eq!(info.retry_after, None);
    assert!(!info.is_empty());
    // Requests are left: no wait suggested.
    assert_eq!(info.suggested_wait(now()), None);
}

#[test]
fn reset_as_seconds_from_now_or_epoch_milliseconds() {
    let info = RateLimitInfo::from_headers_at(
        &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "42")]),
        now(),
    );
    assert_eq!(info.reset_at, Some(now() + Duration::from_secs(42)));
    assert_eq!(info.suggested_wait(now()), Some(Duration::from_secs(42)));
    let info =
        RateLimitInfo::from_headers_at(&headers(&[("x-ratelimit-reset", "1700000005000")]), now());
    assert_eq!(info.reset_at, Some(now() + Duration::from_secs(5)));
}

#[test]
fn ietf_ratelimit_headers() {
    let info = RateLimitInfo::from_headers_at(
        &headers(&[
            ("RateLimit-Limit", "100, 100;w=60"),
            ("RateLimit-Remaining", "0"),
            ("RateLimit-Reset", "7"),
        ]),
        now(),
    );
    assert_eq!(info.limit, Some(100));
    assert_eq!(info.remaining, Some(0));
    assert_eq!(info.suggested_wait(now()), Some(Duration::from_secs(7)));

    // The combined header of later drafts.
    let info = RateLimitInfo::from_headers_at(
        &headers(&[("RateLimit", "limit=50, remaining=3, reset=9")]),
        now(),
    );
    assert_eq!((info.limit, info.remaining), (Some(50), Some(3)));
    assert_eq!(info.reset_at, Some(now() + Duration::from_secs(9)));
    let info =
        RateLimitInfo::from_headers_at(&headers(&[("RateLimit", "\"default\";r=0;t=4")]), now());
    assert_eq!(info.remaining, Some(0));
    assert_eq!(info.suggested_wait(now()), Some(Duration::from_secs(4)));
}

#[test]
fn retry_after_in_seconds_or_as_http_date() {
    let info = RateLimitInfo::from_headers_at(&headers(&[("Retry-After", "17")]), now());
    assert_eq!(info.retry_after, Some(Duration::from_secs(17)));
    let date = httpdate::fmt_http_date(now() + Duration::from_secs(90));
    let info = RateLimitInfo::from_headers_at(&headers(&[("Retry-After", &date)]), now());
    assert_eq!(info.retry_after, Some(Duration::from_secs(90)));
    // A date in the past means "now".
    let past = httpdate::fmt_http_date(now() - Duration::from_secs(90));
    let info = RateLimitInfo::from_headers_at(&headers(&[("Retry-After", &past)]), now());
    assert_eq!(info.retry_after, Some(Duration::ZERO));
    // Retry-After wins over the reset.
    let info = RateLimitInfo::from_headers_at(
        &headers(&[
            ("Retry-After", "3"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "60"),
        ]),
        now(),
    );
    assert_eq!(info.suggested_wait(now()), Some(Duration::from_secs(3)));
    // Garbage is ignored.
    let info = RateLimitInfo::from_headers_at(
        &headers(&[("Retry-After", "soon"), ("x-ratelimit-limit", "lots")]),
        now(),
    );
    assert!(info.is_empty());
}

#[test]
fn the_x_header_wins_and_only_a_headers_first_value_counts() {
    let mut map = headers(&[
        ("RateLimit-Limit", "100"),
        ("X-RateLimit-Limit", "300"),
        ("RateLimit-Remaining", "9"),
        ("X-RateLimit-Remaining", "not a number"),
        ("Retry-After", "5"),
        ("Content-Type", "application/json"),
    ]);
    map.append("x-ratelimit-limit", "1".parse().unwrap());
    map.append("retry-after", "60".parse().unwrap());
    map.append("ratelimit-remaining", "1".parse().unwrap());
    let info = RateLimitInfo::from_headers_at(&map, now());
    // `X-RateLimit-Limit` before `RateLimit-Limit`, and its first value only.
    assert_eq!(info.limit, Some(300));
    // An `X-` value that is not a number gives way to the IETF header's first value.
    assert_eq!(info.remaining, Some(9));
    assert_eq!(info.retry_after, Some(Duration::from_secs(5)));
    // A first value that is not text hides the later ones, as a lookup by name would.
    let mut map = HeaderMap::new();
    map.append(
        "x-ratelimit-limit",
        apiclient_core::HeaderValue::from_bytes(b"\xff").unwrap(),
    );
    map.append("x-ratelimit-limit", "300".parse().unwrap());
    assert_eq!(RateLimitInfo::from_headers_at(&map, now()).limit, None);
}

#[tokio::test]
async fn on_every_response_and_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "9")
                .set_body_json(serde_json::json!({"a": 1})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/bad"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("ratelimit-limit", "10")
                .insert_header("ratelimit-remaining", "8"),
        )
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let raw = client
        .execute::<()>(Request::new(Method::GET, "/ok", "ok"))
        .await
        .unwrap();
    assert_eq!(raw.rate_limit.remaining, Some(9));
    let decoded = raw.json::<serde_json::Value, ()>().unwrap();
    assert_eq!(decoded.rate_limit.limit, Some(10));
    assert_eq!(decoded.rate_limit.remaining, Some(9));

    let err = client
        .execute::<()>(Request::new(Method::GET, "/bad", "bad"))
        .await
        .unwrap_err();
    assert_eq!(err.rate_limit().unwrap().remaining, Some(8));
    assert_eq!(err.api_error().unwrap().rate_limit.limit, Some(10));
}
