//! Neither the key nor the token being validated shows in the traces of a retried call.
//!
//! This test is alone in its binary on purpose: `tracing` caches a callsite's interest the
//! first time it is hit, and a test on another thread that hits the same span without a
//! subscriber can race that cache and hide the span from this test's scoped subscriber.

mod common;

use common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A `tracing` writer collecting everything into one buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_never_show_the_secrets() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(json_response(
            500,
            json!({"message": format!("bad {SUBJECT}")}),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = bare_builder(&server)
        .token_in_query(KEY)
        .retry_policy(
            xms_tokens::RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap();

    let err = client.validate_access_token(&subject()).await.unwrap_err();

    assert_eq!(err.status().unwrap().as_u16(), 500);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("validateAccessToken"),
        "the call was traced: {logs}"
    );
    assert!(logs.contains("retrying"), "the retry was traced: {logs}");
    assert!(!logs.contains(KEY), "the key leaked into traces: {logs}");
    assert!(
        !logs.contains(SUBJECT),
        "the subject token leaked into traces: {logs}"
    );
}
