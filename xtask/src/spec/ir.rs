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

use super::node::{Map, Node, escape_segment};
use crate::Warnings;
use anyhow::{Result, bail};

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

/// Keywords that give a schema its shape (as opposed to annotations).
const STRUCTURAL: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "required",
    "prefixItems",
];

/// Keywords this generator does not model; they are ignored with a warning.
const IGNORED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
];

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

fn is_null_schema(node: &Node) -> bool {
    let Some(m) = node.as_map() else {
        return false;
    };
    match m.get("type") {
        Some(Node::Str(t)) if t == "null" => return true,
        Some(Node::Seq(ts)) if ts.len() == 1 && ts[0].as_str() == Some("null") => return true,
        _ => {}
    }
    if let Some(Node::Seq(values)) = m.get("enum")
        && values.iter().all(|v| *v == Node::Null)
        && !values.is_empty()
    {
        return true;
    }
    matches!(m.get("const"), Some(Node::Null)) && !m.contains_key("type")
}

fn number(node: Option<&Node>) -> Option<String> {
    let n = node?.as_f64()?;
    Some(if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    })
}

fn constraints(m: &Map) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = number(m.get("minLength")) {
        out.push(format!("minimum length {v}"));
    }
    if let Some(v) = number(m.get("maxLength")) {
        out.push(format!("maximum length {v}"));
    }
    let exclusive = |key: &str| m.get(key).and_then(Node::as_bool).unwrap_or(false);
    if let Some(v) = number(m.get("minimum")) {
        let word = if exclusive("exclusiveMinimum") {
            "greater than"
        } else {
            "minimum"
        };
        out.push(format!("{word} {v}"));
    } else if let Some(v) = number(m.get("exclusiveMinimum")) {
        out.push(format!("greater than {v}"));
    }
    if let Some(v) = number(m.get("maximum")) {
        let word = if exclusive("exclusiveMaximum") {
            "less than"
        } else {
            "maximum"
        };
        out.push(format!("{word} {v}"));
    } else if let Some(v) = number(m.get("exclusiveMaximum")) {
        out.push(format!("less than {v}"));
    }
    if let Some(v) = number(m.get("multipleOf")) {
        out.push(format!("multiple of {v}"));
    }
    if let Some(p) = m.get("pattern").and_then(Node::as_str) {
        out.push(format!("pattern `{}`", p.replace('`', "'")));
    }
    if let Some(v) = number(m.get("minItems")) {
        out.push(format!("at least {v} items"));
    }
    if let Some(v) = number(m.get("maxItems")) {
        out.push(format!("at most {v} items"));
    }
    if m.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
        out.push("unique items".to_owned());
    }
    if let Some(v) = number(m.get("minProperties")) {
        out.push(format!("at least {v} properties"));
    }
    if let Some(v) = number(m.get("maxProperties")) {
        out.push(format!("at most {v} properties"));
    }
    out
}

