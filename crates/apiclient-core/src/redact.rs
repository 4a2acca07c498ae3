//! Keeping secrets out of errors: secret-looking JSON fields, and the credential values an
//! attempt sent, are replaced by `[REDACTED]` in kept bodies and messages, in every form a
//! server may echo them in (as sent, percent- and form-encoded, JSON-escaped, base64).

use crate::request::{QueryValue, Request};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use http::header::AUTHORIZATION;
use std::borrow::Cow;
use std::ops::Range;

/// Secret values shorter than this are not scrubbed from messages (too likely to be noise).
const MIN_SCRUB_LEN: usize = 4;
/// Base64 runs shorter than this (taken from inside a longer encoding) are not searched for.
const MIN_BASE64_RUN: usize = 8;
/// What a hidden value is replaced by.
const REDACTED: &str = "[REDACTED]";

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

/// The string tokens (`"..."`, quotes included) of JSON-like text; an unterminated one runs to
/// the end of the text.
fn string_tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let start = chars.by_ref().find(|&(_, c)| c == '"')?.0;
        let mut escaped = false;
        for (i, c) in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                return Some(start..i + 1);
            }
        }
        Some(start..text.len())
    })
}

/// The text of a JSON string token, escapes decoded (a token cut short is closed first).
fn decode_string_token(token: &str) -> Option<String> {
    serde_json::from_str(token)
        .ok()
        .or_else(|| serde_json::from_str(&format!("{token}\"")).ok())
}

