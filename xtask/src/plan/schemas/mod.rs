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
            Kind::Int { values, .. } if !values.is_empty() => self.inline_model(s, hint)?,
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

    /// The newtype model of an integer `enum` (values that are not integers were dropped when
    /// the document was repaired).
    fn int_enum(
        &mut self,
        name: &str,
        ptr: &str,
        format: Option<&str>,
        values: &[Node],
    ) -> ModelKind {
        let prim = int_prim(format);
        let mut used = NameSet::snake();
        let values: Vec<(String, i64)> = values
            .iter()
            .filter_map(|v| match v {
                Node::Int(i) => Some(*i),
                _ => None,
            })
            .map(|i| {
                let base = if i < 0 {
                    format!("minus_{}", i.unsigned_abs())
                } else {
                    format!("v{i}")
                };
                (used.alloc(&base).to_ascii_uppercase(), i)
            })
            .collect();
        self.warnings.warn(
            ptr,
            &format!(
                "an integer `enum` is generated as `{name}`, a newtype over `{prim}` with one constant per value (other values decode too)"
            ),
        );
        ModelKind::IntEnum { prim, values }
    }

    /// `allOf` whose members are all one primitive type (or only constraints): that type (the
    /// named one when a member refers to it).
    fn primitive_all_of(&mut self, members: &[Schema]) -> Result<Option<Ty>> {
        let mut found: Option<(String, Ty, bool)> = None;
        for m in members {
            let Some(key) = self.primitive_key(m, 0)? else {
                return Ok(None);
            };
            let Some(key) = key else { continue };
            let named = matches!(m.kind, Kind::Ref(_));
            match &found {
                Some((k, _, _)) if *k != key => return Ok(None),
                Some((_, _, true)) => {}
                Some(_) if !named => {}
                _ => found = Some((key, self.ty(m, "Unused")?, named)),
            }
        }
        Ok(found.map(|(_, ty, _)| ty))
    }

    /// The primitive type `s` stands for, as a comparable key: `None` when it is not a
    /// primitive, `Some(None)` when it only adds constraints.
    fn primitive_key(&mut self, s: &Schema, depth: usize) -> Result<Option<Option<String>>> {
        let resolved = self.resolve(s)?;
        Ok(Some(Some(match &resolved.kind {
            Kind::Any => return Ok(Some(None)),
            Kind::Bool => "bool".to_owned(),
            Kind::Int { format, values } if values.is_empty() => format!("int {format:?}"),
            Kind::Num { format, values } if values.is_empty() => format!("num {format:?}"),
            Kind::Str {
                format,
                values: None,
            } => format!("str {format:?} {}", resolved.sensitive),
            Kind::AllOf(members) if depth < 16 => {
                let mut key = None;
                for m in members {
                    match self.primitive_key(m, depth + 1)? {
                        None => return Ok(None),
                        Some(None) => {}
                        Some(Some(k)) if key.as_ref().is_some_and(|e| *e != k) => return Ok(None),
                        Some(Some(k)) => key = Some(k),
                    }
                }
                return Ok(Some(key));
            }
            _ => return Ok(None),
        })))
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
            Kind::Int { format, values } if !values.is_empty() => {
                self.int_enum(name, &s.ptr, format.as_deref(), values)
            }
            Kind::AllOf(members) => match self.primitive_all_of(members)? {
                Some(t) => ModelKind::Alias(t),
                None => self.all_of(name, members, &mut docs)?,
            },
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