/// Converts the schema `node` found at `ptr` (with `#`).
pub fn convert(node: &Node, ptr: &str, warnings: &mut Warnings) -> Result<Schema> {
    let m = match node {
        Node::Bool(true) => return Ok(Schema::bare(ptr, Kind::Any)),
        Node::Bool(false) => {
            warnings.warn(ptr, "the `false` schema is treated as any value");
            return Ok(Schema::bare(ptr, Kind::Any));
        }
        Node::Map(m) => m,
        Node::Null => return Ok(Schema::bare(ptr, Kind::Any)),
        other => bail!(
            "{ptr}: expected a schema object, found {}",
            other.kind_name()
        ),
    };
    let mut s = Schema::bare(ptr, Kind::Any);
    s.title = m.get("title").and_then(Node::as_str).map(str::to_owned);
    s.description = m
        .get("description")
        .and_then(Node::as_str)
        .map(str::to_owned);
    s.default = m.get("default").cloned();
    s.deprecated = node.flag("deprecated");
    s.read_only = node.flag("readOnly");
    s.write_only = node.flag("writeOnly");
    s.nullable = node.flag("nullable") || node.flag("x-nullable");
    let format = m.get("format").and_then(Node::as_str).map(str::to_owned);
    s.sensitive = format.as_deref() == Some("password") || node.flag("x-sensitive");
    s.constraints = constraints(m);
    s.maximum = m.get("maximum").and_then(Node::as_f64);

    if let Some(reference) = m.get("$ref") {
        let Some(reference) = reference.as_str() else {
            bail!("{ptr}: `$ref` must be a string");
        };
        if !reference.starts_with('#') {
            bail!("unsupported construct at {ptr}: unresolved external $ref `{reference}`");
        }
        let structural = m.keys().any(|k| STRUCTURAL.contains(&k.as_str()));
        if !structural {
            s.kind = Kind::Ref(reference.to_owned());
            return Ok(s);
        }
        let mut rest = m.clone();
        rest.shift_remove("$ref");
        for k in ["description", "title", "default", "deprecated", "nullable"] {
            rest.shift_remove(k);
        }
        let rest = convert(&Node::Map(rest), &format!("{ptr}/$siblings"), warnings)?;
        s.kind = Kind::AllOf(vec![
            Schema::bare(ptr, Kind::Ref(reference.to_owned())),
            rest,
        ]);
        return Ok(s);
    }

    for key in IGNORED {
        if m.contains_key(*key) {
            warnings.warn(
                ptr,
                &format!("keyword `{key}` is not supported and was ignored"),
            );
        }
    }

    // `type`, with `null` removed.
    let mut types: Vec<String> = match m.get("type") {
        None => Vec::new(),
        Some(Node::Str(t)) => vec![t.clone()],
        Some(Node::Seq(ts)) => {
            let mut out = Vec::new();
            for t in ts {
                match t.as_str() {
                    Some(t) => out.push(t.to_owned()),
                    None => bail!("{ptr}/type: expected type names"),
                }
            }
            out
        }
        Some(other) => bail!(
            "{ptr}/type: expected a string or a list, found {}",
            other.kind_name()
        ),
    };
    if types.iter().any(|t| t == "null") {
        s.nullable = true;
        types.retain(|t| t != "null");
    }
    // `enum` / `const`, with `null` removed.
    let mut values: Option<Vec<Node>> = m.get("enum").and_then(Node::as_seq).map(<[Node]>::to_vec);
    if let Some(c) = m.get("const") {
        values = Some(vec![c.clone()]);
    }
    if let Some(vs) = &mut values
        && vs.contains(&Node::Null)
    {
        s.nullable = true;
        vs.retain(|v| *v != Node::Null);
    }

    let has_object_keywords = m.contains_key("properties");

    // oneOf / anyOf
    for key in ["oneOf", "anyOf"] {
        let Some(list) = m.get(key) else { continue };
        let Some(list) = list.as_seq() else {
            bail!("{ptr}/{key}: expected a list of schemas");
        };
        let mut variants = Vec::new();
        for (i, member) in list.iter().enumerate() {
            if is_null_schema(member) {
                s.nullable = true;
                continue;
            }
            variants.push(convert(member, &format!("{ptr}/{key}/{i}"), warnings)?);
        }
        if has_object_keywords || m.contains_key("allOf") {
            let validation_only = list.iter().all(|v| {
                v.as_map().is_some_and(|vm| {
                    vm.keys().all(|k| {
                        !matches!(
                            k.as_str(),
                            "type" | "properties" | "$ref" | "allOf" | "oneOf" | "anyOf" | "items"
                        )
                    })
                })
            });
            if !validation_only {
                warnings.warn(
                    ptr,
                    &format!("`{key}` next to `properties`/`allOf` is not supported; only the object part is generated"),
                );
            }
            break;
        }
        if variants.is_empty() {
            s.kind = Kind::Null;
            return Ok(s);
        }
        if variants.len() == 1 {
            let only = variants.pop().expect("one variant");
            return Ok(only.absorb(&s));
        }
        let discriminator = match m.get("discriminator") {
            Some(d) => Some(discriminator(d, ptr)?),
            None => None,
        };
        s.kind = Kind::OneOf {
            variants,
            discriminator,
        };
        return Ok(s);
    }

    // allOf
    if let Some(list) = m.get("allOf") {
        let Some(list) = list.as_seq() else {
            bail!("{ptr}/allOf: expected a list of schemas");
        };
        let mut members = Vec::new();
        for (i, member) in list.iter().enumerate() {
            members.push(convert(member, &format!("{ptr}/allOf/{i}"), warnings)?);
        }
        let own_shape = m.contains_key("properties")
            || m.contains_key("required")
            || m.contains_key("additionalProperties");
        if own_shape {
            let mut own = Schema::bare(ptr, Kind::Object(shape(m, ptr, warnings)?));
            own.description = None;
            members.push(own);
        }
        if members.len() == 1 {
            let only = members.pop().expect("one member");
            return Ok(only.absorb(&s));
        }
        s.kind = Kind::AllOf(members);
        return Ok(s);
    }

    if types.len() > 1 {
        let mut variants = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let mut single = m.clone();
            single.insert("type".to_owned(), Node::Str(t.clone()));
            for k in ["description", "title", "default", "nullable"] {
                single.shift_remove(k);
            }
            variants.push(convert(
                &Node::Map(single),
                &format!("{ptr}/type/{i}"),
                warnings,
            )?);
        }
        s.kind = Kind::OneOf {
            variants,
            discriminator: None,
        };
        return Ok(s);
    }

    let ty = match types.first() {
        Some(t) => t.clone(),
        None => {
            if m.contains_key("properties") || m.contains_key("additionalProperties") {
                "object".to_owned()
            } else if m.contains_key("items") || m.contains_key("prefixItems") {
                "array".to_owned()
            } else if let Some(vs) = &values {
                if !vs.is_empty() && vs.iter().all(|v| matches!(v, Node::Str(_))) {
                    "string".to_owned()
                } else if !vs.is_empty() && vs.iter().all(|v| matches!(v, Node::Int(_))) {
                    "integer".to_owned()
                } else {
                    String::new()
                }
            } else if m.contains_key("minLength")
                || m.contains_key("maxLength")
                || m.contains_key("pattern")
            {
                "string".to_owned()
            } else if s.nullable && values.as_ref().is_some_and(Vec::is_empty) {
                "null".to_owned()
            } else {
                String::new()
            }
        }
    };
    s.kind = match ty.as_str() {
        "" => Kind::Any,
        "null" => Kind::Null,
        "object" => Kind::Object(shape(m, ptr, warnings)?),
        "array" => {
            let tuple =
                m.contains_key("prefixItems") || matches!(m.get("items"), Some(Node::Seq(_)));
            let items = match m.get("items") {
                _ if tuple => {
                    warnings.warn(
                        ptr,
                        "tuple arrays (`prefixItems` / `items: [..]`) are generated as arrays of JSON values",
                    );
                    Schema::bare(&format!("{ptr}/items"), Kind::Any)
                }
                Some(items) => convert(items, &format!("{ptr}/items"), warnings)?,
                None => Schema::bare(&format!("{ptr}/items"), Kind::Any),
            };
            Kind::Array(Box::new(items))
        }
        "string" => {
            let values = match values {
                Some(vs) if vs.iter().all(|v| matches!(v, Node::Str(_))) => Some(
                    vs.into_iter()
                        .map(|v| match v {
                            Node::Str(s) => s,
                            _ => unreachable!(),
                        })
                        .collect(),
                ),
                Some(_) => {
                    warnings.warn(
                        ptr,
                        "a string `enum` with non-string values is generated as a plain string",
                    );
                    None
                }
                None => None,
            };
            Kind::Str { format, values }
        }
        "integer" => Kind::Int {
            format,
            values: values.unwrap_or_default(),
        },
        "number" => Kind::Num {
            format,
            values: values.unwrap_or_default(),
        },
        "boolean" => Kind::Bool,
        other => bail!("unsupported construct at {ptr}: `type: {other}`"),
    };
    Ok(s)
}

