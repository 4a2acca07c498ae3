//! Broken answers: resets, early closes, stalls, lying `Content-Length`s, invalid UTF-8, deep
//! nesting, garbage and 50 MB bodies. Each gives its typed error, never a panic; a request cut
//! off after it was written is sent again only when it is idempotent, and then exactly as often
//! as the policy allows; no error shows a secret.

use std::time::Duration;

use super::harness::{Cell, assert_no_leaks, matrix, play};
use super::providers::{ALL, Kind, OPS, Op, Provider, Setup};
use super::server::{Reply, head, json, response};

/// The body of a success answer to `op` (a JSON stand-in for bodiless ones).
fn body(provider: Provider, op: Op) -> Vec<u8> {
    let (_, body) = provider.success(op);
    if body.is_empty() {
        br#"{"data":{"deleted":true}}"#.to_vec()
    } else {
        body.into_bytes()
    }
}

/// A 200 head announcing `length` bytes, then `bytes`.
fn announced(length: usize, bytes: &[u8]) -> Vec<u8> {
    let mut out = head(200, &[("content-type", "application/json")], Some(length));
    out.extend_from_slice(bytes);
    out
}

/// Checks one cell: the error kind (`None`: success), and how often the request was sent.
fn check(cell: &Cell, kind: Option<Kind>, sent: usize) {
    match (&cell.result, kind) {
        (Ok(()), None) => {}
        (Err(f), Some(kind)) => assert_eq!(f.kind, kind, "{}: {}", cell.name(), f.display),
        (result, kind) => panic!("{}: expected {kind:?}, got {result:?}", cell.name()),
    }
    assert_eq!(
        cell.requests.len(),
        sent,
        "{}: requests sent {:?}",
        cell.name(),
        cell.requests.iter().map(|r| &r.method).collect::<Vec<_>>()
    );
    for request in &cell.requests {
        assert_eq!(
            request.method,
            cell.provider.method(cell.op),
            "{}",
            cell.name()
        );
    }
}

/// How often a request is sent when every attempt fails after it was written.
fn sends_after_write(setup: &Setup, provider: Provider, op: Op) -> usize {
    if provider.idempotent(op) {
        setup.attempts as usize
    } else {
        1
    }
}

/// Plays a fault that cuts every attempt off after the request was written, and checks the
/// error kind, the retries (idempotent: every attempt; POST/PATCH: one) and the secrets.
async fn cut_off(kind: Kind, fault: fn(Provider, Op) -> Reply) {
    let setup = match kind {
        Kind::Timeout => Setup::stalling(),
        _ => Setup::default(),
    };
    let cells = play(&setup, &matrix(&ALL, &OPS), move |p, op, _| fault(p, op)).await;
    for cell in &cells {
        check(
            cell,
            Some(kind),
            sends_after_write(&setup, cell.provider, cell.op),
        );
    }
    assert_no_leaks(&cells);
}

