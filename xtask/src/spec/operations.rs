//! Paths → operations: parameters, bodies, responses, security, retry safety, pagination.

use super::ir::{Kind, Schema};
use super::node::{Node, escape_segment};
use super::schemas::{Schemas, schema_docs};
use crate::names::{self, NameSet};
use crate::plan::{
    ApiTrait, Body, BodyKind, FieldStep, Location, ModelKind, Operation, Pagination, Param, Path,
    Style, SuccessKind, Ty,
};
use anyhow::{Result, anyhow, bail};
use std::collections::HashMap;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Methods of `Client` that operations may not take.
const CLIENT_METHODS: &[&str] = &["builder", "from_api_client", "api_client", "clone", "fmt"];

/// Params-struct field names that would shadow derived methods (`Params::default()`).
const PARAMS_RESERVED: &[&str] = &["default", "clone", "eq", "ne", "fmt"];

/// The raw `x-pagination` of an operation, resolved once models are final.
#[derive(Debug, Clone)]
pub struct RawPagination {
    ptr: String,
    node: Node,
}

/// Operations and what is needed to finish them.
pub struct Built {
    /// Traits in order.
    pub traits: Vec<ApiTrait>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Per operation: its `x-pagination`, if any.
    pub pagination: Vec<Option<RawPagination>>,
    /// Types of every request body (for three-state fields).
    pub request_types: Vec<Ty>,
    /// The typed error model.
    pub error_model: Ty,
}

/// An operation found in `paths`: path, method, pointer, node, path-level parameters.
type RawOp<'a> = (String, String, String, &'a Node, Vec<(&'a Node, String)>);

/// A resolved component reference: the node, its pointer and the component's name.
struct Resolved<'a> {
    node: &'a Node,
    ptr: String,
    component: Option<String>,
}

fn resolve<'a>(doc: &'a Node, node: &'a Node, ptr: &str) -> Result<Resolved<'a>> {
    let mut node = node;
    let mut ptr = ptr.to_owned();
    let mut component = None;
    for _ in 0..32 {
        let Some(r) = node.get("$ref").and_then(Node::as_str) else {
            return Ok(Resolved {
                node,
                ptr,
                component,
            });
        };
        let pointer = r
            .strip_prefix('#')
            .ok_or_else(|| anyhow!("unsupported construct at {ptr}: external $ref `{r}`"))?;
        node = doc
            .pointer(pointer)
            .ok_or_else(|| anyhow!("{ptr}: $ref `{r}` does not resolve"))?;
        if let Some(rest) = pointer.strip_prefix("/components/") {
            component = rest.split('/').nth(1).map(super::node::unescape_segment);
        }
        ptr = r.to_owned();
    }
    bail!("{ptr}: $ref chain too long or circular")
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m.ends_with("/json")
}

