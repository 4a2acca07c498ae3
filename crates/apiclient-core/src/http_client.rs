//! The HTTP client every request goes through ([`HttpClient`]) and its settings
//! ([`HttpClientBuilder`]): proxies, root certificates, connection pool and timeouts, in this
//! crate's own types so that the HTTP library underneath can change without breaking callers.

mod proxy;
mod tls;

pub use proxy::Proxy;
pub use tls::RootCertificate;

use crate::config::{ConfigError, ConfigErrorKind};
use std::fmt;
use std::time::Duration;

/// The HTTP client (connection pool) requests are sent with. Cloning is cheap and clones share
/// the pool, so one `HttpClient` can serve several SDK clients and their token requests.
///
/// It never follows a redirect by itself: the SDK follows 301, 302, 303, 307 and 308 within the
/// origin (scheme, host and port) the request was sent to, at most
/// [`MAX_REDIRECTS`](crate::MAX_REDIRECTS) times, with its credentials and body (301, 302 and
/// 303 turn a non-GET into a GET without body, as browsers do). A redirect to another origin is
/// not followed: it is the answer (an [`Error::Api`](crate::Error::Api) with the 3xx status, or
/// an [`AuthError`](crate::AuthError) from the token endpoint), so no credential (header, query
/// parameter, client secret) and no request body ever reaches a host it was not meant for.
///
/// ```
/// use apiclient_core::{ClientBuilder, HttpClient, Proxy};
/// use std::time::Duration;
/// // Your own settings (proxy, TLS roots, pool) on the SDK's builder.
/// let http = HttpClient::builder()
///     .proxy(Proxy::https("http://proxy.internal:3128").unwrap())
///     .pool_idle_timeout(Duration::from_secs(30))
///     .build()
///     .unwrap();
/// let a = ClientBuilder::new("my-sdk/1.0")
///     .base_url("https://a.example.com")
///     .http_client(http.clone())
///     .build()
///     .unwrap();
/// let b = ClientBuilder::new("my-sdk/1.0")
///     .base_url("https://b.example.com")
///     .http_client(a.config().http_client().clone())
///     .build()
///     .unwrap();
/// # let _ = b;
/// ```
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: reqwest::Client,
    /// Whether the client was built here, with redirects off; an adopted one may follow
    /// them by itself, which is checked on every response.
    pub(crate) follows_no_redirects: bool,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient").finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with the default settings: the TLS roots of the enabled features, and the
    /// proxies the standard environment variables name (see [`HttpClientBuilder::proxy`]).
    pub fn new() -> Result<Self, ConfigError> {
        Self::builder().build()
    }

    /// A builder for a client with settings of your own.
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::default()
    }

    /// **Unstable escape hatch (feature `unstable-reqwest`), exempt from semver**: builds
    /// `builder` with its redirect policy replaced by reqwest's `Policy::none` (the SDK's rules
    /// above apply instead); every other setting (proxy, pool, timeouts, user agent) is kept.
    /// With the `rustls` features, the SDK's TLS configuration (the roots those features name)
    /// replaces the builder's, because reqwest is built without a TLS provider of its own.
    /// It follows reqwest's major version, not this crate's.
    #[cfg(feature = "unstable-reqwest")]
    pub fn from_reqwest_builder(builder: reqwest::ClientBuilder) -> Result<Self, ConfigError> {
        finish(tls::apply(builder, &[], true)?)
    }

    /// **Unstable escape hatch (feature `unstable-reqwest`), exempt from semver**: adopts a
    /// built `reqwest::Client` as it is.
    ///
    /// A built client's redirect policy can be neither read nor changed. The client **must**
    /// have been built with `redirect(Policy::none())`: one that follows redirects by itself
    /// (reqwest's default does, up to 10) forwards API-key headers and query parameters to
    /// another host and re-sends POST and PATCH bodies there on 307 and 308, before the SDK
    /// sees the answer. Such a redirect is detected afterwards and logged as a warning.
    #[cfg(feature = "unstable-reqwest")]
    pub fn from_reqwest_unchecked(client: reqwest::Client) -> Self {
        Self {
            inner: client,
            follows_no_redirects: false,
        }
    }

    /// **Unstable escape hatch (feature `unstable-reqwest`), exempt from semver**: the
    /// underlying `reqwest::Client` (it follows no redirects), e.g. for requests of your own on
    /// the same pool.
    #[cfg(feature = "unstable-reqwest")]
    pub fn reqwest(&self) -> &reqwest::Client {
        &self.inner
    }
}

