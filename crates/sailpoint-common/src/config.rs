//! Where the SailPoint clients' `from_env` finds its settings, in the vendor's own order:
//!
//! 1. the environment: `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`;
//! 2. `./config.json` with the keys `BaseURL`, `ClientId`, `ClientSecret` (the vendor SDKs' file);
//! 3. `~/.sailpoint/config.yaml`, the environments file of the vendor CLI (`sail`): the
//!    environment named by `activeenvironment` (or by `SAIL_ACTIVEENVIRONMENT`, as the CLI
//!    reads it), its `baseurl`, and `pat.clientid` / `pat.clientsecret` when the file holds them.
//!    Keys are matched without regard to case, as the CLI does. Recent CLI versions keep the PAT
//!    in the operating system's keyring instead of the file; set the variables in that case.
//!
//! ```
//! use sailpoint_common::config::cli_settings;
//! let yaml = "
//! activeenvironment: acme
//! environments:
//!   acme:
//!     baseurl: https://acme.api.identitynow.com
//!     tenanturl: https://acme.identitynow.com
//!     pat:
//!       clientid: my-client
//!       clientsecret: s3cr3t
//! ";
//! let settings = cli_settings(yaml, None).unwrap().unwrap();
//! assert_eq!(settings["BaseURL"], "https://acme.api.identitynow.com");
//! assert_eq!(settings["ClientId"], "my-client");
//! ```

use apiclient_core::env::EnvSource;
use apiclient_core::{ConfigError, ConfigErrorKind};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The file the vendor SDKs read in the working directory.
pub const SDK_CONFIG_FILE: &str = "config.json";
/// The vendor CLI's environments file, relative to the home directory.
pub const CLI_CONFIG_FILE: &str = ".sailpoint/config.yaml";
/// The variable that picks another environment of the CLI file than its `activeenvironment`.
pub const ACTIVE_ENVIRONMENT_VAR: &str = "SAIL_ACTIVEENVIRONMENT";

/// The settings source of the generated `from_env`: the process environment, then
/// `./config.json`, then `~/.sailpoint/config.yaml`.
pub fn env_source() -> EnvSource {
    with_vendor_files(EnvSource::new(), std::env::home_dir())
}

/// `variables` (the process environment or, in tests, `EnvSource::from_vars`) followed by
/// `./config.json` and the CLI file under `home` (none when `home` is `None`).
pub fn with_vendor_files(variables: EnvSource, home: Option<PathBuf>) -> EnvSource {
    let active = variables.get(ACTIVE_ENVIRONMENT_VAR, "");
    let source = variables.config_file(SDK_CONFIG_FILE);
    let Some(home) = home else {
        return source;
    };
    let path = home.join(CLI_CONFIG_FILE);
    source.fallback(format!("~/{CLI_CONFIG_FILE}"), move || {
        read_cli_file(&path, active.as_deref())
    })
}

fn read_cli_file(path: &Path, active: Option<&str>) -> Result<Option<Value>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => cli_settings(&text, active),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(invalid(format!("could not be read: {e}"))),
    }
}

/// The settings of the CLI file `yaml` under the keys of `config.json` (`BaseURL`, `ClientId`,
/// `ClientSecret`): those of the environment `active`, else of the file's
/// `activeenvironment`, else of `default`. `None` when that environment is not in the file.
/// Errors name the file and the problem, never a value.
pub fn cli_settings(yaml: &str, active: Option<&str>) -> Result<Option<Value>, ConfigError> {
    // serde_yaml_ng's messages name a position, not the content.
    let document: Value =
        serde_yaml_ng::from_str(yaml).map_err(|e| invalid(format!("is not valid YAML: {e}")))?;
    let Some(root) = document.as_object() else {
        return Err(invalid("must hold a mapping".to_owned()));
    };
    let name = active
        .map(str::to_owned)
        .or_else(|| text(root, "activeenvironment"))
        .unwrap_or_else(|| "default".to_owned());
    let Some(environment) = field(root, "environments")
        .and_then(Value::as_object)
        .and_then(|environments| field(environments, &name))
        .and_then(Value::as_object)
    else {
        return Ok(None);
    };
    let pat = field(environment, "pat").and_then(Value::as_object);
    let mut settings = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            settings.insert(key.to_owned(), Value::String(value));
        }
    };
    put("BaseURL", text(environment, "baseurl"));
    put("ClientId", pat.and_then(|pat| text(pat, "clientid")));
    put(
        "ClientSecret",
        pat.and_then(|pat| text(pat, "clientsecret")),
    );
    Ok(Some(Value::Object(settings)))
}

/// The member `key` of `map`, matched without regard to case.
fn field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, value)| value)
}

/// The non-empty string member `key` of `map`.
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    field(map, key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn invalid(problem: String) -> ConfigError {
    ConfigError::new(
        ConfigErrorKind::InvalidConfigFile,
        format!("~/{CLI_CONFIG_FILE} {problem}"),
    )
}
