//! Readable text from error bodies: the API's message, a request id, a short snippet.

use crate::redact::redact_json_text;
use http::{HeaderMap, HeaderName};

/// Longest message kept from an error body, in characters.
pub(crate) const MESSAGE_CHARS: usize = 300;
/// Response bodies quoted in messages are cut to this many characters.
const SNIPPET_CHARS: usize = 200;
/// Response headers read for a request id when the API names none of its own, in this order.
const GENERIC_REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "x-correlation-id", "request-id"];

/// `text` on one line (runs of whitespace, newlines included, become one space), cut to
/// `max` characters with an ellipsis.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = joined.chars().take(max).collect();
    if cut.len() < joined.len() {
        cut.push('…');
    }
    cut
}

/// Bytes of a body looked at for a snippet: enough for [`SNIPPET_CHARS`] after whitespace is
/// joined and secrets are redacted, and never the whole of a large body.
const SNIPPET_SOURCE_BYTES: usize = 4 * 1024;

/// The first characters of a body, on one line, with the values of secret-looking JSON
/// fields (`token`, `secret`, `password`, ...) replaced by `[REDACTED]`.
pub(crate) fn snippet(body: &[u8]) -> String {
    snippet_hiding(body, &[])
}

/// Like [`snippet`], also hiding the values of the JSON fields named in `sensitive`.
pub(crate) fn snippet_hiding(body: &[u8], sensitive: &[&str]) -> String {
    let head = &body[..body.len().min(SNIPPET_SOURCE_BYTES)];
    let text = String::from_utf8_lossy(head);
    one_line(&redact_json_text(&text, sensitive), SNIPPET_CHARS)
}

/// A readable message from an error body: the first of the usual message fields, or the start
/// of a non-JSON body; always one line.
pub(crate) fn extract_message(body: &[u8]) -> Option<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Some(snippet(body));
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(one_line(s, MESSAGE_CHARS)),
        _ => None,
    };
    const KEYS: [&str; 8] = [
        "message",
        "error_description",
        "detailMessage",
        "errorMessage",
        "detail",
        "title",
        "error",
        "errorName",
    ];
    KEYS.iter()
        .find_map(|k| json.get(k).and_then(text))
        .or_else(|| {
            let first = json.get("messages")?.get(0)?;
            first.get("text").and_then(text)
        })
        .or_else(|| json.get("error")?.get("message").and_then(text))
        .or_else(|| {
            let first = json.get("errors")?.get(0)?;
            first
                .get("message")
                .or_else(|| first.get("detail"))
                .and_then(text)
        })
}

/// The request id of an error response: from the API's own headers (`api_headers`, e.g.
/// `slpt-request-id`), the generic ones, or the body (`trackingId`, `requestId`, `request_id`).
pub(crate) fn request_id(
    headers: &HeaderMap,
    api_headers: &[HeaderName],
    body: &[u8],
) -> Option<String> {
    let text = |value: &http::HeaderValue| value.to_str().ok().map(str::to_owned);
    api_headers
        .iter()
        .find_map(|name| text(headers.get(name)?))
        .or_else(|| {
            GENERIC_REQUEST_ID_HEADERS
                .iter()
                .find_map(|name| text(headers.get(*name)?))
        })
        .or_else(|| extract_request_id(body))
}

/// A request id from the body (`trackingId`, `requestId`, `request_id`), if present.
fn extract_request_id(body: &[u8]) -> Option<String> {
    let json = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    ["trackingId", "requestId", "request_id"]
        .iter()
        .find_map(|k| json.get(k)?.as_str().map(|id| one_line(id, 100)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_capped() {
        let body = format!(r#"{{"message":"line one\nline two {}"}}"#, "x".repeat(1000));
        let message = extract_message(body.as_bytes()).unwrap();
        assert!(message.starts_with("line one line two x"));
        assert!(!message.contains('\n'));
        assert!(message.chars().count() <= MESSAGE_CHARS + 1);
    }

    #[test]
    fn request_ids_from_api_headers_first_then_generic_then_body() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "generic".parse().unwrap());
        let api = [HeaderName::from_static("slpt-request-id")];
        let body = br#"{"trackingId":"from-body"}"#;
        assert_eq!(request_id(&headers, &api, body).as_deref(), Some("generic"));
        headers.insert("slpt-request-id", "vendor".parse().unwrap());
        assert_eq!(request_id(&headers, &api, body).as_deref(), Some("vendor"));
        assert_eq!(
            request_id(&HeaderMap::new(), &api, body).as_deref(),
            Some("from-body")
        );
        let mut other = HeaderMap::new();
        other.insert("slpt-request-id", "vendor".parse().unwrap());
        assert_eq!(request_id(&other, &[], b"").as_deref(), None);
    }
}
