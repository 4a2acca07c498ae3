//! Error statuses turned into [`Error::Api`], with the secrets that were sent scrubbed.

use crate::error::{ApiError, Error, ErrorModel};
use crate::message::{extract_message, request_id};
use crate::rate_limit::RateLimitInfo;
use crate::redact::{redact_known, scrub_body};
use crate::request::Request;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// The error of an error status: the body scrubbed of `secrets`, then decoded leniently into
/// the model of `status` ([`ErrorModel`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn api_error<E: ErrorModel>(
    request: &Request,
    request_id_headers: &[http::HeaderName],
    status: StatusCode,
    headers: &HeaderMap,
    rate_limit: RateLimitInfo,
    body: Bytes,
    truncated: bool,
    secrets: &[String],
) -> Error<E> {
    // A server may echo a credential or a secret query value (e.g. the token being validated):
    // remove them from the kept body, so neither `Display` nor `Debug` of the error shows them.
    let body = scrub_body(body, secrets);
    let request_id = request_id(headers, request_id_headers, &body);
    Error::Api(Box::new(ApiError {
        status,
        method: request.method.clone(),
        path_template: request.path_template,
        operation_id: request.operation_id,
        request_id,
        rate_limit,
        model: E::from_error_body(status, &body),
        message: extract_message(&body).map(|m| redact_known(&m, secrets)),
        body,
        body_truncated: truncated,
    }))
}

/// A short name of the error kind, for the span and the completion event.
pub(super) fn error_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Decode(_) => "decode",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Auth(_) => "auth",
        Error::Config(_) => "config",
        Error::ResponseTooLarge(_) => "response_too_large",
        Error::Pagination(_) => "pagination",
    }
}
