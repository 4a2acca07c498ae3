//! Unit tests of the redaction of secrets in JSON texts, URLs and headers.

use super::*;

#[test]
fn redacts_secret_fields_even_in_broken_json() {
    let text = r#"{"id":"7","token":"abc\"def","tokenId":"t1","nested":{"client_secret": "xyz"},"n":1,"password":null,"cut":"#;
    let out = redact_json_text(text, &[]);
    assert!(!out.contains("abc"), "{out}");
    assert!(!out.contains("xyz"), "{out}");
    assert!(out.contains(r#""tokenId":"t1""#), "{out}");
    assert!(out.contains(r#""password":null"#), "{out}");
    assert!(out.contains(r#""token":"[REDACTED]""#), "{out}");
    let truncated = r#"{"accessToken":"very-secret-value-cut-of"#;
    assert!(!redact_json_text(truncated, &[]).contains("very-secret"));
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

/// A secret with every character the encodings change (`/`, `+`, space, `.`, `~`, `%`).
const SECRET: &str = "s3cr/et+k ey.~x%2F_9";

fn percent(value: &str, upper: bool) -> String {
    value
        .bytes()
        .map(|b| match (b.is_ascii_alphanumeric(), upper) {
            (true, _) => (b as char).to_string(),
            (false, true) => format!("%{b:02X}"),
            (false, false) => format!("%{b:02x}"),
        })
        .collect()
}

/// Every form a server may echo `SECRET` in, by name.
fn encodings() -> Vec<(&'static str, String)> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let form: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
    let json = serde_json::to_string(SECRET).unwrap();
    let json = &json[1..json.len() - 1];
    let mut table = vec![
        ("raw", SECRET.to_owned()),
        ("percent, upper-case hex", percent(SECRET, true)),
        ("percent, lower-case hex", percent(SECRET, false)),
        ("form (url, serde_urlencoded)", form.clone()),
        (
            "form, lower-case hex",
            form.replace("%2F", "%2f").replace("%2B", "%2b"),
        ),
        (
            "percent, controls only",
            percent_encoding::utf8_percent_encode(SECRET, percent_encoding::CONTROLS).to_string(),
        ),
        ("JSON, `\\/`", json.replace('/', "\\/")),
        ("base64", STANDARD.encode(SECRET)),
        ("base64, no padding", STANDARD_NO_PAD.encode(SECRET)),
        ("base64 URL-safe", URL_SAFE.encode(SECRET)),
        (
            "base64 URL-safe, no padding",
            URL_SAFE_NO_PAD.encode(SECRET),
        ),
    ];
    // HTTP Basic with client ids of every length modulo 3, and the secret as the user.
    for id in ["id", "id1", "id12"] {
        table.push(("HTTP Basic", STANDARD.encode(format!("{id}:{SECRET}"))));
    }
    table.push((
        "HTTP Basic, secret as user",
        STANDARD.encode(format!("{SECRET}:x")),
    ));
    table
}

#[test]
fn every_encoding_of_a_secret_is_scrubbed_from_bodies_and_messages() {
    let secrets = [SECRET.to_owned()];
    for (name, encoded) in encodings() {
        for text in [
            format!("echo {encoded} end"),
            format!(r#"{{"message":"bad {encoded}","n":1}}"#),
            format!("Authorization: Basic {encoded}\r\n"),
        ] {
            let body = scrub_body(Bytes::from(text.clone()), &secrets);
            let body = String::from_utf8_lossy(&body);
            assert!(!body.contains(&encoded), "{name}: {body}");
            assert!(body.contains("[REDACTED]"), "{name}: {body}");
            assert!(body.ends_with(&text[text.len() - 2..]), "{name}: {body}");
            let message = redact_known(&text, &secrets);
            assert!(!message.contains(&encoded), "{name}: {message}");
        }
    }
}

#[test]
fn json_escapes_that_decode_to_a_secret_are_scrubbed() {
    let secrets = [SECRET.to_owned()];
    let all_escaped: String = SECRET
        .encode_utf16()
        .map(|u| format!("\\u{u:04x}"))
        .collect();
    let some_escaped = SECRET.replace('s', "\\u0073").replace('/', "\\/");
    for escaped in [all_escaped, some_escaped] {
        let text = format!(r#"{{"message":"bad {escaped} here","code":7}}"#);
        let body = scrub_body(Bytes::from(text), &secrets);
        let model: serde_json::Value = serde_json::from_slice(&body).expect("still JSON");
        let message = model["message"].as_str().unwrap();
        assert_eq!(message, "bad [REDACTED] here", "{escaped}");
        assert_eq!(model["code"], 7);
    }
}

#[test]
fn short_or_absent_secrets_change_nothing() {
    let body = Bytes::from_static(br#"{"message":"nothing \u0041 here", "x": "c2VjcmV0"}"#);
    assert_eq!(scrub_body(body.clone(), &["abc".to_owned()]), body);
    assert_eq!(
        scrub_body(body.clone(), &["unrelated-value".to_owned()]),
        body
    );
    assert_eq!(scrub_body(body.clone(), &[]), body);
}

#[test]
fn named_fields_are_hidden_whatever_their_name_and_shape() {
    let text = r#"{"id":"seven","uuid":"created-value","u\u0075id":"escaped-key","other":{"uuid":["in-list",{"deep":"nested-value"}]},"name":"kept"}"#;
    let out = redact_json_text(text, &["uuid"]);
    for hidden in ["created-value", "escaped-key", "in-list", "nested-value"] {
        assert!(!out.contains(hidden), "{out}");
    }
    assert!(out.contains(r#""name":"kept""#), "{out}");
    assert!(out.contains(r#""id":"seven""#), "{out}");
    assert!(redact_json_text(text, &[]).contains("created-value"));
    let cut = r#"{"access_token":{"id":7,"uuid":"created-val"#;
    assert!(!redact_json_text(cut, &["uuid"]).contains("created"));
}
