//! Waits the server asks for (`Retry-After`, rate-limit reset headers): a 429 is retried for
//! every method (the server did not act); a wait longer than the policy allows, or past the
//! deadline, is not waited out but returned at once with `retry_after()` set.

use std::time::{Duration, Instant};

use super::harness::{bounded, matrix, play_nth};
use super::providers::{ALL, Kind, OPS, Op, Provider, Setup};
use super::server::{FaultServer, Reply, response};

fn too_many(headers: &[(&str, &str)]) -> Reply {
    Reply::Send(response(429, headers, r#"{"message":"slow down"}"#))
}

#[tokio::test]
async fn a_429_is_retried_for_every_call_post_and_patch_included() {
    let cells = play_nth(&Setup::default(), &matrix(&ALL, &OPS), |p, op, _, n| {
        if n == 0 {
            too_many(&[("retry-after", "0")])
        } else {
            Reply::Send(p.success_answer(op))
        }
    })
    .await;
    for cell in &cells {
        assert!(cell.result.is_ok(), "{}: {:?}", cell.name(), cell.result);
        assert_eq!(cell.requests.len(), 2, "{}", cell.name());
    }
}

/// One GET against a server that always answers 429 with `headers`; the error and how long
/// the call took.
async fn rate_limited(
    setup: &Setup,
    headers: &'static [(&'static str, &'static str)],
) -> (Kind, Option<Duration>, Duration, usize) {
    let server = FaultServer::always(move || too_many(headers)).await;
    let client = Provider::Gmodstore.client(&server.url(), setup);
    let started = Instant::now();
    let failure = bounded("rate limited", client.call(Op::Get))
        .await
        .expect_err("always 429");
    (
        failure.kind,
        failure.retry_after,
        started.elapsed(),
        server.count("GET"),
    )
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_allows_is_returned_at_once() {
    let (kind, retry_after, took, sent) =
        rate_limited(&Setup::default(), &[("retry-after", "30")]).await;
    assert_eq!(kind, Kind::Api);
    assert!(
        retry_after.is_some_and(|w| w > Duration::from_secs(25)),
        "{retry_after:?}"
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_wait_past_the_deadline_is_returned_at_once() {
    let setup = Setup {
        max_server_wait: Duration::from_secs(60),
        total_timeout: Duration::from_secs(1),
        ..Setup::default()
    };
    let (kind, retry_after, took, sent) = rate_limited(&setup, &[("retry-after", "5")]).await;
    assert_eq!(kind, Kind::Api);
    assert!(retry_after.is_some(), "retry_after() is set");
    assert!(took < Duration::from_millis(800), "took {took:?}");
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn no_single_wait_exceeds_the_policys_maximum_back_off() {
    // The policy allows server waits of a minute, back-offs of 5 ms and calls of two minutes:
    // the vendor's reset header must still not make the call sleep for most of a minute.
    let setup = Setup {
        max_server_wait: Duration::from_secs(60),
        total_timeout: Duration::from_secs(120),
        ..Setup::default()
    };
    let server = FaultServer::always(|| {
        too_many(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "59")])
    })
    .await;
    let client = Provider::Gmodstore.client(&server.url(), &setup);
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(3), client.call(Op::Get)).await;
    let failure = outcome
        .unwrap_or_else(|_| panic!("still sleeping after {:?}", started.elapsed()))
        .expect_err("always 429");
    assert_eq!(failure.kind, Kind::Api);
    assert!(failure.retry_after.is_some(), "retry_after() is set");
}
