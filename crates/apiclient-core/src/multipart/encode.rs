//! A [`Form`] turned into the body of one attempt: a `reqwest` multipart form built from its
//! parts, collected into bytes when every part is in memory (so the body can be copied for a
//! redirect and has a `Content-Length`), else sent as a stream.

use super::{Content, Form, Part};
use crate::error::InvalidRequestError;
use futures::TryStreamExt;
use http::HeaderValue;
use reqwest::multipart;

/// The `Content-Type` and body of one attempt.
pub(crate) struct Encoded {
    pub(crate) content_type: HeaderValue,
    pub(crate) body: reqwest::Body,
    /// The body's bytes when every part is in memory (a copy can be sent on a redirect).
    pub(crate) bytes: Option<bytes::Bytes>,
}

impl Form {
    /// Builds the body for an attempt. Fails when a part's content type is not a media type,
    /// or when a stream part was sent already.
    pub(crate) async fn encode(&self) -> Result<Encoded, InvalidRequestError> {
        if let Some(message) = &self.error {
            return Err(InvalidRequestError::new(message.clone()));
        }
        // Field names are written as browsers write them: `"`, CR and LF percent-encoded,
        // everything else as it is.
        let mut form = multipart::Form::new().percent_encode_noop();
        for part in &self.parts {
            form = form.part(escape(&part.name), reqwest_part(part)?);
        }
        let content_type = format!("multipart/form-data; boundary={}", form.boundary());
        let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
            InvalidRequestError::new("the multipart boundary is not a header value")
        })?;
        let (body, bytes) = if self.is_repeatable() {
            let mut bytes = Vec::new();
            let mut stream = std::pin::pin!(form.into_stream());
            while let Some(chunk) = stream.try_next().await.map_err(|e| {
                InvalidRequestError::new(format!("the multipart body could not be encoded: {e}"))
            })? {
                bytes.extend_from_slice(&chunk);
            }
            let bytes = bytes::Bytes::from(bytes);
            (reqwest::Body::from(bytes.clone()), Some(bytes))
        } else {
            (reqwest::Body::wrap_stream(form.into_stream()), None)
        };
        Ok(Encoded {
            content_type,
            body,
            bytes,
        })
    }
}

fn reqwest_part(part: &Part) -> Result<multipart::Part, InvalidRequestError> {
    let mut out = match &part.content {
        Content::Bytes(bytes) => {
            multipart::Part::stream_with_length(bytes.clone(), bytes.len() as u64)
        }
        Content::Stream(shared) => {
            let stream = shared.take().ok_or_else(|| {
                InvalidRequestError::new(format!(
                    "the stream of multipart part {} was sent already: a form with a stream part can be sent only once",
                    part.name
                ))
            })?;
            let body = reqwest::Body::wrap_stream(stream);
            match shared.length {
                Some(length) => multipart::Part::stream_with_length(body, length),
                None => multipart::Part::stream(body),
            }
        }
    };
    if let Some(file_name) = &part.file_name {
        // reqwest escapes `"` and `\`; line breaks would end the header line.
        out = out.file_name(file_name.replace('\r', "%0D").replace('\n', "%0A"));
    }
    if let Some(content_type) = &part.content_type {
        out = out.mime_str(content_type).map_err(|_| {
            InvalidRequestError::new(format!(
                "the content type of multipart part {} is not a media type: {content_type:?}",
                part.name
            ))
        })?;
    }
    Ok(out)
}

/// A field name as browsers write it in `Content-Disposition`.
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
