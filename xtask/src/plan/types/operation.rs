//! Operations: parameters, bodies, success types, pagination, and the traits they belong to.

use super::Ty;
use crate::load::node::Node;

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
    /// `multipart/form-data`: a per-operation struct of its parts, or, for a schema without
    /// properties, `apiclient_core::multipart::Form` itself.
    Multipart(Option<Multipart>),
}

/// The struct of a `multipart/form-data` body: one field per property of its schema, turned
/// into an `apiclient_core::multipart::Form`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    /// The struct's Rust name.
    pub name: String,
    /// Doc lines of the struct.
    pub docs: Vec<String>,
    /// Fields in spec order.
    pub fields: Vec<MultipartField>,
}

/// How a multipart field becomes parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file part (`apiclient_core::multipart::FilePart`): a binary string.
    File,
    /// A text part: the value as it is (strings) or as text (numbers, booleans, enums, dates),
    /// or as JSON text when it has no text form (objects, any JSON value).
    Text,
}

/// A field of a multipart struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// Part name on the wire.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// File or text.
    pub kind: PartKind,
    /// The type of one value (`Ty::File` for a file part).
    pub ty: Ty,
    /// An array: a `Vec` of values, one part each (all with the same name).
    pub array: bool,
    /// Listed in `required` (a `new` argument; else `Option`, or an empty `Vec`).
    pub required: bool,
    /// The part's content type from `encoding.<name>.contentType` (a single concrete type).
    pub content_type: Option<String>,
    /// Doc lines.
    pub docs: Vec<String>,
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
    /// Index into [`Plan::traits`](super::Plan::traits).
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
    /// The operation's error model; `None` when no error status has a JSON schema (its
    /// errors are the crate's plain `Error`, the body as JSON).
    pub errors: Option<OperationErrors>,
}

/// The error model of one operation: an enum over its error statuses with a JSON schema.
#[derive(Debug, Clone)]
pub struct OperationErrors {
    /// The enum's name (`GetThingError`).
    pub name: String,
    /// One variant per error status, in spec order.
    pub variants: Vec<ErrorVariant>,
    /// Error statuses declared without a JSON schema: no variant, and not decoded as a range
    /// or `default` variant either (only as `Unknown`).
    pub without_model: Vec<ErrorStatus>,
}

/// The statuses an error response of the spec stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// One status, e.g. `404`.
    Code(u16),
    /// Every status starting with this digit (`4XX`).
    Range(u8),
    /// `default`: every status not declared otherwise.
    Default,
}

impl ErrorStatus {
    /// The variant name: `Status404`, `Status4xx`, `Default`.
    pub fn variant(self) -> String {
        match self {
            Self::Default => "Default".to_owned(),
            other => format!("Status{}", other.name_part()),
        }
    }

    /// The status in a type name: `404`, `4xx`, `Default` (`GetThing404Response`).
    pub fn name_part(self) -> String {
        match self {
            Self::Code(c) => c.to_string(),
            Self::Range(d) => format!("{d}xx"),
            Self::Default => "Default".to_owned(),
        }
    }
}

impl std::fmt::Display for ErrorStatus {
    /// As in the spec: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(c) => write!(f, "{c}"),
            Self::Range(d) => write!(f, "{d}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// One error status of an operation and the type of its body.
#[derive(Debug, Clone)]
pub struct ErrorVariant {
    /// The status (or statuses).
    pub status: ErrorStatus,
    /// The body's type.
    pub ty: Ty,
    /// Doc lines: the status and the response's description.
    pub docs: Vec<String>,
}

/// One trait (a tag).
#[derive(Debug, Clone)]
pub struct ApiTrait {
    /// Rust trait name.
    pub name: String,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A part of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The value of the path parameter with this wire name, encoded as one segment.
    Param(String),
}
