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
    /// Sends `request`, following redirects within its origin (see [`HttpClient`]).
    pub(crate) async fn execute(
        &self,
        mut request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        self.send(&mut request).await
    }

    /// Sends a copy of `request`, following redirects within its origin (see [`HttpClient`]);
    /// `request` is left as it was sent first (its headers and URL), for what the caller
    /// checks against the answer. A request whose body cannot be copied (a stream) is sent
    /// itself and its redirects are not followed; `request` is then left without its body.
    pub(crate) async fn send(
        &self,
        request: &mut reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        match request.try_clone() {
            Some(first) => self.follow(first, request).await,
            None => {
                let mut kept =
                    reqwest::Request::new(request.method().clone(), request.url().clone());
                *kept.headers_mut() = request.headers().clone();
                *kept.timeout_mut() = request.timeout().copied();
                *kept.version_mut() = request.version();
                let original = std::mem::replace(request, kept);
                let response = self.inner.execute(original).await?;
                warn_if_redirected(&response, request.url());
                Ok(response)
            }
        }
    }

    /// Sends `first` (a copy of `template`), then each redirect within the template's origin.
    async fn follow(
        &self,
        first: reqwest::Request,
        template: &reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        // A timeout set on the request covers the whole chain, as reqwest's own does.
        let deadline = template
            .timeout()
            .and_then(|t| Instant::now().checked_add(*t));
        let mut request = first;
        // A copy of the hop being sent, from the first redirect on (before it, `template`).
        let mut hop: Option<reqwest::Request> = None;
        let mut origin: Option<url::Origin> = None;
        let mut followed = 0;
        loop {
            let response = self.inner.execute(request).await?;
            let sent = hop.as_ref().unwrap_or(template);
            warn_if_redirected(&response, sent.url());
            if !is_redirect(response.status()) {
                return Ok(response);
            }
            let origin = origin.get_or_insert_with(|| template.url().origin());
            let Some(location) = same_origin_location(&response, sent.url(), origin) else {
                return Ok(response);
            };
            if followed == MAX_REDIRECTS {
                tracing::debug!("redirect not followed: {MAX_REDIRECTS} followed already");
                return Ok(response);
            }
            // Copies are of bodies already copied once: this succeeds.
            let Some(next) = sent.try_clone() else {
                return Ok(response);
            };
            followed += 1;
            tracing::debug!(status = response.status().as_u16(), "following a redirect");
            let next = redirected(next, response.status(), location, deadline);
            let Some(copy) = next.try_clone() else {
                return Ok(response);
            };
            hop = Some(copy);
            request = next;
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
