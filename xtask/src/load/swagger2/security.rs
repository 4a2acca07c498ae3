//! Swagger 2.0 `securityDefinitions` → OpenAPI 3.0 `components/securitySchemes`.
//!
//! `basic` → `{type: http, scheme: basic}`; `apiKey` is unchanged; `oauth2` with `flow`
//! `implicit` / `password` / `application` / `accessCode` → the 3.0 flows `implicit` /
//! `password` / `clientCredentials` / `authorizationCode`.

use super::super::node::{Map, Node, escape_segment};
use crate::Warnings;

/// Converts the `securityDefinitions` map.
pub(super) fn schemes(defs: &Map, warnings: &mut Warnings) -> Map {
    let mut out = Map::new();
    for (name, def) in defs {
        let ptr = format!("#/securityDefinitions/{}", escape_segment(name));
        let Node::Map(m) = def else {
            warnings.warn(&ptr, "security scheme is not a mapping: left out");
            continue;
        };
        out.insert(name.clone(), Node::Map(scheme(m, &ptr, warnings)));
    }
    out
}

fn scheme(m: &Map, ptr: &str, warnings: &mut Warnings) -> Map {
    let mut out = Map::new();
    match m.get("type").and_then(Node::as_str) {
        Some("basic") => {
            out.insert("type".into(), Node::Str("http".into()));
            out.insert("scheme".into(), Node::Str("basic".into()));
        }
        Some("oauth2") => {
            out.insert("type".into(), Node::Str("oauth2".into()));
            out.insert("flows".into(), Node::Map(flows(m, ptr, warnings)));
        }
        _ => {
            // `apiKey` has the same fields in both versions; anything else is passed on as
            // written (planning warns that it has no builder method).
            for (k, v) in m {
                if k != "description" {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    if let Some(d) = m.get("description") {
        out.insert("description".into(), d.clone());
    }
    for (k, v) in m {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn flows(m: &Map, ptr: &str, warnings: &mut Warnings) -> Map {
    let flow = m.get("flow").and_then(Node::as_str).unwrap_or_default();
    let (name, urls): (&str, &[&str]) = match flow {
        "implicit" => ("implicit", &["authorizationUrl"]),
        "password" => ("password", &["tokenUrl"]),
        "application" => ("clientCredentials", &["tokenUrl"]),
        "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        other => {
            warnings.warn(
                &format!("{ptr}/flow"),
                &format!("OAuth2 flow `{other}` is not a Swagger 2.0 flow: the scheme has no flows (a bearer-token method)"),
            );
            return Map::new();
        }
    };
    let mut f = Map::new();
    for url in urls {
        let Some(v) = m.get(*url) else {
            warnings.warn(
                ptr,
                &format!("OAuth2 `{flow}` flow without `{url}`: the scheme has no flows (a bearer-token method)"),
            );
            return Map::new();
        };
        f.insert((*url).to_owned(), v.clone());
    }
    f.insert(
        "scopes".into(),
        m.get("scopes")
            .cloned()
            .unwrap_or_else(|| Node::Map(Map::new())),
    );
    let mut out = Map::new();
    out.insert(name.to_owned(), Node::Map(f));
    out
}
