//! The provider-conformance suite: what every generated provider crate must do on the wire for
//! its documented errors and its retries, and with an incomplete environment, written once against [`Provider`] and instantiated per
//! crate with [`conformance_suite!`]. Each provider's profile (its operations, credentials and
//! error shapes) lives next to this file.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use apiclient_core::env::EnvSource;
use apiclient_core::testkit::request_count;
use apiclient_core::{ConfigError, Error, RetryPolicy, StatusCode};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What an operation's error model decoded a body into: the documented variant's status and
/// body, or `Unknown` with the body's JSON.
#[derive(Debug)]
pub enum Decoded<T> {
    /// The variant of a documented status (`Status404(body)` → `Documented(404, body)`).
    Documented(u16, T),
    /// `Unknown(json)`.
    Unknown(Value),
}

/// Converts the error model `$model` of one operation into [`Decoded`], naming each
/// documented variant with the status it stands for (`Status404 = 404`).
macro_rules! decoded {
    ($model:ident: $($variant:ident = $status:literal),+ $(,)?) => {
        |model: $model| match model {
            $($model::$variant(body) => Decoded::Documented($status, body),)+
            $model::Unknown(json) => Decoded::Unknown(json),
            other => panic!("a variant the profile does not know: {other:?}"),
        }
    };
}

pub mod gmodstore;
pub mod xms;

/// One documented operation of a provider.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The name [`Provider::call`] knows it by.
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path [`Provider::call`] requests (with the profile's example id).
    pub path: &'static str,
    /// The path template errors name.
    pub template: &'static str,
    /// The error statuses the spec documents for it.
    pub errors: &'static [u16],
    /// Whether a 503 is retried: the call is idempotent or marked safe to retry.
    pub retried_after_503: bool,
}

impl Operation {
    /// An operation; the arguments in the order of the fields.
    pub const fn new(
        name: &'static str,
        method: &'static str,
        path: &'static str,
        template: &'static str,
        errors: &'static [u16],
        retried_after_503: bool,
    ) -> Self {
        Self {
            name,
            method,
            path,
            template,
            errors,
            retried_after_503,
        }
    }
}

/// What the suite needs to know about a provider crate.
pub trait Provider {
    /// The crate's client.
    type Client;
    /// The body every documented error status of every operation has.
    type Model: Debug;
    /// The documented operations.
    const OPERATIONS: &'static [Operation];
    /// The credential the client sends; no error may show it.
    const SECRET: &'static str;

    /// A complete environment: every variable `from_env_source` reads, with valid values.
    const ENV: &'static [(&'static str, &'static str)];
    /// The variables without which no client is configured.
    const REQUIRED_ENV: &'static [&'static str];
    /// The variable naming the base URL.
    const BASE_URL_ENV: &'static str;

    /// The crate's `Client::from_env_source`.
    fn from_env(env: &EnvSource) -> Result<Self::Client, ConfigError>;
    /// A client of `server` with the test credential and `retries`.
    fn client(server: &MockServer, retries: RetryPolicy) -> Self::Client;
    /// Calls `op` through the crate's API trait, discarding the result; the error's model is
    /// the operation's own, converted with [`decoded!`].
    fn call(
        op: &Operation,
        client: &Self::Client,
    ) -> impl Future<Output = Result<(), Error<Decoded<Self::Model>>>>;
    /// A successful answer to `op`.
    fn success(op: &Operation) -> ResponseTemplate;
    /// The provider's answer with `status` and `message` in its error shape.
    fn error_response(status: u16, message: &str) -> ResponseTemplate;
    /// The message the decoded model carries.
    fn message(model: &Self::Model) -> Option<&str>;
    /// Checks what the provider adds to an error answered by [`Provider::error_response`].
    fn check_error(err: &Error<Decoded<Self::Model>>, status: u16);
}

/// The default retry policy with a 1 ms initial back-off.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(1))
}

/// The operation called `name`.
pub fn operation<P: Provider>(name: &str) -> &'static Operation {
    P::OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

