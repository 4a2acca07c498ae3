//! Where tenants come from: the providers' own environment variables, or a TOML config file
//! with any number of labelled tenants per provider.
//!
//! Every tenant ends up as an [`EnvSource`] holding the provider crate's own variable names,
//! so the crates' `from_env_source` builds every client and patctl has no settings logic of
//! its own.

use std::path::{Path, PathBuf};

use apiclient_core::env::EnvSource;
use serde::Deserialize;

use crate::error::Error;
use crate::record::Provider;

/// The label of tenants configured from environment variables.
pub const ENV_LABEL: &str = "env";

/// One configured tenant: its provider, label and settings.
#[derive(Debug, Clone)]
pub struct TenantSettings {
    /// The provider.
    pub provider: Provider,
    /// The tenant's label, unique per provider.
    pub label: String,
    /// The settings under the provider crate's variable names (e.g. `GMODSTORE_TOKEN`).
    pub settings: EnvSource,
}

impl TenantSettings {
    /// A tenant from `(variable, value)` pairs named as the provider crate's `from_env` reads
    /// them.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        provider: Provider,
        label: impl Into<String>,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            provider,
            label: label.into(),
            settings: EnvSource::from_vars(vars),
        }
    }
}

/// The default config file: `$XDG_CONFIG_HOME/patctl/config.toml`, else
/// `$HOME/.config/patctl/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".config"))
        })?;
    Some(base.join("patctl").join("config.toml"))
}

