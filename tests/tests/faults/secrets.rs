//! The forms a secret takes on the wire and in echoes (percent-, form- and JSON-encoded,
//! `\u`-escaped, base64, HTTP Basic), and the search for any of them in an error.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::providers::{Failure, SP_CLIENT_ID};

/// An encoding a server may echo a value in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As is.
    Raw,
    /// Every byte but ASCII letters and digits as `%XX`.
    Percent,
    /// `application/x-www-form-urlencoded` (`+` for space; `*-._` kept).
    Form,
    /// A JSON string body with `/` written `\/`.
    JsonSlash,
    /// A JSON string body with every character written `\uXXXX`.
    JsonUnicode,
    /// Base64 of the value.
    Base64,
    /// Base64 of `client-id:value`, as in an HTTP Basic header.
    Basic,
}

/// Every encoding.
pub const ENCODINGS: [Encoding; 7] = [
    Encoding::Raw,
    Encoding::Percent,
    Encoding::Form,
    Encoding::JsonSlash,
    Encoding::JsonUnicode,
    Encoding::Base64,
    Encoding::Basic,
];

impl Encoding {
    /// `value` in this encoding.
    pub fn apply(self, value: &str) -> String {
        match self {
            Encoding::Raw => value.to_owned(),
            Encoding::Percent => value
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect(),
            Encoding::Form => form_encode(value),
            Encoding::JsonSlash => {
                let json = serde_json::to_string(value).expect("a string serializes");
                json[1..json.len() - 1].replace('/', "\\/")
            }
            Encoding::JsonUnicode => value
                .encode_utf16()
                .map(|u| format!("\\u{u:04x}"))
                .collect(),
            Encoding::Base64 => STANDARD.encode(value),
            Encoding::Basic => STANDARD.encode(format!("{SP_CLIENT_ID}:{value}")),
        }
    }
}

/// `application/x-www-form-urlencoded`, as browsers and `url` write it.
pub fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b' ' => "+".to_owned(),
            b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Every one of `secrets` found in `failure`, in any encoding, as
/// `"<secret> as <encoding> in <place>"`.
pub fn leaks(secrets: &[&str], failure: &Failure) -> Vec<String> {
    let mut found = Vec::new();
    for secret in secrets {
        for encoding in ENCODINGS {
            let needle = encoding.apply(secret);
            for place in failure.places_of(&needle) {
                found.push(format!("{secret:?} as {encoding:?} in {place}"));
            }
        }
    }
    found
}
