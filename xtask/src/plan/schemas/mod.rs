//! Schemas → Rust models.
//!
//! Named schemas (`components/schemas`, and any other schema a `$ref` points at) become models
//! named after their key. Inline schemas that need a type of their own (objects with
//! properties, string enums, `oneOf`/`anyOf`, `allOf`) get a name from where they appear:
//! `{Parent}{Field}`, `{Parent}{Field}Item` for array items, `{Parent}{Field}Value` for map
//! values, `{Union}{Variant}` for union members. The same schema (same JSON pointer) always
//! maps to the same model, so names are stable and a schema used twice is generated once.
//!
//! The submodules add to [`Schemas`]: `objects` (structs, `allOf` merging), `enums`,
//! `unions`, `finish` (passes once every model is known) over `graph` (reference graph
//! algorithms), and `docs` (doc lines from schema annotations).

mod docs;
mod enums;
mod finish;
mod graph;
mod objects;
mod unions;

pub use docs::schema_docs;

use super::naming;
use super::{Model, ModelKind, Ty};
use crate::Warnings;
use crate::load::ir::{self, Additional, Kind, Schema};
use crate::load::node::{Node, escape_segment, unescape_segment};
use crate::names::NameSet;
use anyhow::{Result, anyhow, bail};
use std::collections::HashMap;
use std::rc::Rc;

/// Builds models from schemas, on demand.
pub struct Schemas<'a> {
    doc: &'a Node,
    cache: HashMap<String, Rc<Schema>>,
    /// Type names in use (models, traits, params structs).
    pub names: NameSet,
    /// Models in emission order.
    pub models: Vec<Model>,
    /// Schema pointer → its type, for named and already generated inline schemas.
    by_ptr: HashMap<String, Ty>,
    /// The generator's warnings.
    pub warnings: Warnings,
}

fn int_prim(format: Option<&str>) -> &'static str {
    match format {
        Some("int32") => "i32",
        Some("int8") => "i8",
        Some("int16") => "i16",
        Some("uint8") => "u8",
        Some("uint16") => "u16",
        Some("uint32") => "u32",
        Some("uint64") => "u64",
        _ => "i64",
    }
}

impl<'a> Schemas<'a> {
    /// Reserves the names of every `components/schemas` entry.
    pub fn new(doc: &'a Node) -> Self {
        let mut names = NameSet::pascal();
        for r in naming::RESERVED_TYPE_NAMES {
            names.reserve(r);
        }
        let mut s = Self {
            doc,
            cache: HashMap::new(),
            names,
            models: Vec::new(),
            by_ptr: HashMap::new(),
            warnings: Warnings::default(),
        };
        if let Some(schemas) = doc.pointer("/components/schemas").and_then(Node::as_map) {
            for key in schemas.keys() {
                let ptr = format!("#/components/schemas/{}", escape_segment(key));
                let name = s.alloc_type_name(key);
                s.by_ptr.insert(ptr, Ty::named(&name));
            }
        }
        s
    }

    /// A unique type name from a spec name.
    pub fn alloc_type_name(&mut self, spec_name: &str) -> String {
        self.names.alloc(&naming::type_base(spec_name))
    }

    /// Generates every `components/schemas` entry, in spec order.
    pub fn define_components(&mut self) -> Result<()> {
        let Some(schemas) = self
            .doc
            .pointer("/components/schemas")
            .and_then(Node::as_map)
        else {
            return Ok(());
        };
        for key in schemas.keys() {
            let ptr = format!("#/components/schemas/{}", escape_segment(key));
            let Some(Ty::Named(model)) = self.by_ptr.get(&ptr).cloned() else {
                unreachable!("reserved in new()")
            };
            let schema = self.schema(&ptr)?;
            self.define(&model.name, &schema)?;
        }
        Ok(())
    }

    /// The schema at `ptr` (with `#`), converted once.
    pub fn schema(&mut self, ptr: &str) -> Result<Rc<Schema>> {
        if let Some(s) = self.cache.get(ptr) {
            return Ok(s.clone());
        }
        let pointer = ptr.strip_prefix('#').unwrap_or(ptr);
        let node = self
            .doc
            .pointer(pointer)
            .ok_or_else(|| anyhow!("{ptr}: $ref target does not exist"))?;
        let schema = Rc::new(ir::convert(node, ptr, &mut self.warnings)?);
        self.cache.insert(ptr.to_owned(), schema.clone());
        Ok(schema)
    }

    /// Converts an inline schema node at `ptr` (not cached: callers hold the result).
    pub fn convert(&mut self, node: &Node, ptr: &str) -> Result<Schema> {
        ir::convert(node, ptr, &mut self.warnings)
    }

    /// Follows references to the schema that has a shape.
    pub fn resolve(&mut self, s: &Schema) -> Result<Rc<Schema>> {
        let mut current = Rc::new(s.clone());
        for _ in 0..64 {
            match &current.kind {
                Kind::Ref(p) => {
                    let p = p.clone();
                    current = self.schema(&p)?;
                }
                _ => return Ok(current),
            }
        }
        bail!("{}: $ref chain too long or circular", s.ptr)
    }

