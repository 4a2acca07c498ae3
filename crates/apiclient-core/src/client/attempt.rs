//! One attempt: the URL, the request built and authorized, sent within the attempt timeout
//! and the deadline, and its response read.

use super::ApiClient;
use super::body::{Body, read_body};
use crate::auth::AuthRequest;
use crate::error::{AuthError, Error, InvalidRequestError, TimeoutKind};
use crate::redact::sent_secrets;
use crate::request::{Payload, Request};
use bytes::Bytes;
use futures::TryFutureExt;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use smallvec::SmallVec;
use std::time::Duration;
use tokio::time::Instant;

/// What one attempt produced.
// Made once per attempt and moved once: boxing the large variant would cost an allocation on
// every call, for nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Attempt {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
        /// The request as it was sent.
        sent: Sent,
    },
    /// A success body larger than the maximum response size (not read further).
    TooLarge {
        status: StatusCode,
        content_length: Option<u64>,
    },
    Transport(reqwest::Error),
    TimedOut(TimeoutKind, Duration),
    /// Credentials could not be had for a passing reason (token endpoint rate limited or down).
    AuthUnavailable(AuthError),
}

impl Attempt {
    /// The response status, if the attempt had a response.
    pub(super) fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Response { status, .. } | Self::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// What an attempt's request carried that is checked against the answer: its credential
/// headers (sensitive ones and `Authorization`) and, when authorization changed it (a key in
/// the query), its URL. Kept instead of a copy of the whole request.
pub(super) struct Sent {
    /// Inline when there is one (as a request usually carries), so keeping it costs no
    /// allocation.
    credentials: SmallVec<[(HeaderName, HeaderValue); 1]>,
    /// Boxed: it is there only for a key in the query, and this is in every call's future.
    url: Option<Box<url::Url>>,
}

impl Sent {
    /// Takes note of the credentials `sent` carries, `url` being its URL before authorization.
    fn of(sent: &reqwest::Request, url: &url::Url) -> Self {
        let credentials = sent
            .headers()
            .iter()
            .filter(|(name, value)| value.is_sensitive() || *name == AUTHORIZATION)
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        let url = (sent.url().query() != url.query()).then(|| Box::new(sent.url().clone()));
        Self { credentials, url }
    }

    /// The credential headers that were sent, for the auth provider's 401 check.
    pub(super) fn credential_headers(&self) -> HeaderMap {
        self.credentials.iter().cloned().collect()
    }