/// Replaces the string values of secret-looking fields in JSON-like text by `"[REDACTED]"`:
/// fields [`is_sensitive_key`] flags and the fields named in `sensitive` (wire names). Strings
/// inside an array or object held by such a field are hidden too.
///
/// Works token by token, so it also covers truncated or otherwise invalid JSON.
pub(crate) fn redact_json_text(text: &str, sensitive: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    // The last key was secret-looking and its value has not been seen yet.
    let mut hide_next_value = false;
    // Nesting depth inside an array or object that is the value of a secret-looking key.
    let mut hidden_depth = 0usize;
    for token in string_tokens(text) {
        let between = &text[last..token.start];
        track_values(between, &mut hide_next_value, &mut hidden_depth);
        out.push_str(between);
        last = token.end;
        let raw = &text[token.clone()];
        let is_key = text[token.end..].trim_start().starts_with(':');
        if is_key {
            if hidden_depth == 0 {
                let inner = raw.trim_start_matches('"').trim_end_matches('"');
                let name = if inner.contains('\\') {
                    Cow::Owned(decode_string_token(raw).unwrap_or_default())
                } else {
                    Cow::Borrowed(inner)
                };
                hide_next_value = is_sensitive_key(&name) || sensitive.contains(&name.as_ref());
            }
            out.push_str(raw);
        } else if hide_next_value || hidden_depth > 0 {
            hide_next_value = false;
            out.push_str("\"[REDACTED]\"");
        } else {
            out.push_str(raw);
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Follows the text between two string tokens: whether a secret-looking key still awaits its
/// value, and how deep inside an array or object held by such a key the walk is.
fn track_values(between: &str, hide_next_value: &mut bool, hidden_depth: &mut usize) {
    for c in between.chars() {
        if *hidden_depth > 0 {
            match c {
                '{' | '[' => *hidden_depth += 1,
                '}' | ']' => *hidden_depth -= 1,
                _ => {}
            }
        } else if *hide_next_value && matches!(c, '{' | '[') {
            *hide_next_value = false;
            *hidden_depth = 1;
        } else if !c.is_whitespace() && c != ':' {
            *hide_next_value = false;
        }
    }
}

/// Replaces every occurrence of a known secret value in `text`, in any form a server may echo
/// it in, by `[REDACTED]`.
pub(crate) fn redact_known(text: &str, secrets: &[String]) -> String {
    Redactor::new(secrets).redact(text).into_owned()
}

/// The credential values this attempt carries: secret query values, query values the auth
/// provider added, and sensitive header values (with and without their `Bearer ` prefix).
pub(crate) fn sent_secrets(
    request: &Request,
    url: &url::Url,
    sent_url: &url::Url,
    sent_headers: &[(http::HeaderName, http::HeaderValue)],
) -> Vec<String> {
    let mut secrets: Vec<String> = request
        .query
        .iter()
        .filter_map(|(_, v)| match v {
            QueryValue::Secret(s) => Some(s.expose_secret().to_owned()),
            QueryValue::Plain(_) => None,
        })
        .collect();
    if sent_url.query() != url.query() {
        let before: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        secrets.extend(
            sent_url
                .query_pairs()
                .into_owned()
                .filter(|pair| !before.contains(pair))
                .map(|(_, v)| v),
        );
    }
    for (name, value) in sent_headers {
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

/// `body` with every known secret replaced by `[REDACTED]`, in any form a server may echo it
/// in (see [`Redactor`]); unchanged (and not copied) when none occurs.
pub(crate) fn scrub_body(body: Bytes, secrets: &[String]) -> Bytes {
    let redactor = Redactor::new(secrets);
    if redactor.forms.is_empty() {
        return body;
    }
    let text = String::from_utf8_lossy(&body);
    match redactor.redact(&text) {
        Cow::Borrowed(_) => body,
        Cow::Owned(clean) => Bytes::from(clean.into_bytes()),
    }
}

/// Finds secrets in every form a server may echo them in, and replaces them by `[REDACTED]`:
///
/// - as sent, percent-encoded (upper- or lower-case hex) or form-encoded (`+` for a space), in
///   any mix, as `url`, `reqwest` and `serde_urlencoded` write query and form values;
/// - JSON-escaped (`\/`, `\"`, and inside JSON strings any `\uXXXX` escapes, which would
///   otherwise decode back to the secret in a typed error model);
/// - base64, standard or URL-safe, padded or not, on its own or inside a longer encoding such
///   as HTTP Basic's `base64(id:secret)` (the whole base64 word is hidden).
///
/// The forms are built only when an error is reported, never on the success path.
pub(crate) struct Redactor {
    forms: Vec<Forms>,
}

/// The searchable forms of one secret.
struct Forms {
    /// The secret, matched as sent or percent-/form-encoded.
    raw: String,
    /// JSON-escaped forms that differ from the raw value, matched byte for byte.
    escaped: Vec<String>,
    /// Base64 runs any base64 text holding the secret contains (each byte alignment, both
    /// alphabets); a match hides the base64 word around it.
    base64: Vec<String>,
}

impl Forms {
    fn new(secret: &str) -> Self {
        let mut escaped = Vec::new();
        let json = serde_json::to_string(secret).unwrap_or_default();
        let json = json
            .get(1..json.len().saturating_sub(1))
            .unwrap_or_default();
        for form in [json.to_owned(), json.replace('/', "\\/")] {
            if form != secret && !escaped.contains(&form) {
                escaped.push(form);
            }
        }
        let mut base64 = Vec::new();
        let mut push = |run: String| {
            if !base64.contains(&run) {
                base64.push(run);
            }
        };
        for engine in [STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
            push(engine.encode(secret));
            // Preceded by `shift` bytes of something else, the secret's bytes start inside a
            // 3-byte group: only the groups wholly made of its bytes are known.
            for shift in 1..3 {
                let mut bytes = vec![0u8; shift];
                bytes.extend_from_slice(secret.as_bytes());
                let encoded = engine.encode(&bytes);
                let end = bytes.len() / 3 * 4;
                if end >= 4 + MIN_BASE64_RUN {
                    push(encoded[4..end].to_owned());
                }
            }
            // Followed by something else, the last partial group is not known either.
            let whole = secret.len() / 3 * 4;
            if whole >= MIN_BASE64_RUN {
                push(engine.encode(secret)[..whole].to_owned());
            }
        }
        Self {
            raw: secret.to_owned(),
            escaped,
            base64,
        }
    }

    /// Every place of `text` where this secret occurs, in any of its forms.
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            match encoded_match_end(bytes, at, self.raw.as_bytes()) {
                Some(end) => {
                    out.push(at..end);
                    at = end;
                }
                None => at += 1,
            }
        }
        for needle in &self.escaped {
            out.extend(
                text.match_indices(needle.as_str())
                    .map(|(i, m)| i..i + m.len()),
            );
        }
        for needle in &self.base64 {
            out.extend(
                text.match_indices(needle.as_str())
                    .map(|(i, m)| base64_word(bytes, i..i + m.len())),
            );
        }
    }
}

impl Redactor {
    /// A redactor for these secret values (those shorter than 4 bytes are ignored).
    pub(crate) fn new(secrets: &[String]) -> Self {
        let mut secrets: Vec<&String> = secrets
            .iter()
            .filter(|s| s.len() >= MIN_SCRUB_LEN)
            .collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Self {
            forms: secrets.into_iter().map(|s| Forms::new(s)).collect(),
        }
    }

    /// `text` with every form of every secret replaced by `[REDACTED]`; borrowed when none
    /// occurs.
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = self.redact_forms(Cow::Borrowed(text));
        if out.contains('\\')
            && let Some(clean) = self.redact_json_strings(&out)
        {
            out = Cow::Owned(clean);
        }
        out
    }

    fn redact_forms<'a>(&self, mut text: Cow<'a, str>) -> Cow<'a, str> {
        let mut ranges = Vec::new();
        for forms in &self.forms {
            ranges.clear();
            forms.find(&text, &mut ranges);
            if !ranges.is_empty() {
                text = Cow::Owned(replace_ranges(&text, &mut ranges));
            }
        }
        text
    }

    /// The text with every JSON string that holds a secret once its escapes are decoded
    /// written again with the secret replaced; `None` when there is none.
    fn redact_json_strings(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut last = 0;
        for token in string_tokens(text) {
            let raw = &text[token.clone()];
            if !raw.contains('\\') {
                continue;
            }
            let Some(decoded) = decode_string_token(raw) else {
                continue;
            };
            if let Cow::Owned(clean) = self.redact_forms(Cow::Borrowed(&decoded)) {
                out.push_str(&text[last..token.start]);
                out.push_str(&serde_json::to_string(&clean).unwrap_or_default());
                last = token.end;
            }
        }
        if last == 0 {
            return None;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// Where `secret` written at `at` in `text` ends, when it is there: each byte as is,
/// percent-encoded (either case of hex) or, for a space, `+`.
fn encoded_match_end(text: &[u8], mut at: usize, secret: &[u8]) -> Option<usize> {
    for (i, &b) in secret.iter().enumerate() {
        let &next = text.get(at)?;
        if next == b && b == b'%' {
            // A literal `%`, or the start of `%25`: the literal first.
            if let Some(end) = encoded_match_end(text, at + 1, &secret[i + 1..]) {
                return Some(end);
            }
        }
        let decoded = match text.get(at..at + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(hi, lo)| (hi << 4) | lo),
            _ => None,
        };
        if next == b && b != b'%' {
            at += 1;
        } else if decoded == Some(b) {
            at += 3;
        } else if b == b' ' && next == b'+' {
            at += 1;
        } else {
            return None;
        }
    }
    Some(at)
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// `found` widened to the whole base64 word around it (and its `=` padding).
fn base64_word(text: &[u8], found: Range<usize>) -> Range<usize> {
    let alphabet = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_');
    let start = text[..found.start]
        .iter()
        .rposition(|b| !alphabet(b))
        .map_or(0, |i| i + 1);
    let end = text[found.end..]
        .iter()
        .position(|b| !(alphabet(b) || *b == b'='))
        .map_or(text.len(), |i| found.end + i);
    start..end
}

/// `text` with each of `ranges` (merged where they overlap) replaced by `[REDACTED]`.
fn replace_ranges(text: &str, ranges: &mut [Range<usize>]) -> String {
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, range) in ranges.iter().enumerate() {
        if i > 0 && range.start < last {
            last = last.max(range.end);
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(REDACTED);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests;
