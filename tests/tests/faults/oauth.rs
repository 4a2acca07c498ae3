//! The OAuth2 token cache under concurrency: one token request for many first calls, also when
//! the token endpoint says `expires_in: 0` or fails; a 401 for a token already replaced does
//! not throw the new one away.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::future::join_all;

use super::harness::bounded;
use super::providers::{Kind, Op, Provider, SP_ACCESS_TOKEN, Setup, TOKEN_PATH};
use super::server::{FaultServer, Reply, json};

/// Concurrent first calls.
const CALLERS: usize = 100;

/// A SailPoint server whose token endpoint answers `token(n)` to its `n`th token request and
/// whose API answers `api(authorization)`.
async fn sailpoint(
    token: impl Fn(usize) -> Reply + Send + Sync + 'static,
    api: impl Fn(&str) -> Reply + Send + Sync + 'static,
) -> (FaultServer, Arc<AtomicUsize>) {
    let fetched = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetched);
    let server = FaultServer::start(move |request, _| {
        if request.path() == TOKEN_PATH {
            token(counter.fetch_add(1, Ordering::SeqCst))
        } else {
            api(request.header("authorization").unwrap_or_default())
        }
    })
    .await;
    (server, fetched)
}

fn token(value: &str, expires_in: u64) -> Reply {
    Reply::Send(json(
        200,
        format!(r#"{{"access_token":"{value}","token_type":"bearer","expires_in":{expires_in}}}"#),
    ))
}

/// `CALLERS` concurrent list calls; their results.
async fn concurrent_calls(server: &FaultServer, setup: &Setup) -> Vec<Result<(), Kind>> {
    let client = Provider::SailpointV3.client(&server.url(), setup);
    let calls = (0..CALLERS).map(|_| client.call(Op::Get));
    bounded("concurrent calls", join_all(calls))
        .await
        .into_iter()
        .map(|r| r.map_err(|f| f.kind))
        .collect()
}

fn ok_list() -> Reply {
    Reply::Send(Provider::SailpointV3.success_answer(Op::Get))
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let (server, fetched) = sailpoint(|_| token(SP_ACCESS_TOKEN, 750), |_| ok_list()).await;
    let results = concurrent_calls(&server, &Setup::default()).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(fetched.load(Ordering::SeqCst), 1);
    assert_eq!(server.count("GET"), CALLERS);
}

#[tokio::test]
async fn a_token_that_expires_at_once_is_still_fetched_once_for_concurrent_callers() {
    let (server, fetched) = sailpoint(|_| token(SP_ACCESS_TOKEN, 0), |_| ok_list()).await;
    let results = concurrent_calls(&server, &Setup::default()).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(fetched.load(Ordering::SeqCst), 1, "token requests");
}

#[tokio::test]
async fn callers_waiting_on_a_failing_token_fetch_share_its_failure() {
    for (status, rounds) in [(500, 1), (503, 3)] {
        let (server, fetched) =
            sailpoint(move |_| Reply::Send(json(status, "{}")), |_| ok_list()).await;
        let setup = Setup {
            attempts: rounds as u32,
            ..Setup::default()
        };
        let results = concurrent_calls(&server, &setup).await;
        assert!(results.iter().all(|r| *r == Err(Kind::Auth)), "{results:?}");
        assert_eq!(server.count("GET"), 0);
        let fetched = fetched.load(Ordering::SeqCst);
        assert!(
            fetched <= rounds,
            "{status}: {fetched} token requests for {CALLERS} callers, at most {rounds} expected"
        );
    }
}

#[tokio::test]
async fn a_late_401_for_a_replaced_token_keeps_the_new_one() {
    let rejected = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&rejected);
    let (server, fetched) = sailpoint(
        |n| token(&format!("access-token-{n}"), 750),
        move |authorization| {
            if authorization == "Bearer access-token-0" {
                // The first call hears of the rejection at once, the second much later,
                // after the first has fetched and used a new token.
                let late = seen.fetch_add(1, Ordering::SeqCst) > 0;
                let wait = if late { 300 } else { 20 };
                let rejection = Reply::Send(json(401, r#"{"error":"expired"}"#));
                Reply::After(Duration::from_millis(wait), Box::new(rejection))
            } else {
                ok_list()
            }
        },
    )
    .await;
    let client = Provider::SailpointV3.client(&server.url(), &Setup::default());
    let (a, b) = bounded(
        "two calls",
        futures::future::join(client.call(Op::Get), client.call(Op::Get)),
    )
    .await;
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    assert_eq!(rejected.load(Ordering::SeqCst), 2);
    assert_eq!(
        fetched.load(Ordering::SeqCst),
        2,
        "token requests: the first, and one after the first 401"
    );
}
