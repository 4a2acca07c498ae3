//! [`ErrorModel`]: how the body of an error response becomes the typed model of an
//! [`ApiError`](super::ApiError), and [`OperationError`], the model of one generated operation.

use http::StatusCode;
use serde::de::DeserializeOwned;

/// The typed model of an error response, decoded from its status and (scrubbed) body.
///
/// Every `DeserializeOwned` type is one: it decodes the body as JSON whatever the status
/// (`serde_json::Value`, or a hand-written struct). A generated operation has its own model,
/// an enum over the error statuses it documents (see [`OperationError`]).
///
/// Decoding never fails the call: `None` leaves [`ApiError::model`](super::ApiError::model)
/// empty, and the raw body is kept either way.
pub trait ErrorModel: Sized {
    /// The model of an error response with `status` and `body`, if the body fits one.
    ///
    /// `body` has already been scrubbed of the secrets the request sent, so a model never
    /// holds an echoed credential.
    fn from_error_body(status: StatusCode, body: &[u8]) -> Option<Self>;
}

impl<T: DeserializeOwned> ErrorModel for T {
    fn from_error_body(_status: StatusCode, body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }
}

/// The error model of one generated operation: an enum with one variant per documented error
/// status whose body has a JSON schema (`Status404(..)`, `Status4xx(..)`, `Default(..)`), and
/// `Unknown(serde_json::Value)` for a status the operation does not document or a body that
/// fits none of its schemas.
///
/// An [`Error`](super::Error) with such a model converts into `Error<serde_json::Value>` (the
/// crate's plain `Error`) with `From`, so `?` gathers the errors of several operations into
/// one type; see [`Error::into_untyped`](super::Error::into_untyped).
pub trait OperationError: ErrorModel {}
