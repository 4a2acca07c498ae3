//! Schemas → Rust models.
//!
//! Named schemas (`components/schemas`, and any other schema a `$ref` points at) become models
//! named after their key. Inline schemas that need a type of their own (objects with
//! properties, string enums, `oneOf`/`anyOf`, `allOf`) get a name from where they appear:
//! `{Parent}{Field}`, `{Parent}{Field}Item` for array items, `{Parent}{Field}Value` for map
//! values, `{Union}{Variant}` for union members. The same schema (same JSON pointer) always
//! maps to the same model, so names are stable and a schema used twice is generated once.

use super::ir::{self, Additional, Kind, ObjectShape, Schema};
use super::node::{Node, escape_segment, unescape_segment};
use crate::Warnings;
use crate::names::{self, NameSet};
use crate::plan::{EnumVariant, Field, Model, ModelKind, Ty, UnionVariant};
use anyhow::{Result, anyhow, bail};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Names the generated code uses unqualified; models with these names get a `Model` suffix.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Client",
    "ClientBuilder",
    "ApiResponse",
];

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

fn doc_lines(s: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &s.title
        && s.description
            .as_deref()
            .is_none_or(|d| !d.starts_with(t.as_str()))
    {
        out.push(t.clone());
    }
    if let Some(d) = &s.description {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(d.trim_end().lines().map(str::to_owned));
    }
    let mut notes = Vec::new();
    if let Kind::Str {
        format: Some(f),
        values: None,
    } = &s.kind
        && !matches!(f.as_str(), "date-time" | "date" | "password")
    {
        notes.push(format!("Format: `{f}`."));
    }
    if !s.constraints.is_empty() {
        notes.push(format!("Constraints: {}.", s.constraints.join(", ")));
    }
    if let Some(d) = &s.default {
        notes.push(format!(
            "Default (applied by the server when absent): `{}`.",
            d.to_json().replace('`', "'")
        ));
    }
    if let Kind::Int { values, .. } | Kind::Num { values, .. } = &s.kind
        && !values.is_empty()
    {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("`{}`", v.to_json()))
            .collect();
        notes.push(format!("Allowed values: {}.", list.join(", ")));
    }
    if s.read_only {
        notes.push("Read-only: sent by the server only.".to_owned());
    }
    if s.write_only {
        notes.push("Write-only: never returned by the server.".to_owned());
    }
    if s.deprecated {
        notes.push("Deprecated.".to_owned());
    }
    if !notes.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(notes.join(" "));
    }
    out
}

