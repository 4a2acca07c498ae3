//! Item 9: Secrets and observability: `SecretString` redacts itself, `Debug` of configured clients
//! shows no secret, and each call has one `tracing` span with method, path template, operation
//! id, attempt, status and latency, and never the query string, header values or bodies.

mod common;

use apiclient_core::auth::{ApiKey, BearerToken, OAuth2ClientCredentials};
use apiclient_core::{ApiClient, ClientConfig, Method, Request, SecretString};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-VERY-SECRET-1";
const KEY: &str = "key-VERY-SECRET-2";
const CLIENT_SECRET: &str = "client-VERY-SECRET-3";
const BODY_SECRET: &str = "body-VERY-SECRET-4";

#[test]
fn secret_string_redacts_debug_and_display() {
    let secret = SecretString::new("hunter2");
    assert_eq!(format!("{secret:?}"), "[REDACTED]");
    assert_eq!(format!("{secret}"), "[REDACTED]");
    assert_eq!(secret.expose_secret(), "hunter2");
    assert!(!secret.is_empty());
    assert_eq!(secret, SecretString::from(String::from("hunter2")));
    // Serialized as the plain value: request bodies must carry it.
    assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    let back: SecretString = serde_json::from_str("\"hunter2\"").unwrap();
    assert_eq!(back, secret);
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Created {
        id: u32,
        token: SecretString,
    }
    let created = Created {
        id: 1,
        token: SecretString::from("plain"),
    };
    assert!(!format!("{created:?}").contains("plain"));
}

#[test]
fn debug_of_configured_clients_shows_no_secret() {
    let config = ClientConfig::builder("x/1")
        .base_url("https://api.example.com")
        .default_header("X-Api-Key", KEY)
        .build()
        .unwrap();
    let oauth =
        OAuth2ClientCredentials::new("https://auth.example.com/token", "client-id", CLIENT_SECRET)
            .unwrap();
    let clients = [
        ApiClient::new(config.clone(), BearerToken::new(TOKEN)).unwrap(),
        ApiClient::new(config.clone(), ApiKey::header("X-Key", KEY)).unwrap(),
        ApiClient::new(config.clone(), ApiKey::query("api_key", KEY)).unwrap(),
        ApiClient::new(config.clone(), oauth).unwrap(),
    ];
    for client in &clients {
        let debug = format!("{client:?} {:#?}", client.config());
        for secret in [TOKEN, KEY, CLIENT_SECRET] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains("api.example.com"));
    }
    let request =
        Request::new(Method::GET, "/x", "x").query_secret("signature", &SecretString::from(KEY));
    assert!(!format!("{request:?}").contains(KEY));
}

/// What the capturing layer saw: every span named `api_call` with its fields, and every event.
#[derive(Default, Clone)]
struct Captured {
    spans: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
    events: Arc<Mutex<Vec<String>>>,
}

struct FieldMap<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldMap<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Index into `Captured::spans`, stored in the span's extensions.
struct SpanIndex(usize);

impl<S> Layer<S> for Captured
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        fields.insert("span.name".to_owned(), attrs.metadata().name().to_owned());
        attrs.record(&mut FieldMap(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanIndex(spans.len() - 1));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        let Some(SpanIndex(index)) = extensions.get::<SpanIndex>() else {
            return;
        };
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut FieldMap(&mut spans[*index]));
    }

    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        // Only this crate's events (the HTTP stack below has its own).
        if !event.metadata().target().starts_with("apiclient_core") {
            return;
        }
        let mut fields = BTreeMap::new();
        event.record(&mut FieldMap(&mut fields));
        self.events.lock().unwrap().push(format!("{fields:?}"));
    }
}

#[tokio::test]
async fn one_span_per_call_with_the_documented_fields_and_no_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    // First a 503 (retried), then success: the span ends with attempt 2 and status 200.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string(BODY_SECRET))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(BODY_SECRET))
        .mount(&server)
        .await;
    let client = ApiClient::new(common::config(&server), ApiKey::query("api_key", KEY)).unwrap();
    client
        .execute::<()>(
            Request::new(Method::POST, "/tokens/{id}/rotate", "rotateToken")
                .path_param("id", "tok-42")
                .query("note", "visible-only-on-the-wire")
                .header("X-Custom", TOKEN)
                .json_body(&serde_json::json!({"secret": BODY_SECRET}))
                .retry_safe(true),
        )
        .await
        .unwrap();

    let spans = captured.spans.lock().unwrap().clone();
    let calls: Vec<_> = spans
        .iter()
        .filter(|s| s["span.name"] == "api_call")
        .collect();
    assert_eq!(calls.len(), 1, "one span per call: {spans:?}");
    let span = calls[0];
    assert_eq!(span["method"], "POST");
    assert_eq!(span["path_template"], "/tokens/{id}/rotate");
    assert_eq!(span["operation_id"], "rotateToken");
    assert_eq!(span["attempt"], "2");
    assert_eq!(span["status"], "200");
    assert!(span["latency_ms"].parse::<u64>().is_ok(), "{span:?}");

    let events = captured.events.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .any(|e| e.contains("retrying") && e.contains("503")),
        "{events:?}"
    );
    let everything = format!("{spans:?} {events:?}");
    for forbidden in [
        TOKEN,
        KEY,
        BODY_SECRET,
        "visible-only-on-the-wire",
        "api_key",
        "tok-42",
        "?",
    ] {
        assert!(
            !everything.contains(forbidden),
            "{forbidden:?} in {everything}"
        );
    }

    // A failing call records its status and error kind.
    let err_server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&err_server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&err_server));
    client
        .execute::<()>(Request::new(Method::GET, "/missing", "getMissing"))
        .await
        .unwrap_err();
    let spans = captured.spans.lock().unwrap().clone();
    let span = spans
        .iter()
        .find(|s| s.get("operation_id").map(String::as_str) == Some("getMissing"))
        .unwrap();
    assert_eq!(span["status"], "404");
    assert_eq!(span["attempt"], "1");
    assert_eq!(span["error"], "api");
}
