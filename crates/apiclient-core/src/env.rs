//! Configuration lookup for generated `from_env()` functions.
//!
//! An [`EnvSource`] reads a setting from an environment variable, and when that is not set,
//! from a JSON configuration file under a given key (e.g. `./config.json`, as the vendors' own
//! SDKs use), and after that from further named sources such as a vendor CLI's own settings
//! file ([`EnvSource::fallback`]). Each file is read at most once, on first use. Errors name the
//! missing variable and key, never a value.
//!
//! ```
//! use apiclient_core::env::EnvSource;
//!
//! // In tests, inject the variables instead of touching the process environment.
//! let env = EnvSource::from_vars([("SAIL_BASE_URL", "https://acme.api.identitynow.com")])
//!     .config_json(serde_json::json!({ "ClientId": "my-client", "ClientSecret": "s3cr3t" }));
//! assert_eq!(
//!     env.get("SAIL_BASE_URL", "BaseURL").as_deref(),
//!     Some("https://acme.api.identitynow.com")
//! );
//! assert_eq!(env.require("SAIL_CLIENT_ID", "ClientId").unwrap(), "my-client");
//! let secret = env.require_secret("SAIL_CLIENT_SECRET", "ClientSecret").unwrap();
//! assert_eq!(secret.expose_secret(), "s3cr3t");
//! let err = env.require("SAIL_TENANT", "Tenant").unwrap_err();
//! assert!(err.to_string().contains("SAIL_TENANT"));
//! assert!(err.to_string().contains("Tenant"));
//! ```
//!
//! In generated code:
//!
//! ```no_run
//! use apiclient_core::{ConfigError, env::EnvSource};
//! fn from_env() -> Result<(String, apiclient_core::SecretString), ConfigError> {
//!     let env = EnvSource::new().config_file("config.json");
//!     let url = env.require("SAIL_BASE_URL", "BaseURL")?;
//!     let secret = env.require_secret("SAIL_CLIENT_SECRET", "ClientSecret")?;
//!     Ok((url, secret))
//! }
//! ```

use crate::config::{ConfigError, ConfigErrorKind};
use crate::secret::SecretString;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where the configuration file's contents come from.
#[derive(Clone)]
enum FileSource {
    /// No configuration file.
    None,
    /// A file on disk, read on first use.
    Path(PathBuf),
    /// A document given directly (tests, or a file read elsewhere).
    Json(Arc<Value>),
}

/// A further source of settings after the configuration file: a name for messages and a loader
/// run once, on first use, that yields a JSON object (or `None` when the source does not exist).
#[derive(Clone)]
struct Fallback {
    name: Arc<str>,
    load: Arc<dyn Fn() -> Loaded + Send + Sync>,
    loaded: Arc<OnceLock<Loaded>>,
}

impl Fallback {
    fn document(&self) -> Loaded {
        self.loaded.get_or_init(|| (self.load)()).clone()
    }
}

/// The configuration file once read: its document, or `None` when the file does not exist.
type Loaded = Result<Option<Arc<Value>>, ConfigError>;

/// Reads settings from environment variables, falling back to a JSON configuration file.
///
/// Empty variables and empty strings in the file count as not set. In the file, a key is looked
/// up as given, and then as a dot-separated path into nested objects (`"auth.clientId"`).
/// Numbers and booleans in the file are returned as their text.
///
/// A file that does not exist is simply not used; a file that cannot be read or is not a JSON
/// object is a [`ConfigError`] from [`try_get`](Self::try_get) and [`require`](Self::require)
/// (and [`get`](Self::get) treats it as absent).
#[derive(Clone)]
pub struct EnvSource {
    lookup: Lookup,
    from_process: bool,
    file: FileSource,
    loaded: Arc<OnceLock<Loaded>>,
    fallbacks: Vec<Fallback>,
}

