//! The connection to one tenant of one provider, and the operations patctl needs from it,
//! each implemented on the provider crate's public client API (one module per crate).

mod gmodstore;
mod sailpoint;
mod xms;

use apiclient_core::SecretString;
use apiclient_core::env::EnvSource;

use crate::record::{Provider, TokenRecord};

/// The application name added to every client's user agent.
pub(crate) const APPLICATION: &str = concat!("patctl/", env!("CARGO_PKG_VERSION"));

/// A configured client of one provider.
#[derive(Debug, Clone)]
pub(crate) enum Connection {
    Gmodstore(gmodstore_pat::Client),
    Xms(xms_tokens::Client),
    SailpointV3(sailpoint_pat_v3::Client),
    SailpointV2024(sailpoint_pat_v2024::Client),
}

/// The token that replaces an old one during a rotation.
#[derive(Debug)]
pub struct Replacement {
    /// The new token's id (the old id when the secret was regenerated in place).
    pub id: String,
    /// The new secret.
    pub secret: SecretString,
    /// Whether the provider replaced the old token's secret in place (XMS regenerate): the
    /// old secret stopped working at once and there is no separate token to revoke.
    pub in_place: bool,
}

/// A provider's error as one secret-free line.
pub(crate) type Failure = String;

impl Connection {
    /// A client built by the provider crate's own `from_env_source` from `settings`.
    pub(crate) fn from_settings(provider: Provider, settings: &EnvSource) -> Result<Self, String> {
        let built = match provider {
            Provider::Gmodstore => gmodstore::client(settings).map(Connection::Gmodstore),
            Provider::Xms => xms::client(settings).map(Connection::Xms),
            Provider::SailpointV3 => sailpoint::v3::client(settings).map(Connection::SailpointV3),
            Provider::SailpointV2024 => {
                sailpoint::v2024::client(settings).map(Connection::SailpointV2024)
            }
        };
        built.map_err(|e| e.to_string())
    }

    /// Every token of the tenant, as records labelled `tenant`.
    pub(crate) async fn list(&self, tenant: &str) -> Result<Vec<TokenRecord>, Failure> {
        match self {
            Connection::Gmodstore(client) => gmodstore::list(client, tenant).await,
            Connection::Xms(client) => xms::list(client, tenant).await,
            Connection::SailpointV3(client) => sailpoint::v3::list(client, tenant).await,
            Connection::SailpointV2024(client) => sailpoint::v2024::list(client, tenant).await,
        }
    }

    /// Deletes the token `id`.
    pub(crate) async fn revoke(&self, id: &str) -> Result<(), Failure> {
        match self {
            Connection::Gmodstore(client) => gmodstore::revoke(client, id).await,
            Connection::Xms(client) => xms::revoke(client, id).await,
            Connection::SailpointV3(client) => sailpoint::v3::revoke(client, id).await,
            Connection::SailpointV2024(client) => sailpoint::v2024::revoke(client, id).await,
        }
    }

    /// Creates the replacement of `old` (same name, scopes and lifetime), or regenerates its
    /// secret where the provider does rotation in place.
    pub(crate) async fn replace(&self, old: &TokenRecord) -> Result<Replacement, Failure> {
        match self {
            Connection::Gmodstore(client) => gmodstore::replace(client, old).await,
            Connection::Xms(client) => xms::replace(client, old).await,
            Connection::SailpointV3(client) => sailpoint::v3::replace(client, old).await,
            Connection::SailpointV2024(client) => sailpoint::v2024::replace(client, old).await,
        }
    }

    /// Proves the new secret works: authenticates with it and makes one read call.
    pub(crate) async fn verify(&self, new: &Replacement) -> Result<(), Failure> {
        match self {
            Connection::Gmodstore(client) => gmodstore::verify(client, new).await,
            Connection::Xms(client) => xms::verify(client, new).await,
            Connection::SailpointV3(client) => sailpoint::v3::verify(client, new).await,
            Connection::SailpointV2024(client) => sailpoint::v2024::verify(client, new).await,
        }
    }

    /// Work left after the old token is gone (SailPoint: give the new token the old name);
    /// says what it did, if anything.
    pub(crate) async fn finish(
        &self,
        old: &TokenRecord,
        new: &Replacement,
    ) -> Result<Option<String>, Failure> {
        match self {
            Connection::Gmodstore(_) | Connection::Xms(_) => Ok(None),
            Connection::SailpointV3(client) => sailpoint::v3::finish(client, old, new).await,
            Connection::SailpointV2024(client) => sailpoint::v2024::finish(client, old, new).await,
        }
    }
}

/// The outcome of the verification call made with a new secret: success, or a 403 (the
/// secret authenticated but lacks the right for this particular call), means it works.
fn verdict(status: Option<apiclient_core::StatusCode>, message: String) -> Result<(), Failure> {
    if status == Some(apiclient_core::StatusCode::FORBIDDEN) {
        Ok(())
    } else {
        Err(format!("the new secret does not work: {message}"))
    }
}
