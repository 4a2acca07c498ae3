//! Request bodies: the media type picked, its encoding and type.

use super::Ctx;
use super::media::{essence, is_json, pick_media};
use super::multipart::media_ptr;
use super::refs::resolve;
use crate::load::ir::{Kind, Schema};
use crate::load::node::{Node, escape_segment};
use crate::names::{self, NameSet};
use crate::plan::{Body, BodyKind, Ty};
use anyhow::Result;

impl Ctx<'_, '_> {
    /// The request body at `ptr`; `None` when it has no content.
    pub(super) fn body(
        &mut self,
        node: &Node,
        ptr: &str,
        op_pascal: &str,
        arg_names: &mut NameSet,
    ) -> Result<Option<Body>> {
        let r = resolve(self.doc, node, ptr)?;
        let Some(content) = r.node.get("content").and_then(Node::as_map) else {
            return Ok(None);
        };
        let Some((media, m)) = pick_media(content) else {
            return Ok(None);
        };
        let media_type = essence(media);
        let required = r.node.flag("required");
        let hint = match &r.component {
            Some(c) => names::type_name(c),
            None => format!("{op_pascal}Request"),
        };
        let schema_ptr = format!("{}/content/{}/schema", r.ptr, escape_segment(media));
        let (kind, ty, schema_docs_lines) = if media_type.starts_with("multipart/") {
            let plan = self.multipart(m, &media_ptr(&r.ptr, media), op_pascal)?;
            let ty = match &plan {
                Some(p) => Ty::named(&p.name),
                None => Ty::Form,
            };
            (BodyKind::Multipart(plan), ty, Vec::new())
        } else if is_json(&media_type)
            || media_type.starts_with("application/x-www-form-urlencoded")
        {
            let schema = match m.get("schema") {
                Some(s) => self.schemas.convert(s, &schema_ptr)?,
                None => Schema::bare(&schema_ptr, Kind::Any),
            };
            let ty = self.schemas.ty(&schema, &hint)?;
            let kind = if media_type == "application/json" {
                BodyKind::Json
            } else if is_json(&media_type) {
                BodyKind::JsonAs(media_type.clone())
            } else {
                BodyKind::Form
            };
            (kind, ty, Vec::new())
        } else if media_type.starts_with("text/") {
            (BodyKind::Text(media_type.clone()), Ty::String, Vec::new())
        } else {
            let ct = if media_type.contains('*') {
                "application/octet-stream".to_owned()
            } else {
                media_type.clone()
            };
            (BodyKind::Bytes(ct), Ty::Bytes, Vec::new())
        };
        let mut docs: Vec<String> = r
            .node
            .str_field("description")
            .map(|d| d.trim_end().lines().map(str::to_owned).collect())
            .unwrap_or_default();
        docs.extend(schema_docs_lines);
        if docs.is_empty() {
            docs.push("The request body.".to_owned());
        }
        Ok(Some(Body {
            rust: arg_names.alloc("body"),
            ty,
            required,
            kind,
            docs,
        }))
    }
}
