//! [`ConfigError`]: what is wrong with a configuration, in words and as a [`ConfigErrorKind`].

use std::fmt;

/// What kind of configuration problem a [`ConfigError`] reports, for callers that match on it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// A required setting is not in the environment (nor in the configuration file). `names`
    /// lists the variables that would supply it; with several ways to give credentials, each
    /// alternative's variables are listed.
    MissingVariable {
        /// The environment variables to set.
        names: Vec<String>,
    },
    /// No base URL was given and the spec names no absolute server.
    MissingBaseUrl,
    /// A base URL or token URL is not a usable `http`/`https` URL.
    InvalidUrl,
    /// Credentials would be sent over plain `http://` to a host other than loopback.
    InsecureUrl,
    /// A server variable has no value or an invalid one.
    InvalidServerVariable {
        /// The variable's name in the server URL template.
        name: String,
    },
    /// A default header, the user agent or a request-id header name is not valid in HTTP.
    InvalidHeader,
    /// The configuration file cannot be read, is not JSON, or holds a value of the wrong type.
    InvalidConfigFile,
    /// The HTTP client could not be built.
    HttpClient,
    /// The runtime of a blocking client could not be created (an error of the operating
    /// system, e.g. no threads or file descriptors left).
    Runtime,
}

/// The configuration is invalid: a [`kind`](Self::kind) to match on and a readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
}

impl ConfigError {
    /// An error of this kind with this message (which must not quote secret values).
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A required setting is missing: `message` says what to set, `names` are the variables.
    pub fn missing_variables<S: Into<String>>(
        names: impl IntoIterator<Item = S>,
        message: impl Into<String>,
    ) -> Self {
        let names = names.into_iter().map(Into::into).collect();
        Self::new(ConfigErrorKind::MissingVariable { names }, message)
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> &ConfigErrorKind {
        &self.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}
