//! Proxy settings of an [`HttpClient`](crate::HttpClient).

use super::http_client_error;
use crate::config::ConfigError;
use crate::secret::SecretString;
use std::fmt;
use url::Url;

/// Which requests a [`Proxy`] is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Http,
    Https,
    All,
}

/// A proxy that requests are sent through. `Debug` shows its scheme, host and port only (never
/// a user name or password, whether given in the URL or to [`basic_auth`](Self::basic_auth)).
///
/// ```
/// use apiclient_core::Proxy;
/// let proxy = Proxy::all("http://proxy.internal:3128")
///     .unwrap()
///     .basic_auth("me", "hunter2")
///     .no_proxy("localhost,127.0.0.1,.internal");
/// assert!(!format!("{proxy:?}").contains("hunter2"));
/// ```
#[derive(Clone)]
pub struct Proxy {
    scope: Scope,
    url: Url,
    basic_auth: Option<(String, SecretString)>,
    no_proxy: Option<String>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("scope", &self.scope)
            .field("scheme", &self.url.scheme())
            .field("host", &self.url.host_str())
            .field("port", &self.url.port_or_known_default())
            .field("basic_auth", &self.basic_auth.is_some())
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl Proxy {
    /// A proxy for `http://` requests only.
    pub fn http(url: &str) -> Result<Self, ConfigError> {
        Self::new(Scope::Http, url)
    }

    /// A proxy for `https://` requests only.
    pub fn https(url: &str) -> Result<Self, ConfigError> {
        Self::new(Scope::Https, url)
    }

    /// A proxy for every request.
    pub fn all(url: &str) -> Result<Self, ConfigError> {
        Self::new(Scope::All, url)
    }

    /// Authenticates to the proxy with HTTP Basic credentials.
    pub fn basic_auth(mut self, username: &str, password: impl Into<SecretString>) -> Self {
        self.basic_auth = Some((username.to_owned(), password.into()));
        self
    }

    /// Hosts reached directly, in the `NO_PROXY` format (comma-separated host names,
    /// `.domain` suffixes, IP addresses and CIDR blocks; `*` for every host).
    pub fn no_proxy(mut self, hosts: &str) -> Self {
        self.no_proxy = Some(hosts.to_owned());
        self
    }

    fn new(scope: Scope, url: &str) -> Result<Self, ConfigError> {
        // Not quoted: a proxy URL may carry a user name and password.
        let url =
            Url::parse(url).map_err(|e| http_client_error(format!("invalid proxy URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
            return Err(http_client_error(
                "a proxy URL must be http, https, socks5 or socks5h",
            ));
        }
        Ok(Self {
            scope,
            url,
            basic_auth: None,
            no_proxy: None,
        })
    }

    /// The proxy as the HTTP library takes it.
    pub(super) fn to_reqwest(&self) -> Result<reqwest::Proxy, ConfigError> {
        let url = self.url.as_str();
        let proxy = match self.scope {
            Scope::Http => reqwest::Proxy::http(url),
            Scope::Https => reqwest::Proxy::https(url),
            Scope::All => reqwest::Proxy::all(url),
        }
        .map_err(|e| http_client_error(format!("invalid proxy: {}", e.without_url())))?;
        let proxy = match &self.basic_auth {
            Some((user, password)) => proxy.basic_auth(user, password.expose_secret()),
            None => proxy,
        };
        Ok(proxy.no_proxy(
            self.no_proxy
                .as_deref()
                .and_then(reqwest::NoProxy::from_string),
        ))
    }
}