/// Calls `op` against a server answering `response` exactly once, checks what every API error
/// shows (status, method, template, one line, no secret) and returns the error.
pub async fn error_of<P: Provider>(
    op: &Operation,
    response: ResponseTemplate,
) -> Error<Decoded<P::Model>> {
    let server = MockServer::start().await;
    Mock::given(method(op.method))
        .and(path(op.path))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let err = P::call(op, &P::client(&server, RetryPolicy::disabled()))
        .await
        .expect_err("an error status");

    let api = err.api_error().expect("an API error");
    assert_eq!(api.method.as_str(), op.method, "{}", op.name);
    assert_eq!(api.path_template, op.template, "{}", op.name);
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(!format!("{shown}{err:?}").contains(P::SECRET), "{shown}");
    err
}

/// Every documented status of every operation decodes into the operation's typed error, as the
/// variant of that status: model, message, flags and a `METHOD template: status: message` line.
pub async fn every_documented_status_is_decoded<P: Provider>() {
    for op in P::OPERATIONS {
        for &status in op.errors {
            let message = format!("{} failed with {status}", op.name);
            let err = error_of::<P>(op, P::error_response(status, &message)).await;

            let code = StatusCode::from_u16(status).unwrap();
            assert_eq!(err.status(), Some(code), "{}", op.name);
            match err.model() {
                Some(Decoded::Documented(decoded, body)) => {
                    assert_eq!(*decoded, status, "{}: the variant of the status", op.name);
                    assert_eq!(P::message(body), Some(message.as_str()));
                }
                other => panic!(
                    "{} {status}: not the documented variant: {other:?}",
                    op.name
                ),
            }
            assert_eq!(
                err.to_string(),
                format!("{} {}: {code}: {message}", op.method, op.template)
            );
            assert_eq!(err.is_not_found(), status == 404, "{} {status}", op.name);
            assert_eq!(err.is_unauthorized(), matches!(status, 401 | 403));
            assert_eq!(err.is_rate_limited(), status == 429, "{} {status}", op.name);
            P::check_error(&err, status);
        }
    }
}

