//! Item 4: Retries: which methods retry on what, `Retry-After` in both forms and rate-limit resets
//! honoured, waits capped, attempts bounded, and no retry past the call's deadline. Every test
//! counts what reached the server.

mod common;

use apiclient_core::{ApiClient, Error, Method, Request, RetryPolicy, TimeoutKind};
use common::CountingAuth;
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn client(server: &MockServer, attempts: u32) -> ApiClient {
    let config = common::builder(server)
        .retry_policy(common::fast_retries(attempts))
        .build()
        .unwrap();
    ApiClient::unauthenticated(config)
}

async fn call(client: &ApiClient, m: Method) -> Result<u16, Error> {
    client
        .execute::<serde_json::Value>(Request::new(m, "/r", "op"))
        .await
        .map(|r| r.status.as_u16())
}

/// Answers `status` once, then 200.
async fn fails_once(server: &MockServer, status: u16) {
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
}

#[tokio::test]
async fn idempotent_methods_retry_on_429_502_503_504() {
    for m in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
        for status in [429, 502, 503, 504] {
            let server = MockServer::start().await;
            fails_once(&server, status).await;
            assert_eq!(
                call(&client(&server, 3), m.clone()).await.unwrap(),
                200,
                "{m} {status}"
            );
            assert_eq!(hits(&server).await, 2, "{m} {status}");
        }
    }
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for m in [Method::GET, Method::PUT, Method::POST] {
        for status in [400, 403, 404, 409, 500, 501] {
            let server = MockServer::start().await;
            fails_once(&server, status).await;
            let err = call(&client(&server, 3), m.clone()).await.unwrap_err();
            assert_eq!(err.status().unwrap().as_u16(), status);
            assert_eq!(hits(&server).await, 1, "{m} {status}");
        }
    }
}

#[tokio::test]
async fn post_and_patch_retry_on_429_only() {
    for m in [Method::POST, Method::PATCH] {
        let server = MockServer::start().await;
        fails_once(&server, 429).await;
        assert_eq!(call(&client(&server, 3), m.clone()).await.unwrap(), 200);
        assert_eq!(hits(&server).await, 2, "{m} 429 is retried");

        for status in [500, 502, 503, 504] {
            let server = MockServer::start().await;
            fails_once(&server, status).await;
            let err = call(&client(&server, 3), m.clone()).await.unwrap_err();
            assert_eq!(err.status().unwrap().as_u16(), status);
            assert_eq!(hits(&server).await, 1, "{m} {status} is not sent again");
        }
    }
}

