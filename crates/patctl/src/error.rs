//! [`Error`]: what can go wrong, always naming the provider and tenant involved.

use std::fmt;

use crate::record::Provider;

/// An error of a patctl operation. `Display` is one line and never contains a secret (the
/// providers' errors it quotes are secret-free by construction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The configuration (file, environment or command line) is unusable.
    Config(String),
    /// Reading or writing a local file or stream failed.
    Io(String),
    /// A call to a provider failed.
    Provider {
        /// The provider.
        provider: Provider,
        /// The tenant's label.
        tenant: String,
        /// What was being done, e.g. `list`.
        action: &'static str,
        /// The provider error's one-line description.
        message: String,
    },
    /// No token with this id exists in the tenant.
    NotFound {
        /// The provider.
        provider: Provider,
        /// The tenant's label.
        tenant: String,
        /// The id looked for.
        id: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) => write!(f, "configuration: {message}"),
            Error::Io(message) => f.write_str(message),
            Error::Provider {
                provider,
                tenant,
                action,
                message,
            } => write!(f, "{provider}/{tenant}: {action} failed: {message}"),
            Error::NotFound {
                provider,
                tenant,
                id,
            } => write!(f, "{provider}/{tenant}: no token with id {id:?}"),
        }
    }
}

impl std::error::Error for Error {}