    /// The credential values this attempt sent, scrubbed from error messages: only listed on
    /// the error path.
    pub(super) fn secrets(&self, request: &Request, url: &url::Url) -> Vec<String> {
        let sent_url = self.url.as_deref().unwrap_or(url);
        sent_secrets(request, url, sent_url, &self.credentials)
    }
}

/// A body's content type and, when it can be sent twice, its bytes (for a redirect).
type BodyCopy = Option<(HeaderValue, Option<Bytes>)>;

/// An attempt's request, ready to send.
struct Prepared {
    http_request: reqwest::Request,
    /// What it carries that the answer is checked against.
    sent: Sent,
    copy: BodyCopy,
    /// When it is sent (the start of its time limit).
    sent_at: Instant,
}

impl Prepared {
    /// `http_request`, authorized, for `url` (its URL before authorization).
    fn new(
        http_request: reqwest::Request,
        url: &url::Url,
        copy: BodyCopy,
        sent_at: Instant,
    ) -> Self {
        Self {
            sent: Sent::of(&http_request, url),
            http_request,
            copy,
            sent_at,
        }
    }
}

/// The body of an attempt, and a copy of it for a redirect when it can be sent twice.
struct AttemptBody {
    content_type: HeaderValue,
    body: reqwest::Body,
    copy: Option<Bytes>,
}

impl AttemptBody {
    /// An encoded body (JSON, form, bytes): its bytes are shared, never copied.
    fn encoded(body: &crate::request::Body) -> Self {
        Self {
            content_type: body.content_type.clone(),
            body: body.bytes.clone().into(),
            copy: Some(body.bytes.clone()),
        }
    }
}

impl ApiClient {
    /// Builds the full URL: base URL + encoded path + query.
    pub(super) fn url(&self, request: &Request) -> Result<url::Url, InvalidRequestError> {
        let mut url = join(&self.config.base_url, &request.path).map_err(|e| {
            InvalidRequestError::new(format!(
                "the request path for {} is not a valid URL: {e}",
                request.path_template
            ))
        })?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value.expose());
            }
        }
        Ok(url)
    }

    /// Builds, authorizes and sends one attempt started at `started`, bounded by the attempt
    /// timeout (from when the request is sent) and the deadline. `Err` only for failures that
    /// are never retried (credentials, bad input).
    pub(super) async fn attempt<E>(
        &self,
        request: &Request,
        url: &url::Url,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Result<Attempt, Error<E>> {
        // Built in a step of its own, and moved out of this future once sent: a request that
        // is borrowed here would keep its room in every call's future while the answer is
        // awaited.
        let prepared = match self.prepare_now(request, url, started)? {
            Some(prepared) => prepared,
            // Boxed: only a multipart body or credentials fetched on the way need it.
            None => Box::pin(self.prepare(request, url, started, deadline)).await?,
        };
        let Prepared {
            http_request,
            sent,
            copy,
            sent_at,
        } = prepared;
        // The attempt ends at its own limit or at the call's deadline, whichever comes first.
        let mut cut_off = self
            .config
            .attempt_timeout
            .and_then(|limit| sent_at.checked_add(limit))
            .map(|at| (at, TimeoutKind::Attempt));
        if let Some(deadline) = deadline
            && cut_off.is_none_or(|(at, _)| deadline < at)
        {
            cut_off = Some((deadline, TimeoutKind::Deadline));
        }
        // A copy of the request as sent, made only when a redirect is followed.
        let template = || {
            let body = match &copy {
                None => None,
                Some((content_type, Some(bytes))) => {
                    Some((content_type.clone(), bytes.clone().into()))
                }
                // A body that cannot be sent twice: the redirect is the answer.
                Some((_, None)) => return None,
            };
            let sent_url = sent.url.as_deref().unwrap_or(url).clone();
            let mut copy = self.http_request(request, sent_url, body);
            copy.headers_mut().extend(sent.credentials.iter().cloned());
            Some(copy)
        };
        // Sending, then reading the body: chained, rather than awaited in turn in an `async`
        // block, which would keep room for the sending future twice.
        let max_size = self.config.max_response_size;
        let send = self
            .config
            .http
            .send(http_request, template)
            .and_then(move |mut response| {
                let status = response.status();
                let headers = std::mem::take(response.headers_mut());
                read_body(response, status, max_size).map_ok(move |body| (status, headers, body))
            });
        let result = match cut_off {
            Some((at, kind)) => match tokio::time::timeout_at(at, send).await {
                Ok(result) => result,
                Err(_) => return Ok(Attempt::TimedOut(kind, self.limit_for(kind))),
            },
            None => send.await,
        };
        Ok(match result {
            Ok((status, headers, Body::Read { bytes, truncated })) => Attempt::Response {
                status,
                headers,
                body: bytes,
                truncated,
                sent,
            },
            Ok((status, _, Body::TooLarge { content_length })) => Attempt::TooLarge {
                status,
                content_length,
            },
            Err(e) => Attempt::Transport(e),
        })
    }

    /// The attempt's request built and authorized without waiting, when nothing has to be
    /// awaited: a body that is not multipart, and credentials the provider adds at once.
    /// `None` otherwise (nothing is kept: [`prepare`](Self::prepare) starts again).
    fn prepare_now<E>(
        &self,
        request: &Request,
        url: &url::Url,
        started: Instant,
    ) -> Result<Option<Prepared>, Error<E>> {
        let body = match &request.body {
            Some(Payload::Encoded(body)) => Some(AttemptBody::encoded(body)),
            Some(Payload::Multipart(_)) => return Ok(None),
            None => None,
        };
        let (mut http_request, copy) = self.unauthorized(request, url, body);
        if request.authenticated {
            match self
                .auth
                .authorize_now(&mut AuthRequest::new(&mut http_request))
            {
                Some(result) => result?,
                None => return Ok(None),
            }
        }
        Ok(Some(Prepared::new(http_request, url, copy, started)))
    }

    /// The attempt's request, built and authorized, awaiting what has to be: a multipart body
    /// and credentials the provider fetches. Fetching them must not run past the deadline.
    async fn prepare<E>(
        &self,
        request: &Request,
        url: &url::Url,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Result<Prepared, Error<E>> {
        // Whether anything was awaited before sending: the attempt's time limit starts when
        // the request is sent.
        let mut awaited = false;
        let body = match &request.body {
            Some(Payload::Encoded(body)) => Some(AttemptBody::encoded(body)),
            Some(Payload::Multipart(form)) => {
                let encoded = form.encode().await.map_err(Error::InvalidRequest)?;
                awaited = true;
                Some(AttemptBody {
                    content_type: encoded.content_type,
                    body: encoded.body,
                    copy: encoded.bytes,
                })
            }
            None => None,
        };
        let (mut http_request, copy) = self.unauthorized(request, url, body);
        if request.authenticated {
            let mut view = AuthRequest::new(&mut http_request);
            // A fixed key or token is added at once; anything else (e.g. an OAuth2 token) is
            // awaited.
            match self.auth.authorize_now(&mut view) {
                Some(result) => result?,
                None => {
                    awaited = true;
                    let authorize = self.auth.authorize(&mut view);
                    match deadline {
                        Some(d) => match tokio::time::timeout_at(d, authorize).await {
                            Ok(result) => result?,
                            Err(_) => return Err(self.deadline_error(request)),
                        },
                        None => authorize.await?,
                    }
                }
            }
        }
        let sent_at = if awaited { Instant::now() } else { started };
        Ok(Prepared::new(http_request, url, copy, sent_at))
    }

    /// The attempt's request with `body`, before authorization, and what a redirect needs to
    /// send the body again.
    fn unauthorized(
        &self,
        request: &Request,
        url: &url::Url,
        body: Option<AttemptBody>,
    ) -> (reqwest::Request, BodyCopy) {
        let copy = body
            .as_ref()
            .map(|b| (b.content_type.clone(), b.copy.clone()));
        let http_request =
            self.http_request(request, url.clone(), body.map(|b| (b.content_type, b.body)));
        (http_request, copy)
    }

    /// The request of an attempt before authorization: `Accept`, the default headers, the
    /// request's own headers and its body.
    fn http_request(
        &self,
        request: &Request,
        url: url::Url,
        body: Option<(HeaderValue, reqwest::Body)>,
    ) -> reqwest::Request {
        let mut http_request = reqwest::Request::new(request.method.clone(), url);
        let headers = http_request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &self.config.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some((content_type, body)) = body {
            headers.insert(CONTENT_TYPE, content_type);
            *http_request.body_mut() = Some(body);
        }
        http_request
    }

    /// The configured limit that a timeout of `kind` reached.
    fn limit_for(&self, kind: TimeoutKind) -> Duration {
        match kind {
            TimeoutKind::Attempt => self.config.attempt_timeout,
            TimeoutKind::Deadline => self.config.total_timeout,
        }
        .unwrap_or_default()
    }
}

/// The base URL with `path` appended: the URL that parsing the two written one after the other
/// gives. A plain path (the usual case) is set on a copy of the base URL, without parsing its
/// scheme and host again.
fn join(base: &url::Url, path: &str) -> Result<url::Url, url::ParseError> {
    if is_plain_path(path) {
        let mut url = base.clone();
        let base_path = base.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(path);
        } else {
            let mut full = String::with_capacity(base_path.len() + path.len());
            full.push_str(base_path);
            full.push_str(path);
            url.set_path(&full);
        }
        return Ok(url);
    }
    let base = base.as_str().trim_end_matches('/');
    url::Url::parse(&format!("{base}{path}"))
}