/// A body that does not fit the error model keeps the status and the raw body.
pub async fn an_error_body_not_fitting_the_model_keeps_status_and_raw_body<P: Provider>() {
    let op = operation::<P>("get");
    let body = json!({"error": {"code": 404, "text": "gone"}});
    let err = error_of::<P>(op, ResponseTemplate::new(404).set_body_json(body)).await;

    assert!(err.is_not_found());
    // Either the documented 404's model, leniently without a message, or `Unknown`.
    let message = match err.model() {
        Some(Decoded::Documented(404, body)) => P::message(body),
        Some(Decoded::Unknown(json)) => {
            assert_eq!(json["error"]["text"], "gone");
            None
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(message, None);
    let api = err.api_error().unwrap();
    assert_eq!(api.body_json::<Value>().unwrap()["error"]["text"], "gone");
    let start = format!("GET {}: 404 Not Found", op.template);
    assert!(err.to_string().starts_with(&start), "{err}");
}

/// An error without a body keeps the status and says only that.
pub async fn an_empty_error_body_keeps_the_status<P: Provider>() {
    let op = operation::<P>("delete");
    let err = error_of::<P>(op, ResponseTemplate::new(403)).await;
    assert!(err.is_unauthorized());
    assert!(err.model().is_none());
    assert_eq!(
        err.to_string(),
        format!("DELETE {}: 403 Forbidden", op.template)
    );
}

/// A server answering `op` with `first` once, then with success.
async fn answering_once(
    op: &Operation,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    for (priority, response, times) in [(1, first, Some(1)), (2, then, None)] {
        let mock = Mock::given(method(op.method))
            .and(path(op.path))
            .respond_with(response)
            .with_priority(priority);
        match times {
            Some(n) => mock.up_to_n_times(n).mount(&server).await,
            None => mock.mount(&server).await,
        }
    }
    server
}

/// After a 503, idempotent and retry-safe calls are sent again; the others are not.
pub async fn a_503_is_retried_only_where_safe<P: Provider>() {
    for op in P::OPERATIONS {
        let server = answering_once(op, ResponseTemplate::new(503), P::success(op)).await;
        let result = P::call(op, &P::client(&server, quick_retries())).await;
        if op.retried_after_503 {
            result.unwrap_or_else(|e| panic!("{}: {e}", op.name));
            assert_eq!(request_count(&server).await, 2, "{}", op.name);
        } else {
            let err = result.expect_err("not sent again");
            assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
            assert_eq!(request_count(&server).await, 1, "{}", op.name);
        }
    }
}

/// A 429 is sent again for every operation: the server did not act on it.
pub async fn a_429_is_retried_for_every_operation<P: Provider>() {
    for op in P::OPERATIONS {
        let limited = ResponseTemplate::new(429).insert_header("Retry-After", "0");
        let server = answering_once(op, limited, P::success(op)).await;
        P::call(op, &P::client(&server, quick_retries()))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", op.name));
        assert_eq!(request_count(&server).await, 2, "{}", op.name);
    }
}

/// The environment `P::ENV` with `name` left out, or set to `value`.
fn env_with<P: Provider>(name: &str, value: Option<&str>) -> EnvSource {
    let others = P::ENV.iter().copied().filter(|(var, _)| *var != name);
    EnvSource::from_vars(others.chain(value.map(|value| (name, value))))
}

/// A complete environment configures a client; without a required variable the error names
/// it, and never shows the secret.
pub fn a_missing_variable_is_a_config_error_naming_it<P: Provider>() {
    assert!(P::from_env(&EnvSource::from_vars(P::ENV.iter().copied())).is_ok());
    for &name in P::REQUIRED_ENV {
        let Err(err) = P::from_env(&env_with::<P>(name, None)) else {
            panic!("a client without {name}")
        };
        assert!(err.to_string().contains(name), "{err}");
        assert!(!err.to_string().contains(P::SECRET), "{err}");
        assert_eq!(
            err.kind(),
            &apiclient_core::ConfigErrorKind::MissingVariable {
                names: vec![name.to_owned()]
            },
            "{err}"
        );
    }
}

/// A base URL that is not a URL is a config error without the secret.
pub fn an_invalid_base_url_is_a_config_error<P: Provider>() {
    let Err(err) = P::from_env(&env_with::<P>(P::BASE_URL_ENV, Some("not a url"))) else {
        panic!("a client of `not a url`")
    };
    assert!(!err.to_string().contains(P::SECRET), "{err}");
}

/// Instantiates the suite for a provider: `conformance_suite!(module, ProfileType)`.
macro_rules! conformance_suite {
    ($module:ident, $provider:ty) => {
        mod $module {
            use crate::conformance as suite;

            #[test]
            fn a_missing_variable_is_a_config_error_naming_it() {
                suite::a_missing_variable_is_a_config_error_naming_it::<$provider>();
            }

            #[test]
            fn an_invalid_base_url_is_a_config_error() {
                suite::an_invalid_base_url_is_a_config_error::<$provider>();
            }

            #[tokio::test]
            async fn every_documented_status_is_decoded() {
                suite::every_documented_status_is_decoded::<$provider>().await;
            }

            #[tokio::test]
            async fn an_error_body_not_fitting_the_model_keeps_status_and_raw_body() {
                suite::an_error_body_not_fitting_the_model_keeps_status_and_raw_body::<$provider>()
                    .await;
            }

            #[tokio::test]
            async fn an_empty_error_body_keeps_the_status() {
                suite::an_empty_error_body_keeps_the_status::<$provider>().await;
            }

            #[tokio::test]
            async fn a_503_is_retried_only_where_safe() {
                suite::a_503_is_retried_only_where_safe::<$provider>().await;
            }

            #[tokio::test]
            async fn a_429_is_retried_for_every_operation() {
                suite::a_429_is_retried_for_every_operation::<$provider>().await;
            }
        }
    };
}
