//! Repairs of local defects in a document, made before planning so that one mistake of a
//! published spec never stops the run. Each repair records one warning naming the JSON pointer
//! and what was done (`--strict` turns them into errors):
//!
//! - a format written as the type (`type: date-time`, `type: uuid`, `type: int64`, ...) is read
//!   as its type with that format (`type: string, format: date-time`);
//! - a `$ref` that does not resolve: a schema becomes any JSON value (`{}`), a parameter or a
//!   request body is left out, a response has no body;
//! - an `enum` whose values do not have the schema's `type` is dropped (the plain type is kept);
//! - `required` naming a property the object does not define: the name is dropped;
//! - `nullable` next to a `$ref` (ignored by the standard): the reference is made nullable;
//! - 3.1 `webhooks` and path items without operations: nothing to generate, said so.

use super::node::{Map, Node, escape_segment};
use crate::Warnings;
use std::collections::HashSet;

/// Formats that specs write as a `type`, and the type they belong to.
const FORMAT_TYPES: &[(&str, &str)] = &[
    ("date-time", "string"),
    ("datetime", "string"),
    ("date", "string"),
    ("time", "string"),
    ("duration", "string"),
    ("uuid", "string"),
    ("email", "string"),
    ("uri", "string"),
    ("url", "string"),
    ("hostname", "string"),
    ("ipv4", "string"),
    ("ipv6", "string"),
    ("byte", "string"),
    ("binary", "string"),
    ("password", "string"),
    ("int32", "integer"),
    ("int64", "integer"),
    ("float", "number"),
    ("double", "number"),
];

/// The type and format of a format name written as a type.
fn format_type(t: &str) -> Option<(&'static str, &'static str)> {
    let (format, ty) = FORMAT_TYPES.iter().find(|(f, _)| *f == t)?;
    Some((
        ty,
        if *format == "datetime" {
            "date-time"
        } else {
            format
        },
    ))
}

/// Repairs `doc` in place, recording one warning per repair.
pub fn repair(doc: &mut Node, warnings: &mut Warnings) {
    let mut missing = HashSet::new();
    unresolved_refs(doc, doc, &mut missing);
    if let Some(Node::Map(hooks)) = doc.get("webhooks")
        && !hooks.is_empty()
    {
        warnings.warn(
            "#/webhooks",
            &format!(
                "{} webhook(s) not generated: they describe requests the API sends, which a client does not receive",
                hooks.len()
            ),
        );
    }
    let Node::Map(root) = doc else { return };
    if let Some(Node::Map(paths)) = root.get("paths") {
        for (path, item) in paths {
            let empty = item.as_map().is_some_and(|m| {
                !m.contains_key("$ref")
                    && !m.keys().any(|k| {
                        matches!(
                            k.as_str(),
                            "get"
                                | "put"
                                | "post"
                                | "delete"
                                | "options"
                                | "head"
                                | "patch"
                                | "trace"
                        )
                    })
            });
            if empty || matches!(item, Node::Null) {
                warnings.warn(
                    &format!("#/paths/{}", escape_segment(path)),
                    "path item without operations: nothing generated",
                );
            }
        }
    }
    let fix = Fixer {
        missing: &missing,
        warnings,
    };
    fix.walk(doc, "#", Place::Other)
}

/// Every local `$ref` in `node` that does not resolve in `doc`.
fn unresolved_refs(doc: &Node, node: &Node, out: &mut HashSet<String>) {
    match node {
        Node::Map(m) => {
            if let Some(Node::Str(r)) = m.get("$ref")
                && let Some(pointer) = r.strip_prefix('#')
                && doc.pointer(pointer).is_none()
            {
                out.insert(r.clone());
            }
            for v in m.values() {
                unresolved_refs(doc, v, out);
            }
        }
        Node::Seq(s) => s.iter().for_each(|v| unresolved_refs(doc, v, out)),
        _ => {}
    }
}

