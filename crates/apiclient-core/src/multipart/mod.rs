//! `multipart/form-data` request bodies: a [`Form`] of text parts and file parts
//! ([`FilePart`]), sent with [`Request::multipart_body`](crate::Request::multipart_body).
//!
//! A form whose parts are all in memory (text, and files from bytes) is encoded again for
//! every attempt, so it is retried like any other body of a retry-safe request. A form with a
//! file part read from a stream ([`FilePart::stream`]) can be sent only once: the request is
//! never retried nor sent again after a 401, whatever its method or retry safety says, and the
//! first error is returned. Clones of such a form share the stream, so only one of them can be
//! sent; sending another is an [`Error::InvalidRequest`](crate::Error::InvalidRequest).
//!
//! `Debug` shows each part's name, file name, content type and size, never its contents.
//!
//! ```
//! use apiclient_core::multipart::{FilePart, Form};
//! use apiclient_core::{Method, Request};
//! let form = Form::new()
//!     .text("title", "Quarterly report")
//!     .file(
//!         "attachment",
//!         FilePart::bytes(b"%PDF-1.7".to_vec())
//!             .file_name("report.pdf")
//!             .content_type("application/pdf"),
//!     );
//! assert!(form.is_repeatable());
//! let request = Request::new(Method::PUT, "/reports/{id}", "uploadReport")
//!     .path_param("id", 7)
//!     .multipart_body(form);
//! assert!(request.is_retry_safe());
//! ```

mod encode;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use serde::Serialize;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

/// The error a file part's stream may end with.
pub type StreamError = Box<dyn std::error::Error + Send + Sync>;

type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// The content type of a file part whose content type is not known.
const OCTET_STREAM: &str = "application/octet-stream";

/// A stream that can be taken once; clones share it.
#[derive(Clone)]
pub(crate) struct SharedStream {
    stream: Arc<Mutex<Option<BoxStream>>>,
    length: Option<u64>,
}

impl SharedStream {
    /// The stream, unless it was taken already.
    pub(crate) fn take(&self) -> Option<BoxStream> {
        match self.stream.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }
}

/// What a part carries.
#[derive(Clone)]
pub(crate) enum Content {
    /// Text or bytes in memory.
    Bytes(Bytes),
    /// A stream, read as the request is sent.
    Stream(SharedStream),
}

/// The content of a file part: bytes in memory or a stream, with an optional file name and
/// content type (`application/octet-stream` when none is set).
///
/// ```
/// use apiclient_core::multipart::FilePart;
/// let logo = FilePart::bytes(vec![0x89, b'P', b'N', b'G'])
///     .file_name("logo.png")
///     .content_type("image/png");
/// assert_eq!(logo.get_file_name(), Some("logo.png"));
/// assert!(!logo.is_stream());
/// ```
#[derive(Clone)]
pub struct FilePart {
    content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part from bytes in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            content: Content::Bytes(bytes.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// A file part read from `stream` as the request is sent (a large file, without loading
    /// it in memory). A form with such a part is sent once and never retried (see the
    /// [module docs](self)); its body is sent chunked.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<StreamError>,
    {
        let stream: BoxStream = Box::pin(stream.map(|chunk| chunk.map_err(Into::into)));
        Self {
            content: Content::Stream(SharedStream {
                stream: Arc::new(Mutex::new(Some(stream))),
                length: None,
            }),
            file_name: None,
            content_type: None,
        }
    }

    /// Like [`stream`](Self::stream), for a stream of exactly `length` bytes.
    pub fn stream_with_length<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<StreamError>,
    {
        let mut part = Self::stream(stream);
        if let Content::Stream(shared) = &mut part.content {
            shared.length = Some(length);
        }
        part
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's content type (e.g. `image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the part's content type unless one is set already (the type an API documents
    /// for the field, kept when the caller chose another).
    pub fn content_type_or(mut self, content_type: impl Into<String>) -> Self {
        if self.content_type.is_none() {
            self.content_type = Some(content_type.into());
        }
        self
    }

    /// The file name, if set.
    pub fn get_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if set.
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether the part is read from a stream (its form can be sent only once).
    pub fn is_stream(&self) -> bool {
        matches!(self.content, Content::Stream(_))
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl PartialEq for FilePart {
    /// Parts in memory are equal when their bytes, file names and content types are; a stream
    /// part is equal only to itself (and its clones).
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Stream(a), Content::Stream(b)) => Arc::ptr_eq(&a.stream, &b.stream),
            _ => false,
        };
        content && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("FilePart");
        debug_content(&mut s, &self.content);
        s.field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

fn debug_content(s: &mut fmt::DebugStruct<'_, '_>, content: &Content) {
    match content {
        Content::Bytes(bytes) => s.field("len", &bytes.len()),
        Content::Stream(shared) => s.field("stream_len", &shared.length),
    };
}

/// One part of a form.
#[derive(Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) content: Content,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Part");
        s.field("name", &self.name);
        debug_content(&mut s, &self.content);
        s.field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A `multipart/form-data` body: parts in the order they are added (a name may repeat, as
/// for the items of an array). See the [module docs](self) for retries.
///
/// A value that cannot be encoded (a [`json`](Self::json) part whose serialization fails) is
/// kept as an error and reported when the request is sent, as
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub(crate) parts: Vec<Part>,
    pub(crate) error: Option<String>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, name: impl Into<String>, content: Content) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content,
            file_name: None,
            content_type: None,
        });
        self
    }

    /// Adds a text part (sent without a content type: `text/plain` for the server).
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(name, Content::Bytes(Bytes::from(value.into())))
    }

    /// Adds a text part with its content type (e.g. `application/xml`).
    pub fn text_as(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        self = self.text(name, value);
        if let Some(part) = self.parts.last_mut() {
            part.content_type = Some(content_type.into());
        }
        self
    }

    /// Adds a part holding `value` as JSON, with content type `application/json`.
    pub fn json<T: Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        self.json_as(name, value, "application/json")
    }

    /// Adds a part holding `value` as JSON, with another content type.
    pub fn json_as<T: Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &T,
        content_type: impl Into<String>,
    ) -> Self {
        let name = name.into();
        match serde_json::to_string(value) {
            Ok(text) => self.text_as(name, text, content_type),
            Err(e) => {
                self.error.get_or_insert(format!(
                    "the multipart part {name} could not be encoded: {e}"
                ));
                self
            }
        }
    }

    /// Adds a file part.
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: file.content,
            file_name: file.file_name,
            content_type: Some(file.content_type.unwrap_or_else(|| OCTET_STREAM.to_owned())),
        });
        self
    }

    /// The number of parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The names of the parts, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.name.as_str())
    }

    /// Whether the form can be sent more than once (no part is read from a stream), and so
    /// be retried.
    pub fn is_repeatable(&self) -> bool {
        !self
            .parts
            .iter()
            .any(|p| matches!(p.content, Content::Stream(_)))
    }
}
