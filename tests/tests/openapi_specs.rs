//! Checks that the OpenAPI documents in `openapi/` parse and are internally consistent: the
//! OpenAPI version, every `$ref`, operation ids, tags, success responses, path parameters, and the
//! exact operation table of each API. The 3.0 documents must also parse with the typed `openapiv3`
//! model. Negative tests break a valid document and check that the validator notices.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{Value, json};

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One expected operation: (operationId, HTTP method, path template).
type Op = (&'static str, &'static str, &'static str);

struct Expected {
    file: &'static str,
    openapi: &'static str,
    tag: &'static str,
    ops: &'static [Op],
}

const GMODSTORE_LIST: &str = "/v3/me/personal-access-tokens";
const GMODSTORE_ONE: &str = "/v3/me/personal-access-tokens/{personal_access_token}";

const GMODSTORE: Expected = Expected {
    file: "gmodstore-v3.yaml",
    openapi: "3.0.",
    tag: "Personal Access Tokens",
    ops: &[
        ("listPersonalAccessTokens", "get", GMODSTORE_LIST),
        ("createPersonalAccessToken", "post", GMODSTORE_LIST),
        ("getPersonalAccessToken", "get", GMODSTORE_ONE),
        ("updatePersonalAccessToken", "put", GMODSTORE_ONE),
        ("deletePersonalAccessToken", "delete", GMODSTORE_ONE),
    ],
};

const XMS: Expected = Expected {
    file: "xms.yaml",
    openapi: "3.0.",
    tag: "Access Tokens",
    ops: &[
        ("createAccessToken", "post", "/access-tokens/"),
        (
            "deleteAccessToken",
            "delete",
            "/access-tokens/{access_token_id}",
        ),
        ("getAccessToken", "get", "/access-tokens/{access_token_id}"),
        ("listAccessTokens", "get", "/access-tokens/"),
        (
            "regenerateAccessToken",
            "post",
            "/access-tokens/{access_token_id}:regenerate",
        ),
        (
            "updateAccessToken",
            "patch",
            "/access-tokens/{access_token_id}",
        ),
        ("validateAccessToken", "post", "/access-tokens:validate"),
    ],
};

const SAILPOINT_OPS: &[Op] = &[
    ("listPersonalAccessTokens", "get", "/personal-access-tokens"),
    (
        "createPersonalAccessToken",
        "post",
        "/personal-access-tokens",
    ),
    (
        "patchPersonalAccessToken",
        "patch",
        "/personal-access-tokens/{id}",
    ),
    (
        "deletePersonalAccessToken",
        "delete",
        "/personal-access-tokens/{id}",
    ),
];

const SAILPOINT_V3: Expected = Expected {
    file: "sailpoint-v3.yaml",
    openapi: "3.0.",
    tag: "Personal Access Tokens",
    ops: SAILPOINT_OPS,
};

const SAILPOINT_V2024: Expected = Expected {
    file: "sailpoint-v2024.yaml",
    openapi: "3.1.",
    tag: "Personal Access Tokens",
    ops: SAILPOINT_OPS,
};

const ALL: [&Expected; 4] = [&GMODSTORE, &XMS, &SAILPOINT_V3, &SAILPOINT_V2024];

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

fn spec_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("openapi")
        .join(file)
}

