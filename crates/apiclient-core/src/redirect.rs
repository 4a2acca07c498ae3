//! The redirect rules the SDK applies itself (see [`HttpClient`]): redirects are followed only
//! within the origin (scheme, host and port) the request was sent to.

use crate::http_client::HttpClient;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, TRANSFER_ENCODING};
use http::{Method, StatusCode};
use std::time::Duration;
use tokio::time::Instant;
use url::Url;

/// Redirects followed within one origin before the last redirect is returned as the answer.
pub const MAX_REDIRECTS: usize = 10;

impl HttpClient {
    /// Sends `request`, following redirects within its origin (see [`HttpClient`]). A request
    /// whose body cannot be copied (a stream) is sent and its redirects are not followed.
    pub(crate) async fn execute(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let copy = request.try_clone();
        self.send(request, move || copy).await
    }

    /// Sends `request`, following redirects within its origin (see [`HttpClient`]).
    /// `template` gives a copy of `request` as it is sent (credentials and body included) and
    /// is called only when a redirect is to be followed, so the common answer costs no copy;
    /// when it gives `None` (a body that cannot be sent twice), the redirect is the answer.
    ///
    /// The request is handed to reqwest before the returned future is first polled: the
    /// future keeps only what the answer is checked with, not the request (every call's
    /// future is smaller by about 1 KB than an `async fn`'s, which kept both).
    pub(crate) fn send<'a>(
        &'a self,
        request: reqwest::Request,
        template: impl FnOnce() -> Option<reqwest::Request> + 'a,
    ) -> impl Future<Output = Result<reqwest::Response, reqwest::Error>> + 'a {
        // A client built here answers from the URL it was sent to: only an adopted one's
        // answers are checked against a copy of it.
        let sent_url = (!self.follows_no_redirects).then(|| request.url().clone());
        // A timeout set on the request covers the whole chain, as reqwest's own does.
        let deadline = request
            .timeout()
            .and_then(|t| Instant::now().checked_add(*t));
        let pending = self.inner.execute(request);
        async move {
            let response = pending.await?;
            if let Some(sent_url) = &sent_url {
                warn_if_redirected(&response, sent_url);
            }
            if !is_redirect(response.status()) {
                return Ok(response);
            }
            // Boxed: its state is needed only on a redirect, so it does not enlarge every call.
            Box::pin(self.redirect(response, sent_url, template, deadline)).await
        }
    }

    /// Follows the redirect `response` answered to the request sent to `sent_url` (`None`:
    /// the URL `response` came from), when it stays within the origin and `template` gives a
    /// copy of the request.
    async fn redirect(
        &self,
        response: reqwest::Response,
        sent_url: Option<Url>,
        template: impl FnOnce() -> Option<reqwest::Request>,
        deadline: Option<Instant>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let sent_url = sent_url.unwrap_or_else(|| response.url().clone());
        let origin = sent_url.origin();
        let Some(location) = same_origin_location(&response, &sent_url, &origin) else {
            return Ok(response);
        };
        let Some(template) = template() else {
            tracing::debug!("redirect not followed: the request body cannot be sent twice");
            return Ok(response);
        };
        tracing::debug!(status = response.status().as_u16(), "following a redirect");
        let next = redirected(template, response.status(), location, deadline);
        self.follow(next, origin, deadline).await
    }

    /// Sends `first` (the first redirected hop), then each further redirect within `origin`,
    /// until [`MAX_REDIRECTS`] were followed.
    async fn follow(
        &self,
        first: reqwest::Request,
        origin: url::Origin,
        deadline: Option<Instant>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut request = first;
        let mut followed = 1;
        loop {
            // Copies are of bodies already copied once: this succeeds.
            let hop = request.try_clone();
            let sent_url = request.url().clone();
            let response = self.inner.execute(request).await?;
            warn_if_redirected(&response, &sent_url);
            if !is_redirect(response.status()) {
                return Ok(response);
            }
            let Some(location) = same_origin_location(&response, &sent_url, &origin) else {
                return Ok(response);
            };
            if followed == MAX_REDIRECTS {
                tracing::debug!("redirect not followed: {MAX_REDIRECTS} followed already");
                return Ok(response);
            }
            let Some(hop) = hop else {
                return Ok(response);
            };
            followed += 1;
            tracing::debug!(status = response.status().as_u16(), "following a redirect");
            request = redirected(hop, response.status(), location, deadline);
        }
    }
}

/// Warns when the HTTP client followed a redirect by itself (one not built by this crate).
fn warn_if_redirected(response: &reqwest::Response, sent: &Url) {
    if response.url() != sent {
        tracing::warn!(
            "the HTTP client followed a redirect by itself; build it with HttpClient::builder"
        );
    }
}

/// The target of a redirect response, when it is within `origin`.
fn same_origin_location(
    response: &reqwest::Response,
    sent_url: &Url,
    origin: &url::Origin,
) -> Option<Url> {
    if !is_redirect(response.status()) {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let target = sent_url.join(location).ok()?;
    if &target.origin() == origin {
        Some(target)
    } else {
        tracing::debug!(
            status = response.status().as_u16(),
            "redirect to another origin not followed"
        );
        None
    }
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The request to send to `location` after a `status` redirect of `request`: 307 and 308 keep
/// method and body; 301, 302 and 303 turn anything but GET and HEAD into a GET without body.
fn redirected(
    mut request: reqwest::Request,
    status: StatusCode,
    location: Url,
    deadline: Option<Instant>,
) -> reqwest::Request {
    *request.url_mut() = location;
    if matches!(status.as_u16(), 301..=303) {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            *request.method_mut() = Method::GET;
        }
        *request.body_mut() = None;
        for name in [
            CONTENT_TYPE,
            CONTENT_LENGTH,
            CONTENT_ENCODING,
            TRANSFER_ENCODING,
        ] {
            request.headers_mut().remove(name);
        }
    }
    if let Some(deadline) = deadline {
        let left = deadline.saturating_duration_since(Instant::now());
        *request.timeout_mut() = Some(left.max(Duration::from_millis(1)));
    }
    request
}