fn shape(m: &Map, ptr: &str, warnings: &mut Warnings) -> Result<ObjectShape> {
    let mut out = ObjectShape::default();
    if let Some(props) = m.get("properties") {
        let Some(props) = props.as_map() else {
            bail!("{ptr}/properties: expected a mapping");
        };
        for (name, node) in props {
            let child = format!("{ptr}/properties/{}", escape_segment(name));
            out.props
                .push((name.clone(), convert(node, &child, warnings)?));
        }
    }
    if let Some(req) = m.get("required").and_then(Node::as_seq) {
        out.required = req
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_owned)
            .collect();
    }
    out.additional = match m.get("additionalProperties") {
        None => Additional::Absent,
        Some(Node::Bool(true)) => Additional::Any,
        Some(Node::Bool(false)) => Additional::False,
        Some(Node::Map(am)) if am.is_empty() => Additional::Any,
        Some(node) => {
            let child = format!("{ptr}/additionalProperties");
            Additional::Schema(Box::new(convert(node, &child, warnings)?))
        }
    };
    Ok(out)
}

fn discriminator(node: &Node, ptr: &str) -> Result<Discriminator> {
    let Some(property) = node.get("propertyName").and_then(Node::as_str) else {
        bail!("{ptr}/discriminator: `propertyName` is required");
    };
    let mut mapping = Vec::new();
    if let Some(m) = node.get("mapping").and_then(Node::as_map) {
        for (value, target) in m {
            let Some(target) = target.as_str() else {
                bail!("{ptr}/discriminator/mapping: values must be strings");
            };
            let target = if target.starts_with('#') {
                target.to_owned()
            } else {
                format!("#/components/schemas/{}", escape_segment(target))
            };
            mapping.push((value.clone(), target));
        }
    }
    Ok(Discriminator {
        property: property.to_owned(),
        mapping,
    })
}
