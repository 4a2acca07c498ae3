//! Keeping secrets out of errors: secret-looking JSON fields, and the credential values an
//! attempt sent, are replaced by `[REDACTED]` in kept bodies and messages.

use crate::request::{QueryValue, Request};
use bytes::Bytes;
use http::header::AUTHORIZATION;

/// Secret values shorter than this are not scrubbed from messages (too likely to be noise).
const MIN_SCRUB_LEN: usize = 4;

/// Whether a JSON field name looks like it holds a credential.
pub(crate) fn is_sensitive_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const PARTS: [&str; 7] = [
        "secret",
        "password",
        "passwd",
        "apikey",
        "credential",
        "authorization",
        "privatekey",
    ];
    PARTS.iter().any(|p| k.contains(p)) || k.ends_with("token") || k == "key"
}

/// Replaces the string values of secret-looking fields in JSON-like text by `"[REDACTED]"`.
///
/// Works token by token, so it also covers truncated or otherwise invalid JSON.
pub(crate) fn redact_json_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    // The last key was secret-looking and its value has not been seen yet.
    let mut hide_next_value = false;
    while let Some((start, c)) = chars.next() {
        if c != '"' {
            if !c.is_whitespace() && c != ':' {
                hide_next_value = false;
            }
            out.push(c);
            continue;
        }
        // A string token: find its end (or the end of the text).
        let mut end = text.len();
        let mut escaped = false;
        for (i, c) in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                end = i + 1;
                break;
            }
        }
        let token = &text[start..end];
        let is_key = text[end..].trim_start().starts_with(':');
        if is_key {
            let inner = token.trim_start_matches('"').trim_end_matches('"');
            hide_next_value = is_sensitive_key(inner);
            out.push_str(token);
        } else if hide_next_value {
            hide_next_value = false;
            out.push_str("\"[REDACTED]\"");
        } else {
            out.push_str(token);
        }
    }
    out
}

/// Replaces every occurrence of a known secret value in `text` by `[REDACTED]`.
pub(crate) fn redact_known(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "[REDACTED]");
        }
    }
    out
}

/// The credential values this attempt carries: secret query values, query values the auth
/// provider added, and sensitive header values (with and without their `Bearer ` prefix).
pub(crate) fn sent_secrets(
    request: &Request,
    url: &url::Url,
    sent: &reqwest::Request,
) -> Vec<String> {
    let mut secrets: Vec<String> = request
        .query
        .iter()
        .filter_map(|(_, v)| match v {
            QueryValue::Secret(s) => Some(s.expose_secret().to_owned()),
            QueryValue::Plain(_) => None,
        })
        .collect();
    if sent.url().query() != url.query() {
        let before: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        secrets.extend(
            sent.url()
                .query_pairs()
                .into_owned()
                .filter(|pair| !before.contains(pair))
                .map(|(_, v)| v),
        );
    }
    for (name, value) in sent.headers() {
        if !(value.is_sensitive() || name == AUTHORIZATION) {
            continue;
        }
        if let Ok(text) = value.to_str() {
            if let Some((_, credential)) = text.split_once(' ') {
                secrets.push(credential.trim().to_owned());
            }
            secrets.push(text.to_owned());
        }
    }
    secrets.retain(|s| s.len() >= MIN_SCRUB_LEN);
    // Longest first, so a value containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// `body` with every occurrence of a known secret (as sent, and percent-encoded) replaced by
/// `[REDACTED]`; unchanged (and not copied) when none occurs.
pub(crate) fn scrub_body(body: Bytes, secrets: &[String]) -> Bytes {
    let mut text: Option<String> = None;
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let encoded =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        for needle in [secret.as_str(), encoded.as_str()] {
            let haystack = text.as_deref().map_or(&body[..], str::as_bytes);
            if haystack
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                let current = text
                    .take()
                    .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
                text = Some(current.replace(needle, "[REDACTED]"));
            }
        }
    }
    text.map_or(body, |t| Bytes::from(t.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secret_fields_even_in_broken_json() {
        let text = r#"{"id":"7","token":"abc\"def","tokenId":"t1","nested":{"client_secret": "xyz"},"n":1,"password":null,"cut":"#;
        let out = redact_json_text(text);
        assert!(!out.contains("abc"), "{out}");
        assert!(!out.contains("xyz"), "{out}");
        assert!(out.contains(r#""tokenId":"t1""#), "{out}");
        assert!(out.contains(r#""password":null"#), "{out}");
        assert!(out.contains(r#""token":"[REDACTED]""#), "{out}");
        let truncated = r#"{"accessToken":"very-secret-value-cut-of"#;
        assert!(!redact_json_text(truncated).contains("very-secret"));
    }

    #[test]
    fn known_secrets_are_scrubbed() {
        let out = redact_known("bad key k3y-value here", &["k3y-value".to_owned()]);
        assert_eq!(out, "bad key [REDACTED] here");
    }

    #[test]
    fn bodies_lose_secrets_as_sent_and_percent_encoded() {
        let secrets = ["s3cr/et".to_owned()];
        let body = Bytes::from_static(b"echo s3cr/et and s3cr%2Fet");
        assert_eq!(
            &scrub_body(body, &secrets)[..],
            b"echo [REDACTED] and [REDACTED]"
        );
        let clean = Bytes::from_static(b"nothing here");
        assert_eq!(scrub_body(clean.clone(), &secrets), clean);
    }
}
