//! Swagger 2.0 parameters → OpenAPI 3.0 parameters and request bodies.
//!
//! - `in: query|header|path`: the type keywords (`type`, `format`, `items`, `enum`, bounds, ...)
//!   move into `schema`; `collectionFormat` becomes `style`/`explode` (`csv` → comma-joined,
//!   `ssv` → `spaceDelimited`, `pipes` → `pipeDelimited`, `multi` → repeated, exploded);
//! - `in: body` → `requestBody` with one `content` entry per `consumes` media type;
//! - `in: formData` → a `requestBody` whose schema is an object of the form fields,
//!   `application/x-www-form-urlencoded` (or `multipart/form-data` when `consumes` says only
//!   that, or a field is a `type: file`).

use super::super::node::{Map, Node};
use super::schema;
use crate::Warnings;

/// Keywords of a 2.0 non-body parameter (and of its `items`) that describe its value.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
    "x-sensitive",
];

/// Form media types.
pub(super) const FORM: &str = "application/x-www-form-urlencoded";
/// Multipart media type.
pub(super) const MULTIPART: &str = "multipart/form-data";

/// The schema of a 2.0 non-body parameter, header or `items` object: its value keywords.
pub(super) fn value_schema(m: &Map) -> Node {
    let mut out = Map::new();
    for (k, v) in m {
        if !SCHEMA_KEYS.contains(&k.as_str()) {
            continue;
        }
        let v = if k == "items" {
            match v {
                Node::Map(items) => value_schema(items),
                other => other.clone(),
            }
        } else {
            v.clone()
        };
        out.insert(k.clone(), v);
    }
    schema::schema(&Node::Map(out))
}

/// Converts a query, header or path parameter (`ptr` is its 2.0 pointer).
pub(super) fn parameter(m: &Map, ptr: &str, warnings: &mut Warnings) -> Node {
    let place = m.get("in").and_then(Node::as_str).unwrap_or_default();
    let mut out = Map::new();
    for (k, v) in m {
        if SCHEMA_KEYS.contains(&k.as_str()) && k != "x-sensitive" || k == "collectionFormat" {
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    if m.get("type").and_then(Node::as_str) == Some("array") {
        let format = m
            .get("collectionFormat")
            .and_then(Node::as_str)
            .unwrap_or("csv");
        let name = m.get("name").and_then(Node::as_str).unwrap_or_default();
        let (style, explode) = collection_style(format, place, name, ptr, warnings);
        if let Some(style) = style {
            out.insert("style".into(), Node::Str(style.into()));
        }
        out.insert("explode".into(), Node::Bool(explode));
    }
    let mut value = value_schema(m);
    if !m.contains_key("type") {
        warnings.warn(ptr, "parameter without `type`: read as `type: string`");
        if let Node::Map(s) = &mut value {
            s.insert("type".into(), Node::Str("string".into()));
        }
    } else if m.get("type").and_then(Node::as_str) == Some("file") {
        warnings.warn(
            ptr,
            &format!("`type: file` is only allowed in `formData`: the {place} parameter is read as a binary string"),
        );
    }
    out.insert("schema".into(), value);
    Node::Map(out)
}

/// `style` (when not the location's default) and `explode` of an array parameter.
fn collection_style(
    format: &str,
    place: &str,
    name: &str,
    ptr: &str,
    warnings: &mut Warnings,
) -> (Option<&'static str>, bool) {
    let query = place == "query";
    match (format, query) {
        ("csv", true) => (Some("form"), false),
        ("csv", false) => (None, false),
        ("ssv", true) => (Some("spaceDelimited"), false),
        ("pipes", true) => (Some("pipeDelimited"), false),
        ("multi", true) => (Some("form"), true),
        (other, _) => {
            warnings.warn(
                ptr,
                &format!(
                    "`collectionFormat: {other}` of {place} parameter `{name}` has no OpenAPI 3 form: sent comma-separated"
                ),
            );
            (query.then_some("form"), false)
        }
    }
}

/// A form field of a `formData` parameter, as a property schema (its description kept).
pub(super) fn form_field(m: &Map) -> Node {
    let mut value = value_schema(m);
    if let (Node::Map(s), Some(d)) = (&mut value, m.get("description")) {
        s.insert("description".into(), d.clone());
    }
    value
}

/// The `requestBody` of a body parameter, with one content entry per media type.
pub(super) fn body(m: &Map, media: &[String]) -> Node {
    let mut out = Map::new();
    if let Some(d) = m.get("description") {
        out.insert("description".into(), d.clone());
    }
    if let Some(r) = m.get("required") {
        out.insert("required".into(), r.clone());
    }
    let schema = m
        .get("schema")
        .map(schema::schema)
        .unwrap_or_else(|| Node::Map(Map::new()));
    out.insert("content".into(), content(media, &schema));
    for (k, v) in m {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Node::Map(out)
}

/// A `content` map: `schema` under each media type.
pub(super) fn content(media: &[String], schema: &Node) -> Node {
    let mut content = Map::new();
    for media in media {
        let mut entry = Map::new();
        entry.insert("schema".into(), schema.clone());
        content.insert(media.clone(), Node::Map(entry));
    }
    Node::Map(content)
}

/// The `requestBody` of an operation's `formData` parameters (`(pointer, parameter)` each).
/// `consumes` is the operation's; the body is multipart when a field is a file.
pub(super) fn form_body(
    fields: &[(String, &Map)],
    consumes: &[String],
    warnings: &mut Warnings,
) -> Node {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut file = None;
    for (ptr, m) in fields {
        let Some(name) = m.get("name").and_then(Node::as_str) else {
            warnings.warn(ptr, "`formData` parameter without `name`: left out");
            continue;
        };
        if m.get("type").and_then(Node::as_str) == Some("file") && file.is_none() {
            file = Some(ptr.clone());
        }
        if m.get("required").and_then(Node::as_bool) == Some(true) {
            required.push(Node::Str(name.to_owned()));
        }
        properties.insert(name.to_owned(), form_field(m));
    }
    let listed: Vec<String> = consumes
        .iter()
        .filter(|c| {
            let essence = c.split(';').next().unwrap_or_default().trim();
            essence == FORM || essence == MULTIPART
        })
        .cloned()
        .collect();
    let media = match &file {
        Some(ptr) => {
            warnings.warn(
                ptr,
                "`type: file` form field: the body is `multipart/form-data` (the file a binary string)",
            );
            vec![MULTIPART.to_owned()]
        }
        None if listed.is_empty() => vec![FORM.to_owned()],
        None => listed,
    };
    let mut schema = Map::new();
    schema.insert("type".into(), Node::Str("object".into()));
    if !required.is_empty() {
        schema.insert("required".into(), Node::Seq(required));
    }
    schema.insert("properties".into(), Node::Map(properties));
    let mut out = Map::new();
    if fields
        .iter()
        .any(|(_, m)| m.get("required").and_then(Node::as_bool) == Some(true))
    {
        out.insert("required".into(), Node::Bool(true));
    }
    out.insert("content".into(), content(&media, &Node::Map(schema)));
    Node::Map(out)
}
