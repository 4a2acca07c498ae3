//! The call's `tracing` span and its completion event: method, path template, operation id,
//! requests sent, last status, latency and error kind; never the query string, header values
//! or bodies.

use super::call::Progress;
use super::failure::error_kind;
use crate::error::Error;
use crate::request::Request;
use crate::response::RawResponse;
use tokio::time::Instant;

/// The target of the call span (the module the client lived in when the span was introduced).
const SPAN_TARGET: &str = "apiclient_core::client";

/// The call's span, named `api_call`; its `attempt`, `status`, `latency_ms` and `error` fields
/// are recorded as the call goes and when it ends.
pub(super) fn call_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        target: SPAN_TARGET,
        "api_call",
        otel.kind = "client",
        method = %request.method,
        path_template = request.path_template,
        operation_id = request.operation_id,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
        error = tracing::field::Empty,
    )
}

/// Records how the call ended (it started at `started`) on its span and emits the completion
/// event (target [`CALL_EVENT_TARGET`](crate::CALL_EVENT_TARGET), level `DEBUG`). Nothing is
/// computed, not even the latency, when neither the span nor the event is enabled.
pub(super) fn finished<E>(
    span: &tracing::Span,
    request: &Request,
    result: &Result<RawResponse, Error<E>>,
    progress: &Progress,
    started: Instant,
) {
    let event_enabled = tracing::enabled!(
        target: crate::CALL_EVENT_TARGET,
        tracing::Level::DEBUG
    );
    if span.is_disabled() && !event_enabled {
        return;
    }
    let status = progress.status.map(|s| s.as_u16());
    let latency = started.elapsed();
    let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    let error = result.as_ref().err().map(error_kind);
    if !span.is_disabled() {
        if let Some(status) = status {
            span.record("status", status);
        }
        span.record("latency_ms", latency_ms);
        if let Some(error) = error {
            span.record("error", error);
        }
    }
    if event_enabled {
        // Inside the call's span when it is enabled, else under whatever span is current.
        span.in_scope(|| {
            tracing::debug!(
                target: crate::CALL_EVENT_TARGET,
            method = %request.method,
            path_template = request.path_template,
            operation_id = request.operation_id,
            attempts = progress.sent,
            status,
            latency_ms,
            error,
            "api call finished"
            )
        });
    }
}