    /// True when the schema (or what it references) accepts `null`.
    pub fn is_nullable(&mut self, s: &Schema) -> Result<bool> {
        if s.nullable {
            return Ok(true);
        }
        let mut current = Rc::new(s.clone());
        for _ in 0..64 {
            if current.nullable {
                return Ok(true);
            }
            match &current.kind {
                Kind::Ref(p) => {
                    let p = p.clone();
                    current = self.schema(&p)?;
                }
                Kind::Null => return Ok(true),
                _ => return Ok(false),
            }
        }
        Ok(false)
    }

    /// True when the schema (or what it references) is a secret string.
    pub fn is_sensitive(&mut self, s: &Schema) -> Result<bool> {
        Ok(s.sensitive || self.resolve(s)?.sensitive)
    }

    /// The Rust type of a reference target.
    fn ref_ty(&mut self, ptr: &str) -> Result<Ty> {
        if let Some(t) = self.by_ptr.get(ptr) {
            return Ok(t.clone());
        }
        // A reference to a schema outside `components/schemas`: a named model of its own.
        let schema = self.schema(ptr)?;
        let last = ptr
            .rsplit('/')
            .find(|s| !s.is_empty() && *s != "#")
            .map(unescape_segment)
            .unwrap_or_else(|| "Schema".to_owned());
        let last = if matches!(last.as_str(), "schema" | "items" | "additionalProperties") {
            ptr.rsplit('/')
                .nth(1)
                .map(unescape_segment)
                .unwrap_or_default()
                + &last
        } else {
            last
        };
        let name = self.alloc_type_name(&last);
        self.by_ptr.insert(ptr.to_owned(), Ty::named(&name));
        self.define(&name, &schema)?;
        Ok(Ty::named(&name))
    }

    /// The Rust type of `s`; inline schemas that need a model get one named `hint`.
    pub fn ty(&mut self, s: &Schema, hint: &str) -> Result<Ty> {
        if let Some(t) = self.by_ptr.get(&s.ptr)
            && !matches!(s.kind, Kind::Ref(_))
        {
            return Ok(t.clone());
        }
        self.ty_inner(s, hint)
    }

    fn ty_inner(&mut self, s: &Schema, hint: &str) -> Result<Ty> {
        Ok(match &s.kind {
            Kind::Ref(p) => self.ref_ty(p)?,
            Kind::Any | Kind::Null => Ty::Value,
            Kind::Bool => Ty::Bool,
            Kind::Int { format, .. } => Ty::Prim(int_prim(format.as_deref())),
            Kind::Num { format, .. } => Ty::Prim(if format.as_deref() == Some("float") {
                "f32"
            } else {
                "f64"
            }),
            Kind::Str {
                values: Some(_), ..
            } => self.inline_model(s, hint)?,
            Kind::Str { format, .. } => {
                if s.sensitive {
                    Ty::Secret
                } else {
                    match format.as_deref() {
                        Some("date-time") => Ty::Timestamp,
                        Some("date") => Ty::Date,
                        _ => Ty::String,
                    }
                }
            }
            Kind::Array(items) => Ty::Vec(Box::new(self.ty(items, &format!("{hint}Item"))?)),
            Kind::Object(shape) if shape.props.is_empty() => match &shape.additional {
                Additional::Schema(v) => Ty::Map(Box::new(self.ty(v, &format!("{hint}Value"))?)),
                Additional::False => self.inline_model(s, hint)?,
                Additional::Any | Additional::Absent => Ty::JsonMap,
            },
            Kind::Object(_) | Kind::AllOf(_) | Kind::OneOf { .. } => self.inline_model(s, hint)?,
        })
    }

    fn inline_model(&mut self, s: &Schema, hint: &str) -> Result<Ty> {
        if let Some(t) = self.by_ptr.get(&s.ptr) {
            return Ok(t.clone());
        }
        let name = self.alloc_type_name(hint);
        self.by_ptr.insert(s.ptr.clone(), Ty::named(&name));
        self.define(&name, s)?;
        Ok(Ty::named(&name))
    }

    /// Generates the model `name` for `s`.
    fn define(&mut self, name: &str, s: &Schema) -> Result<()> {
        self.by_ptr
            .entry(s.ptr.clone())
            .or_insert_with(|| Ty::named(name));
        let index = self.models.len();
        self.models.push(Model {
            name: name.to_owned(),
            ptr: s.ptr.clone(),
            docs: Vec::new(),
            kind: ModelKind::Alias(Ty::Value),
        });
        let mut docs = docs::doc_lines(s);
        let kind = match &s.kind {
            Kind::Str {
                values: Some(values),
                ..
            } => self.string_enum(values),
            Kind::Object(shape)
                if !shape.props.is_empty() || matches!(shape.additional, Additional::False) =>
            {
                self.structure(name, shape)?
            }
            Kind::AllOf(members) => self.all_of(name, members, &mut docs)?,
            Kind::OneOf {
                variants,
                discriminator,
            } => self.union(name, variants, discriminator.as_ref())?,
            _ => ModelKind::Alias(self.ty_inner(s, name)?),
        };
        if docs.is_empty() {
            docs.push(format!("The `{name}` model."));
        }
        self.models[index].docs = docs;
        self.models[index].kind = kind;
        Ok(())
    }
}
