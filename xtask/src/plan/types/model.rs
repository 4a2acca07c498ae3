//! Models: the Rust types generated from schemas, and the type expressions that refer to them.

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
    /// `apiclient_core::multipart::FilePart`: a file part of a multipart body.
    File,
    /// `apiclient_core::multipart::Form`: a multipart body of any parts.
    Form,
    /// A generated model.
    Named(ModelRef),
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
    /// A reference to the model `name`.
    pub fn named(name: &str) -> Self {
        Ty::Named(ModelRef {
            name: name.to_owned(),
            qualified: false,
        })
    }

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
            Ty::Named(n) => {
                models
                    .iter()
                    .find(|m| m.name == n.name)
                    .is_some_and(|m| match &m.kind {
                        ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => true,
                        ModelKind::Alias(t) => t.is_display(models),
                        _ => false,
                    })
            }
            _ => false,
        }
    }

    /// The first named model this type mentions by value (not through `Vec`/`Map`).
    pub fn value_names(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.name.clone()),
            Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) => t.value_names(out),
            _ => {}
        }
    }

    /// Every named model this type mentions.
    pub fn all_names(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.name.clone()),
            Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => {
                t.all_names(out)
            }
            _ => {}
        }
    }
}

/// A reference to a generated model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelRef {
    /// The model's Rust name.
    pub name: String,
    /// Spelled by its path (`super::models::Name`): an item of the generated crate with the
    /// same name shadows the model's glob import (decided by [`crate::plan::naming`]).
    pub qualified: bool,
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
        /// Shaped like a JSON Patch operation: its constructors.
        json_patch: Option<JsonPatch>,
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
    /// An integer `enum`: a newtype over the integer with one constant per value (other values
    /// decode too, so a value added by the server never fails a response).
    IntEnum {
        /// The integer type (`i64`, `i32`, ...).
        prim: &'static str,
        /// Constant name → value, in spec order.
        values: Vec<(String, i64)>,
    },
}

/// A struct shaped like a JSON Patch (RFC 6902) operation (decided by
/// [`crate::plan::json_patch`]): it gets one constructor per operation.
#[derive(Debug, Clone)]
pub struct JsonPatch {
    /// Index of the `op` field (a string enum) in the struct's fields.
    pub op: usize,
    /// Index of the `path` field (a string).
    pub path: usize,
    /// Index of the `value` field (optional).
    pub value: usize,
    /// Index of the `from` field (optional), if the struct has one.
    pub from: Option<usize>,
    /// The name of the `op` enum.
    pub op_enum: String,
    /// The constructors, in RFC order.
    pub constructors: Vec<PatchConstructor>,
}

/// A constructor of a JSON Patch operation struct.
#[derive(Debug, Clone)]
pub struct PatchConstructor {
    /// The operation's wire name, which is also the constructor's name (`add`, `remove`, ...).
    pub op: String,
    /// The `op` enum variant it sets.
    pub variant: String,
    /// Whether it takes a `value`.
    pub takes_value: bool,
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
