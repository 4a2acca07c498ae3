//! [`Provider`] and [`TokenRecord`]: one shape for the tokens of every provider.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

/// A token API that patctl manages, named as on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// GModStore / Pivity API v3 (crate `gmodstore-pat`).
    Gmodstore,
    /// XSKY XMS access tokens (crate `xms-tokens`).
    Xms,
    /// SailPoint Identity Security Cloud, API v3 (crate `sailpoint-pat-v3`).
    SailpointV3,
    /// SailPoint Identity Security Cloud, API v2024 (crate `sailpoint-pat-v2024`).
    SailpointV2024,
}

impl Provider {
    /// Every provider, in the order they are listed.
    pub const ALL: [Provider; 4] = [
        Provider::Gmodstore,
        Provider::Xms,
        Provider::SailpointV3,
        Provider::SailpointV2024,
    ];

    /// The name used on the command line, in config files and in output: `gmodstore`, `xms`,
    /// `sailpoint-v3`, `sailpoint-v2024`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Gmodstore => "gmodstore",
            Provider::Xms => "xms",
            Provider::SailpointV3 => "sailpoint-v3",
            Provider::SailpointV2024 => "sailpoint-v2024",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Provider {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Provider::ALL
            .into_iter()
            .find(|provider| provider.name() == text)
            .ok_or_else(|| {
                let names: Vec<_> = Provider::ALL.iter().map(|p| p.name()).collect();
                format!("unknown provider {text:?} (one of {})", names.join(", "))
            })
    }
}

impl Serialize for Provider {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One token of one tenant of a provider, without its secret. A field is `None` where the
/// provider does not say (XMS has no expiry and no last-use time, only `used`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    /// The provider.
    pub provider: Provider,
    /// The label of the configured tenant or instance the token belongs to.
    pub tenant: String,
    /// The provider's id of the token.
    pub id: String,
    /// The token's name.
    pub name: String,
    /// Scopes, abilities or roles, as the provider names them.
    pub scopes: Vec<String>,
    /// When the token was created.
    #[serde(serialize_with = "rfc3339")]
    pub created: Option<DateTime<Utc>>,
    /// When the token was last used.
    #[serde(serialize_with = "rfc3339")]
    pub last_used: Option<DateTime<Utc>>,
    /// Whether the token was ever used: `Some(false)` for a never-used token, `None` when
    /// unknown.
    pub used: Option<bool>,
    /// When the token expires; `None` for a token that never expires or a provider without
    /// expiry.
    #[serde(serialize_with = "rfc3339")]
    pub expires: Option<DateTime<Utc>>,
}

impl TokenRecord {
    /// The reference that names this token on the command line: `provider/tenant:id`.
    pub fn reference(&self) -> String {
        format!("{}/{}:{}", self.provider, self.tenant, self.id)
    }
}

/// Formats a time as patctl prints it everywhere: RFC 3339 UTC to the second.
pub fn format_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn rfc3339<S: Serializer>(at: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serializer.serialize_str(&format_time(*at)),
        None => serializer.serialize_none(),
    }
}

/// A token named on the command line: `provider:id` or `provider/tenant:id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRef {
    /// The provider.
    pub provider: Provider,
    /// The tenant label, when given.
    pub tenant: Option<String>,
    /// The token id.
    pub id: String,
}

impl FromStr for TokenRef {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (scope, id) = text
            .split_once(':')
            .filter(|(_, id)| !id.is_empty())
            .ok_or_else(|| format!("{text:?} is not PROVIDER:ID or PROVIDER/TENANT:ID"))?;
        let (provider, tenant) = match scope.split_once('/') {
            Some((provider, tenant)) => (provider, Some(tenant.to_owned())),
            None => (scope, None),
        };
        Ok(Self {
            provider: provider.parse()?,
            tenant,
            id: id.to_owned(),
        })
    }
}

impl fmt::Display for TokenRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tenant {
            Some(tenant) => write!(f, "{}/{tenant}:{}", self.provider, self.id),
            None => write!(f, "{}:{}", self.provider, self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_round_trip() {
        for provider in Provider::ALL {
            assert_eq!(provider.name().parse::<Provider>(), Ok(provider));
        }
        assert!(
            "sailpoint"
                .parse::<Provider>()
                .unwrap_err()
                .contains("one of")
        );
    }

    #[test]
    fn token_refs_parse() {
        let plain: TokenRef = "xms:42".parse().unwrap();
        assert_eq!(
            (plain.provider, plain.tenant, plain.id.as_str()),
            (Provider::Xms, None, "42")
        );
        let labelled: TokenRef = "sailpoint-v3/acme:ab:cd".parse().unwrap();
        assert_eq!(labelled.tenant.as_deref(), Some("acme"));
        assert_eq!(labelled.id, "ab:cd");
        assert!("xms".parse::<TokenRef>().is_err());
        assert!("xms:".parse::<TokenRef>().is_err());
        assert!("nope:1".parse::<TokenRef>().is_err());
    }
}
