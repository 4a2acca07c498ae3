//! The client that sends generated requests: auth, retries, deadlines, tracing.
//!
//! - [`call`]: one call, attempt after attempt, until a result (the retry loop);
//! - [`attempt`]: one attempt, built, authorized and sent within its time limit;
//! - [`body`]: reading a response body within its size limit;
//! - [`failure`]: error statuses turned into [`Error::Api`], with secrets scrubbed;
//! - [`trace`]: the call's span and its completion event.

mod attempt;
mod body;
mod call;
mod failure;
mod trace;

use crate::auth::{AuthProvider, NoAuth};
use crate::config::{ClientConfig, ConfigError};
use crate::error::{Error, ErrorModel};
use crate::request::Request;
use crate::response::RawResponse;
use std::fmt;
use std::sync::Arc;
use tokio::time::Instant;
use tracing::Instrument;

/// Sends [`Request`]s built by generated code: adds credentials, retries what is safe to retry,
/// keeps to the deadline, and turns error statuses into [`Error::Api`].
///
/// Cloning is cheap: clones share configuration, credentials and the connection pool.
///
/// ```
/// use apiclient_core::{ApiClient, ClientConfig, auth::BearerToken};
/// let config = ClientConfig::builder("my-sdk/1.0")
///     .base_url("https://api.example.com")
///     .build()
///     .unwrap();
/// let client = ApiClient::new(config, BearerToken::new("secret-token")).unwrap();
/// assert!(!format!("{client:?}").contains("secret-token"));
/// ```
#[derive(Clone)]
pub struct ApiClient {
    config: Arc<ClientConfig>,
    auth: Arc<dyn AuthProvider>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("config", &self.config)
            .field("auth", &self.auth)
            .finish()
    }
}

impl ApiClient {
    /// A client with this configuration and credentials. Fails when credentials would be sent
    /// over plain `http://` to a host other than loopback and that was not explicitly allowed.
    pub fn new(
        config: ClientConfig,
        auth: impl AuthProvider + 'static,
    ) -> Result<Self, ConfigError> {
        Self::with_shared_auth(config, Arc::new(auth))
    }

    /// Like [`new`](Self::new), with a provider shared with other clients.
    pub fn with_shared_auth(
        config: ClientConfig,
        auth: Arc<dyn AuthProvider>,
    ) -> Result<Self, ConfigError> {
        if auth.sends_credentials() {
            config.check_credentials_allowed()?;
        }
        Ok(Self {
            config: Arc::new(config),
            auth,
        })
    }

    /// A client that sends no credentials.
    pub fn unauthenticated(config: ClientConfig) -> Self {
        Self {
            config: Arc::new(config),
            auth: Arc::new(NoAuth),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request` and returns the success (2xx) response, or the error.
    ///
    /// Error statuses become [`Error::Api`] with the body decoded leniently into `E` (see
    /// [`ErrorModel`]: any `DeserializeOwned` type, or a generated operation's error enum).
    /// Retries follow the [`RetryPolicy`](crate::RetryPolicy) and the request's retry safety;
    /// a 401 on an authenticated request makes the auth provider drop cached credentials and
    /// the request is sent once more.
    ///
    /// One `tracing` span per call (named `api_call`, target `apiclient_core::client`) records
    /// `method`, `path_template`, `operation_id`, `attempt`, `status` (of the last response),
    /// `latency_ms` (of the whole call) and `error` (the error kind, when the call fails); one
    /// `DEBUG` event with target [`CALL_EVENT_TARGET`](crate::CALL_EVENT_TARGET) reports the
    /// finished call with the same facts (`attempts` for the number of requests sent). Neither
    /// records the query string, header values or bodies.
    ///
    /// No retry is started that would end past the call's deadline (the total timeout): when
    /// the wait before it plus the time the last attempt took would reach the deadline, the
    /// last error is returned instead. An attempt still running at the deadline is cut off
    /// with [`TimeoutKind::Deadline`](crate::TimeoutKind::Deadline). A success body larger
    /// than the configured maximum response size is [`Error::ResponseTooLarge`] (not retried).
    // A function returning a future rather than an `async fn`, whose state would hold the
    // request twice (as passed, and as moved into its body).
    #[allow(clippy::manual_async_fn)]
    pub fn execute<E: ErrorModel>(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<RawResponse, Error<E>>> + '_ {
        async move {
            let started = Instant::now();
            let span = trace::call_span(&request);
            let mut progress = call::Progress::default();
            let call = self.call(&request, started, &span, &mut progress);
            // Entered on every poll only when something records it.
            let result = if span.is_disabled() {
                call.await
            } else {
                call.instrument(span.clone()).await
            };
            trace::finished(&span, &request, &result, &progress, started);
            result
        }
    }
}
