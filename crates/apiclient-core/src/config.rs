//! Client configuration: base URL, user agent, timeouts, retries, default headers and the
//! shared HTTP client.

use crate::http_client::HttpClient;
use crate::paginate::Paging;
use crate::retry::RetryPolicy;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;
use url::Url;

mod error;
mod urls;

pub use error::{ConfigError, ConfigErrorKind};
use urls::invalid_url;
pub(crate) use urls::{check_transport_security, fill_template, quotable_url};

/// The default maximum size of a success response body: 64 MiB, far above any real page.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Everything a client needs besides credentials. Build it with [`ClientConfig::builder`].
///
/// Cloning is cheap and clones share one HTTP connection pool.
///
/// ```
/// use apiclient_core::{ClientConfig, RetryPolicy};
/// use std::time::Duration;
/// let config = ClientConfig::builder("my-sdk/1.0")
///     .base_url("https://api.example.com/v3")
///     .application("my-app/2.1")
///     .attempt_timeout(Duration::from_secs(10))
///     .total_timeout(Duration::from_secs(60))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .default_header("X-Tenant", "example.com")
///     .build()
///     .unwrap();
/// assert_eq!(config.user_agent(), "my-sdk/1.0 my-app/2.1");
/// assert_eq!(config.base_url().as_str(), "https://api.example.com/v3");
/// ```
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) base_url: Url,
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) default_headers: HeaderMap,
    pub(crate) allow_insecure_http: bool,
    pub(crate) request_id_headers: Vec<HeaderName>,
    pub(crate) max_response_size: u64,
    pub(crate) paging: Paging,
    pub(crate) http: HttpClient,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.default_headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("default_headers", &header_names)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("request_id_headers", &self.request_id_headers)
            .field("max_response_size", &self.max_response_size)
            .field("paging", &self.paging)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// A builder; `product` is the SDK's `<crate>/<version>`, the start of the user agent.
    ///
    /// A `&'static str` (as generated crates pass) is sent without copying: the header value
    /// then needs no reference count shared by the threads sending requests.
    pub fn builder(product: impl Into<Cow<'static, str>>) -> ClientConfigBuilder {
        ClientConfigBuilder {
            product: product.into(),
            application: None,
            base_url: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: Some(Duration::from_secs(120)),
            retry: RetryPolicy::default(),
            default_headers: HeaderMap::new(),
            allow_insecure_http: false,
            request_id_headers: Vec::new(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            paging: Paging::default(),
            http: None,
            error: None,
        }
    }

    /// Fills the variables of a server URL template (see [`ClientConfigBuilder::base_url_template`]).
    pub fn fill_template(template: &str, values: &[(&str, &str)]) -> Result<String, ConfigError> {
        fill_template(template, values)
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The time limit for establishing a connection (applies to the built-in HTTP client).
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The time limit of one attempt.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The time limit of a whole call, retries included.
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// Whether plain `http://` to remote hosts is allowed with credentials.
    pub fn allows_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    /// The response headers read for a request id before the generic ones (`x-request-id`,
    /// `x-correlation-id`, `request-id`), in order.
    pub fn request_id_headers(&self) -> &[HeaderName] {
        &self.request_id_headers
    }

    /// The largest success body read, in bytes (error bodies are kept only up to
    /// [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY)).
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size
    }

    /// How far the generated `*_stream` functions (and `list_all_*`) page.
    pub fn paging(&self) -> Paging {
        self.paging
    }

    /// The shared HTTP client (connection pool). Hand it to other clients or token providers.
    pub fn http_client(&self) -> &HttpClient {
        &self.http
    }

    /// Refuses plain `http://` to a host other than loopback unless allowed.
    pub(crate) fn check_credentials_allowed(&self) -> Result<(), ConfigError> {
        check_transport_security(&self.base_url, self.allow_insecure_http)
    }
}

/// Builder for [`ClientConfig`]. Errors are reported by [`build`](Self::build).
#[derive(Debug)]
pub struct ClientConfigBuilder {
    product: Cow<'static, str>,
    application: Option<String>,
    base_url: Option<String>,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    default_headers: HeaderMap,
    pub(crate) allow_insecure_http: bool,
    request_id_headers: Vec<HeaderName>,
    max_response_size: u64,
    paging: Paging,
    http: Option<HttpClient>,
    error: Option<ConfigError>,
}

impl ClientConfigBuilder {
    fn fail(&mut self, error: ConfigError) {
        self.error.get_or_insert(error);
    }

    /// The base URL, e.g. `https://www.gmodstore.com` or `https://acme.api.identitynow.com/v3`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The base URL from a server template and its variables, e.g.
    /// `https://{tenant}.api.identitynow.com/v3` with `[("tenant", "acme")]`.
    pub fn base_url_template(mut self, template: &str, values: &[(&str, &str)]) -> Self {
        match fill_template(template, values) {
            Ok(url) => self.base_url = Some(url),
            Err(e) => self.fail(e),
        }
        self
    }

