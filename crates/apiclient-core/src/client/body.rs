//! Reading a response body: a success body within the maximum response size, an error body
//! cut to what errors keep.

use crate::error::MAX_ERROR_BODY;
use bytes::Bytes;
use futures::future::Either;
use http::StatusCode;

/// A response body as read.
pub(super) enum Body {
    /// The body (an error body cut to [`MAX_ERROR_BODY`] bytes, then `truncated`).
    Read { bytes: Bytes, truncated: bool },
    /// A success body longer than the maximum response size: refused from its
    /// `Content-Length`, or once more than the maximum had arrived.
    TooLarge { content_length: Option<u64> },
}

/// Room reserved up front for a body: its `Content-Length` up to this much (a server may
/// announce far more than it sends).
const INITIAL_BODY_CAPACITY: u64 = 1024 * 1024;

/// Reads the body: a success body up to `max_size` bytes, an error body up to
/// [`MAX_ERROR_BODY`] bytes (the rest is dropped and the body marked truncated).
///
/// Functions returning futures rather than `async fn`s: an `async fn` keeps its arguments
/// twice in its state (as passed, and as moved into its body), and every call's future holds
/// this one.
pub(super) fn read_body(
    response: reqwest::Response,
    status: StatusCode,
    max_size: u64,
) -> impl Future<Output = Result<Body, reqwest::Error>> {
    if status.is_success() {
        Either::Left(read_success_body(response, max_size))
    } else {
        Either::Right(read_error_body(response))
    }
}

/// Reads an error body, up to [`MAX_ERROR_BODY`] bytes.
#[allow(clippy::manual_async_fn)] // see `read_body`
fn read_error_body(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<Body, reqwest::Error>> {
    async move {
        let mut kept = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response.chunk().await? {
            let room = MAX_ERROR_BODY - kept.len();
            if chunk.len() > room {
                kept.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            kept.extend_from_slice(&chunk);
        }
        Ok(Body::Read {
            bytes: Bytes::from(kept),
            truncated,
        })
    }
}

/// Reads a success body of at most `max_size` bytes: refused from its `Content-Length`, else
/// given up as soon as more has arrived.
#[allow(clippy::manual_async_fn)] // see `read_body`
fn read_success_body(
    mut response: reqwest::Response,
    max_size: u64,
) -> impl Future<Output = Result<Body, reqwest::Error>> {
    async move {
        let content_length = response.content_length();
        if content_length.is_some_and(|length| length > max_size) {
            return Ok(Body::TooLarge { content_length });
        }
        let too_large = |read: usize| u64::try_from(read).map_or(true, |read| read > max_size);
        let read = |bytes| Body::Read {
            bytes,
            truncated: false,
        };
        // A body in one chunk is passed on as it is; only a body in several is copied together.
        let Some(first) = response.chunk().await? else {
            return Ok(read(Bytes::new()));
        };
        if too_large(first.len()) {
            return Ok(Body::TooLarge { content_length });
        }
        let Some(second) = response.chunk().await? else {
            return Ok(read(first));
        };
        let capacity = content_length.unwrap_or(0).min(INITIAL_BODY_CAPACITY);
        let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        body.extend_from_slice(&first);
        let mut next = Some(second);
        while let Some(chunk) = next {
            if too_large(body.len().saturating_add(chunk.len())) {
                return Ok(Body::TooLarge { content_length });
            }
            body.extend_from_slice(&chunk);
            next = response.chunk().await?;
        }
        Ok(read(Bytes::from(body)))
    }
}
