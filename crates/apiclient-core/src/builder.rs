//! The client builder generated clients delegate to: base URL or server template, timeouts,
//! retries, default headers, the insecure-HTTP flag, the HTTP client and credentials.

use crate::auth::{AuthProvider, OAuth2ClientCredentials};
use crate::client::ApiClient;
use crate::config::{
    ClientConfig, ClientConfigBuilder, ConfigError, ConfigErrorKind, fill_template, quotable_url,
};
use crate::http_client::HttpClient;
use crate::retry::RetryPolicy;
use crate::secret::SecretString;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Credentials given to the builder.
enum PendingAuth {
    /// A ready provider.
    Provider(Arc<dyn AuthProvider>),
    /// OAuth2 client credentials, built once the base URL is known.
    ClientCredentials {
        token_url: String,
        client_id: String,
        client_secret: SecretString,
    },
}

impl fmt::Debug for PendingAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Provider(provider) => provider.fmt(f),
            Self::ClientCredentials {
                token_url,
                client_id,
                ..
            } => f
                .debug_struct("ClientCredentials")
                .field("token_url", token_url)
                .field("client_id", client_id)
                .finish_non_exhaustive(),
        }
    }
}

/// The base URL from a server URL template, filled when the client is built.
#[derive(Debug)]
struct Server {
    template: String,
    /// Every variable with its value (the default until one is set).
    variables: Vec<(String, String)>,
}