/// Picks the media type to use from a `content` map.
fn pick_media(content: &super::node::Map) -> Option<(&String, &Node)> {
    content
        .iter()
        .find(|(k, _)| k.split(';').next().unwrap_or("").trim() == "application/json")
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .or_else(|| {
            content
                .iter()
                .find(|(k, _)| k.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| content.iter().find(|(k, _)| k.starts_with("text/")))
        .or_else(|| content.iter().find(|(k, _)| !k.starts_with("multipart/")))
        .or_else(|| content.iter().next())
}

struct Ctx<'s, 'a> {
    doc: &'a Node,
    schemas: &'s mut Schemas<'a>,
    fn_names: NameSet,
    error_counts: HashMap<String, (usize, String, Schema, String)>,
    global_security: Option<Vec<Node>>,
}

/// Builds every operation of `doc`.
pub fn build<'a>(doc: &'a Node, schemas: &mut Schemas<'a>) -> Result<Built> {
    let mut fn_names = NameSet::snake();
    for m in CLIENT_METHODS {
        fn_names.reserve(m);
    }
    let mut ctx = Ctx {
        doc,
        schemas,
        fn_names,
        error_counts: HashMap::new(),
        global_security: doc
            .get("security")
            .and_then(Node::as_seq)
            .map(<[Node]>::to_vec),
    };

    // Tags in the order of the top-level `tags` list, then of first use.
    let mut tag_order: Vec<String> = doc
        .get("tags")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.str_field("name").map(str::to_owned))
        .collect();
    let tag_docs: HashMap<String, String> = doc
        .get("tags")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            Some((
                t.str_field("name")?.to_owned(),
                t.str_field("description")?.to_owned(),
            ))
        })
        .collect();

    let mut raw_ops: Vec<RawOp<'a>> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Node::as_map) {
        for (path, item) in paths {
            let item_ptr = format!("#/paths/{}", escape_segment(path));
            let item = resolve(doc, item, &item_ptr)?;
            let item_ptr = item.ptr.clone();
            let item = item.node;
            let mut shared = Vec::new();
            if let Some(ps) = item.get("parameters").and_then(Node::as_seq) {
                for (i, p) in ps.iter().enumerate() {
                    shared.push((p, format!("{item_ptr}/parameters/{i}")));
                }
            }
            let Some(map) = item.as_map() else { continue };
            for (method, op) in map {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let ptr = format!("{item_ptr}/{method}");
                let tag = op
                    .get("tags")
                    .and_then(Node::as_seq)
                    .and_then(|t| t.first())
                    .and_then(Node::as_str)
                    .map(str::to_owned);
                if let Some(t) = &tag
                    && !tag_order.contains(t)
                {
                    tag_order.push(t.clone());
                }
                raw_ops.push((path.clone(), method.clone(), ptr, op, shared.clone()));
                let _ = tag;
            }
        }
    }

    // Traits: tags that have operations, then `DefaultApi`.
    let used_tags: Vec<Option<String>> = raw_ops
        .iter()
        .map(|(_, _, _, op, _)| {
            op.get("tags")
                .and_then(Node::as_seq)
                .and_then(|t| t.first())
                .and_then(Node::as_str)
                .map(str::to_owned)
        })
        .collect();
    let mut traits = Vec::new();
    let mut trait_of: HashMap<Option<String>, usize> = HashMap::new();
    let mut order: Vec<Option<String>> = tag_order.into_iter().map(Some).collect();
    order.push(None);
    for tag in order {
        if !used_tags.contains(&tag) || trait_of.contains_key(&tag) {
            continue;
        }
        let base = match &tag {
            Some(t) => {
                let p = names::type_name(t);
                if p.ends_with("Api") {
                    p
                } else {
                    format!("{p}Api")
                }
            }
            None => "DefaultApi".to_owned(),
        };
        let name = ctx.schemas.names.alloc(&base);
        let mut docs: Vec<String> = match tag.as_ref().and_then(|t| tag_docs.get(t)) {
            Some(d) => d.trim_end().lines().map(str::to_owned).collect(),
            None => Vec::new(),
        };
        if docs.is_empty() {
            docs.push(match &tag {
                Some(t) => format!("Operations tagged `{t}`."),
                None => "Operations without a tag.".to_owned(),
            });
        }
        docs.push(String::new());
        docs.push(crate::emit::docs::raw(
            "Implemented by [`Client`]; implement it yourself to mock the API in tests.",
        ));
        trait_of.insert(tag, traits.len());
        traits.push(ApiTrait { name, docs });
    }

    let mut operations = Vec::new();
    let mut pagination = Vec::new();
    let mut request_types = Vec::new();
    for ((path, method, ptr, op, shared), tag) in raw_ops.into_iter().zip(used_tags) {
        let trait_index = trait_of[&tag];
        let Some((operation, raw)) =
            ctx.operation(&path, &method, &ptr, op, &shared, trait_index)?
        else {
            continue;
        };
        if let Some(body) = &operation.body {
            request_types.push(body.ty.clone());
        }
        for p in &operation.params {
            request_types.push(p.ty.clone());
        }
        operations.push(operation);
        pagination.push(raw);
    }

    // The error model: the schema of the most error responses; ties → the first name.
    let mut candidates: Vec<(usize, String, Schema, String)> =
        ctx.error_counts.into_values().collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let error_model = match candidates.into_iter().next() {
        Some((_, _, schema, hint)) => ctx.schemas.ty(&schema, &hint)?,
        None => Ty::Value,
    };
    Ok(Built {
        traits,
        operations,
        pagination,
        request_types,
        error_model,
    })
}

