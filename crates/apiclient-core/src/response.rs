//! Responses: the raw answer, and a decoded body with its status and headers.

use crate::error::{DecodeError, Error};
use crate::rate_limit::RateLimitInfo;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;

/// A decoded body together with the response's status, headers and rate-limit information.
///
/// Every generated operation has a `*_with_response` form that returns this; the plain form
/// returns only the body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// Rate-limit information read from the headers.
    pub rate_limit: RateLimitInfo,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// A `200 OK` response with no headers, e.g. for mocks of an API trait.
    pub fn new(body: T) -> Self {
        Self {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            rate_limit: RateLimitInfo::default(),
            body,
        }
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Converts the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit: self.rate_limit,
            body: f(self.body),
        }
    }
}

/// A success response before its body is decoded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// Rate-limit information read from the headers.
    pub rate_limit: RateLimitInfo,
    /// The body bytes.
    pub body: Bytes,
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    /// JSON fields of the body whose values are secrets (wire names).
    pub(crate) sensitive_fields: &'static [&'static str],
}

impl RawResponse {
    /// A success response as read from the wire, for `method` on `path_template` (used in
    /// error messages). The rate-limit information is read from `headers`.
    pub fn new(
        method: Method,
        path_template: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            rate_limit: RateLimitInfo::from_headers(&headers),
            status,
            headers,
            body,
            method,
            path_template,
            sensitive_fields: &[],
        }
    }

    /// Names the JSON fields of the body that hold secrets (wire names, e.g. a created token's
    /// `uuid`; generated from the spec's `format: password` and `x-sensitive`), so that a
    /// [`DecodeError`] never quotes their values, whichever field fails to decode. Fields
    /// with secret-looking names (`token`, `secret`, ...) are hidden without being named.
    pub fn sensitive_fields(mut self, fields: &'static [&'static str]) -> Self {
        self.sensitive_fields = fields;
        self
    }

    /// Decodes the body as JSON into `T`; a mismatch is a [`DecodeError`] naming the JSON path.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        let body = self.decode().map_err(Error::Decode)?;
        Ok(self.with_body(body))
    }

    /// Like [`json`](Self::json), but an empty body (e.g. `204 No Content`) gives `None`.
    pub fn json_opt<T: DeserializeOwned, E>(self) -> Result<ApiResponse<Option<T>>, Error<E>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.with_body(None));
        }
        Ok(self.json::<T, E>()?.map(Some))
    }

    /// For a success whose body may be anything (the spec's `x-lenient-body`): the body decoded
    /// into `T` when it fits, else `None`. An empty body, a non-JSON body or another JSON shape
    /// never fails the call; a mismatch is logged at `debug` level (without the body).
    pub fn json_lenient<T: DeserializeOwned>(self) -> ApiResponse<Option<T>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return self.with_body(None);
        }
        match self.decode::<T>() {
            Ok(body) => self.with_body(Some(body)),
            Err(e) => {
                tracing::debug!(
                    path_template = self.path_template,
                    json_path = %e.json_path,
                    "success body does not fit the documented model; ignored"
                );
                self.with_body(None)
            }
        }
    }

    /// Ignores the body (for operations without a success body).
    pub fn empty(self) -> ApiResponse<()> {
        self.with_body(())
    }

    /// Decodes the body with plain `serde_json` (no allocation beyond the model's own); only
    /// when that fails is it decoded again, tracking the JSON path, to build the error.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        // Same acceptance as the error path: trailing bytes after the value are not checked.
        T::deserialize(&mut de).or_else(|_| {
            DecodeError::decode_hiding(
                &self.method,
                self.path_template,
                self.status,
                &self.body,
                self.sensitive_fields,
            )
        })
    }

    fn with_body<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit: self.rate_limit,
            body,
        }
    }
}
