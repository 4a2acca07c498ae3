//! Path, query and header parameters: location, type, serialization style, docs.

use super::refs::{Resolved, resolve};
use super::{Ctx, RawOp, path};
use crate::load::ir::{Kind, Schema};
use crate::load::node::Node;
use crate::names::{self, NameSet};
use crate::plan::schemas::schema_docs;
use crate::plan::{Location, Param, Style, Ty};
use anyhow::{Result, bail};

/// A repair of one path parameter (see `Ctx::reconcile_path`).
struct PathFix {
    /// The index of the declared parameter it replaces; `None` for an added one.
    index: Option<usize>,
    /// The parameter's declared (or added) name.
    name: String,
    /// The parameter to use instead.
    node: Node,
    /// The declared parameter is left out.
    drop: bool,
}

/// Params-struct field names that would shadow derived methods (`Params::default()`).
const PARAMS_RESERVED: &[&str] = &["default", "clone", "eq", "ne", "fmt"];

/// Headers the client sets itself; parameters naming them are left out.
const CLIENT_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl Ctx<'_, '_> {
    /// The parameters of `raw` in spec order: path-level ones, overridden by operation-level
    /// ones with the same name and place. Argument names are allocated in `arg_names`.
    pub(super) fn params(
        &mut self,
        raw: &RawOp<'_>,
        op_pascal: &str,
        arg_names: &mut NameSet,
    ) -> Result<Vec<Param>> {
        let mut all: Vec<(&Node, String)> = raw.shared.clone();
        if let Some(ps) = raw.node.get("parameters").and_then(Node::as_seq) {
            for (i, p) in ps.iter().enumerate() {
                all.push((p, format!("{}/parameters/{i}", raw.ptr)));
            }
        }
        let mut merged: Vec<Resolved<'_>> = Vec::new();
        for (p, p_ptr) in &all {
            let r = resolve(self.doc, p, p_ptr)?;
            let name = r.node.str_field("name").unwrap_or_default().to_owned();
            let place = r.node.str_field("in").unwrap_or_default().to_owned();
            if let Some(existing) = merged.iter_mut().find(|e| {
                e.node.str_field("name") == Some(&name) && e.node.str_field("in") == Some(&place)
            }) {
                *existing = r;
            } else {
                merged.push(r);
            }
        }
        let fixes = self.reconcile_path(raw, &merged);
        let mut params = Vec::new();
        let mut kept: Vec<Resolved<'_>> = Vec::new();
        for (i, r) in merged.into_iter().enumerate() {
            match fixes.iter().find(|f| f.index == Some(i)) {
                Some(f) if f.drop => {}
                Some(f) => kept.push(Resolved {
                    node: &f.node,
                    ptr: r.ptr,
                    component: r.component,
                }),
                None => kept.push(r),
            }
        }
        for f in fixes.iter().filter(|f| f.index.is_none()) {
            kept.push(Resolved {
                node: &f.node,
                ptr: format!("{}/parameters/{{{}}}", raw.ptr, f.name),
                component: None,
            });
        }
        for r in &kept {
            if let Some(p) = self.param(r, op_pascal, arg_names)? {
                params.push(p);
            }
        }
        Ok(params)
    }

    /// Repairs of the path parameters against the path's placeholders: a declared parameter
    /// spelled with another case than its placeholder takes the path's spelling, one missing
    /// from the path is left out, and a placeholder without a parameter gets a required string
    /// parameter (each with a warning).
    fn reconcile_path(&mut self, raw: &RawOp<'_>, merged: &[Resolved<'_>]) -> Vec<PathFix> {
        let placeholders = path::placeholders(&raw.path);
        let is_path = |r: &Resolved<'_>| r.node.str_field("in") == Some("path");
        let name_of = |r: &Resolved<'_>| r.node.str_field("name").unwrap_or_default().to_owned();
        let declared: Vec<String> = merged.iter().filter(|r| is_path(r)).map(name_of).collect();
        let mut fixes = Vec::new();
        let mut matched: Vec<String> = Vec::new();
        for (i, r) in merged.iter().enumerate() {
            if !is_path(r) {
                continue;
            }
            let name = name_of(r);
            if placeholders.contains(&name) {
                continue;
            }
            let same_case = placeholders.iter().find(|p| {
                p.eq_ignore_ascii_case(&name) && !declared.contains(p) && !matched.contains(p)
            });
            let mut node = r.node.clone();
            let drop = match (same_case, &mut node) {
                (Some(p), Node::Map(m)) => {
                    self.schemas.warnings.warn(
                        &r.ptr,
                        &format!(
                            "path parameter `{name}` is written `{{{p}}}` in the path `{}`: the path's spelling is used",
                            raw.path
                        ),
                    );
                    m.insert("name".into(), Node::Str(p.clone()));
                    matched.push(p.clone());
                    false
                }
                _ => {
                    self.schemas.warnings.warn(
                        &r.ptr,
                        &format!(
                            "path parameter `{name}` does not appear in the path `{}`: left out",
                            raw.path
                        ),
                    );
                    true
                }
            };
            fixes.push(PathFix {
                index: Some(i),
                name,
                node,
                drop,
            });
        }
        for p in &placeholders {
            if declared.contains(p)
                || matched.contains(p)
                || fixes.iter().any(|f| f.index.is_none() && &f.name == p)
            {
                continue;
            }
            self.schemas.warnings.warn(
                &raw.ptr,
                &format!(
                    "the path placeholder `{{{p}}}` has no declared parameter: added as a required string path parameter"
                ),
            );
            let mut m = crate::load::node::Map::new();
            m.insert("name".into(), Node::Str(p.clone()));
            m.insert("in".into(), Node::Str("path".into()));
            m.insert("required".into(), Node::Bool(true));
            let mut schema = crate::load::node::Map::new();
            schema.insert("type".into(), Node::Str("string".into()));
            m.insert("schema".into(), Node::Map(schema));
            fixes.push(PathFix {
                index: None,
                name: p.clone(),
                node: Node::Map(m),
                drop: false,
            });
        }
        fixes
    }

    /// One parameter; `None` when it is left out (a client-set header, an optional cookie).
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
        let Some(location) = self.location(node, ptr, wire, place)? else {
            return Ok(None);
        };
        let required = location == Location::Path || node.flag("required");
        let schema = self.param_schema(node, ptr)?;
        let hint = match &r.component {
            Some(c) => names::type_name(c),
            None => format!("{op_pascal}{}", names::type_name(wire)),
        };
        // Converting the reference target before the type is planned keeps warnings in
        // reading order.
        self.schemas.is_sensitive(&schema)?;
        let mut ty = self.schemas.ty(&schema, &hint)?;
        let resolved = self.schemas.resolve(&schema)?;
        let style = self.style(node, ptr, location, &resolved, &mut ty);
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
            docs: param_docs(node, &schema, wire, place),
            default: resolved.default.clone().or_else(|| schema.default.clone()),
            maximum: schema.maximum.or(resolved.maximum),
        }))
    }

    /// Where the parameter goes; `None` for headers the client sets and optional cookies.
    fn location(
        &mut self,
        node: &Node,
        ptr: &str,
        wire: &str,
        place: &str,
    ) -> Result<Option<Location>> {
        Ok(Some(match place {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => {
                if CLIENT_HEADERS.contains(&wire.to_ascii_lowercase().as_str()) {
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
        }))
    }

    /// The parameter's schema (`schema`, else the first `content` entry's, else a string).
    fn param_schema(&mut self, node: &Node, ptr: &str) -> Result<Schema> {
        let plain_string = || {
            Schema::bare(
                ptr,
                Kind::Str {
                    format: None,
                    values: None,
                },
            )
        };
        Ok(
            match (
                node.get("schema"),
                node.get("content").and_then(Node::as_map),
            ) {
                (Some(s), _) => self.schemas.convert(s, &format!("{ptr}/schema"))?,
                (None, Some(content)) => match content.values().next() {
                    Some(m) => {
                        let s = m
                            .get("schema")
                            .cloned()
                            .unwrap_or(Node::Map(Default::default()));
                        self.schemas
                            .warnings
                            .warn(ptr, "a parameter with `content` is sent as a plain value");
                        self.schemas.convert(&s, &format!("{ptr}/content"))?
                    }
                    None => plain_string(),
                },
                (None, None) => plain_string(),
            },
        )
    }

    /// How the value is serialized; `ty` falls back to JSON text or a string for values that
    /// are not plain.
    fn style(
        &mut self,
        node: &Node,
        ptr: &str,
        location: Location,
        resolved: &Schema,
        ty: &mut Ty,
    ) -> Style {
        let style_name = node.str_field("style").unwrap_or(match location {
            Location::Query => "form",
            _ => "simple",
        });
        let explode = node
            .get("explode")
            .and_then(Node::as_bool)
            .unwrap_or(style_name == "form");
        let models = &self.schemas.models;
        match (&resolved.kind, &*ty) {
            (_, Ty::Secret) => Style::Secret,
            (Kind::Array(_), Ty::Vec(item)) | (_, Ty::Vec(item)) => {
                if !item.is_display(models) {
                    self.schemas.warnings.warn(
                        ptr,
                        "array parameter items are not plain values; sent as JSON text",
                    );
                    *ty = Ty::Vec(Box::new(Ty::Value));
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
                let place = node.str_field("in").unwrap_or_default();
                let wire = node.str_field("name").unwrap_or_default();
                self.schemas.warnings.warn(
                    ptr,
                    &format!(
                        "{place} parameter `{wire}` is not a plain value; generated as a string"
                    ),
                );
                *ty = Ty::String;
                Style::Scalar
            }
        }
    }
}

/// The parameter's description, its schema's notes, and deprecation.
fn param_docs(node: &Node, schema: &Schema, wire: &str, place: &str) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(d) = node.str_field("description") {
        docs.extend(d.trim_end().lines().map(str::to_owned));
    }
    let extra = schema_docs(schema);
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
    docs
}
