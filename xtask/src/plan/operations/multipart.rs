//! `multipart/form-data` bodies: one struct field per property of the body's object schema
//! (its `allOf` members merged); binary strings are file parts, other values text parts,
//! arrays one part per item, with `encoding.<property>.contentType` as the part's type.

use super::Ctx;
use crate::load::ir::{Kind, ObjectShape, Schema};
use crate::load::node::{Node, escape_segment};
use crate::names::{self, NameSet};
use crate::plan::schemas::schema_docs;
use crate::plan::{Multipart, MultipartField, PartKind, Ty};
use anyhow::Result;

impl Ctx<'_, '_> {
    /// The struct of a multipart body whose media type entry is `media` (at `media_ptr`);
    /// `None` when its schema has no properties (the body is then any `Form`).
    pub(super) fn multipart(
        &mut self,
        media: &Node,
        media_ptr: &str,
        op_pascal: &str,
    ) -> Result<Option<Multipart>> {
        let Some(node) = media.get("schema") else {
            return Ok(None);
        };
        let schema = self.schemas.convert(node, &format!("{media_ptr}/schema"))?;
        let Some((shape, docs)) = self.object_shape(&schema)? else {
            return Ok(None);
        };
        if shape.props.is_empty() {
            return Ok(None);
        }
        let name = self.schemas.names.alloc(&format!("{op_pascal}Multipart"));
        let encoding = media.get("encoding");
        let mut used = NameSet::snake();
        let mut fields = Vec::new();
        for (wire, prop) in &shape.props {
            let resolved = self.schemas.resolve(prop)?;
            let (item, array) = match &resolved.kind {
                Kind::Array(items) => (self.schemas.resolve(items)?.as_ref().clone(), true),
                _ => (resolved.as_ref().clone(), false),
            };
            let declared = encoding
                .and_then(|e| e.get(wire))
                .and_then(|e| e.str_field("contentType"))
                .and_then(single_type);
            let media_type = self.raw_content_media_type(&item);
            let (kind, ty) = if is_binary(&item) || media_type.is_some() {
                (PartKind::File, Ty::File)
            } else {
                let hint = format!("{name}{}", names::type_name(wire));
                let ty = match &resolved.kind {
                    Kind::Array(items) => self.schemas.ty(items, &format!("{hint}Item"))?,
                    _ => self.schemas.ty(prop, &hint)?,
                };
                (PartKind::Text, ty)
            };
            // A file part's type says it is binary: only its description is kept.
            let mut docs = match kind {
                PartKind::File => prop
                    .description
                    .as_deref()
                    .map(|d| d.trim_end().lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
                PartKind::Text => schema_docs(prop),
            };
            if docs.is_empty() {
                docs.push(format!("The `{wire}` part."));
            }
            fields.push(MultipartField {
                wire: wire.clone(),
                rust: used.alloc(&names::field_name(wire)),
                kind,
                ty,
                array,
                required: shape.required.contains(wire),
                content_type: declared.or(media_type),
                docs,
            });
        }
        Ok(Some(Multipart { name, docs, fields }))
    }

    /// The properties of an object schema (its `allOf` members' merged), with its doc lines;
    /// `None` when it is not an object.
    fn object_shape(&mut self, schema: &Schema) -> Result<Option<(ObjectShape, Vec<String>)>> {
        let resolved = self.schemas.resolve(schema)?;
        let docs = schema_docs(&resolved);
        match &resolved.kind {
            Kind::Object(shape) => Ok(Some((shape.clone(), docs))),
            Kind::AllOf(members) => {
                let mut merged = ObjectShape::default();
                for member in members {
                    let Some((shape, _)) = self.object_shape(member)? else {
                        return Ok(None);
                    };
                    for (wire, prop) in shape.props {
                        if !merged.props.iter().any(|(w, _)| *w == wire) {
                            merged.props.push((wire, prop));
                        }
                    }
                    merged.required.extend(shape.required);
                }
                Ok(Some((merged, docs)))
            }
            _ => Ok(None),
        }
    }

    /// The 3.1 `contentMediaType` of a string schema (a binary value of that type).
    fn raw_content_media_type(&self, s: &Schema) -> Option<String> {
        if !matches!(s.kind, Kind::Str { values: None, .. } | Kind::Any) {
            return None;
        }
        let node = self
            .doc
            .pointer(s.ptr.strip_prefix('#').unwrap_or(&s.ptr))?;
        node.str_field("contentMediaType").and_then(single_type)
    }
}

/// A string with `format: binary` or `format: byte` (both sent as file content).
fn is_binary(s: &Schema) -> bool {
    matches!(
        &s.kind,
        Kind::Str { format: Some(f), values: None } if f == "binary" || f == "byte"
    )
}

/// `content_type` when it names one concrete media type (not a list nor a wildcard).
fn single_type(content_type: &str) -> Option<String> {
    let t = content_type.trim();
    (!t.is_empty() && !t.contains(',') && !t.contains('*')).then(|| t.to_owned())
}

/// The pointer of a media type entry of `content` at `ptr`.
pub(super) fn media_ptr(ptr: &str, media: &str) -> String {
    format!("{ptr}/content/{}", escape_segment(media))
}
