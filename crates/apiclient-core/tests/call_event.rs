//! The completion event: one `DEBUG` event with target `apiclient_core::call` per finished call,
//! with method, path template, operation id, requests sent, last status, latency and error
//! kind, inside the call's `api_call` span (whose `status` and `latency_ms` are recorded too),
//! and emitted even when only that target is enabled.
//!
//! Alone in its test binary: tracing caches each callsite's interest, and a concurrent test
//! reaching the same callsite without a subscriber could hide it from this one.

mod common;

use apiclient_core::{ApiClient, CALL_EVENT_TARGET, Method, Request, auth::BearerToken};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-NEVER-IN-TRACES-1";

type Fields = BTreeMap<String, String>;

/// One captured event: target, level, fields, and the name and fields of its span.
#[derive(Debug, Clone)]
struct Event {
    target: String,
    level: tracing::Level,
    fields: Fields,
    span: Option<(String, Fields)>,
}

#[derive(Default, Clone)]
struct Captured {
    events: Arc<Mutex<Vec<Event>>>,
}

impl Captured {
    /// The completion events captured so far, taking them.
    fn take_call_events(&self) -> Vec<Event> {
        let mut events = self.events.lock().unwrap();
        let (calls, _): (Vec<_>, Vec<_>) = std::mem::take(&mut *events)
            .into_iter()
            .partition(|e| e.target == CALL_EVENT_TARGET);
        calls
    }
}

struct FieldMap<'a>(&'a mut Fields);

impl Visit for FieldMap<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// A span's fields as recorded so far, kept in its extensions.
struct SpanFields(Fields);

impl<S> Layer<S> for Captured
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut FieldMap(&mut fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanFields(fields));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(SpanFields(fields)) = span.extensions_mut().get_mut::<SpanFields>()
        {
            values.record(&mut FieldMap(fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut FieldMap(&mut fields));
        let span = ctx.event_span(event).map(|span| {
            let recorded = span
                .extensions()
                .get::<SpanFields>()
                .map(|f| f.0.clone())
                .unwrap_or_default();
            (span.name().to_owned(), recorded)
        });
        self.events.lock().unwrap().push(Event {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields,
            span,
        });
    }
}

fn client(server: &MockServer) -> ApiClient {
    ApiClient::new(common::config(server), BearerToken::new(TOKEN)).unwrap()
}

/// The single completion event of the call just made.
fn only_event(captured: &Captured) -> Event {
    let events = captured.take_call_events();
    assert_eq!(events.len(), 1, "one completion event per call: {events:?}");
    let event = events.into_iter().next().unwrap();
    assert_eq!(event.level, tracing::Level::DEBUG);
    assert_eq!(event.fields["message"], "api call finished");
    let everything = format!("{event:?}");
    for hidden in [TOKEN, "secret-query-value", "?"] {
        assert!(!everything.contains(hidden), "{hidden:?} in {everything}");
    }
    event
}

#[tokio::test]
async fn one_completion_event_per_call_with_status_attempts_and_latency() {
    assert_eq!(CALL_EVENT_TARGET, "apiclient_core::call");
    let server = MockServer::start().await;
    // `/flaky` answers 503 once, then 200 after a 30 ms delay; `/missing` answers 404.
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(std::time::Duration::from_millis(30)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let captured = Captured::default();
    {
        let subscriber = tracing_subscriber::registry().with(captured.clone());
        let _guard = tracing::subscriber::set_default(subscriber);

        // A success after a retried 503: two requests sent, the last status 200.
        client(&server)
            .execute::<()>(
                Request::new(Method::GET, "/flaky", "getFlaky").query("q", "secret-query-value"),
            )
            .await
            .unwrap();
        let event = only_event(&captured);
        let fields = &event.fields;
        assert_eq!(fields["method"], "GET");
        assert_eq!(fields["path_template"], "/flaky");
        assert_eq!(fields["operation_id"], "getFlaky");
        assert_eq!(fields["attempts"], "2");
        assert_eq!(fields["status"], "200");
        let latency: u64 = fields["latency_ms"].parse().unwrap();
        assert!(latency >= 30, "latency of the whole call: {latency}");
        assert!(!fields.contains_key("error"), "{fields:?}");
        // Inside the call's span, whose status and latency were recorded before the event.
        let (name, span) = event.span.expect("the event is inside the call's span");
        assert_eq!(name, "api_call");
        assert_eq!(span["operation_id"], "getFlaky");
        assert_eq!(span["attempt"], "2");
        assert_eq!(span["status"], "200");
        assert_eq!(span["latency_ms"], fields["latency_ms"]);

        // An error status: one request, status 404, error kind `api`.
        client(&server)
            .execute::<()>(Request::new(Method::GET, "/missing", "getMissing"))
            .await
            .unwrap_err();
        let event = only_event(&captured);
        assert_eq!(event.fields["attempts"], "1");
        assert_eq!(event.fields["status"], "404");
        assert_eq!(event.fields["error"], "api");
        let (_, span) = event.span.unwrap();
        assert_eq!(span["status"], "404");
        assert_eq!(span["error"], "api");

        // No response at all (connection refused, retried): no status, error kind `transport`.
        let refused = common::refused_port();
        let config = apiclient_core::ClientConfig::builder(common::PRODUCT)
            .base_url(&refused.url)
            .retry_policy(common::fast_retries(3))
            .build()
            .unwrap();
        ApiClient::unauthenticated(config)
            .execute::<()>(Request::new(Method::GET, "/gone", "getGone"))
            .await
            .unwrap_err();
        let event = only_event(&captured);
        assert_eq!(event.fields["attempts"], "3");
        assert_eq!(event.fields["error"], "transport");
        assert!(!event.fields.contains_key("status"), "{:?}", event.fields);
        let (_, span) = event.span.unwrap();
        assert!(!span.contains_key("status"), "{span:?}");
        assert!(span["latency_ms"].parse::<u64>().is_ok(), "{span:?}");

        // An invalid request is reported too, before anything is sent.
        client(&server)
            .execute::<()>(Request::new(Method::GET, "/x", "badHeader").header("X-Bad", "a\nb"))
            .await
            .unwrap_err();
        let event = only_event(&captured);
        assert_eq!(event.fields["error"], "invalid_request");
        assert_eq!(event.fields["attempts"], "0");
    }

    // Only the event's target enabled: the span is not, and the event still says everything.
    let subscriber = tracing_subscriber::registry().with(
        captured
            .clone()
            .with_filter(Targets::new().with_target(CALL_EVENT_TARGET, tracing::Level::DEBUG)),
    );
    let _guard = tracing::subscriber::set_default(subscriber);
    client(&server)
        .execute::<()>(Request::new(Method::GET, "/missing", "getMissing"))
        .await
        .unwrap_err();
    let event = only_event(&captured);
    assert!(event.span.is_none(), "the span is disabled: {event:?}");
    assert_eq!(event.fields["operation_id"], "getMissing");
    assert_eq!(event.fields["path_template"], "/missing");
    assert_eq!(event.fields["status"], "404");
    assert_eq!(event.fields["attempts"], "1");
    assert!(event.fields["latency_ms"].parse::<u64>().is_ok());
}
