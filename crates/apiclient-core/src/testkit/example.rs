//! The fallback of the provider crates' example programs: a client configured from the
//! environment when it holds a setting, else one talking to an embedded fake, so that every
//! example runs on a fresh clone.

use crate::ConfigError;
use std::fmt::Display;
use std::future::Future;
use std::marker::PhantomData;
use std::process::ExitCode;

/// A fake an example program falls back to, with a client `C` of it; implemented by the
/// provider crates' fakes through [`example_fake!`](crate::example_fake).
pub trait ExampleFake<C>: Sized {
    /// Starts the fake (it serves as long as it lives).
    fn start() -> impl Future<Output = Self>;
    /// The base URL to give a client.
    fn base_url(&self) -> String;
    /// A client of this fake, with its credentials.
    fn client(&self) -> Result<C, ConfigError>;
}

/// Implements [`ExampleFake`] for a fake with inherent `start` and `base_url` methods: the
/// client is `Client::builder().base_url(fake.base_url()).setter(fake.arg()..).build()`.
///
/// ```
/// # use apiclient_core::{ApiClient, ClientBuilder, ConfigError};
/// pub struct Client(ApiClient);
/// pub struct Builder(ClientBuilder);
/// impl Client {
///     pub fn builder() -> Builder { Builder(ClientBuilder::new("demo/1")) }
/// }
/// impl Builder {
///     pub fn base_url(self, url: String) -> Self { Self(self.0.base_url(url)) }
///     pub fn token(self, token: &str) -> Self {
///         Self(self.0.auth(apiclient_core::auth::BearerToken::new(token.to_owned())))
///     }
///     pub fn build(self) -> Result<Client, ConfigError> { self.0.build().map(Client) }
/// }
/// pub struct Fake;
/// impl Fake {
///     pub async fn start() -> Self { Fake }
///     pub fn base_url(&self) -> String { "http://127.0.0.1:1/api".to_owned() }
///     pub fn token(&self) -> &str { "t" }
/// }
/// apiclient_core::example_fake!(Fake => Client, token(token));
///
/// use apiclient_core::testkit::ExampleFake;
/// let client = Fake.client()?;
/// assert_eq!(client.0.config().base_url().as_str(), "http://127.0.0.1:1/api");
/// # Ok::<(), ConfigError>(())
/// ```
#[macro_export]
macro_rules! example_fake {
    ($fake:ty => $client:ty, $setter:ident($($arg:ident),*)) => {
        impl $crate::testkit::ExampleFake<$client> for $fake {
            fn start() -> impl ::std::future::Future<Output = Self> {
                <$fake>::start()
            }
            fn base_url(&self) -> ::std::string::String {
                <$fake>::base_url(self)
            }
            fn client(&self) -> ::std::result::Result<$client, $crate::ConfigError> {
                <$client>::builder()
                    .base_url(<$fake>::base_url(self))
                    .$setter($(self.$arg()),*)
                    .build()
            }
        }
    };
}

/// Where an example program's client comes from: from the environment when it holds one of
/// the variables (or the configuration file) that the provider's `Client::from_env` reads,
/// else from the fake `F`.
///
/// ```
/// use apiclient_core::testkit::EnvOrFake;
/// const CONNECT: EnvOrFake<()> = EnvOrFake::new(&["NO_SUCH_API_URL", "NO_SUCH_API_TOKEN"]);
/// assert!(!CONNECT.configured());
/// assert!(!CONNECT.or_config_file("no-such-config.json").configured());
/// ```
#[derive(Debug)]
pub struct EnvOrFake<F> {
    variables: &'static [&'static str],
    config_file: Option<&'static str>,
    fake: PhantomData<fn() -> F>,
}

impl<F> EnvOrFake<F> {
    /// From the environment when any of `variables` is set.
    pub const fn new(variables: &'static [&'static str]) -> Self {
        Self {
            variables,
            config_file: None,
            fake: PhantomData,
        }
    }

    /// From the environment also when the file at `path` (relative to the working directory)
    /// exists.
    pub const fn or_config_file(self, path: &'static str) -> Self {
        Self {
            config_file: Some(path),
            ..self
        }
    }

    /// Whether the environment holds a setting: one of the variables, or the file.
    pub fn configured(&self) -> bool {
        self.variables
            .iter()
            .any(|name| std::env::var_os(name).is_some())
            || self
                .config_file
                .is_some_and(|path| std::path::Path::new(path).exists())
    }

    /// The client from `from_env` when [`configured`](Self::configured) (a missing setting is
    /// then an error naming it); else a started fake `F` (returned too: it serves as long as it
    /// lives) and its client, the fallback announced on standard error.
    pub async fn connect<C>(
        &self,
        from_env: impl FnOnce() -> Result<C, ConfigError>,
    ) -> Result<(C, Option<F>), ConfigError>
    where
        F: ExampleFake<C>,
    {
        if self.configured() {
            return Ok((from_env()?, None));
        }
        let fake = F::start().await;
        eprintln!(
            "{} are not set: running against the embedded fake at {}",
            self.variables.join(", "),
            fake.base_url()
        );
        let client = fake.client()?;
        Ok((client, Some(fake)))
    }

    /// An example's `main`: [`connect`](Self::connect), then `run` with the client. A
    /// configuration error is printed as a sentence, an error of `run` handed to `report`;
    /// either fails the program.
    pub async fn run<C, E>(
        &self,
        from_env: impl FnOnce() -> Result<C, ConfigError>,
        run: impl AsyncFnOnce(&C) -> Result<(), E>,
        report: impl FnOnce(&E),
    ) -> ExitCode
    where
        F: ExampleFake<C>,
    {
        let (client, _fake) = match self.connect(from_env).await {
            Ok(connected) => connected,
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::FAILURE;
            }
        };
        match run(&client).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                report(&err);
                ExitCode::FAILURE
            }
        }
    }
}

/// Prints an error as a sentence: the `report` of examples with nothing more to say.
pub fn print_error<E: Display>(err: &E) {
    eprintln!("{err}");
}
