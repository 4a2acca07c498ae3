//! The client: servers, credential methods and the `x-env` settings of `from_env`.

/// A credential method of the client builder.
#[derive(Debug, Clone)]
pub enum Credential {
    /// `Authorization: Bearer`.
    Bearer,
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in a query parameter.
    ApiKeyQuery(String),
    /// OAuth2 client credentials with this token URL.
    ClientCredentials(String),
}

/// A security scheme the builder has a method for.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// The scheme name in the spec.
    pub spec_name: String,
    /// Builder method name.
    pub method: String,
    /// What it sends.
    pub credential: Credential,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A server variable with a builder method.
#[derive(Debug, Clone)]
pub struct ServerVar {
    /// Name in the template.
    pub name: String,
    /// Builder method / field name.
    pub rust: String,
    /// Default value.
    pub default: String,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// The client.
#[derive(Debug, Clone, Default)]
pub struct ClientPlan {
    /// First server URL template, when it is absolute.
    pub server_template: Option<String>,
    /// Its variables.
    pub vars: Vec<ServerVar>,
    /// Builder methods for security schemes.
    pub schemes: Vec<Scheme>,
    /// `from_env` settings from the spec's `x-env` extension.
    pub env: Option<EnvPlan>,
    /// Response headers carrying the API's request id (`x-request-id-header`).
    pub request_id_headers: Vec<String>,
}

/// One setting: an environment variable, with its key in the configuration file.
#[derive(Debug, Clone)]
pub struct EnvValue {
    /// The environment variable.
    pub var: String,
    /// The key in the configuration file (the variable name when not given).
    pub config_key: String,
}

/// Where the base URL comes from.
#[derive(Debug, Clone)]
pub struct EnvBaseUrl {
    /// The setting.
    pub value: EnvValue,
    /// Append the first server's path (e.g. `/v3`) to the value.
    pub append_server_path: bool,
    /// Fail when unset (else the spec's server is used).
    pub required: bool,
}

/// A default header from the environment.
#[derive(Debug, Clone)]
pub struct EnvHeader {
    /// Header name.
    pub header: String,
    /// The setting.
    pub value: EnvValue,
}

/// The values a credential needs.
#[derive(Debug, Clone)]
pub enum EnvAuthValues {
    /// One token or key.
    Token(EnvValue),
    /// OAuth2 client id and secret.
    ClientCredentials {
        /// The client id.
        client_id: EnvValue,
        /// The client secret.
        client_secret: EnvValue,
    },
}

/// One way of finding credentials in the environment.
#[derive(Debug, Clone)]
pub struct EnvAuth {
    /// The builder method of the security scheme.
    pub method: String,
    /// The values it needs.
    pub values: EnvAuthValues,
    /// Only when this variable has this value (case-insensitive).
    pub when: Option<(String, String)>,
}

/// The `x-env` extension: how `from_env` configures a client.
#[derive(Debug, Clone)]
pub struct EnvPlan {
    /// Text for the docs.
    pub description: Option<String>,
    /// JSON file read when a variable is unset.
    pub config_file: Option<String>,
    /// A path to a `fn() -> EnvSource` that `from_env` reads instead of the environment plus
    /// `config_file` (for vendor conventions that need code, e.g. a CLI's settings file).
    pub source: Option<String>,
    /// The base URL setting.
    pub base_url: Option<EnvBaseUrl>,
    /// Default headers.
    pub headers: Vec<EnvHeader>,
    /// Credentials, tried in order.
    pub auth: Vec<EnvAuth>,
}