/// Whether `path` reads the same appended to the base URL's path as parsed with it: it starts
/// a path, ends no differently once surrounding spaces and controls are trimmed, and holds no
/// `?` or `#` (which parsing would read as the start of a query or fragment).
fn is_plain_path(path: &str) -> bool {
    path.starts_with('/') && !path.ends_with(|c: char| c <= ' ') && !path.contains(['?', '#'])
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joining_gives_what_parsing_base_and_path_together_gives() {
        let paths = [
            "/v3/me/tokens",
            "/tokens/a%2Fb%20c",
            "/tokens/%2e%2e/x",
            "/a/../b/./c",
            "/a\\b",
            "/caf\u{e9}/\u{1f600}",
            "/a b/<c>/\"d\"/{e}/`f`",
            "/with\ttab/and\nnewline",
            "/trailing ",
            "/trailing\u{1}",
            "/query?a=1",
            "/frag#x",
            "no-slash",
            "",
            "/",
            "//double",
            "/50%/%zz",
        ];
        for base in [
            "http://127.0.0.1:8080",
            "https://api.example.com/",
            "https://api.example.com/base/v1",
            "https://api.example.com/base%20x/",
            "http://[::1]:9/p",
        ] {
            let base = url::Url::parse(base).unwrap();
            for path in paths {
                let parsed =
                    url::Url::parse(&format!("{}{path}", base.as_str().trim_end_matches('/')));
                let joined = join(&base, path);
                assert_eq!(
                    joined.as_ref().map(url::Url::as_str).ok(),
                    parsed.as_ref().map(url::Url::as_str).ok(),
                    "{base} + {path:?}"
                );
            }
        }
    }
}
