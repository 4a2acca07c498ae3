//! SailPoint's error bodies: `ErrorResponseDto`, the 401 `{error}` and the 429 `{message}`.

use apiclient_core::testkit::{FakeResponse, random_hex, reason_phrase};
use serde_json::json;

/// An `ErrorResponseDto` answer with one English message.
pub(crate) fn dto(status: u16, detail_code: &str, text: &str) -> FakeResponse {
    FakeResponse::json(
        status,
        &json!({
            "detailCode": detail_code,
            "trackingId": random_hex(32),
            "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
            "causes": [],
        }),
    )
}

/// 400 `400.1 Bad Request Content`.
pub(crate) fn bad_request(text: &str) -> FakeResponse {
    dto(400, "400.1 Bad Request Content", text)
}

/// 404 for an unknown token id or path.
pub(crate) fn not_found() -> FakeResponse {
    dto(
        404,
        "404 Not found",
        "The server did not find a current representation for the target resource.",
    )
}

/// 401 with the gateway's `{"error": ...}` body.
pub(crate) fn unauthorized(error: &str) -> FakeResponse {
    FakeResponse::json(401, &json!({ "error": error }))
}

/// 429 `{"message": ...}` with `Retry-After` (seconds).
pub(crate) fn too_many_requests(retry_after_secs: u64) -> FakeResponse {
    FakeResponse::json(429, &json!({"message": "Rate Limit Exceeded"}))
        .with_header("Retry-After", retry_after_secs)
}

/// Any status in the vendor's format (for injected failures).
pub(crate) fn for_status(status: u16) -> FakeResponse {
    match status {
        400 => bad_request("The request could not be parsed."),
        401 => unauthorized("JWT validation failed: JWT is invalid"),
        404 => not_found(),
        429 => too_many_requests(1),
        500 => dto(500, "500.0 Internal Fault", "An internal fault occurred."),
        _ => dto(
            status,
            &format!("{status} {}", reason_phrase(status)),
            reason_phrase(status),
        ),
    }
}