/// Builds an [`ApiClient`]: the runtime settings every generated client shares, and its
/// credentials. Errors are reported by [`build`](Self::build); `Debug` never shows credentials.
///
/// Generated `ClientBuilder`s hold one and add only what their spec says (servers and their
/// variables, credential setters, `from_env`); [`client_builder_methods!`](crate::client_builder_methods)
/// gives them the runtime setters below.
///
/// ```
/// use apiclient_core::{ClientBuilder, RetryPolicy};
/// use std::time::Duration;
/// let client = ClientBuilder::new("my-sdk/1.0")
///     .server("https://{tenant}.api.example.com/v3", &[("tenant", "demo")])
///     .server_variable("tenant", "acme")
///     .oauth2_client_credentials("/oauth/token", "client-id", "client-secret")
///     .attempt_timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .build()
///     .unwrap();
/// assert_eq!(client.config().base_url().as_str(), "https://acme.api.example.com/v3");
/// assert!(!format!("{client:?}").contains("client-secret"));
/// ```
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    base_url: Option<String>,
    server: Option<Server>,
    auth: Option<PendingAuth>,
    token_url: Option<String>,
    scopes: Vec<String>,
    error: Option<ConfigError>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server", &self.server)
            .field("auth", &self.auth)
            .field("allow_insecure_http", &self.config.allow_insecure_http)
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder; `product` is the SDK's `<crate>/<version>`, the start of the user agent.
    pub fn new(product: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        Self {
            config: ClientConfig::builder(product),
            base_url: None,
            server: None,
            auth: None,
            token_url: None,
            scopes: Vec::new(),
            error: None,
        }
    }

    fn map_config(mut self, f: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder) -> Self {
        self.config = f(self.config);
        self
    }

    /// The server used when no [`base_url`](Self::base_url) is given: a URL template such as
    /// `https://{tenant}.api.identitynow.com/v3` and the defaults of its variables.
    pub fn server(mut self, template: impl Into<String>, defaults: &[(&str, &str)]) -> Self {
        let variables = defaults
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        self.server = Some(Server {
            template: template.into(),
            variables,
        });
        self
    }

    /// Sets a variable of the [`server`](Self::server) template (checked when building).
    pub fn server_variable(mut self, name: &str, value: impl Into<String>) -> Self {
        let slot = self
            .server
            .as_mut()
            .and_then(|s| s.variables.iter_mut().find(|(n, _)| n == name));
        match slot {
            Some((_, v)) => *v = value.into(),
            None => {
                self.error.get_or_insert(ConfigError::new(
                    ConfigErrorKind::InvalidServerVariable {
                        name: name.to_owned(),
                    },
                    format!("the server URL has no variable {name}"),
                ));
            }
        }
        self
    }

    /// The base URL, replacing the server template and its variables.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// An application name appended to the user agent, e.g. `token-rotator/1.4`.
    pub fn application(self, app: impl Into<String>) -> Self {
        self.map_config(|c| c.application(app))
    }

    /// Time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        self.map_config(|c| c.connect_timeout(timeout))
    }

    /// Time limit for one attempt, from sending to the end of the body (default 30 s).
    pub fn attempt_timeout(self, timeout: Duration) -> Self {
        self.map_config(|c| c.attempt_timeout(timeout))
    }

    /// Time limit for a whole call, retries and waits included (default 120 s).
    pub fn total_timeout(self, timeout: Duration) -> Self {
        self.map_config(|c| c.total_timeout(timeout))
    }

    /// No limit on a whole call (attempts are still bounded by the retry policy).
    pub fn no_total_timeout(self) -> Self {
        self.map_config(ClientConfigBuilder::no_total_timeout)
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.map_config(|c| c.retry_policy(policy))
    }

    /// A header sent with every request (an invalid name or value makes `build` fail).
    pub fn default_header(self, name: &str, value: &str) -> Self {
        self.map_config(|c| c.default_header(name, value))
    }

    /// A response header carrying the API's request id, read before the generic ones.
    pub fn request_id_header(self, name: &str) -> Self {
        self.map_config(|c| c.request_id_header(name))
    }

    /// The largest success body read, in bytes (default 64 MiB).
    pub fn max_response_size(self, bytes: u64) -> Self {
        self.map_config(|c| c.max_response_size(bytes))
    }

    /// The most pages a paginated stream reads (default 10 000).
    pub fn max_pages(self, pages: u64) -> Self {
        self.map_config(|c| c.max_pages(pages))
    }

    /// Allows sending credentials (to the API and to the token endpoint) over plain `http://`
    /// to hosts other than loopback.
    pub fn allow_insecure_http(self, allow: bool) -> Self {
        self.map_config(|c| c.allow_insecure_http(allow))
    }

    /// Uses this HTTP client (connection pool) instead of building one; token requests use it
    /// too. Redirects are followed by the SDK, only within the same origin (see [`HttpClient`]).
    pub fn http_client(self, http: HttpClient) -> Self {
        self.map_config(|c| c.http_client(http))
    }

    /// Authenticates with this provider (replacing credentials set before).
    pub fn auth(mut self, provider: impl AuthProvider + 'static) -> Self {
        self.auth = Some(PendingAuth::Provider(Arc::new(provider)));
        self
    }

    /// Authenticates with OAuth2 client credentials exchanged at `token_url`, which is resolved
    /// against the base URL when relative (`/oauth/token` on `https://acme.example.com/v3` is
    /// `https://acme.example.com/oauth/token`). Replaces credentials set before.
    pub fn oauth2_client_credentials(
        mut self,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self.auth = Some(PendingAuth::ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
        self
    }

    /// Overrides the OAuth2 token URL (resolved against the base URL when relative).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// OAuth2 scopes to request (none by default: the server's defaults apply).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<ApiClient, ConfigError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let base_url = match (self.base_url, &self.server) {
            (Some(url), _) => url,
            (None, Some(server)) => {
                let values: Vec<(&str, &str)> = server
                    .variables
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                fill_template(&server.template, &values)?
            }
            (None, None) => {
                return Err(ConfigError::new(
                    ConfigErrorKind::MissingBaseUrl,
                    "no base URL given",
                ));
            }
        };
        let config = self.config.base_url(base_url).build()?;
        match self.auth {
            None => Ok(ApiClient::unauthenticated(config)),
            Some(PendingAuth::Provider(auth)) => ApiClient::with_shared_auth(config, auth),
            Some(PendingAuth::ClientCredentials {
                token_url,
                client_id,
                client_secret,
            }) => {
                let token_url = self.token_url.unwrap_or(token_url);
                let resolved = config.base_url().join(&token_url).map_err(|e| {
                    ConfigError::new(
                        ConfigErrorKind::InvalidUrl,
                        format!("token URL {:?} is invalid: {e}", quotable_url(&token_url)),
                    )
                })?;
                let mut auth =
                    OAuth2ClientCredentials::new(resolved.as_str(), client_id, client_secret)
                        .map_err(|e| ConfigError::new(ConfigErrorKind::InvalidUrl, e.message))?
                        .http_client(config.http_client().clone())
                        .retry_policy(config.retry_policy().clone());
                if !self.scopes.is_empty() {
                    auth = auth.scopes(self.scopes);
                }
                if config.allows_insecure_http() {
                    auth = auth.allow_insecure_http();
                }
                ApiClient::new(config, auth)
            }
        }
    }
}