impl Ctx<'_, '_> {
    #[allow(clippy::too_many_lines)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        ptr: &str,
        op: &Node,
        shared: &[(&Node, String)],
        trait_index: usize,
    ) -> Result<Option<(Operation, Option<RawPagination>)>> {
        let doc = self.doc;
        let id = match op.str_field("operationId") {
            Some(id) => id.to_owned(),
            None => {
                let segments: Vec<String> = path
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| names::pascal(s.trim_matches(|c| c == '{' || c == '}')))
                    .collect();
                format!("{method}{}", segments.join(""))
            }
        };
        let op_pascal = names::type_name(&id);
        let base_fn = names::field_name(&id);
        let base_fn = if base_fn.starts_with('_') {
            format!("op{base_fn}")
        } else {
            base_fn
        };
        let fn_names = &self.fn_names;
        let probe = fn_names.clone();
        let fn_name = self.fn_names.alloc_with(&base_fn, |c| {
            !probe.contains(&format!("{c}_with_response"))
                && !probe.contains(&format!("{c}_stream"))
        });
        self.fn_names.reserve(&format!("{fn_name}_with_response"));
        self.fn_names.reserve(&format!("{fn_name}_stream"));

        // Docs.
        let mut docs = Vec::new();
        if let Some(s) = op.str_field("summary") {
            docs.push(s.trim().to_owned());
        }
        if let Some(d) = op.str_field("description") {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(d.trim_end().lines().map(str::to_owned));
        }
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(
            "`{} {}` (operation `{}`).",
            method.to_ascii_uppercase(),
            path,
            id.replace('`', "'")
        ));
        if op.flag("deprecated") {
            docs.push(String::new());
            docs.push("Deprecated.".to_owned());
        }

        // Parameters: path-level ones, overridden by operation-level ones with the same name and place.
        let mut raw_params: Vec<(Resolved<'_>, String)> = Vec::new();
        let mut all: Vec<(&Node, String)> = shared.to_vec();
        if let Some(ps) = op.get("parameters").and_then(Node::as_seq) {
            for (i, p) in ps.iter().enumerate() {
                all.push((p, format!("{ptr}/parameters/{i}")));
            }
        }
        for (p, p_ptr) in &all {
            let r = resolve(doc, p, p_ptr)?;
            let name = r.node.str_field("name").unwrap_or_default().to_owned();
            let place = r.node.str_field("in").unwrap_or_default().to_owned();
            if let Some(existing) = raw_params.iter_mut().find(|(e, _)| {
                e.node.str_field("name") == Some(&name) && e.node.str_field("in") == Some(&place)
            }) {
                *existing = (r, p_ptr.clone());
            } else {
                raw_params.push((r, p_ptr.clone()));
            }
        }
        let mut arg_names = NameSet::snake();
        arg_names.reserve("self");
        let mut params = Vec::new();
        for (r, _) in &raw_params {
            if let Some(p) = self.param(r, &op_pascal, &mut arg_names)? {
                params.push(p);
            }
        }
        let declared: Vec<&str> = params
            .iter()
            .filter(|p| p.location == Location::Path)
            .map(|p| p.wire.as_str())
            .collect();
        let path_parts = crate::path_template::parts(path, &declared, ptr)?;
        // Required first (in spec order), then optional.
        let (mut required, optional): (Vec<Param>, Vec<Param>) =
            params.into_iter().partition(|p| p.required);
        let params_struct = if optional.is_empty() {
            None
        } else {
            Some(self.schemas.names.alloc(&format!("{op_pascal}Params")))
        };
        required.extend(optional);
        let params = required;

        // Request body.
        let body = match op.get("requestBody") {
            Some(b) => self.body(b, &format!("{ptr}/requestBody"), &op_pascal, &mut arg_names)?,
            None => None,
        };
        let body = match body {
            Some(Some(b)) => Some(b),
            Some(None) => {
                self.schemas.warnings.warn(
                    ptr,
                    "operation skipped: its request body is only multipart/form-data, which is not supported",
                );
                return Ok(None);
            }
            None => None,
        };

        // Responses.
        let (success, success_kind) = self.responses(op, ptr, &op_pascal)?;

        // Security.
        let security = op
            .get("security")
            .and_then(Node::as_seq)
            .map(<[Node]>::to_vec)
            .or_else(|| self.global_security.clone());
        let no_auth = match &security {
            Some(list) => list.is_empty(),
            None => false,
        };

        let retry_safe = match op.get("x-retry-safe") {
            None => None,
            Some(Node::Bool(b)) => Some(*b),
            Some(other) => bail!(
                "{ptr}/x-retry-safe: expected a boolean, found {}",
                other.kind_name()
            ),
        };
        let raw = op.get("x-pagination").map(|node| RawPagination {
            ptr: format!("{ptr}/x-pagination"),
            node: node.clone(),
        });
        Ok(Some((
            Operation {
                id,
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                path_parts,
                fn_name,
                trait_index,
                docs,
                params,
                params_struct,
                body,
                success,
                success_kind,
                no_auth,
                retry_safe,
                pagination: None,
            },
            raw,
        )))
    }

    fn param(
        &mut self,
        r: &Resolved<'_>,
        op_pascal: &str,
        arg_names: &mut NameSet,
    ) -> Result<Option<Param>> {
        let node = r.node;
        let ptr = &r.ptr;
        let Some(wire) = node.str_field("name") else {
            bail!("{ptr}: parameter without `name`");
        };
        let place = node.str_field("in").unwrap_or_default();
        let location = match place {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => {
                if ["accept", "content-type", "authorization"]
                    .contains(&wire.to_ascii_lowercase().as_str())
                {
                    return Ok(None);
                }
                Location::Header
            }
            "cookie" => {
                if node.flag("required") {
                    bail!("unsupported construct at {ptr}: required cookie parameter `{wire}`");
                }
                self.schemas.warnings.warn(
                    ptr,
                    &format!("cookie parameter `{wire}` is not supported and was skipped"),
                );
                return Ok(None);
            }
            other => bail!("{ptr}: parameter `{wire}` has an unknown location `{other}`"),
        };
        let required = location == Location::Path || node.flag("required");
        let schema = match (
            node.get("schema"),
            node.get("content").and_then(Node::as_map),
        ) {
            (Some(s), _) => self.schemas.convert(s, &format!("{ptr}/schema"))?,
            (None, Some(content)) => match content.iter().next() {
                Some((media, m)) => {
                    let s = m
                        .get("schema")
                        .cloned()
                        .unwrap_or(Node::Map(Default::default()));
                    let _ = media;
                    self.schemas
                        .warnings
                        .warn(ptr, "a parameter with `content` is sent as a plain value");
                    self.schemas.convert(&s, &format!("{ptr}/content"))?
                }
                None => Schema::bare(
                    ptr,
                    Kind::Str {
                        format: None,
                        values: None,
                    },
                ),
            },
            (None, None) => Schema::bare(
                ptr,
                Kind::Str {
                    format: None,
                    values: None,
                },
            ),
        };
        let hint = match &r.component {
            Some(c) => names::type_name(c),
            None => format!("{op_pascal}{}", names::type_name(wire)),
        };
        let sensitive = self.schemas.is_sensitive(&schema)?;
        let mut ty = self.schemas.ty(&schema, &hint)?;
        let resolved = self.schemas.resolve(&schema)?;
        let style_name = node.str_field("style").unwrap_or(match location {
            Location::Query => "form",
            _ => "simple",
        });
        let explode = node
            .get("explode")
            .and_then(Node::as_bool)
            .unwrap_or(style_name == "form");
        let models = &self.schemas.models;
        let style = match (&resolved.kind, &ty) {
            (_, Ty::Secret) => Style::Secret,
            (Kind::Array(_), Ty::Vec(item)) | (_, Ty::Vec(item)) => {
                if !item.is_display(models) {
                    self.schemas.warnings.warn(
                        ptr,
                        "array parameter items are not plain values; sent as JSON text",
                    );
                    ty = Ty::Vec(Box::new(Ty::Value));
                }
                match (location, style_name, explode) {
                    (Location::Query, "form", true) => Style::ArrayExplode,
                    (Location::Query, "spaceDelimited", _) => Style::ArrayJoined(' '),
                    (Location::Query, "pipeDelimited", _) => Style::ArrayJoined('|'),
                    _ => Style::ArrayJoined(','),
                }
            }
            _ if ty.is_display(models) => Style::Scalar,
            _ if location == Location::Query => match (style_name, explode) {
                ("deepObject", _) => Style::DeepObject,
                (_, true) => Style::ObjectExplode,
                (_, false) => Style::ObjectJoined,
            },
            _ => {
                self.schemas.warnings.warn(
                    ptr,
                    &format!(
                        "{place} parameter `{wire}` is not a plain value; generated as a string"
                    ),
                );
                ty = Ty::String;
                Style::Scalar
            }
        };
        let _ = sensitive;
        let mut docs = Vec::new();
        if let Some(d) = node.str_field("description") {
            docs.extend(d.trim_end().lines().map(str::to_owned));
        }
        let extra = schema_docs(&schema);
        if !extra.is_empty() {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(extra);
        }
        if node.flag("deprecated") {
            docs.push(String::new());
            docs.push("Deprecated.".to_owned());
        }
        if docs.is_empty() {
            docs.push(format!("The `{wire}` {place} parameter."));
        }
        let base = names::field_name(wire);
        let base = if !required && PARAMS_RESERVED.contains(&base.as_str()) {
            format!("{base}_")
        } else {
            base
        };
        Ok(Some(Param {
            wire: wire.to_owned(),
            rust: arg_names.alloc(&base),
            location,
            ty,
            style,
            required,
            docs,
            default: resolved.default.clone().or_else(|| schema.default.clone()),
            maximum: schema.maximum.or(resolved.maximum),
        }))
    }

    /// `Ok(None)` inside: only unsupported media types (the operation is skipped).
    fn body(
        &mut self,
        node: &Node,
        ptr: &str,
        op_pascal: &str,
        arg_names: &mut NameSet,
    ) -> Result<Option<Option<Body>>> {
        let r = resolve(self.doc, node, ptr)?;
        let Some(content) = r.node.get("content").and_then(Node::as_map) else {
            return Ok(None);
        };
        let Some((media, m)) = pick_media(content) else {
            return Ok(None);
        };
        let media_type = media.split(';').next().unwrap_or("").trim().to_owned();
        if media_type.starts_with("multipart/") {
            return Ok(Some(None));
        }
        let required = r.node.flag("required");
        let hint = match &r.component {
            Some(c) => names::type_name(c),
            None => format!("{op_pascal}Request"),
        };
        let schema_ptr = format!("{}/content/{}/schema", r.ptr, escape_segment(media));
        let (kind, ty, schema_docs_lines) = if is_json(&media_type)
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
        Ok(Some(Some(Body {
            rust: arg_names.alloc("body"),
            ty,
            required,
            kind,
            docs,
        })))
    }

    fn responses(&mut self, op: &Node, ptr: &str, op_pascal: &str) -> Result<(Ty, SuccessKind)> {
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
            let media_type = media.split(';').next().unwrap_or("").trim().to_owned();
            let schema_ptr = format!("{}/content/{}/schema", r.ptr, escape_segment(media));
            if success {
                if is_json(&media_type) {
                    let schema = match m.get("schema") {
                        Some(s) => self.schemas.convert(s, &schema_ptr)?,
                        None => Schema::bare(&schema_ptr, Kind::Any),
                    };
                    let hint = match &r.component {
                        Some(c) => names::type_name(c),
                        None => format!("{op_pascal}Response"),
                    };
                    let ty = self.schemas.ty(&schema, &hint)?;
                    successes.push(Some((SuccessKind::Json, ty)));
                } else if media_type.starts_with("text/") {
                    successes.push(Some((SuccessKind::Text, Ty::String)));
                } else {
                    successes.push(Some((SuccessKind::Bytes, Ty::Bytes)));
                }
            } else if is_json(&media_type) {
                let Some(s) = m.get("schema") else { continue };
                let schema = self.schemas.convert(s, &schema_ptr)?;
                let (key, name, hint) = match &schema.kind {
                    Kind::Ref(p) => {
                        let resolved_name = p
                            .rsplit('/')
                            .next()
                            .map(super::node::unescape_segment)
                            .unwrap_or_default();
                        (
                            p.clone(),
                            names::type_name(&resolved_name),
                            names::type_name(&resolved_name),
                        )
                    }
                    _ => {
                        let hint = match &r.component {
                            Some(c) => names::type_name(c),
                            None => format!("{op_pascal}Error"),
                        };
                        (schema.ptr.clone(), hint.clone(), hint)
                    }
                };
                let entry = self
                    .error_counts
                    .entry(key)
                    .or_insert((0, name, schema, hint));
                entry.0 += 1;
            }
        }
        let bodies: Vec<&(SuccessKind, Ty)> = successes.iter().flatten().collect();
        if bodies.is_empty() {
            return Ok((Ty::Unit, SuccessKind::Empty));
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
        Ok(match (kind, some_empty) {
            (SuccessKind::Json, _) if lenient => {
                (Ty::Option(Box::new(ty)), SuccessKind::JsonLenient)
            }
            (SuccessKind::Json, true) => (Ty::Option(Box::new(ty)), SuccessKind::JsonOpt),
            (k, _) => (ty, k),
        })
    }
}

