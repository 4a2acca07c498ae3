//! Swagger 2.0 documents → the OpenAPI 3.0 form every later stage reads, so a 2.0 file
//! generates like a 3.0 one.
//!
//! The conversion works on the bundled document tree, before the repairs:
//! - `host`, `basePath` and `schemes` → `servers` (`https` first; `https` when no scheme is
//!   given; a relative server when there is no `host`);
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` → `components/schemas`,
//!   `components/parameters` (body parameters → `components/requestBodies`; `formData` ones are
//!   inlined where used), `components/responses`, `components/securitySchemes`
//!   (`security`), with every local `$ref` rewritten (`schema`);
//! - per operation (`operations`): parameters (`params`), `in: body` / `in: formData` →
//!   `requestBody` with the media types of `consumes`, responses' `schema` → `content` with
//!   those of `produces` (both defaulting to `application/json`).
//!
//! What has no 3.0 form is converted as closely as possible with a warning naming the 2.0
//! pointer (`collectionFormat: tsv`, `type: file` outside a form, both `body` and `formData`
//! parameters, ...); nothing here fails on a defect of the document except a version other than
//! 2.0.
//!
//! The conversion also records where each converted part came from (a [`PointerMap`]), so the
//! warnings of the repairs and of planning name the 2.0 pointers too.

mod operations;
mod params;
mod schema;
mod security;

use super::node::{Map, Node, escape_segment};
use super::pointers::PointerMap;
use crate::Warnings;
use anyhow::{Result, bail};

/// True when `doc` is a Swagger document (has `swagger` and no `openapi`).
pub fn is_swagger(doc: &Node) -> bool {
    doc.get("swagger").is_some() && doc.get("openapi").is_none()
}

/// Converts the Swagger 2.0 document `doc` into its OpenAPI 3.0.3 form, and the map of its
/// pointers back to those of `doc` (for the warnings of the later stages).
pub fn convert(doc: &Node, warnings: &mut Warnings) -> Result<(Node, PointerMap)> {
    let version = match doc.get("swagger") {
        Some(Node::Str(v)) => v.clone(),
        Some(Node::Float(f)) => f.to_string(),
        Some(Node::Int(i)) => i.to_string(),
        Some(other) => other.to_json(),
        None => String::new(),
    };
    if version != "2.0" && version != "2" {
        bail!(
            "unsupported construct at #/swagger: Swagger version {version} (2.0 and OpenAPI 3.0.x / 3.1.x are supported)"
        );
    }
    let Node::Map(root) = doc else {
        bail!("#: not a Swagger document (not a mapping)");
    };
    let conv = operations::Converter::new(doc);
    let mut out = Map::new();
    out.insert("openapi".into(), Node::Str("3.0.3".into()));
    if let Some(info) = root.get("info") {
        out.insert("info".into(), info.clone());
    }
    if let Some(servers) = servers(root) {
        conv.map("#/servers".into(), "#/host".into());
        out.insert("servers".into(), servers);
    }
    for (k, v) in root {
        match k.as_str() {
            "swagger"
            | "info"
            | "host"
            | "basePath"
            | "schemes"
            | "consumes"
            | "produces"
            | "definitions"
            | "parameters"
            | "responses"
            | "securityDefinitions"
            | "components" => {}
            "paths" => {
                out.insert(k.clone(), conv.paths(v, warnings));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    let components = components(root, &conv, warnings);
    if !components.is_empty() {
        out.insert("components".into(), Node::Map(components));
    }
    Ok((Node::Map(out), conv.into_pointers()))
}

/// `servers` from `host`, `basePath` and `schemes`.
fn servers(root: &Map) -> Option<Node> {
    let base = root
        .get("basePath")
        .and_then(Node::as_str)
        .unwrap_or_default()
        .trim_end_matches('/');
    let server = |url: String| {
        let mut m = Map::new();
        m.insert("url".into(), Node::Str(url));
        Node::Map(m)
    };
    let Some(host) = root.get("host").and_then(Node::as_str) else {
        return (!base.is_empty()).then(|| Node::Seq(vec![server(base.to_owned())]));
    };
    let host = host.trim_end_matches('/');
    let listed: Vec<&str> = root
        .get("schemes")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .filter(|s| matches!(*s, "http" | "https"))
        .collect();
    let mut schemes: Vec<&str> = Vec::new();
    if listed.is_empty() || listed.contains(&"https") {
        schemes.push("https");
    }
    if listed.contains(&"http") {
        schemes.push("http");
    }
    Some(Node::Seq(
        schemes
            .into_iter()
            .map(|s| server(format!("{s}://{host}{base}")))
            .collect(),
    ))
}

/// `components` from the 2.0 sections (and the schemas bundled from other files).
fn components(root: &Map, conv: &operations::Converter<'_>, warnings: &mut Warnings) -> Map {
    let mut out = Map::new();
    let mut schemas = Map::new();
    let sections = [
        root.get("definitions"),
        root.get("components").and_then(|c| c.get("schemas")),
    ];
    for (section, source) in sections
        .into_iter()
        .zip(["#/definitions", "#/components/schemas"])
    {
        if let Some(Node::Map(defs)) = section {
            for (name, s) in defs {
                let name_ptr = escape_segment(name);
                conv.map(
                    format!("#/components/schemas/{name_ptr}"),
                    format!("{source}/{name_ptr}"),
                );
                schemas.insert(name.clone(), schema::schema(s));
            }
        }
    }
    insert_section(&mut out, "schemas", schemas);
    if let Some(Node::Map(defs)) = root.get("parameters") {
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, p) in defs {
            let ptr = format!("#/parameters/{}", escape_segment(name));
            let Node::Map(m) = p else {
                warnings.warn(&ptr, "parameter is not a mapping: left out");
                continue;
            };
            let name_ptr = escape_segment(name);
            match m.get("in").and_then(Node::as_str) {
                Some("body") => {
                    let from = format!("#/components/requestBodies/{name_ptr}");
                    conv.map(from.clone(), ptr.clone());
                    conv.map_content(&from, &ptr, &conv.consumes);
                    bodies.insert(name.clone(), params::body(m, &conv.consumes));
                }
                // Inlined into the request body of each operation using it.
                Some("formData") => {}
                _ => {
                    let from = format!("#/components/parameters/{name_ptr}");
                    conv.map(format!("{from}/schema"), ptr.clone());
                    conv.map(from, ptr.clone());
                    parameters.insert(name.clone(), params::parameter(m, &ptr, warnings));
                }
            }
        }
        insert_section(&mut out, "parameters", parameters);
        insert_section(&mut out, "requestBodies", bodies);
    }
    if let Some(Node::Map(defs)) = root.get("responses") {
        let responses = defs
            .iter()
            .map(|(name, r)| {
                let name_ptr = escape_segment(name);
                let response = conv.response(
                    r,
                    &format!("#/components/responses/{name_ptr}"),
                    &format!("#/responses/{name_ptr}"),
                    &conv.produces,
                );
                (name.clone(), response)
            })
            .collect();
        insert_section(&mut out, "responses", responses);
    }
    if let Some(Node::Map(defs)) = root.get("securityDefinitions") {
        insert_section(
            &mut out,
            "securitySchemes",
            security::schemes(defs, warnings),
        );
    }
    out
}

fn insert_section(out: &mut Map, name: &str, section: Map) {
    if !section.is_empty() {
        out.insert(name.into(), Node::Map(section));
    }
}