fn spec_text(file: &str) -> String {
    let path = spec_path(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Parses a YAML document into JSON, rejecting tabs and duplicate mapping keys.
fn parse_yaml(file: &str, text: &str) -> Value {
    assert!(!text.contains('\t'), "{file}: contains a tab character");
    // The YAML value model rejects duplicate keys (a JSON map would silently keep the last one).
    let _: serde_yaml_ng::Value = serde_yaml_ng::from_str(text)
        .unwrap_or_else(|e| panic!("{file}: invalid YAML (or duplicate key): {e}"));
    let doc: Value = serde_yaml_ng::from_str(text)
        .unwrap_or_else(|e| panic!("{file}: YAML does not map to JSON: {e}"));
    assert!(doc.is_object(), "{file}: top level is not a mapping");
    doc
}

fn load(file: &str) -> Value {
    parse_yaml(file, &spec_text(file))
}

// ---------------------------------------------------------------------------------------------
// Generic helpers
// ---------------------------------------------------------------------------------------------

/// Calls `f(json_pointer, value)` for every node of the tree.
fn walk<'a>(v: &'a Value, path: &str, f: &mut dyn FnMut(&str, &'a Value)) {
    f(path, v);
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                walk(c, &format!("{path}/{key}"), f);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                walk(c, &format!("{path}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// Follows `$ref` chains (local references only) and returns the target.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> Option<&'a Value> {
    let mut cur = v;
    for _ in 0..16 {
        match cur.get("$ref").and_then(Value::as_str) {
            Some(r) => cur = doc.pointer(r.strip_prefix('#')?)?,
            None => return Some(cur),
        }
    }
    None
}

fn path_template_names(path: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}').expect("unbalanced '{' in path template");
        names.insert(after[..end].to_string());
        rest = &after[end + 1..];
    }
    names
}

fn is_status_key(k: &str) -> bool {
    if k == "default" {
        return true;
    }
    let b = k.as_bytes();
    b.len() == 3
        && (b'1'..=b'5').contains(&b[0])
        && ((b[1].is_ascii_digit() && b[2].is_ascii_digit()) || &k[1..] == "XX")
}

fn non_empty_str(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// The validator
// ---------------------------------------------------------------------------------------------

/// Validates a whole document against the structural rules and the expected operation table.
/// Returns every problem found (empty when the document is valid).
fn validate(doc: &Value, exp: &Expected) -> Vec<String> {
    let mut errs = Vec::new();

    // OpenAPI version.
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with(exp.openapi) && v.len() > exp.openapi.len() => {}
        other => errs.push(format!("openapi: expected {}x, got {other:?}", exp.openapi)),
    }
    for key in ["title", "version", "description"] {
        if !non_empty_str(doc.pointer(&format!("/info/{key}"))) {
            errs.push(format!("info.{key} missing or empty"));
        }
    }
    if doc
        .get("servers")
        .and_then(Value::as_array)
        .is_none_or(|s| s.is_empty())
    {
        errs.push("no servers".into());
    }

    // Every $ref resolves inside the document.
    let mut refs = 0;
    walk(doc, "", &mut |p, v| {
        if let Some(r) = v.get("$ref") {
            refs += 1;
            match r.as_str() {
                Some(s) if s.starts_with("#/") => {
                    if doc.pointer(&s[1..]).is_none() {
                        errs.push(format!("{p}: $ref {s} does not resolve"));
                    }
                }
                _ => errs.push(format!("{p}: $ref {r} is not a local reference")),
            }
        }
    });
    if refs == 0 {
        errs.push("no $ref at all: reusable components are expected".into());
    }

    // Exactly one declared tag, with a description.
    let tags = doc.get("tags").and_then(Value::as_array);
    match tags.map(Vec::as_slice) {
        Some([t]) => {
            if t.get("name").and_then(Value::as_str) != Some(exp.tag) {
                errs.push(format!(
                    "tag name: expected {:?}, got {:?}",
                    exp.tag,
                    t.get("name")
                ));
            }
            if !non_empty_str(t.get("description")) {
                errs.push("tag has no description".into());
            }
        }
        _ => errs.push(format!("expected exactly one top-level tag, got {tags:?}")),
    }

    // Operations.
    let mut seen_ids = BTreeSet::new();
    let mut table = BTreeSet::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        errs.push("no paths".into());
        return errs;
    };
    for (path, item) in paths {
        if !path.starts_with('/') {
            errs.push(format!("path {path:?} does not start with '/'"));
        }
        let template = path_template_names(path);
        let path_level = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in HTTP_METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = format!("{} {path}", method.to_uppercase());

            let id = op.get("operationId").and_then(Value::as_str);
            match id {
                Some(id) if !id.is_empty() => {
                    if !seen_ids.insert(id.to_string()) {
                        errs.push(format!("{at}: duplicate operationId {id}"));
                    }
                    let camel = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && id.chars().all(|c| c.is_ascii_alphanumeric());
                    if !camel {
                        errs.push(format!("{at}: operationId {id} is not camelCase"));
                    }
                    table.insert((id.to_string(), method.to_string(), path.clone()));
                }
                _ => errs.push(format!("{at}: no operationId")),
            }

            match op.get("tags").and_then(Value::as_array) {
                Some(t) if !t.is_empty() => {
                    if t.iter().any(|t| t.as_str() != Some(exp.tag)) {
                        errs.push(format!("{at}: tags {t:?} are not [{:?}]", exp.tag));
                    }
                }
                _ => errs.push(format!("{at}: no tag")),
            }
            if !non_empty_str(op.get("summary")) && !non_empty_str(op.get("description")) {
                errs.push(format!("{at}: neither summary nor description"));
            }

            // Responses: valid keys, a description each, at least one 2xx.
            match op.get("responses").and_then(Value::as_object) {
                Some(responses) if !responses.is_empty() => {
                    if !responses
                        .keys()
                        .any(|k| k.starts_with('2') && is_status_key(k))
                    {
                        errs.push(format!("{at}: no 2xx response"));
                    }
                    for (code, resp) in responses {
                        if !is_status_key(code) {
                            errs.push(format!("{at}: bad response key {code:?}"));
                        }
                        match resolve(doc, resp) {
                            Some(r) if non_empty_str(r.get("description")) => {}
                            _ => errs.push(format!("{at} {code}: no description")),
                        }
                    }
                }
                _ => errs.push(format!("{at}: no responses")),
            }

            if let Some(body) = op.get("requestBody") {
                let ok = resolve(doc, body)
                    .and_then(|b| b.get("content"))
                    .and_then(Value::as_object)
                    .is_some_and(|c| !c.is_empty());
                if !ok {
                    errs.push(format!("{at}: requestBody without content"));
                }
            }

            // Parameters: operation-level entries override path-level ones by (name, in).
            let mut params: BTreeMap<(String, String), Value> = BTreeMap::new();
            let op_level = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for raw in path_level.iter().chain(op_level.iter()) {
                let Some(p) = resolve(doc, raw) else {
                    errs.push(format!("{at}: unresolvable parameter {raw}"));
                    continue;
                };
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let loc = p.get("in").and_then(Value::as_str).unwrap_or_default();
                if name.is_empty() || !["query", "header", "path", "cookie"].contains(&loc) {
                    errs.push(format!("{at}: parameter without valid name/in: {p}"));
                }
                if p.get("schema").is_none() && p.get("content").is_none() {
                    errs.push(format!("{at}: parameter {name} has no schema"));
                }
                if !non_empty_str(p.get("description")) {
                    errs.push(format!("{at}: parameter {name} has no description"));
                }
                params.insert((name.to_string(), loc.to_string()), p.clone());
            }
            let mut in_path = BTreeSet::new();
            for ((name, loc), p) in &params {
                if loc == "path" {
                    in_path.insert(name.clone());
                    if p.get("required") != Some(&Value::Bool(true)) {
                        errs.push(format!("{at}: path parameter {name} is not required: true"));
                    }
                }
            }
            for name in template.difference(&in_path) {
                errs.push(format!(
                    "{at}: template {{{name}}} has no `in: path` parameter"
                ));
            }
            for name in in_path.difference(&template) {
                errs.push(format!(
                    "{at}: path parameter {name} is not in the template"
                ));
            }
        }
    }

    let expected: BTreeSet<(String, String, String)> = exp
        .ops
        .iter()
        .map(|(i, m, p)| (i.to_string(), m.to_string(), p.to_string()))
        .collect();
    for missing in expected.difference(&table) {
        errs.push(format!("expected operation missing: {missing:?}"));
    }
    for extra in table.difference(&expected) {
        errs.push(format!("unexpected operation: {extra:?}"));
    }

    // Every named schema and every non-`$ref` property documents itself.
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, sch) in schemas {
            if !non_empty_str(sch.get("description")) {
                errs.push(format!("schema {name} has no description"));
            }
            walk(sch, &format!("/components/schemas/{name}"), &mut |p, v| {
                let Some(props) = v.get("properties").and_then(Value::as_object) else {
                    return;
                };
                for (field, f) in props {
                    if f.get("$ref").is_none() && !non_empty_str(f.get("description")) {
                        errs.push(format!("{p}: property {field} has no description"));
                    }
                }
            });
        }
    }

    // Nullability idioms of the version.
    let is_31 = exp.openapi == "3.1.";
    walk(doc, "", &mut |p, v| {
        let Some(m) = v.as_object() else { return };
        if is_31 && m.get("nullable").is_some_and(Value::is_boolean) {
            errs.push(format!(
                "{p}: `nullable` is not OpenAPI 3.1; use a type array"
            ));
        }
        if let Some(Value::Array(types)) = m.get("type") {
            if !is_31 {
                errs.push(format!("{p}: type arrays need OpenAPI 3.1"));
            } else if types.iter().any(|t| !t.is_string()) {
                errs.push(format!(
                    "{p}: type array with a non-string (unquoted null?)"
                ));
            }
        }
    });

    errs
}

fn assert_valid(exp: &Expected) -> Value {
    let doc = load(exp.file);
    let errs = validate(&doc, exp);
    assert!(
        errs.is_empty(),
        "{} is invalid:\n  {}",
        exp.file,
        errs.join("\n  ")
    );
    doc
}

#[path = "openapi_specs/facts.rs"]
mod facts;
#[path = "openapi_specs/validation.rs"]
mod validation;
#[path = "openapi_specs/versions.rs"]
mod versions;