#[tokio::test]
async fn post_marked_safe_to_retry_retries_like_get() {
    let server = MockServer::start().await;
    fails_once(&server, 503).await;
    let request = Request::new(Method::POST, "/r", "search").retry_safe(true);
    assert!(request.is_retry_safe());
    client(&server, 3).execute::<()>(request).await.unwrap();
    assert_eq!(hits(&server).await, 2);

    // And the reverse: a GET marked unsafe is not retried on 503.
    let server = MockServer::start().await;
    fails_once(&server, 503).await;
    let request = Request::new(Method::GET, "/r", "poll").retry_safe(false);
    client(&server, 3).execute::<()>(request).await.unwrap_err();
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = call(&client(&server, 4), Method::GET).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert_eq!(hits(&server).await, 4);

    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    call(&ApiClient::unauthenticated(config), Method::GET)
        .await
        .unwrap_err();
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn post_that_timed_out_is_not_sent_again_but_get_is() {
    for (m, expected) in [(Method::POST, 1), (Method::GET, 3)] {
        let server = MockServer::start().await;
        Mock::given(path("/r"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
            .mount(&server)
            .await;
        let config = common::builder(&server)
            .attempt_timeout(Duration::from_millis(500))
            .build()
            .unwrap();
        let err = call(&ApiClient::unauthenticated(config), m.clone())
            .await
            .unwrap_err();
        let Error::Timeout(timeout) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(timeout.kind, TimeoutKind::Attempt);
        assert_eq!(hits(&server).await, expected, "{m}");
    }
}

#[tokio::test]
async fn refused_connections_are_retried_for_every_method() {
    for m in [Method::POST, Method::PATCH, Method::GET, Method::DELETE] {
        let auth = CountingAuth::default();
        let refused = common::refused_port();
        let config = apiclient_core::ClientConfig::builder("x/1")
            .base_url(&refused.url)
            .retry_policy(common::fast_retries(3))
            .build()
            .unwrap();
        let client = ApiClient::new(config, auth.clone()).unwrap();
        let err = client
            .execute::<()>(Request::new(m.clone(), "/r", "op"))
            .await
            .unwrap_err();
        let Error::Transport(transport) = &err else {
            panic!("{err:?}");
        };
        assert!(transport.connect);
        // The server never saw the request, so every attempt was made (POST included).
        assert_eq!(auth.count(), 3, "{m}");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let started = Instant::now();
    // POST: a 429 is retried for every method.
    assert_eq!(call(&client(&server, 3), Method::POST).await.unwrap(), 200);
    assert_eq!(hits(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Two seconds ahead (HTTP dates have whole seconds, so the wait is over one second).
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", at.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let started = Instant::now();
    assert_eq!(call(&client(&server, 3), Method::GET).await.unwrap(), 200);
    assert_eq!(hits(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limit_reset_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    // A wait until a reset is one the client infers: it is held to the maximum back-off.
    let config = common::builder(&server)
        .retry_policy(common::fast_retries(3).max_backoff(Duration::from_secs(2)))
        .build()
        .unwrap();
    let started = Instant::now();
    assert_eq!(
        call(&ApiClient::unauthenticated(config), Method::GET)
            .await
            .unwrap(),
        200
    );
    assert_eq!(hits(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_reset_beyond_the_maximum_back_off_returns_the_error_at_once() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1"),
        )
        .mount(&server)
        .await;
    // Back-offs up to 20 ms; a `Retry-After` would be honoured up to a minute.
    let started = Instant::now();
    let err = call(&client(&server, 3), Method::GET).await.unwrap_err();
    assert!(err.is_rate_limited());
    assert!(
        err.retry_after()
            .is_some_and(|w| w > Duration::from_millis(20)),
        "{:?}",
        err.retry_after()
    );
    assert_eq!(hits(&server).await, 1);
    assert!(started.elapsed() < Duration::from_millis(900));
}

#[tokio::test]
async fn a_server_wait_above_the_cap_returns_the_error_at_once() {
    for retry_after in [
        "120".to_owned(),
        httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600)),
    ] {
        let server = MockServer::start().await;
        Mock::given(path("/r"))
            .respond_with(
                ResponseTemplate::new(429).insert_header("retry-after", retry_after.as_str()),
            )
            .mount(&server)
            .await;
        let config = common::builder(&server)
            .retry_policy(common::fast_retries(3).max_server_wait(Duration::from_secs(10)))
            .build()
            .unwrap();
        let started = Instant::now();
        let err = call(&ApiClient::unauthenticated(config), Method::GET)
            .await
            .unwrap_err();
        assert!(err.is_rate_limited());
        assert!(err.retry_after().unwrap() > Duration::from_secs(10));
        assert_eq!(hits(&server).await, 1, "{retry_after}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

#[tokio::test]
async fn the_deadline_stops_retries() {
    // The server asks for a 2 s wait; the call has 500 ms in all: no second attempt.
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "2"))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .total_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call(&ApiClient::unauthenticated(config), Method::GET)
        .await
        .unwrap_err();
    assert_eq!(
        err.status().unwrap().as_u16(),
        503,
        "the last error is returned"
    );
    assert_eq!(hits(&server).await, 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no waiting past the deadline"
    );

    // Back-offs that would pass the deadline stop retries too.
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(10)
                .initial_backoff(Duration::from_secs(60))
                .max_backoff(Duration::from_secs(60)),
        )
        .total_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let _ = call(&ApiClient::unauthenticated(config), Method::GET)
        .await
        .unwrap_err();
    // The jittered back-off can be short, so there may be a few attempts, but never ten.
    assert!(hits(&server).await < 10);
}

#[tokio::test]
async fn no_retry_is_started_that_would_end_past_the_deadline() {
    // Each attempt times out after 300 ms; the call has 500 ms. A second attempt would have
    // only ~200 ms left, less than the first one took: it is not started.
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .attempt_timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let err = call(&ApiClient::unauthenticated(config), Method::GET)
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        timeout.kind,
        TimeoutKind::Attempt,
        "the first attempt's timeout is returned"
    );
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn an_attempt_running_at_the_deadline_is_cut_off() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call(&ApiClient::unauthenticated(config), Method::GET)
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::Deadline);
    assert_eq!(timeout.limit, Duration::from_millis(300));
    assert!(err.to_string().contains("deadline exceeded"), "{err}");
    assert_eq!(
        hits(&server).await,
        1,
        "no attempt is started after the deadline"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn backoff_is_exponential_with_jitter_and_capped() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(1000));
    for _ in 0..200 {
        assert!(policy.backoff(1) <= Duration::from_millis(100));
        assert!(policy.backoff(2) <= Duration::from_millis(200));
        assert!(policy.backoff(3) <= Duration::from_millis(400));
        assert!(policy.backoff(30) <= Duration::from_millis(1000));
    }
    // Jitter: not every back-off is the same.
    let samples: std::collections::HashSet<_> = (0..50).map(|_| policy.backoff(4)).collect();
    assert!(samples.len() > 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
}