    /// An application name appended to the user agent, e.g. `token-rotator/1.4`.
    pub fn application(mut self, app: impl Into<String>) -> Self {
        self.application = Some(app.into());
        self
    }

    /// Time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time limit for one attempt, from sending to the end of the body (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time limit for a whole call, retries and waits included (default 120 s). No attempt is
    /// started that could not finish before it.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// No limit on a whole call (attempts are still bounded by the retry policy).
    pub fn no_total_timeout(mut self) -> Self {
        self.total_timeout = None;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A header sent with every request. Invalid names or values (e.g. with CR/LF) make
    /// [`build`](Self::build) fail.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.default_headers.append(n, v);
            }
            _ => self.fail(ConfigError::new(
                ConfigErrorKind::InvalidHeader,
                format!("default header {name:?} has an invalid name or value"),
            )),
        }
        self
    }

    /// The largest success body read, in bytes (default [`DEFAULT_MAX_RESPONSE_SIZE`], 64 MiB).
    /// A larger one fails the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge),
    /// from its `Content-Length` before the body is read, else as soon as more has arrived.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The most pages a paginated stream reads (default 10 000); a list with more ends the
    /// stream with [`Error::Pagination`](crate::Error::Pagination).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.paging = Paging::new(pages);
        self
    }

    /// Allows sending credentials over plain `http://` to hosts other than loopback.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// A response header that carries the API's request id (e.g. `slpt-request-id`), read
    /// before the generic ones; call it again for more. An invalid name makes
    /// [`build`](Self::build) fail.
    pub fn request_id_header(mut self, name: &str) -> Self {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(n) => self.request_id_headers.push(n),
            Err(_) => self.fail(ConfigError::new(
                ConfigErrorKind::InvalidHeader,
                format!("request-id header {name:?} is not a valid header name"),
            )),
        }
        self
    }

    /// Uses this HTTP client (e.g. one shared by several SDK clients) instead of building one.
    /// Its own connect timeout and user agent then apply; redirects are followed by the SDK,
    /// only within the same origin, whatever client is used (see [`HttpClient`]).
    pub fn http_client(mut self, http: HttpClient) -> Self {
        self.http = Some(http);
        self
    }

    /// Validates and builds the configuration.
    pub fn build(self) -> Result<ClientConfig, ConfigError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let raw = self.base_url.ok_or_else(|| {
            ConfigError::new(ConfigErrorKind::MissingBaseUrl, "no base URL given")
        })?;
        let mut base_url = Url::parse(&raw).map_err(|e| {
            invalid_url(format!("base URL {:?} is invalid: {e}", quotable_url(&raw)))
        })?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(invalid_url(format!(
                "base URL {:?} must be an http or https URL",
                quotable_url(&raw)
            )));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            // Not quoted: the user info may be a credential.
            return Err(invalid_url(
                "the base URL must not carry a user name or password; use an auth provider",
            ));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(invalid_url(format!(
                "base URL {:?} must not have a query or fragment",
                quotable_url(&raw)
            )));
        }
        if base_url.host_str().is_none_or(str::is_empty) {
            return Err(invalid_url(format!(
                "base URL {:?} has no host",
                quotable_url(&raw)
            )));
        }
        let trimmed = base_url.path().trim_end_matches('/').to_owned();
        base_url.set_path(&trimmed);
        let user_agent = match &self.application {
            Some(app) => Cow::Owned(format!("{} {app}", self.product)),
            None => self.product,
        };
        let user_agent_value = match &user_agent {
            // Static bytes: the clones sent with each request share no reference count.
            Cow::Borrowed(agent) => {
                HeaderValue::from_maybe_shared(bytes::Bytes::from_static(agent.as_bytes()))
            }
            Cow::Owned(agent) => HeaderValue::from_str(agent),
        };
        let Ok(user_agent_value) = user_agent_value else {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidHeader,
                "the user agent has invalid characters",
            ));
        };
        let user_agent = user_agent.into_owned();
        // Sent with every request, so a client on a shared or caller-supplied HTTP client
        // still names itself (a `User-Agent` default header of the caller's wins).
        let mut default_headers = self.default_headers;
        default_headers
            .entry(http::header::USER_AGENT)
            .or_insert(user_agent_value);
        let http = match self.http {
            Some(http) => http,
            None => HttpClient::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(user_agent.clone())
                .build()?,
        };
        Ok(ClientConfig {
            base_url,
            user_agent,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.attempt_timeout,
            total_timeout: self.total_timeout,
            retry: self.retry,
            default_headers,
            allow_insecure_http: self.allow_insecure_http,
            request_id_headers: self.request_id_headers,
            max_response_size: self.max_response_size,
            paging: self.paging,
            http,
        })
    }
}
