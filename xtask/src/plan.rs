//! What to emit: Rust models, operations and the client, decided from the spec.
//!
//! `spec::*` builds a [`Plan`]; `emit::*` turns it into token streams. Nothing here knows the
//! spec format, and nothing in `emit` looks at the spec.

use crate::spec::node::Node;

/// A Rust type as used in generated code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `()`.
    Unit,
    /// `bool`.
    Bool,
    /// A primitive integer or float, by its Rust name (`i32`, `f64`, ...).
    Prim(&'static str),
    /// `String`.
    String,
    /// `apiclient_core::SecretString`.
    Secret,
    /// `apiclient_core::datetime::Timestamp`.
    Timestamp,
    /// `apiclient_core::chrono::NaiveDate`.
    Date,
    /// `serde_json::Value`.
    Value,
    /// `serde_json::Map<String, serde_json::Value>`.
    JsonMap,
    /// `apiclient_core::bytes::Bytes`.
    Bytes,
    /// A generated model.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `apiclient_core::Nullable<T>`.
    Nullable(Box<Ty>),
    /// `Box<T>`.
    Boxed(Box<Ty>),
}

impl Ty {
    /// True for types that are `Copy` (passed by value in signatures).
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Ty::Unit | Ty::Bool | Ty::Prim(_) | Ty::Timestamp | Ty::Date
        )
    }

    /// True when values print with `Display` (usable as path/query/header values).
    pub fn is_display(&self, models: &[Model]) -> bool {
        match self {
            Ty::Bool | Ty::Prim(_) | Ty::String | Ty::Timestamp | Ty::Date | Ty::Value => true,
            Ty::Named(n) => models
                .iter()
                .find(|m| &m.name == n)
                .is_some_and(|m| match &m.kind {
                    ModelKind::Enum { .. } => true,
                    ModelKind::Alias(t) => t.is_display(models),
                    _ => false,
                }),
            _ => false,
        }
    }

    /// The first named model this type mentions by value (not through `Vec`/`Map`).
    pub fn value_names(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) => t.value_names(out),
            _ => {}
        }
    }

    /// Every named model this type mentions.
    pub fn all_names(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => {
                t.all_names(out)
            }
            _ => {}
        }
    }
}

/// A generated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// JSON pointer of the schema (for warnings).
    pub ptr: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// What it is.
    pub kind: ModelKind,
}

/// The kinds of generated models.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// A struct with named fields.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// `additionalProperties` next to properties: a flattened map field (name, value type).
        additional: Option<(String, Ty)>,
    },
    /// A string enum (`apiclient_core::string_enum!`).
    Enum {
        /// Variants in spec order.
        variants: Vec<EnumVariant>,
    },
    /// `oneOf`/`anyOf`.
    Union {
        /// Alternatives in spec order.
        variants: Vec<UnionVariant>,
        /// Discriminator property, for a tagged union.
        tag: Option<String>,
        /// Name of the catch-all variant holding any other JSON value.
        catch_all: Option<String>,
    },
    /// `pub type Name = Ty;`
    Alias(Ty),
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name (without `r#`).
    pub rust: String,
    /// The type before `Option`/`Nullable`/`Box` wrapping.
    pub base: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// Accepts `null`.
    pub nullable: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
    /// Three-state (`Nullable`): optional and nullable in a model reachable from a request body.
    pub three_state: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

impl Field {
    /// The field's full Rust type.
    pub fn ty(&self) -> Ty {
        let base = if self.boxed {
            Ty::Boxed(Box::new(self.base.clone()))
        } else {
            self.base.clone()
        };
        if self.three_state && !self.required && self.nullable {
            Ty::Nullable(Box::new(base))
        } else if self.required && !self.nullable {
            base
        } else {
            Ty::Option(Box::new(base))
        }
    }
}

