//! Responses: the success type and how it is read, and the error variants: one per error
//! status whose body has a JSON schema (the operation's error model).

use super::Ctx;
use super::media::{essence, is_json, pick_media};
use super::refs::{Resolved, resolve};
use crate::load::ir::{Kind, Schema};
use crate::load::node::{Node, escape_segment};
use crate::names;
use crate::plan::{ErrorStatus, ErrorVariant, SuccessKind, Ty};
use anyhow::Result;

impl Ctx<'_, '_> {
    /// The success type of `op` and how it is read, and its error variants (error statuses
    /// whose body has a JSON schema, in spec order).
    pub(super) fn responses(
        &mut self,
        op: &Node,
        ptr: &str,
        op_pascal: &str,
    ) -> Result<(Ty, SuccessKind, Vec<ErrorVariant>, Vec<ErrorStatus>)> {
        let Some(responses) = op.get("responses").and_then(Node::as_map) else {
            return Ok((Ty::Unit, SuccessKind::Empty, Vec::new(), Vec::new()));
        };
        let mut errors = Vec::new();
        // Error statuses declared without a JSON schema.
        let mut without_model = Vec::new();
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
            let error_status = match error_status(status) {
                Some(s) => Some(s),
                None if !success => {
                    self.schemas.warnings.warn(
                        &r_ptr,
                        "not a status code, a range (`4XX`) or `default`: the response is not part of the error model",
                    );
                    continue;
                }
                None => None,
            };
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
                } else {
                    without_model.extend(error_status);
                }
                continue;
            };
            let Some((media, m)) = pick_media(content) else {
                without_model.extend(error_status.filter(|_| !success));
                continue;
            };
            let media_type = essence(media);
            let schema_ptr = format!("{}/content/{}/schema", r.ptr, escape_segment(media));
            if success {
                let body = self.success_body(&r, &media_type, m, &schema_ptr, op_pascal)?;
                successes.push(Some(body));
            } else if let Some(status) = error_status {
                let Some(s) = m.get("schema").filter(|_| is_json(&media_type)) else {
                    without_model.push(status);
                    continue;
                };
                let schema = self.schemas.convert(s, &schema_ptr)?;
                let hint = match &r.component {
                    Some(c) => names::type_name(c),
                    None => format!("{op_pascal}{}Response", status.name_part()),
                };
                let ty = self.schemas.ty(&schema, &hint)?;
                let mut docs = vec![crate::plan::raw_doc(format!("`{status}`:"))];
                if let Some(d) = r.node.str_field("description") {
                    docs.extend(d.trim_end().lines().map(str::to_owned));
                }
                errors.push(ErrorVariant { status, ty, docs });
            }
        }
        let (ty, kind) = self.success_type(ptr, &successes, lenient);
        Ok((ty, kind, errors, without_model))
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
}

/// The status an error response stands for: `404`, `4XX` (any case) or `default`.
fn error_status(key: &str) -> Option<ErrorStatus> {
    if key == "default" {
        return Some(ErrorStatus::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() != 3 || !matches!(bytes[0], b'4' | b'5') {
        return None;
    }
    if bytes[1..].eq_ignore_ascii_case(b"xx") {
        return Some(ErrorStatus::Range(bytes[0] - b'0'));
    }
    key.parse().ok().map(ErrorStatus::Code)
}