/// Resolves `x-pagination` once models are final.
pub fn resolve_pagination(
    raw: &RawPagination,
    op: &Operation,
    schemas: &Schemas<'_>,
) -> Result<Pagination> {
    let ptr = &raw.ptr;
    let node = &raw.node;
    let kind = node
        .str_field("kind")
        .ok_or_else(|| anyhow!("{ptr}: `kind` (cursor or offset) is required"))?;
    if !matches!(op.success_kind, SuccessKind::Json) {
        bail!("{ptr}: pagination needs a JSON success body");
    }
    let field = |key: &str| -> Result<&str> {
        node.str_field(key)
            .ok_or_else(|| anyhow!("{ptr}: `{key}` is required"))
    };
    let optional_query = |wire: &str, key: &str| -> Result<&Param> {
        op.params
            .iter()
            .find(|p| p.wire == wire && p.location == Location::Query && !p.required)
            .ok_or_else(|| {
                anyhow!("{ptr}/{key}: `{wire}` is not an optional query parameter of the operation")
            })
    };
    let items = resolve_pointer(
        &op.success,
        field("items")?,
        &format!("{ptr}/items"),
        schemas,
    )?;
    let item = match unalias(&items.leaf, schemas) {
        Ty::Vec(item) => (*item).clone(),
        other => bail!(
            "{ptr}/items: `{}` is not an array (found {other:?})",
            field("items")?
        ),
    };
    match kind {
        "cursor" => {
            let param = optional_query(field("cursor-param")?, "cursor-param")?;
            if param.ty != Ty::String {
                bail!("{ptr}/cursor-param: the cursor parameter must be a string");
            }
            let next = resolve_pointer(
                &op.success,
                field("next-cursor")?,
                &format!("{ptr}/next-cursor"),
                schemas,
            )?;
            if !matches!(unalias(&next.leaf, schemas), Ty::String | Ty::Prim(_)) {
                bail!("{ptr}/next-cursor: the next cursor must be a string or an integer");
            }
            Ok(Pagination::Cursor {
                param: param.rust.clone(),
                next,
                items,
                item,
            })
        }
        "offset" => {
            let limit = optional_query(field("limit-param")?, "limit-param")?;
            let offset = optional_query(field("offset-param")?, "offset-param")?;
            for (p, key) in [(limit, "limit-param"), (offset, "offset-param")] {
                if !matches!(p.ty, Ty::Prim(_)) {
                    bail!("{ptr}/{key}: `{}` must be an integer parameter", p.wire);
                }
            }
            let total = match node.str_field("total") {
                Some(t) => {
                    let path = resolve_pointer(&op.success, t, &format!("{ptr}/total"), schemas)?;
                    if !matches!(unalias(&path.leaf, schemas), Ty::Prim(p) if !p.starts_with('f')) {
                        bail!("{ptr}/total: the total must be an integer");
                    }
                    Some(path)
                }
                None => None,
            };
            let default_limit = limit
                .default
                .as_ref()
                .and_then(Node::as_f64)
                .or(limit.maximum)
                .filter(|v| *v >= 1.0)
                .map_or(100, |v| v as u64);
            Ok(Pagination::Offset {
                limit: (limit.rust.clone(), limit.ty.clone()),
                offset: (offset.rust.clone(), offset.ty.clone()),
                default_limit,
                items,
                total,
                item,
            })
        }
        other => bail!("{ptr}/kind: unknown pagination kind `{other}` (expected cursor or offset)"),
    }
}