// The file's tables. No `Debug`: they hold secrets.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    gmodstore: Vec<GmodstoreTenant>,
    #[serde(default)]
    xms: Vec<XmsTenant>,
    #[serde(default, rename = "sailpoint-v3")]
    sailpoint_v3: Vec<SailpointTenant>,
    #[serde(default, rename = "sailpoint-v2024")]
    sailpoint_v2024: Vec<SailpointTenant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GmodstoreTenant {
    label: String,
    token: String,
    base_url: Option<String>,
    tenant: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct XmsTenant {
    label: String,
    base_url: String,
    access_token: String,
    token_location: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SailpointTenant {
    label: String,
    base_url: Option<String>,
    client_id: String,
    client_secret: String,
}

fn pairs<const N: usize>(items: [(&str, Option<String>); N]) -> Vec<(String, String)> {
    items
        .into_iter()
        .filter_map(|(name, value)| value.map(|value| (name.to_owned(), value)))
        .collect()
}

/// Parses a config file's text (see the README for the format).
pub fn parse_config(text: &str) -> Result<Vec<TenantSettings>, Error> {
    let file: ConfigFile =
        toml::from_str(text).map_err(|e| Error::Config(format!("config file: {}", e.message())))?;
    let mut tenants = Vec::new();
    for t in file.gmodstore {
        let vars = pairs([
            ("GMODSTORE_TOKEN", Some(t.token)),
            ("GMODSTORE_BASE_URL", t.base_url),
            ("GMODSTORE_TENANT", t.tenant),
        ]);
        tenants.push(TenantSettings::from_vars(
            Provider::Gmodstore,
            t.label,
            vars,
        ));
    }
    for t in file.xms {
        let vars = pairs([
            ("XMS_BASE_URL", Some(t.base_url)),
            ("XMS_ACCESS_TOKEN", Some(t.access_token)),
            ("XMS_TOKEN_LOCATION", t.token_location),
        ]);
        tenants.push(TenantSettings::from_vars(Provider::Xms, t.label, vars));
    }
    let sailpoint = [
        (Provider::SailpointV3, file.sailpoint_v3),
        (Provider::SailpointV2024, file.sailpoint_v2024),
    ];
    for (provider, list) in sailpoint {
        for t in list {
            let vars = pairs([
                ("SAIL_BASE_URL", t.base_url),
                ("SAIL_CLIENT_ID", Some(t.client_id)),
                ("SAIL_CLIENT_SECRET", Some(t.client_secret)),
            ]);
            tenants.push(TenantSettings::from_vars(provider, t.label, vars));
        }
    }
    for (i, a) in tenants.iter().enumerate() {
        if a.label.is_empty() {
            return Err(Error::Config(format!(
                "a {} tenant has an empty label",
                a.provider
            )));
        }
        if tenants[..i]
            .iter()
            .any(|b| b.provider == a.provider && b.label == a.label)
        {
            return Err(Error::Config(format!(
                "two {} tenants are labelled {:?}",
                a.provider, a.label
            )));
        }
    }
    Ok(tenants)
}

/// Reads and parses a config file.
pub fn read_config(path: &Path) -> Result<Vec<TenantSettings>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
    parse_config(&text).map_err(|e| match e {
        Error::Config(message) => Error::Config(format!("{}: {message}", path.display())),
        other => other,
    })
}

/// The tenants configured by environment variables (through `env`, which for SailPoint also
/// falls back to `./config.json` as the vendor's SDKs do), one per provider, labelled `env`.
///
/// The SailPoint variables (`SAIL_*`) describe one tenant, reachable through API v3 and
/// v2024 alike; it is listed once, as `sailpoint-v3`, unless `selected` names
/// `sailpoint-v2024` (then as that, or as both if both are named).
pub fn tenants_from_env(env: &EnvSource, selected: &[Provider]) -> Vec<TenantSettings> {
    let set = |name: &str, key: &str| env.get(name, key).is_some();
    let mut tenants = Vec::new();
    let mut add = |provider| {
        tenants.push(TenantSettings {
            provider,
            label: ENV_LABEL.to_owned(),
            settings: env.clone(),
        });
    };
    if set("GMODSTORE_TOKEN", "GMODSTORE_TOKEN") {
        add(Provider::Gmodstore);
    }
    if set("XMS_BASE_URL", "XMS_BASE_URL") || set("XMS_ACCESS_TOKEN", "XMS_ACCESS_TOKEN") {
        add(Provider::Xms);
    }
    if set("SAIL_CLIENT_ID", "ClientId") || set("SAIL_CLIENT_SECRET", "ClientSecret") {
        let v2024 = selected.contains(&Provider::SailpointV2024);
        if !v2024 || selected.contains(&Provider::SailpointV3) {
            add(Provider::SailpointV3);
        }
        if v2024 {
            add(Provider::SailpointV2024);
        }
    }
    tenants
}

/// What configures `provider` from the environment, for error messages.
pub fn env_help(provider: Provider) -> &'static str {
    match provider {
        Provider::Gmodstore => {
            "set GMODSTORE_TOKEN (optionally GMODSTORE_BASE_URL, GMODSTORE_TENANT)"
        }
        Provider::Xms => "set XMS_BASE_URL and XMS_ACCESS_TOKEN",
        Provider::SailpointV3 | Provider::SailpointV2024 => {
            "set SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_maps_to_the_crates_variables() {
        let tenants = parse_config(
            r#"
            [[gmodstore]]
            label = "main"
            token = "t0k3n"
            base_url = "https://api.pivity.com"

            [[xms]]
            label = "lab"
            base_url = "https://xms.example/v1"
            access_token = "k"

            [[sailpoint-v2024]]
            label = "acme"
            client_id = "id"
            client_secret = "s"
            "#,
        )
        .unwrap();
        let summary: Vec<_> = tenants
            .iter()
            .map(|t| (t.provider, t.label.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (Provider::Gmodstore, "main"),
                (Provider::Xms, "lab"),
                (Provider::SailpointV2024, "acme")
            ]
        );
        let gmod = &tenants[0].settings;
        assert_eq!(gmod.get("GMODSTORE_TOKEN", "").as_deref(), Some("t0k3n"));
        assert_eq!(gmod.get("GMODSTORE_TENANT", ""), None);
    }

    #[test]
    fn bad_config_files_are_refused() {
        let duplicate = "[[xms]]\nlabel='a'\nbase_url='u'\naccess_token='k'\n".repeat(2);
        assert!(
            parse_config(&duplicate)
                .unwrap_err()
                .to_string()
                .contains("two xms")
        );
        let unknown = parse_config("[[github]]\nlabel='x'\n").unwrap_err();
        assert!(unknown.to_string().contains("github"), "{unknown}");
        let missing = parse_config("[[gmodstore]]\nlabel='x'\n").unwrap_err();
        assert!(missing.to_string().contains("token"), "{missing}");
    }

    #[test]
    fn sailpoint_variables_make_one_tenant_by_default() {
        let env = EnvSource::from_vars([("SAIL_CLIENT_ID", "i"), ("SAIL_CLIENT_SECRET", "s")]);
        let providers = |selected: &[Provider]| -> Vec<Provider> {
            tenants_from_env(&env, selected)
                .iter()
                .map(|t| t.provider)
                .collect()
        };
        assert_eq!(providers(&[]), [Provider::SailpointV3]);
        assert_eq!(
            providers(&[Provider::SailpointV2024]),
            [Provider::SailpointV2024]
        );
        assert_eq!(
            providers(&[Provider::SailpointV3, Provider::SailpointV2024]),
            [Provider::SailpointV3, Provider::SailpointV2024]
        );
    }
}
