//! The macros generated clients expand: the runtime setters of a generated `ClientBuilder`
//! ([`client_builder_methods!`](crate::client_builder_methods)) and the API-independent
//! methods of a generated `Client` ([`client_methods!`](crate::client_methods)), so that the
//! generated `client.rs` holds only its spec's facts.

/// The runtime setters of a generated client builder that holds an
/// [`apiclient_core::ClientBuilder`](crate::ClientBuilder) in the field `$field`: `base_url`,
/// `application`, the timeouts, `retry_policy`, `default_header`, `request_id_header`,
/// `max_response_size`, `max_pages`, `allow_insecure_http`, `http_client` and `auth`; with `oauth2`, also `token_url` and
/// `scopes`. Each sets the same-named option of the core builder. With `$field => Client`
/// (`Client` being the generated client type, with a `from_api_client`), also `build`.
///
/// ```
/// pub struct MyBuilder {
///     inner: apiclient_core::ClientBuilder,
/// }
/// impl MyBuilder {
///     apiclient_core::client_builder_methods!(inner, oauth2);
/// }
/// let b = MyBuilder { inner: apiclient_core::ClientBuilder::new("my-sdk/1.0") }
///     .base_url("https://api.example.com")
///     .scopes(["read"])
///     .attempt_timeout(std::time::Duration::from_secs(5));
/// assert!(b.inner.build().is_ok());
/// ```
#[macro_export]
macro_rules! client_builder_methods {
    ($field:ident => $client:ident $(, $flag:ident)?) => {
        $crate::client_builder_methods!($field $(, $flag)?);
        /// Validates the configuration and builds the client.
        pub fn build(self) -> ::std::result::Result<$client, $crate::ConfigError> {
            self.$field.build().map($client::from_api_client)
        }
    };
    ($field:ident, oauth2) => {
        $crate::client_builder_methods!($field);
        /// Overrides the OAuth2 token URL of the spec (resolved against the base URL when relative).
        pub fn token_url(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.token_url(url);
            self
        }
        /// OAuth2 scopes to request (none by default: the server's defaults apply).
        pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
            self.$field = self.$field.scopes(scopes);
            self
        }
    };
    ($field:ident) => {
        /// The base URL, replacing the spec's server and its variables (required when the
        /// spec names no absolute server).
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.base_url(url);
            self
        }
        /// An application name appended to the user agent, e.g. `token-rotator/1.4`.
        pub fn application(mut self, app: impl Into<String>) -> Self {
            self.$field = self.$field.application(app);
            self
        }
        /// Time limit for establishing a connection (default 10 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.connect_timeout(timeout);
            self
        }
        /// Time limit for one attempt, from sending to the end of the body (default 30 s).
        pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.attempt_timeout(timeout);
            self
        }
        /// Time limit for a whole call, retries and waits included (default 120 s).
        pub fn total_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.total_timeout(timeout);
            self
        }
        /// No limit on a whole call (attempts are still bounded by the retry policy).
        pub fn no_total_timeout(mut self) -> Self {
            self.$field = self.$field.no_total_timeout();
            self
        }
        /// The retry policy.
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field = self.$field.retry_policy(policy);
            self
        }
        /// A header sent with every request (an invalid name or value makes `build` fail).
        pub fn default_header(mut self, name: &str, value: &str) -> Self {
            self.$field = self.$field.default_header(name, value);
            self
        }
        /// A response header carrying the API's request id, read before the generic ones.
        pub fn request_id_header(mut self, name: &str) -> Self {
            self.$field = self.$field.request_id_header(name);
            self
        }
        /// The largest success body read, in bytes (default 64 MiB); a larger one fails the
        /// call with `Error::ResponseTooLarge`.
        pub fn max_response_size(mut self, bytes: u64) -> Self {
            self.$field = self.$field.max_response_size(bytes);
            self
        }
        /// The most pages a paginated stream reads (default 10 000); a list with more ends
        /// the stream with `Error::Pagination`.
        pub fn max_pages(mut self, pages: u64) -> Self {
            self.$field = self.$field.max_pages(pages);
            self
        }
        /// Allows sending credentials over plain `http://` to hosts other than loopback.
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.$field = self.$field.allow_insecure_http(allow);
            self
        }
        /// Uses this HTTP client (connection pool) instead of building one; redirects are
        /// followed by the SDK, only within the same origin.
        pub fn http_client(mut self, http: $crate::HttpClient) -> Self {
            self.$field = self.$field.http_client(http);
            self
        }
        /// Authenticates with a custom provider (replacing credentials set before).
        pub fn auth(mut self, provider: impl $crate::AuthProvider + 'static) -> Self {
            self.$field = self.$field.auth(provider);
            self
        }
    };
}

/// The API-independent methods of a generated `Client` that holds an [`ApiClient`](crate::ApiClient)
/// in the field `$field`: `from_api_client` and `api_client`; with `env`, also `from_env` and
/// `from_env_source`, which build a `ClientBuilder` (of the same module) from the environment.
///
/// ```
/// pub struct MyClient {
///     inner: apiclient_core::ApiClient,
/// }
/// impl MyClient {
///     apiclient_core::client_methods!(inner);
/// }
/// let config = apiclient_core::ClientConfig::builder("my-sdk/1.0")
///     .base_url("https://api.example.com")
///     .build()?;
/// let client = MyClient::from_api_client(apiclient_core::ApiClient::unauthenticated(config));
/// assert_eq!(client.api_client().config().base_url().as_str(), "https://api.example.com/");
/// # Ok::<(), apiclient_core::ConfigError>(())
/// ```
#[macro_export]
macro_rules! client_methods {
    ($field:ident, env) => {
        $crate::client_methods!($field);
        /// A client configured from the environment: see [`ClientBuilder::from_env`].
        pub fn from_env() -> ::std::result::Result<Self, $crate::ConfigError> {
            ClientBuilder::from_env()?.build()
        }
        /// A client configured from `source`: see [`ClientBuilder::from_env_source`].
        pub fn from_env_source(
            source: &$crate::env::EnvSource,
        ) -> ::std::result::Result<Self, $crate::ConfigError> {
            ClientBuilder::from_env_source(source)?.build()
        }
    };
    ($field:ident) => {
        /// A client sending requests through an existing [`apiclient_core::ApiClient`].
        pub fn from_api_client($field: $crate::ApiClient) -> Self {
            Self { $field }
        }
        /// The underlying [`apiclient_core::ApiClient`].
        pub fn api_client(&self) -> &$crate::ApiClient {
            &self.$field
        }
    };
}