/// Doc lines of a schema (description, constraints, default, ...).
pub fn schema_docs(s: &Schema) -> Vec<String> {
    doc_lines(s)
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
        for r in RESERVED_TYPE_NAMES {
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
                s.by_ptr.insert(ptr, Ty::Named(name));
            }
        }
        s
    }

    /// A unique type name from a spec name.
    pub fn alloc_type_name(&mut self, spec_name: &str) -> String {
        let base = names::type_name(spec_name);
        let base = if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            format!("{base}Model")
        } else {
            base
        };
        self.names.alloc(&base)
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
            let Some(Ty::Named(name)) = self.by_ptr.get(&ptr).cloned() else {
                unreachable!("reserved in new()")
            };
            let schema = self.schema(&ptr)?;
            self.define(&name, &schema)?;
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
        self.by_ptr.insert(ptr.to_owned(), Ty::Named(name.clone()));
        self.define(&name, &schema)?;
        Ok(Ty::Named(name))
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
        self.by_ptr.insert(s.ptr.clone(), Ty::Named(name.clone()));
        self.define(&name, s)?;
        Ok(Ty::Named(name))
    }

    /// Generates the model `name` for `s`.
    fn define(&mut self, name: &str, s: &Schema) -> Result<()> {
        self.by_ptr
            .entry(s.ptr.clone())
            .or_insert_with(|| Ty::Named(name.to_owned()));
        let index = self.models.len();
        self.models.push(Model {
            name: name.to_owned(),
            ptr: s.ptr.clone(),
            docs: Vec::new(),
            kind: ModelKind::Alias(Ty::Value),
        });
        let mut docs = doc_lines(s);
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
            Kind::AllOf(members) => {
                let mut merged = ObjectShape::default();
                let mut description = None;
                for m in members {
                    self.collect_all_of(m, &mut merged, &mut description, 0)?;
                }
                if docs.is_empty()
                    && let Some(d) = description
                {
                    docs = d.lines().map(str::to_owned).collect();
                }
                self.structure(name, &merged)?
            }
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

    fn string_enum(&mut self, values: &[String]) -> ModelKind {
        let mut used = NameSet::pascal();
        used.reserve("Unknown");
        let mut variants = Vec::new();
        let mut seen = HashSet::new();
        for v in values {
            if !seen.insert(v.clone()) {
                continue;
            }
            let base = names::variant_name(v);
            let base = if base == "Unknown" {
                "UnknownValue".to_owned()
            } else {
                base
            };
            variants.push(EnumVariant {
                rust: used.alloc(&base),
                wire: v.clone(),
                docs: vec![if v.is_empty() {
                    "The empty string.".to_owned()
                } else {
                    format!("`{}`", v.replace('`', "'"))
                }],
            });
        }
        ModelKind::Enum { variants }
    }

    fn collect_all_of(
        &mut self,
        s: &Schema,
        out: &mut ObjectShape,
        description: &mut Option<String>,
        depth: usize,
    ) -> Result<()> {
        if depth > 32 {
            bail!("{}: allOf nesting too deep or circular", s.ptr);
        }
        if description.is_none() {
            description.clone_from(&s.description);
        }
        match &s.kind {
            Kind::Ref(p) => {
                let target = self.schema(p)?;
                self.collect_all_of(&target, out, description, depth + 1)?;
            }
            Kind::Object(shape) => {
                for (k, v) in &shape.props {
                    if let Some(existing) = out.props.iter_mut().find(|(ek, _)| ek == k) {
                        if !matches!(v.kind, Kind::Any) || matches!(existing.1.kind, Kind::Any) {
                            existing.1 = v.clone();
                        }
                    } else {
                        out.props.push((k.clone(), v.clone()));
                    }
                }
                for r in &shape.required {
                    if !out.required.contains(r) {
                        out.required.push(r.clone());
                    }
                }
                if !matches!(shape.additional, Additional::Absent) {
                    out.additional = shape.additional.clone();
                }
            }
            Kind::AllOf(members) => {
                for m in members {
                    self.collect_all_of(m, out, description, depth + 1)?;
                }
            }
            Kind::Any => {}
            _ => self.warnings.warn(
                &s.ptr,
                "an `allOf` member that is not an object was ignored in the merged struct",
            ),
        }
        Ok(())
    }

    fn structure(&mut self, name: &str, shape: &ObjectShape) -> Result<ModelKind> {
        let mut used = NameSet::snake();
        let mut fields = Vec::new();
        for (wire, prop) in &shape.props {
            let rust = used.alloc(&names::field_name(wire));
            let required = shape.required.contains(wire);
            let nullable = self.is_nullable(prop)?;
            let base = self.ty(prop, &format!("{name}{}", names::type_name(wire)))?;
            let mut docs = doc_lines(prop);
            if docs.is_empty() {
                docs.push(format!("The `{wire}` property."));
            }
            fields.push(Field {
                wire: wire.clone(),
                rust,
                base,
                required,
                nullable: nullable && !matches!(prop.kind, Kind::Any | Kind::Null),
                boxed: false,
                three_state: false,
                docs,
            });
        }
        let additional = match &shape.additional {
            Additional::Schema(v) => {
                let ty = self.ty(v, &format!("{name}Value"))?;
                Some((used.alloc("additional_properties"), ty))
            }
            Additional::Any if !fields.is_empty() => {
                Some((used.alloc("additional_properties"), Ty::Value))
            }
            _ => None,
        };
        Ok(ModelKind::Struct { fields, additional })
    }

    fn variant_label(&mut self, v: &Schema) -> Result<String> {
        if let Kind::Ref(p) = &v.kind
            && let Ty::Named(n) = self.ref_ty(p)?
        {
            return Ok(n);
        }
        if let Some(t) = &v.title {
            return Ok(names::type_name(t));
        }
        Ok(match &v.kind {
            Kind::Ref(_) => "Ref",
            Kind::Any => "Value",
            Kind::Null => "Null",
            Kind::Bool => "Boolean",
            Kind::Int { .. } => "Integer",
            Kind::Num { .. } => "Number",
            Kind::Str {
                values: Some(_), ..
            } => "Enum",
            Kind::Str { .. } => "String",
            Kind::Array(_) => "Array",
            Kind::Object(_) | Kind::AllOf(_) => "Object",
            Kind::OneOf { .. } => "Variant",
        }
        .to_owned())
    }

    fn union(
        &mut self,
        name: &str,
        members: &[Schema],
        discriminator: Option<&ir::Discriminator>,
    ) -> Result<ModelKind> {
        let mut used = NameSet::pascal();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for m in members {
            let label = self.variant_label(m)?;
            let rust = used.alloc(&names::variant_name(&label));
            let ty = self.ty(m, &format!("{name}{rust}"))?;
            let mut docs = match &m.kind {
                Kind::Ref(_) => Vec::new(),
                _ => doc_lines(m),
            };
            if docs.is_empty() {
                docs.push(format!("The `{label}` alternative."));
            }
            let mut tags = Vec::new();
            if let (Some(_), Kind::Ref(p)) = (discriminator, &m.kind) {
                let mapped: Vec<String> = discriminator
                    .map(|d| {
                        d.mapping
                            .iter()
                            .filter(|(_, t)| t == p)
                            .map(|(v, _)| v.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                tags = if mapped.is_empty() {
                    vec![
                        p.rsplit('/')
                            .next()
                            .map(unescape_segment)
                            .unwrap_or_default(),
                    ]
                } else {
                    mapped
                };
            }
            variants.push(UnionVariant {
                rust,
                ty,
                tags,
                docs,
            });
        }
        let tag = discriminator.map(|d| d.property.clone());
        if let Some(d) = discriminator {
            for (value, target) in &d.mapping {
                let ty = self.ref_ty(target)?;
                if let Some(v) = variants.iter_mut().find(|v| v.ty == ty) {
                    if !v.tags.contains(value) {
                        v.tags.push(value.clone());
                    }
                    continue;
                }
                let label = match &ty {
                    Ty::Named(n) => n.clone(),
                    _ => names::variant_name(value),
                };
                variants.push(UnionVariant {
                    rust: used.alloc(&label),
                    ty,
                    tags: vec![value.clone()],
                    docs: vec![format!("The `{label}` alternative.")],
                });
            }
            for v in &variants {
                if v.tags.is_empty() {
                    let ptr = self
                        .models
                        .iter()
                        .find(|m| m.name == name)
                        .map_or_else(|| name.to_owned(), |m| m.ptr.clone());
                    self.warnings.warn(
                        &ptr,
                        &format!(
                            "union variant `{}` has no discriminator value and is never decoded",
                            v.rust
                        ),
                    );
                }
            }
        }
        let needs_catch_all = tag.is_some() || !variants.iter().any(|v| v.ty == Ty::Value);
        let catch_all = needs_catch_all.then(|| used.alloc("Unknown"));
        Ok(ModelKind::Union {
            variants,
            tag,
            catch_all,
        })
    }

    /// Marks three-state fields, boxes recursive fields, and breaks alias cycles.
    pub fn finish(&mut self, request_types: &[Ty]) {
        // Models reachable from request bodies get three-state optional+nullable fields.
        let index: HashMap<String, usize> = self
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        let mut reachable = HashSet::new();
        let mut stack: Vec<String> = Vec::new();
        for t in request_types {
            t.all_names(&mut stack);
        }
        while let Some(n) = stack.pop() {
            if !reachable.insert(n.clone()) {
                continue;
            }
            if let Some(&i) = index.get(&n) {
                model_names(&self.models[i], &mut stack, false);
            }
        }
        for m in &mut self.models {
            if reachable.contains(&m.name)
                && let ModelKind::Struct { fields, .. } = &mut m.kind
            {
                for f in fields {
                    f.three_state = true;
                }
            }
        }

        // Alias cycles (`type A = Vec<A>`) are not valid Rust: fall back to JSON values.
        let alias_names: HashSet<String> = self
            .models
            .iter()
            .filter(|m| matches!(m.kind, ModelKind::Alias(_)))
            .map(|m| m.name.clone())
            .collect();
        for i in 0..self.models.len() {
            let ModelKind::Alias(t) = &self.models[i].kind else {
                continue;
            };
            let start = self.models[i].name.clone();
            let start_ptr = self.models[i].ptr.clone();
            let mut seen = HashSet::new();
            let mut todo = Vec::new();
            t.all_names(&mut todo);
            let mut cyclic = false;
            while let Some(n) = todo.pop() {
                if n == start {
                    cyclic = true;
                    break;
                }
                if !alias_names.contains(&n) || !seen.insert(n.clone()) {
                    continue;
                }
                if let ModelKind::Alias(t2) = &self.models[index[&n]].kind {
                    t2.all_names(&mut todo);
                }
            }
            if cyclic {
                self.warnings.warn(
                    &start_ptr,
                    "a type alias that refers to itself is generated as a JSON value",
                );
                self.models[i].kind = ModelKind::Alias(Ty::Value);
            }
        }

        // Recursive models: box every by-value edge inside a strongly connected component.
        let sccs = strongly_connected(&self.models, &index);
        for m in &mut self.models {
            let own = sccs.get(&m.name).copied();
            let in_cycle =
                |target: &str| -> bool { own.is_some() && sccs.get(target).copied() == own };
            match &mut m.kind {
                ModelKind::Struct { fields, .. } => {
                    for f in fields {
                        let mut names = Vec::new();
                        f.base.value_names(&mut names);
                        if names.iter().any(|n| in_cycle(n)) {
                            f.boxed = true;
                        }
                    }
                }
                ModelKind::Union { variants, .. } => {
                    for v in variants {
                        let mut names = Vec::new();
                        v.ty.value_names(&mut names);
                        if names.iter().any(|n| in_cycle(n)) {
                            v.ty = Ty::Boxed(Box::new(v.ty.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        limit_depth(&mut self.models, &index);
    }
}

/// Longest chain of by-value nesting allowed before a field or variant is boxed. Deeper chains
/// make rustc's drop-check overflow its recursion limit on large specs.
const MAX_VALUE_DEPTH: usize = 6;

/// Boxes by-value references to models nested more than [`MAX_VALUE_DEPTH`] deep. Runs after
/// cycles were boxed, so the by-value graph is acyclic.
fn limit_depth(models: &mut [Model], index: &HashMap<String, usize>) {
    // Post-order over by-value edges, children first.
    let mut order = Vec::with_capacity(models.len());
    let mut state = vec![0u8; models.len()];
    for start in 0..models.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, false)];
        while let Some((v, done)) = stack.pop() {
            if done {
                state[v] = 2;
                order.push(v);
                continue;
            }
            if state[v] != 0 {
                continue;
            }
            state[v] = 1;
            stack.push((v, true));
            for t in unboxed_targets(&models[v]) {
                if let Some(&w) = index.get(&t)
                    && state[w] == 0
                {
                    stack.push((w, false));
                }
            }
        }
    }
    let mut depth = vec![1usize; models.len()];
    for v in order {
        let depth_of = |t: &Ty, depth: &[usize]| -> usize {
            let mut names = Vec::new();
            t.value_names(&mut names);
            names
                .iter()
                .filter_map(|n| index.get(n))
                .map(|&i| depth[i])
                .max()
                .unwrap_or(0)
        };
        let mut max = 0;
        match &mut models[v].kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields.iter_mut().filter(|f| !f.boxed) {
                    let d = depth_of(&f.base, &depth);
                    if d >= MAX_VALUE_DEPTH {
                        f.boxed = true;
                    } else {
                        max = max.max(d);
                    }
                }
            }
            ModelKind::Union { variants, .. } => {
                for u in variants.iter_mut() {
                    let d = depth_of(&u.ty, &depth);
                    if matches!(u.ty, Ty::Boxed(_)) {
                        continue;
                    }
                    if d >= MAX_VALUE_DEPTH {
                        u.ty = Ty::Boxed(Box::new(u.ty.clone()));
                    } else {
                        max = max.max(d);
                    }
                }
            }
            ModelKind::Alias(t) => max = depth_of(t, &depth),
            ModelKind::Enum { .. } => {}
        }
        depth[v] = max + 1;
    }
}

fn unboxed_targets(m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    match &m.kind {
        ModelKind::Struct { fields, .. } => {
            for f in fields.iter().filter(|f| !f.boxed) {
                f.base.value_names(&mut out);
            }
        }
        ModelKind::Union { variants, .. } => {
            for v in variants.iter().filter(|v| !matches!(v.ty, Ty::Boxed(_))) {
                v.ty.value_names(&mut out);
            }
        }
        ModelKind::Alias(t) => t.value_names(&mut out),
        ModelKind::Enum { .. } => {}
    }
    out
}

fn model_names(m: &Model, out: &mut Vec<String>, value_only: bool) {
    let mut push = |t: &Ty| {
        if value_only {
            t.value_names(out)
        } else {
            t.all_names(out)
        }
    };
    match &m.kind {
        ModelKind::Struct { fields, additional } => {
            for f in fields {
                push(&f.base);
            }
            if let Some((_, t)) = additional
                && !value_only
            {
                push(t);
            }
        }
        ModelKind::Union { variants, .. } => {
            for v in variants {
                push(&v.ty);
            }
        }
        ModelKind::Alias(t) => push(t),
        ModelKind::Enum { .. } => {}
    }
}

/// Tarjan's algorithm over by-value edges; returns model name → component id for models in
/// cyclic components only.
fn strongly_connected(models: &[Model], index: &HashMap<String, usize>) -> HashMap<String, usize> {
    let n = models.len();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| {
            let mut names = Vec::new();
            model_names(m, &mut names, true);
            names.iter().filter_map(|x| index.get(x).copied()).collect()
        })
        .collect();
    let mut idx = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut out = HashMap::new();
    let mut comp = 0;
    for start in 0..n {
        if idx[start] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, next edge position).
        let mut work = vec![(start, 0usize)];
        idx[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < edges[v].len() {
                let w = edges[v][*pos];
                *pos += 1;
                if idx[w] == usize::MAX {
                    idx[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(idx[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == idx[v] {
                    let mut members = Vec::new();
                    loop {
                        let w = stack.pop().expect("tarjan stack");
                        on_stack[w] = false;
                        members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let cyclic = members.len() > 1 || edges[v].contains(&v);
                    if cyclic {
                        for w in members {
                            out.insert(models[w].name.clone(), comp);
                        }
                        comp += 1;
                    }
                }
            }
        }
    }
    out
}