/// A string enum variant.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust: String,
    /// Wire value.
    pub wire: String,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A union alternative.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust: String,
    /// Payload type.
    pub ty: Ty,
    /// Discriminator values selecting it (tagged unions).
    pub tags: Vec<String>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` in the path.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
}

/// How a parameter value is serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One value (`Display`).
    Scalar,
    /// An array as repeated `name=v` pairs.
    ArrayExplode,
    /// An array joined with this separator (`,`, ` `, `|`).
    ArrayJoined(char),
    /// An object (serialized through JSON) as `key=value` pairs.
    ObjectExplode,
    /// An object as `name=k1,v1,k2,v2`.
    ObjectJoined,
    /// An object as `name[key]=value` pairs.
    DeepObject,
    /// A secret query value (`query_secret`) or header (never logged).
    Secret,
}

/// A path, query or header parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust argument / field name.
    pub rust: String,
    /// Where it goes.
    pub location: Location,
    /// The owned Rust type (e.g. `String`, `Vec<i64>`).
    pub ty: Ty,
    /// Serialization.
    pub style: Style,
    /// Required (a positional argument) or optional (a field of the params struct).
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// `default` of the schema.
    pub default: Option<Node>,
    /// `maximum` of the schema.
    pub maximum: Option<f64>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// Another JSON media type, e.g. `application/json-patch+json`.
    JsonAs(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`, sent from a `&str`.
    Text(String),
    /// Anything else, sent as raw bytes.
    Bytes(String),
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Rust argument name.
    pub rust: String,
    /// The owned type (`Vec<T>` is passed as `&[T]`).
    pub ty: Ty,
    /// Whether the body must be given.
    pub required: bool,
    /// Encoding.
    pub kind: BodyKind,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// How the success response is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuccessKind {
    /// No body: `()`.
    Empty,
    /// A JSON body.
    Json,
    /// A JSON body on some success statuses and none on others: `Option<T>`.
    JsonOpt,
    /// A body the spec marks `x-lenient-body: true`: decoded when it fits the schema, else
    /// `None` (an empty, non-JSON or differently shaped body never fails the call).
    JsonLenient,
    /// A text body: `String`.
    Text,
    /// Raw bytes.
    Bytes,
}

/// A step of a JSON pointer resolved to a field access.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// Rust field name.
    pub rust: String,
    /// The field is `Option<T>`.
    pub optional: bool,
    /// The field is `Nullable<T>`.
    pub three_state: bool,
    /// The field is boxed.
    pub boxed: bool,
}

/// A resolved pointer: field steps and the type at the end.
#[derive(Debug, Clone)]
pub struct Path {
    /// Field accesses from the response body.
    pub steps: Vec<FieldStep>,
    /// Type of the value at the end (without `Option` wrapping).
    pub leaf: Ty,
}

/// `x-pagination`.
#[derive(Debug, Clone)]
pub enum Pagination {
    /// Cursor paging.
    Cursor {
        /// Rust field of the cursor in the params struct.
        param: String,
        /// Where the next cursor is.
        next: Path,
        /// Where the items are.
        items: Path,
        /// The item type.
        item: Ty,
    },
    /// Offset/limit paging.
    Offset {
        /// Rust field of the limit in the params struct, and its type.
        limit: (String, Ty),
        /// Rust field of the offset in the params struct, and its type.
        offset: (String, Ty),
        /// Page size when the caller sets no limit.
        default_limit: u64,
        /// Where the items are.
        items: Path,
        /// Where the total count is.
        total: Option<Path>,
        /// The item type.
        item: Ty,
    },
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` (or one made from method and path).
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The template's literal parts and placeholders, each placeholder a declared path
    /// parameter (by wire name).
    pub path_parts: Vec<PathPart>,
    /// Rust method name.
    pub fn_name: String,
    /// Index into [`Plan::traits`].
    pub trait_index: usize,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Required parameters (positional arguments), then optional ones (params struct).
    pub params: Vec<Param>,
    /// The params struct for optional query/header parameters.
    pub params_struct: Option<String>,
    /// The request body.
    pub body: Option<Body>,
    /// The success type.
    pub success: Ty,
    /// How to read it.
    pub success_kind: SuccessKind,
    /// `security: []`: sent without credentials.
    pub no_auth: bool,
    /// `x-retry-safe`.
    pub retry_safe: Option<bool>,
    /// `x-pagination`.
    pub pagination: Option<Pagination>,
}

/// A part of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The value of the path parameter with this wire name, encoded as one segment.
    Param(String),
}

/// One trait (a tag).
#[derive(Debug, Clone)]
pub struct ApiTrait {
    /// Rust trait name.
    pub name: String,
    /// Doc lines.
    pub docs: Vec<String>,
}

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

/// Everything to generate for one spec.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Spec title, version.
    pub title: String,
    /// Spec version.
    pub version: String,
    /// Models in emission order.
    pub models: Vec<Model>,
    /// Traits (tags).
    pub traits: Vec<ApiTrait>,
    /// Operations.
    pub operations: Vec<Operation>,
    /// The client.
    pub client: ClientPlan,
    /// The typed error model of `Error`.
    pub error_model: Ty,
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
    /// The base URL setting.
    pub base_url: Option<EnvBaseUrl>,
    /// Default headers.
    pub headers: Vec<EnvHeader>,
    /// Credentials, tried in order.
    pub auth: Vec<EnvAuth>,
}