/// Settings of an [`HttpClient`]: proxies, extra root certificates, pool and timeouts.
///
/// ```
/// use apiclient_core::{HttpClient, Proxy, RootCertificate};
/// use std::time::Duration;
/// let http = HttpClient::builder()
///     .proxy(Proxy::all("http://proxy.internal:3128").unwrap().no_proxy("localhost,.internal"))
///     .connect_timeout(Duration::from_secs(5))
///     .pool_max_idle_per_host(8)
///     .build()
///     .unwrap();
/// # let _ = http;
/// ```
#[derive(Debug, Default)]
pub struct HttpClientBuilder {
    proxies: Vec<Proxy>,
    no_proxy: bool,
    roots: Vec<RootCertificate>,
    built_in_roots: Option<bool>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: Option<usize>,
    tcp_keepalive: Option<Duration>,
}

impl HttpClientBuilder {
    /// Sends requests through `proxy` (several can be added; the first that matches a URL
    /// is used). Without any, the `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`
    /// environment variables (or their lower-case forms) decide; once one is added, they are
    /// not read.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxies.push(proxy);
        self
    }

    /// Uses no proxy at all, whatever was added or the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// Trusts `certificate` as a root, beside the built-in roots (e.g. a corporate CA).
    pub fn root_certificate(mut self, certificate: RootCertificate) -> Self {
        self.roots.push(certificate);
        self
    }

    /// Whether the roots of the enabled TLS feature (Mozilla's for `rustls`, the system's for
    /// `rustls-native-roots` and `native-tls`) are trusted; default `true`. With `false`, only
    /// the certificates given to [`root_certificate`](Self::root_certificate) are.
    pub fn built_in_roots(mut self, enabled: bool) -> Self {
        self.built_in_roots = Some(enabled);
        self
    }

    /// The `User-Agent` sent when a request has none (SDK clients always set their own).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long an idle pooled connection is kept open.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = Some(timeout);
        self
    }

    /// The most idle connections kept per host.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = Some(max);
        self
    }

    /// Enables TCP keep-alive probes at this interval.
    pub fn tcp_keepalive(mut self, interval: Duration) -> Self {
        self.tcp_keepalive = Some(interval);
        self
    }

    /// Builds the client; a proxy or certificate the TLS library refuses is a
    /// [`ConfigErrorKind::HttpClient`] error.
    pub fn build(self) -> Result<HttpClient, ConfigError> {
        let mut builder = reqwest::Client::builder();
        if self.no_proxy {
            builder = builder.no_proxy();
        } else {
            // Without any, the proxy environment variables are read.
            for proxy in &self.proxies {
                builder = builder.proxy(proxy.to_reqwest()?);
            }
        }
        if let Some(user_agent) = self.user_agent {
            builder = builder.user_agent(user_agent);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = self.pool_idle_timeout {
            builder = builder.pool_idle_timeout(timeout);
        }
        if let Some(max) = self.pool_max_idle_per_host {
            builder = builder.pool_max_idle_per_host(max);
        }
        if let Some(interval) = self.tcp_keepalive {
            builder = builder.tcp_keepalive(interval);
        }
        let builder = tls::apply(builder, &self.roots, self.built_in_roots.unwrap_or(true))?;
        finish(builder)
    }
}

/// Builds `builder` with redirects off (the SDK follows them itself, see [`HttpClient`]).
fn finish(builder: reqwest::ClientBuilder) -> Result<HttpClient, ConfigError> {
    let inner = builder
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| http_client_error(format!("HTTP client could not be built: {e}")))?;
    Ok(HttpClient {
        inner,
        follows_no_redirects: true,
    })
}

/// A [`ConfigErrorKind::HttpClient`] error.
fn http_client_error(message: impl Into<String>) -> ConfigError {
    ConfigError::new(ConfigErrorKind::HttpClient, message)
}
