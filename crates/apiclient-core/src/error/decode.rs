//! [`DecodeError`]: a response body that does not match the documented model.

use crate::message::{MESSAGE_CHARS, one_line, snippet_hiding};
use crate::redact::is_sensitive_key;
use http::{Method, StatusCode};
use std::fmt;

/// A response body did not match the documented model.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The request's method.
    pub method: Method,
    /// The operation's path template.
    pub path_template: &'static str,
    /// The status of the response that failed to decode.
    pub status: StatusCode,
    /// Where in the JSON document decoding failed, e.g. `data[2].expiresAt`.
    pub json_path: String,
    /// What the decoder said.
    pub message: String,
    /// The start of the body, for a first look.
    pub snippet: String,
}

impl DecodeError {
    /// Decodes `body` as JSON into `T`, reporting the JSON path of the first mismatch.
    ///
    /// Neither the message nor the snippet quotes the value of a secret-looking field
    /// (`token`, `secret`, `password`, ...); see [`decode_hiding`](Self::decode_hiding) for
    /// fields the API marks secret under other names.
    pub fn decode<T: serde::de::DeserializeOwned>(
        method: &Method,
        path_template: &'static str,
        status: StatusCode,
        body: &[u8],
    ) -> Result<T, Self> {
        Self::decode_hiding(method, path_template, status, body, &[])
    }

    /// Like [`decode`](Self::decode), also never quoting the values of the JSON fields named
    /// in `sensitive` (wire names, e.g. `uuid` where a created token's secret travels),
    /// whichever field failed to decode.
    pub fn decode_hiding<T: serde::de::DeserializeOwned>(
        method: &Method,
        path_template: &'static str,
        status: StatusCode,
        body: &[u8],
        sensitive: &[&str],
    ) -> Result<T, Self> {
        let de = &mut serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let hidden = |name: &str| is_sensitive_key(name) || sensitive.contains(&name);
            // serde quotes the offending value; hide it when the field may hold a secret.
            let secret_field = err.path().iter().any(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => hidden(key),
                serde_path_to_error::Segment::Enum { variant } => hidden(variant),
                _ => false,
            });
            let message = if secret_field {
                "the value does not fit the model (not shown: the field may hold a secret)"
                    .to_owned()
            } else {
                one_line(&err.inner().to_string(), MESSAGE_CHARS)
            };
            Self {
                method: method.clone(),
                path_template,
                status,
                json_path: err.path().to_string(),
                message,
                snippet: snippet_hiding(body, sensitive),
            }
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}: could not decode the response at `{}`: {} (body starts: {:?})",
            self.method,
            self.path_template,
            self.status,
            self.json_path,
            self.message,
            self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}