/// Plays a fault in a complete answer (never retried): `kind` for calls with a JSON success
/// body, success for the deletes (whose body is not read as a model).
async fn bad_body(kind: Kind, fault: fn(Provider, Op) -> Reply) {
    let setup = Setup::default();
    let cells = play(&setup, &matrix(&ALL, &OPS), move |p, op, _| fault(p, op)).await;
    for cell in &cells {
        let expected = (cell.op != Op::Delete).then_some(kind);
        check(cell, expected, 1);
    }
    assert_no_leaks(&cells);
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_a_transport_error() {
    cut_off(Kind::Transport, |p, op| {
        let body = body(p, op);
        Reply::SendThenReset(announced(body.len(), &body[..body.len() / 2]))
    })
    .await;
}

#[tokio::test]
async fn a_close_right_after_the_headers_is_a_transport_error() {
    cut_off(Kind::Transport, |_, _| Reply::Send(announced(512, b""))).await;
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_transport_error() {
    cut_off(Kind::Transport, |p, op| {
        let body = body(p, op);
        Reply::Send(announced(body.len() + 100, &body))
    })
    .await;
}

#[tokio::test]
async fn a_garbage_status_line_is_a_transport_error() {
    cut_off(Kind::Transport, |_, _| {
        Reply::Send(b"HTTP/1.1 2x0 WHAT\r\n\r\n{}".to_vec())
    })
    .await;
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_each_attempt() {
    cut_off(Kind::Timeout, |_, _| Reply::SendThenStall(Vec::new())).await;
}

#[tokio::test]
async fn a_body_that_stalls_halfway_times_out_each_attempt() {
    cut_off(Kind::Timeout, |p, op| {
        let body = body(p, op);
        Reply::SendThenStall(announced(body.len(), &body[..body.len() / 2]))
    })
    .await;
}

#[tokio::test]
async fn a_content_length_shorter_than_the_body_cuts_the_json_into_a_decode_error() {
    bad_body(Kind::Decode, |p, op| {
        let body = body(p, op);
        Reply::Send(announced(body.len() - 3, &body))
    })
    .await;
}

#[tokio::test]
async fn invalid_utf8_in_a_success_body_is_a_decode_error() {
    bad_body(Kind::Decode, |_, _| {
        Reply::Send(json(200, b"{\"data\":\"\xff\xfe\xc3\x28\"}"))
    })
    .await;
}

#[tokio::test]
async fn json_nested_past_the_recursion_limit_is_a_decode_error_not_a_stack_overflow() {
    bad_body(Kind::Decode, |_, _| {
        Reply::Send(json(200, "[{\"a\":".repeat(50_000)))
    })
    .await;
}

#[tokio::test]
async fn html_instead_of_json_is_a_decode_error() {
    bad_body(Kind::Decode, |_, _| {
        Reply::Send(response(
            200,
            &[("content-type", "text/html")],
            "<html><body>Maintenance</body></html>",
        ))
    })
    .await;
}

#[tokio::test]
async fn error_bodies_with_invalid_utf8_or_deep_nesting_are_api_errors_with_their_status() {
    let setup = Setup::default();
    for (status, body) in [
        (400, b"{\"message\":\"\xff\xfe bad\"}".to_vec()),
        (404, "[".repeat(100_000).into_bytes()),
        (500, "{\"message\":".repeat(20_000).into_bytes()),
    ] {
        let cells = play(&setup, &matrix(&ALL, &OPS), move |_, _, _| {
            Reply::Send(json(status, &body))
        })
        .await;
        for cell in &cells {
            let failure = cell.failure();
            assert_eq!(failure.kind, Kind::Api, "{}", cell.name());
            assert_eq!(failure.status, Some(status), "{}", cell.name());
            assert_eq!(
                cell.requests.len(),
                1,
                "{}: {status} is not retried",
                cell.name()
            );
        }
        assert_no_leaks(&cells);
    }
}

/// 50 MB.
const HUGE: usize = 50 * 1024 * 1024;

/// A 50 MB answer: `{"pad":"xxx...x"}` with the given status.
fn huge(status: u16) -> Reply {
    let prefix = br#"{"pad":""#;
    let suffix = br#""}"#;
    let chunk = vec![b'x'; 1024 * 1024];
    let times = HUGE / chunk.len();
    let mut head = head(
        status,
        &[("content-type", "application/json")],
        Some(prefix.len() + times * chunk.len() + suffix.len()),
    );
    head.extend_from_slice(prefix);
    Reply::Stream {
        head,
        chunk,
        times,
        tail: suffix.to_vec(),
    }
}

fn huge_setup() -> Setup {
    Setup {
        attempt_timeout: Duration::from_secs(15),
        total_timeout: Duration::from_secs(18),
        ..Setup::default()
    }
}

/// One provider only: reading and decoding are the runtime's, shared by every client, and a
/// 50 MB body costs seconds in a debug build.
#[tokio::test]
async fn a_50_mb_success_body_of_the_wrong_shape_is_a_decode_error() {
    let setup = huge_setup();
    let cells = play(&setup, &[(Provider::Gmodstore, Op::Get)], |_, _, _| {
        huge(200)
    })
    .await;
    for cell in &cells {
        check(cell, Some(Kind::Decode), 1);
        assert!(
            cell.failure().display.len() < 2_000,
            "{}: a short message",
            cell.name()
        );
    }
    assert_no_leaks(&cells);
}

#[tokio::test]
async fn a_50_mb_error_body_is_kept_only_up_to_the_error_body_limit() {
    let setup = huge_setup();
    let cells = play(&setup, &matrix(&ALL, &[Op::Get]), |_, _, _| huge(500)).await;
    for cell in &cells {
        check(cell, Some(Kind::Api), 1);
        let failure = cell.failure();
        assert_eq!(failure.status, Some(500));
        assert!(
            failure.body.len() <= apiclient_core::MAX_ERROR_BODY,
            "{}: kept {} bytes",
            cell.name(),
            failure.body.len()
        );
    }
    assert_no_leaks(&cells);
}