fn unalias(ty: &Ty, schemas: &Schemas<'_>) -> Ty {
    let mut current = ty.clone();
    for _ in 0..32 {
        let Ty::Named(n) = &current else {
            return current;
        };
        match schemas
            .models
            .iter()
            .find(|m| &m.name == n)
            .map(|m| &m.kind)
        {
            Some(ModelKind::Alias(t)) => current = t.clone(),
            _ => return current,
        }
    }
    current
}

fn resolve_pointer(root: &Ty, pointer: &str, ptr: &str, schemas: &Schemas<'_>) -> Result<Path> {
    let mut steps = Vec::new();
    let mut current = root.clone();
    let rest = pointer.strip_prefix('/').unwrap_or(pointer);
    if rest.is_empty() {
        return Ok(Path {
            steps,
            leaf: current,
        });
    }
    for raw in rest.split('/') {
        let seg = super::node::unescape_segment(raw);
        let ty = unalias(&current, schemas);
        let Ty::Named(name) = &ty else {
            bail!(
                "{ptr}: `{pointer}` does not resolve: `{seg}` is looked up in a value that is not an object"
            );
        };
        let model = schemas
            .models
            .iter()
            .find(|m| &m.name == name)
            .expect("model exists");
        let ModelKind::Struct { fields, .. } = &model.kind else {
            bail!("{ptr}: `{pointer}` does not resolve: `{name}` is not a struct");
        };
        let Some(f) = fields.iter().find(|f| f.wire == seg) else {
            bail!("{ptr}: `{pointer}` does not resolve: `{name}` has no property `{seg}`");
        };
        let full = f.ty();
        steps.push(FieldStep {
            rust: f.rust.clone(),
            optional: matches!(full, Ty::Option(_)),
            three_state: matches!(full, Ty::Nullable(_)),
            boxed: f.boxed,
        });
        current = f.base.clone();
    }
    Ok(Path {
        steps,
        leaf: current,
    })
}