/// What a node is, as far as the repairs care.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// A schema.
    Schema,
    /// A member of `allOf`/`oneOf`/`anyOf` (its `required` may name another member's
    /// properties).
    Member,
    /// Anything else.
    Other,
}

struct Fixer<'w> {
    missing: &'w HashSet<String>,
    warnings: &'w mut Warnings,
}

impl Fixer<'_> {
    fn walk(mut self, doc: &mut Node, ptr: &str, place: Place) {
        self.node(doc, ptr, place);
    }

    fn node(&mut self, node: &mut Node, ptr: &str, place: Place) {
        match node {
            Node::Map(m) => {
                if place != Place::Other {
                    self.schema(m, ptr, place);
                }
                let is_schema = place != Place::Other;
                let in_components_schemas = ptr == "#/components/schemas";
                for (k, v) in m.iter_mut() {
                    let child = format!("{ptr}/{}", escape_segment(k));
                    let child_place = if in_components_schemas {
                        Place::Schema
                    } else if is_schema {
                        match k.as_str() {
                            "items" | "additionalProperties" | "not" => Place::Schema,
                            "allOf" | "oneOf" | "anyOf" | "prefixItems" | "properties" => {
                                self.container(v, &child, k == "properties");
                                continue;
                            }
                            _ => continue,
                        }
                    } else if k == "schema" {
                        Place::Schema
                    } else {
                        Place::Other
                    };
                    if child_place == Place::Other {
                        self.non_schema_refs(k, v, &child);
                    }
                    self.node(v, &child, child_place);
                }
            }
            Node::Seq(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.node(v, &format!("{ptr}/{i}"), place);
                }
            }
            _ => {}
        }
    }

    /// The members of `allOf`/`oneOf`/`anyOf`/`prefixItems` (a list) or `properties` (a map).
    fn container(&mut self, v: &mut Node, ptr: &str, properties: bool) {
        match v {
            Node::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.node(item, &format!("{ptr}/{i}"), Place::Member);
                }
            }
            Node::Map(m) if properties => {
                for (k, item) in m.iter_mut() {
                    self.node(item, &format!("{ptr}/{}", escape_segment(k)), Place::Schema);
                }
            }
            _ => {}
        }
    }

    /// Unresolved references where a parameter, request body or response is expected.
    fn non_schema_refs(&mut self, key: &str, v: &mut Node, ptr: &str) {
        match (key, v) {
            ("parameters", Node::Seq(list)) => {
                let mut i = 0;
                list.retain(|p| {
                    let at = format!("{ptr}/{i}");
                    i += 1;
                    match self.missing_ref(p) {
                        Some(r) => {
                            self.warnings.warn(
                                &at,
                                &format!(
                                    "`$ref` `{r}` does not resolve: the parameter is left out"
                                ),
                            );
                            false
                        }
                        None => true,
                    }
                });
            }
            ("responses", Node::Map(responses)) => {
                for (status, response) in responses.iter_mut() {
                    if let Some(r) = self.missing_ref(response) {
                        self.warnings.warn(
                            &format!("{ptr}/{}", escape_segment(status)),
                            &format!(
                                "`$ref` `{r}` does not resolve: the response is read without a body"
                            ),
                        );
                        let mut m = Map::new();
                        m.insert(
                            "description".into(),
                            Node::Str(format!("Unresolved `{r}`.")),
                        );
                        *response = Node::Map(m);
                    }
                }
            }
            (_, Node::Map(m)) => {
                if let Some(body) = m.get("requestBody")
                    && let Some(r) = self.missing_ref(body)
                {
                    self.warnings.warn(
                        &format!("{ptr}/requestBody"),
                        &format!("`$ref` `{r}` does not resolve: the operation is generated without a request body"),
                    );
                    m.shift_remove("requestBody");
                }
            }
            _ => {}
        }
    }

    fn missing_ref(&self, node: &Node) -> Option<String> {
        let r = node.get("$ref")?.as_str()?;
        self.missing.contains(r).then(|| r.to_owned())
    }

    /// The repairs of one schema object.
    fn schema(&mut self, m: &mut Map, ptr: &str, place: Place) {
        if let Some(r) = m.get("$ref").and_then(Node::as_str).map(str::to_owned) {
            if self.missing.contains(&r) {
                self.warnings.warn(
                    ptr,
                    &format!("`$ref` `{r}` does not resolve: generated as any JSON value (`serde_json::Value`)"),
                );
                m.shift_remove("$ref");
            } else if m.get("nullable").and_then(Node::as_bool) == Some(true) {
                self.warnings.warn(
                    ptr,
                    "`nullable` next to `$ref` (ignored by the standard): the reference is generated as nullable",
                );
            }
            return;
        }
        self.format_as_type(m, ptr);
        self.enum_of_wrong_type(m, ptr);
        if place == Place::Schema {
            self.required_absent(m, ptr);
        }
    }

    fn format_as_type(&mut self, m: &mut Map, ptr: &str) {
        let found = match m.get("type") {
            Some(Node::Str(t)) => format_type(t).map(|f| (t.clone(), f, None)),
            Some(Node::Seq(ts)) => ts.iter().enumerate().find_map(|(i, t)| {
                let t = t.as_str()?;
                format_type(t).map(|f| (t.to_owned(), f, Some(i)))
            }),
            _ => None,
        };
        let Some((t, (ty, format), index)) = found else {
            return;
        };
        self.warnings.warn(
            ptr,
            &format!("`type: {t}` is a format, not a type: read as `type: {ty}, format: {format}`"),
        );
        let ty = Node::Str(ty.to_owned());
        match (index, m.get_mut("type")) {
            (Some(i), Some(Node::Seq(ts))) => ts[i] = ty,
            _ => {
                m.insert("type".into(), ty);
            }
        }
        if !m.contains_key("format") {
            m.insert("format".into(), Node::Str(format.to_owned()));
        }
    }

    fn enum_of_wrong_type(&mut self, m: &mut Map, ptr: &str) {
        let (Some(Node::Str(t)), Some(Node::Seq(values))) = (m.get("type"), m.get("enum")) else {
            return;
        };
        let fits = |v: &Node| match (t.as_str(), v) {
            (_, Node::Null) => true,
            ("string", Node::Str(_)) => true,
            ("integer", Node::Int(_)) => true,
            ("number", Node::Int(_) | Node::Float(_)) => true,
            ("boolean", Node::Bool(_)) => true,
            ("string" | "integer" | "number" | "boolean", _) => false,
            _ => true,
        };
        if let Some(bad) = values.iter().find(|v| !fits(v)) {
            let message = format!(
                "`enum` value {} is not of `type: {t}`: the `enum` is dropped, the value is a plain {t}",
                bad.to_json()
            );
            self.warnings.warn(ptr, &message);
            m.shift_remove("enum");
        }
    }

    fn required_absent(&mut self, m: &mut Map, ptr: &str) {
        if ["allOf", "oneOf", "anyOf", "additionalProperties"]
            .iter()
            .any(|k| m.contains_key(*k))
        {
            return;
        }
        let Some(Node::Map(props)) = m.get("properties") else {
            return;
        };
        let Some(Node::Seq(required)) = m.get("required") else {
            return;
        };
        let absent: Vec<String> = required
            .iter()
            .filter_map(Node::as_str)
            .filter(|r| !props.contains_key(*r))
            .map(str::to_owned)
            .collect();
        if absent.is_empty() {
            return;
        }
        for name in &absent {
            self.warnings.warn(
                &format!("{ptr}/required"),
                &format!(
                    "`required` names `{name}`, which is not a property: dropped from `required`"
                ),
            );
        }
        if let Some(Node::Seq(required)) = m.get_mut("required") {
            required.retain(|r| r.as_str().is_none_or(|r| !absent.iter().any(|a| a == r)));
        }
    }
}
