//! The normalised schema model shared by OpenAPI 3.0 and 3.1.
//!
//! Version differences are resolved here, once:
//! - nullability: `nullable: true` (3.0), `type: [X, "null"]` (3.1), `enum` containing `null`,
//!   and `oneOf`/`anyOf` with a `{type: "null"}` member all become [`Schema::nullable`];
//! - `const` becomes a one-value enum; `examples`/`example` are ignored;
//! - `exclusiveMinimum`/`exclusiveMaximum` as booleans (3.0) or numbers (3.1) become doc lines;
//! - `$ref` with sibling keywords: annotations (description, nullable, ...) apply to the
//!   reference, structural keywords make it `allOf: [ref, siblings]`;
//! - a single-member `allOf`/`oneOf`/`anyOf` is that member;
//! - `type: [a, b]` with several non-null types becomes an untagged `oneOf`.
//!
//! [`convert`] reads a schema node into a [`Schema`]; `annotations` holds the keywords that only
//! describe a schema (docs, validation phrases).

mod annotations;
mod convert;

pub use convert::convert;

use super::node::Node;

/// One schema, normalised.
#[derive(Debug, Clone)]
pub struct Schema {
    /// JSON pointer (with `#`) of where it was written.
    pub ptr: String,
    /// The shape.
    pub kind: Kind,
    /// `null` is allowed.
    pub nullable: bool,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default`.
    pub default: Option<Node>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
    /// `format: password` or `x-sensitive: true`.
    pub sensitive: bool,
    /// Validation keywords as readable phrases (`minimum length 3`, ...).
    pub constraints: Vec<String>,
    /// `maximum`, for page sizes.
    pub maximum: Option<f64>,
}

/// The shape of a schema.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A reference to another schema (JSON pointer with `#`).
    Ref(String),
    /// Any JSON value (no `type`).
    Any,
    /// Only `null`.
    Null,
    /// `boolean`.
    Bool,
    /// `integer`.
    Int {
        /// `format`.
        format: Option<String>,
        /// `enum` values.
        values: Vec<Node>,
    },
    /// `number`.
    Num {
        /// `format`.
        format: Option<String>,
        /// `enum` values.
        values: Vec<Node>,
    },
    /// `string`.
    Str {
        /// `format`.
        format: Option<String>,
        /// `enum` values (only when every value is a string).
        values: Option<Vec<String>>,
    },
    /// `array`.
    Array(Box<Schema>),
    /// `object`.
    Object(ObjectShape),
    /// `allOf`.
    AllOf(Vec<Schema>),
    /// `oneOf` / `anyOf`.
    OneOf {
        /// The alternatives (without the `null` one).
        variants: Vec<Schema>,
        /// The discriminator, if any.
        discriminator: Option<Discriminator>,
    },
}

/// Properties of an object schema.
#[derive(Debug, Clone, Default)]
pub struct ObjectShape {
    /// Properties in spec order.
    pub props: Vec<(String, Schema)>,
    /// Names listed in `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional: Additional,
}

/// `additionalProperties`.
#[derive(Debug, Clone, Default)]
pub enum Additional {
    /// Not given.
    #[default]
    Absent,
    /// `false`.
    False,
    /// `true` or `{}`.
    Any,
    /// A schema for the values.
    Schema(Box<Schema>),
}

/// A `discriminator`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// `mapping`: wire value → schema pointer (with `#`), in spec order.
    pub mapping: Vec<(String, String)>,
}

impl Schema {
    /// A schema of `kind` at `ptr` with no annotations.
    pub fn bare(ptr: &str, kind: Kind) -> Self {
        Self {
            ptr: ptr.to_owned(),
            kind,
            nullable: false,
            title: None,
            description: None,
            default: None,
            deprecated: false,
            read_only: false,
            write_only: false,
            sensitive: false,
            constraints: Vec::new(),
            maximum: None,
        }
    }

    /// Copies annotations of `outer` (a wrapper such as a one-member `allOf`) onto `self`.
    fn absorb(mut self, outer: &Schema) -> Self {
        self.nullable |= outer.nullable;
        if outer.description.is_some() {
            self.description.clone_from(&outer.description);
        }
        if outer.title.is_some() {
            self.title.clone_from(&outer.title);
        }
        if outer.default.is_some() {
            self.default.clone_from(&outer.default);
        }
        self.deprecated |= outer.deprecated;
        self.read_only |= outer.read_only;
        self.write_only |= outer.write_only;
        self.sensitive |= outer.sensitive;
        self.constraints.extend(outer.constraints.iter().cloned());
        if outer.maximum.is_some() {
            self.maximum = outer.maximum;
        }
        self
    }
}
