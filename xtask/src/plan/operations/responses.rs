//! Responses: the success type and how it is read, and the schemas of error responses (the
//! most common one becomes the crate's error model).

use super::Ctx;
use super::media::{essence, is_json, pick_media};
use super::refs::{Resolved, resolve};
use crate::load::ir::{Kind, Schema};
use crate::load::node::{Node, escape_segment, unescape_segment};
use crate::names;
use crate::plan::{SuccessKind, Ty};
use anyhow::Result;

/// An error response schema, and how many operations' error responses use it.
pub(super) struct ErrorCandidate {
    count: usize,
    /// The name ties are broken by.
    name: String,
    schema: Schema,
    /// The model name if it needs one.
    hint: String,
}

impl Ctx<'_, '_> {
    /// The success type of `op` and how it is read; error response schemas are counted.
    pub(super) fn responses(
        &mut self,
        op: &Node,
        ptr: &str,
        op_pascal: &str,
    ) -> Result<(Ty, SuccessKind)> {
        let Some(responses) = op.get("responses").and_then(Node::as_map) else {
            return Ok((Ty::Unit, SuccessKind::Empty));
        };
        let has_2xx = responses.keys().any(|k| k.starts_with('2'));
        // (kind, type) per success status; `None` = no body.
        let mut successes: Vec<Option<(SuccessKind, Ty)>> = Vec::new();
        // Some success response accepts any body (`x-lenient-body: true`).
        let mut lenient = false;
        for (status, response) in responses {
            let r_ptr = format!("{ptr}/responses/{}", escape_segment(status));
            let success = status.starts_with('2') || (!has_2xx && status == "default");
            let error = status.starts_with('4') || status.starts_with('5') || status == "default";
            if !success && !error {
                continue;
            }
            let r = resolve(self.doc, response, &r_ptr)?;
            lenient |= success && r.node.flag("x-lenient-body");
            let content = r
                .node
                .get("content")
                .and_then(Node::as_map)
                .filter(|c| !c.is_empty());
            let Some(content) = content else {
                if success {
                    successes.push(None);
                }
                continue;
            };
            let Some((media, m)) = pick_media(content) else {
                continue;
            };
            let media_type = essence(media);
            let schema_ptr = format!("{}/content/{}/schema", r.ptr, escape_segment(media));
            if success {
                let body = self.success_body(&r, &media_type, m, &schema_ptr, op_pascal)?;
                successes.push(Some(body));
            } else if is_json(&media_type) {
                let Some(s) = m.get("schema") else { continue };
                let schema = self.schemas.convert(s, &schema_ptr)?;
                self.count_error(schema, &r, op_pascal);
            }
        }
        Ok(self.success_type(ptr, &successes, lenient))
    }

    /// The body of one success response.
    fn success_body(
        &mut self,
        r: &Resolved<'_>,
        media_type: &str,
        m: &Node,
        schema_ptr: &str,
        op_pascal: &str,
    ) -> Result<(SuccessKind, Ty)> {
        if !is_json(media_type) {
            return Ok(if media_type.starts_with("text/") {
                (SuccessKind::Text, Ty::String)
            } else {
                (SuccessKind::Bytes, Ty::Bytes)
            });
        }
        let schema = match m.get("schema") {
            Some(s) => self.schemas.convert(s, schema_ptr)?,
            None => Schema::bare(schema_ptr, Kind::Any),
        };
        let hint = match &r.component {
            Some(c) => names::type_name(c),
            None => format!("{op_pascal}Response"),
        };
        let ty = self.schemas.ty(&schema, &hint)?;
        Ok((SuccessKind::Json, ty))
    }

    /// Counts the JSON schema of an error response.
    fn count_error(&mut self, schema: Schema, r: &Resolved<'_>, op_pascal: &str) {
        let (key, name, hint) = match &schema.kind {
            Kind::Ref(p) => {
                let resolved_name = p
                    .rsplit('/')
                    .next()
                    .map(unescape_segment)
                    .unwrap_or_default();
                let name = names::type_name(&resolved_name);
                (p.clone(), name.clone(), name)
            }
            _ => {
                let hint = match &r.component {
                    Some(c) => names::type_name(c),
                    None => format!("{op_pascal}Error"),
                };
                (schema.ptr.clone(), hint.clone(), hint)
            }
        };
        self.error_counts
            .entry(key)
            .or_insert(ErrorCandidate {
                count: 0,
                name,
                schema,
                hint,
            })
            .count += 1;
    }

    /// One success type for all success responses: the common one, else a JSON value (JSON
    /// bodies of different schemas) or bytes; `Option` when some have no body.
    fn success_type(
        &mut self,
        ptr: &str,
        successes: &[Option<(SuccessKind, Ty)>],
        lenient: bool,
    ) -> (Ty, SuccessKind) {
        let bodies: Vec<&(SuccessKind, Ty)> = successes.iter().flatten().collect();
        if bodies.is_empty() {
            return (Ty::Unit, SuccessKind::Empty);
        }
        let first = bodies[0].clone();
        let all_same = bodies.iter().all(|b| **b == first);
        let (kind, ty) = if all_same {
            first
        } else if bodies.iter().all(|b| b.0 == SuccessKind::Json) {
            self.schemas.warnings.warn(
                ptr,
                "success responses have different schemas; the success type is a JSON value",
            );
            (SuccessKind::Json, Ty::Value)
        } else {
            self.schemas.warnings.warn(
                ptr,
                "success responses have different media types; the body is returned as bytes",
            );
            (SuccessKind::Bytes, Ty::Bytes)
        };
        let some_empty = successes.iter().any(Option::is_none);
        match (kind, some_empty) {
            (SuccessKind::Json, _) if lenient => {
                (Ty::Option(Box::new(ty)), SuccessKind::JsonLenient)
            }
            (SuccessKind::Json, true) => (Ty::Option(Box::new(ty)), SuccessKind::JsonOpt),
            (k, _) => (ty, k),
        }
    }

    /// The error model: the schema of the most error responses; ties → the first name.
    pub(super) fn error_model(&mut self) -> Result<Ty> {
        let mut candidates: Vec<ErrorCandidate> = std::mem::take(&mut self.error_counts)
            .into_values()
            .collect();
        candidates.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        match candidates.into_iter().next() {
            Some(c) => self.schemas.ty(&c.schema, &c.hint),
            None => Ok(Ty::Value),
        }
    }
}