impl fmt::Debug for EnvSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = match &self.file {
            FileSource::None => None,
            FileSource::Path(p) => Some(p.display().to_string()),
            FileSource::Json(_) => Some("<inline JSON>".to_owned()),
        };
        f.debug_struct("EnvSource")
            .field(
                "variables",
                &if self.from_process {
                    "process environment"
                } else {
                    "custom lookup"
                },
            )
            .field("config_file", &file)
            .field(
                "fallbacks",
                &self.fallbacks.iter().map(|f| &*f.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for EnvSource {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvSource {
    /// Reads the process environment (no configuration file until
    /// [`config_file`](Self::config_file) is called).
    pub fn new() -> Self {
        let mut source = Self::with_lookup(|name| std::env::var(name).ok());
        source.from_process = true;
        source
    }

    /// Reads variables through `lookup` instead of the process environment (for tests, or
    /// another source of settings).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
            from_process: false,
            file: FileSource::None,
            loaded: Arc::new(OnceLock::new()),
            fallbacks: Vec::new(),
        }
    }

    /// Reads variables from these pairs only.
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::with_lookup(move |name| map.get(name).cloned())
    }

    /// Falls back to this JSON configuration file, e.g. `config.json`. It is read once, when a
    /// setting is first looked up in it.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = FileSource::Path(path.into());
        self.loaded = Arc::new(OnceLock::new());
        self
    }

    /// Falls back to this JSON document instead of a file.
    pub fn config_json(mut self, document: Value) -> Self {
        self.file = FileSource::Json(Arc::new(document));
        self.loaded = Arc::new(OnceLock::new());
        self
    }

    /// Falls back, after the configuration file, to the JSON object that `load` returns: for
    /// settings kept elsewhere, such as a vendor CLI's own settings file translated to the keys
    /// the configuration file uses. `name` is how messages refer to the source (never its
    /// content). `load` runs once, when a setting is first looked up past the file; it returns
    /// `Ok(None)` when the source does not exist. Several fallbacks are consulted in the order
    /// they were added.
    ///
    /// ```
    /// use apiclient_core::env::EnvSource;
    /// let env = EnvSource::from_vars([("SAIL_CLIENT_ID", "from-variable")])
    ///     .config_json(serde_json::json!({ "BaseURL": "https://from-file.example.com" }))
    ///     .fallback("~/.vendor/settings", || {
    ///         Ok(Some(serde_json::json!({
    ///             "BaseURL": "https://from-fallback.example.com",
    ///             "ClientId": "from-fallback",
    ///             "ClientSecret": "s3cr3t",
    ///         })))
    ///     });
    /// assert_eq!(env.get("SAIL_CLIENT_ID", "ClientId").unwrap(), "from-variable");
    /// assert_eq!(env.get("SAIL_BASE_URL", "BaseURL").unwrap(), "https://from-file.example.com");
    /// assert_eq!(env.get("SAIL_CLIENT_SECRET", "ClientSecret").unwrap(), "s3cr3t");
    /// let err = env.require("SAIL_TENANT", "Tenant").unwrap_err();
    /// assert!(err.to_string().contains("~/.vendor/settings"));
    /// ```
    pub fn fallback(
        mut self,
        name: impl Into<String>,
        load: impl Fn() -> Result<Option<Value>, ConfigError> + Send + Sync + 'static,
    ) -> Self {
        let name: String = name.into();
        let label: Arc<str> = Arc::from(name.as_str());
        let shown = label.clone();
        let load = move || match load()? {
            None => Ok(None),
            Some(document) if document.is_object() => Ok(Some(Arc::new(document))),
            Some(_) => Err(ConfigError::new(
                ConfigErrorKind::InvalidConfigFile,
                format!("{shown} must hold an object"),
            )),
        };
        self.fallbacks.push(Fallback {
            name: label,
            load: Arc::new(load),
            loaded: Arc::new(OnceLock::new()),
        });
        self
    }

    /// The configuration file's path, if one was given.
    pub fn config_path(&self) -> Option<&Path> {
        match &self.file {
            FileSource::Path(p) => Some(p),
            _ => None,
        }
    }

    /// The setting from variable `var`, else from `file_key` in the configuration file;
    /// `None` when neither has it (or the file is unreadable: see [`try_get`](Self::try_get)).
    pub fn get(&self, var: &str, file_key: &str) -> Option<String> {
        self.try_get(var, file_key).ok().flatten()
    }

    /// Like [`get`](Self::get), but a configuration file that exists and cannot be read or
    /// parsed is an error.
    pub fn try_get(&self, var: &str, file_key: &str) -> Result<Option<String>, ConfigError> {
        if let Some(value) = (self.lookup)(var).filter(|v| !v.is_empty()) {
            return Ok(Some(value));
        }
        if let Some(document) = self.document()?
            && let Some(value) = setting(&document, file_key, || self.file_name())?
        {
            return Ok(Some(value));
        }
        for fallback in &self.fallbacks {
            if let Some(document) = fallback.document()?
                && let Some(value) = setting(&document, file_key, || fallback.name.to_string())?
            {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// The setting, or an error naming the variable and the file key to set.
    pub fn require(&self, var: &str, file_key: &str) -> Result<String, ConfigError> {
        self.try_get(var, file_key)?
            .ok_or_else(|| self.missing(var, file_key))
    }

    /// Like [`get`](Self::get), for a secret (never shown in `Debug` or logs).
    pub fn get_secret(&self, var: &str, file_key: &str) -> Option<SecretString> {
        self.get(var, file_key).map(SecretString::from)
    }

    /// Like [`try_get`](Self::try_get), for a secret (never shown in `Debug` or logs).
    pub fn try_get_secret(
        &self,
        var: &str,
        file_key: &str,
    ) -> Result<Option<SecretString>, ConfigError> {
        Ok(self.try_get(var, file_key)?.map(SecretString::from))
    }

    /// Like [`require`](Self::require), for a secret (never shown in `Debug` or logs).
    pub fn require_secret(&self, var: &str, file_key: &str) -> Result<SecretString, ConfigError> {
        self.require(var, file_key).map(SecretString::from)
    }

    fn file_name(&self) -> String {
        match &self.file {
            FileSource::Path(p) => p.display().to_string(),
            FileSource::Json(_) => "the configuration document".to_owned(),
            FileSource::None => "no configuration file".to_owned(),
        }
    }

    fn missing(&self, var: &str, file_key: &str) -> ConfigError {
        let message = match &self.file {
            FileSource::None => format!("missing setting: set the environment variable {var}"),
            FileSource::Path(p) => {
                let found = matches!(self.loaded.get(), Some(Ok(Some(_))));
                let note = if found {
                    ""
                } else {
                    " (the file does not exist)"
                };
                format!(
                    "missing setting: set the environment variable {var} or {file_key:?} in {}{note}",
                    p.display()
                )
            }
            FileSource::Json(_) => format!(
                "missing setting: set the environment variable {var} or {file_key:?} in the configuration document"
            ),
        };
        let message = self.fallbacks.iter().fold(message, |message, fallback| {
            format!("{message}, or {file_key:?} in {}", fallback.name)
        });
        ConfigError::missing_variables([var], message)
    }

    /// The configuration document, read on first use; `None` without a file.
    fn document(&self) -> Result<Option<Arc<Value>>, ConfigError> {
        self.loaded
            .get_or_init(|| match &self.file {
                FileSource::None => Ok(None),
                FileSource::Json(doc) => Ok(Some(doc.clone())),
                FileSource::Path(path) => read_file(path),
            })
            .clone()
    }
}

/// `url` with the server's path (e.g. `/v3`) appended, unless it already ends with it; a
/// trailing `/` is dropped first. For settings that name a host without the API version.
///
/// ```
/// use apiclient_core::env::with_server_path;
/// assert_eq!(with_server_path("https://acme.example.com/", "/v3"), "https://acme.example.com/v3");
/// assert_eq!(with_server_path("https://acme.example.com/v3", "/v3"), "https://acme.example.com/v3");
/// ```
pub fn with_server_path(url: &str, path: &str) -> String {
    let url = url.trim_end_matches('/');
    if url.ends_with(path) {
        url.to_owned()
    } else {
        format!("{url}{path}")
    }
}

fn read_file(path: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidConfigFile,
                format!(
                    "configuration file {} could not be read: {e}",
                    path.display()
                ),
            ));
        }
    };
    // serde_json's message names only the position, never the content.
    let document: Value = serde_json::from_str(&text).map_err(|e| {
        ConfigError::new(
            ConfigErrorKind::InvalidConfigFile,
            format!(
                "configuration file {} is not valid JSON: {e}",
                path.display()
            ),
        )
    })?;
    if !document.is_object() {
        return Err(ConfigError::new(
            ConfigErrorKind::InvalidConfigFile,
            format!(
                "configuration file {} must hold a JSON object",
                path.display()
            ),
        ));
    }
    Ok(Some(Arc::new(document)))
}

/// The setting under `key` in `document` (as given, then as a dot-separated path); `name` names
/// the document in the error for a value that is not a string, number or boolean.
fn setting(
    document: &Value,
    key: &str,
    name: impl FnOnce() -> String,
) -> Result<Option<String>, ConfigError> {
    match document.get(key).or_else(|| lookup_path(document, key)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(Value::Array(_) | Value::Object(_)) => Err(ConfigError::new(
            ConfigErrorKind::InvalidConfigFile,
            format!(
                "{key:?} in {} must be a string, a number or a boolean",
                name()
            ),
        )),
    }
}

/// Follows a dot-separated path (`auth.clientId`) into nested objects.
fn lookup_path<'a>(document: &'a Value, key: &str) -> Option<&'a Value> {
    if !key.contains('.') {
        return None;
    }
    key.split('.')
        .try_fold(document, |node, part| node.get(part))
}
