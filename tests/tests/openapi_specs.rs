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

// ---------------------------------------------------------------------------------------------
// Structural validation of the four documents
// ---------------------------------------------------------------------------------------------

#[test]
fn gmodstore_spec_is_valid() {
    assert_valid(&GMODSTORE);
}

#[test]
fn xms_spec_is_valid() {
    assert_valid(&XMS);
}

#[test]
fn sailpoint_v3_spec_is_valid() {
    assert_valid(&SAILPOINT_V3);
}

#[test]
fn sailpoint_v2024_spec_is_valid() {
    assert_valid(&SAILPOINT_V2024);
}

#[test]
fn openapi_30_specs_parse_with_openapiv3() {
    for exp in ALL.iter().filter(|e| e.openapi == "3.0.") {
        let typed: openapiv3::OpenAPI = serde_yaml_ng::from_str(&spec_text(exp.file))
            .unwrap_or_else(|e| panic!("{}: openapiv3 typed parse failed: {e}", exp.file));
        let mut ops = BTreeSet::new();
        for (path, item) in typed.paths.iter() {
            let item = item.as_item().expect("path items are not references");
            for (method, op) in item.iter() {
                let id = op.operation_id.clone().expect("operationId");
                ops.insert((id, method.to_string(), path.clone()));
            }
        }
        let expected: BTreeSet<_> = exp
            .ops
            .iter()
            .map(|(i, m, p)| (i.to_string(), m.to_string(), p.to_string()))
            .collect();
        assert_eq!(ops, expected, "{}: typed operation table", exp.file);
    }
}

// ---------------------------------------------------------------------------------------------
// The validator rejects broken documents
// ---------------------------------------------------------------------------------------------

fn expect_invalid(exp: &Expected, what: &str, needle: &str, mutate: impl FnOnce(&mut Value)) {
    let mut doc = load(exp.file);
    mutate(&mut doc);
    let errs = validate(&doc, exp);
    assert!(
        errs.iter().any(|e| e.contains(needle)),
        "{}: breaking it ({what}) was not reported as {needle:?}; got {errs:?}",
        exp.file
    );
}

fn op_mut<'a>(doc: &'a mut Value, path: &str, method: &str) -> &'a mut Value {
    doc.get_mut("paths")
        .and_then(|p| p.get_mut(path))
        .and_then(|i| i.get_mut(method))
        .unwrap_or_else(|| panic!("no {method} {path}"))
}

#[test]
fn validator_rejects_broken_documents() {
    expect_invalid(&GMODSTORE, "dangling $ref", "does not resolve", |d| {
        d["components"]["schemas"]
            .as_object_mut()
            .unwrap()
            .remove("PersonalAccessToken");
    });
    expect_invalid(
        &XMS,
        "duplicate operationId",
        "duplicate operationId",
        |d| {
            op_mut(d, "/access-tokens/", "get")["operationId"] = json!("createAccessToken");
        },
    );
    expect_invalid(&XMS, "missing operationId", "no operationId", |d| {
        op_mut(d, "/access-tokens:validate", "post")
            .as_object_mut()
            .unwrap()
            .remove("operationId");
    });
    expect_invalid(&SAILPOINT_V3, "no tag", "no tag", |d| {
        op_mut(d, "/personal-access-tokens", "get")
            .as_object_mut()
            .unwrap()
            .remove("tags");
    });
    expect_invalid(&SAILPOINT_V2024, "no 2xx", "no 2xx response", |d| {
        op_mut(d, "/personal-access-tokens/{id}", "delete")["responses"]
            .as_object_mut()
            .unwrap()
            .remove("204");
    });
    expect_invalid(
        &SAILPOINT_V3,
        "missing path parameter",
        "has no `in: path`",
        |d| {
            op_mut(d, "/personal-access-tokens/{id}", "patch")["parameters"] = json!([]);
        },
    );
    expect_invalid(
        &GMODSTORE,
        "wrong method",
        "expected operation missing",
        |d| {
            let paths = d["paths"][GMODSTORE_ONE].as_object_mut().unwrap();
            let put = paths.remove("put").unwrap();
            paths.insert("post".into(), put);
        },
    );
    expect_invalid(&XMS, "wrong path", "expected operation missing", |d| {
        let paths = d["paths"].as_object_mut().unwrap();
        let item = paths.remove("/access-tokens/").unwrap();
        paths.insert("/access-tokens".into(), item);
    });
    expect_invalid(
        &SAILPOINT_V2024,
        "3.0 nullable in 3.1",
        "not OpenAPI 3.1",
        |d| {
            d["components"]["schemas"]["ErrorMessageDto"]["properties"]["text"]["nullable"] =
                json!(true);
        },
    );
    expect_invalid(&XMS, "undocumented field", "has no description", |d| {
        d["components"]["schemas"]["Paging"]["properties"]["count"]
            .as_object_mut()
            .unwrap()
            .remove("description");
    });
    expect_invalid(
        &SAILPOINT_V3,
        "wrong openapi version",
        "openapi: expected",
        |d| {
            d["openapi"] = json!("3.1.0");
        },
    );
}

#[test]
fn yaml_loader_rejects_duplicate_keys() {
    let text = "openapi: 3.0.3\ninfo:\n  title: a\n  title: b\n";
    let dup = std::panic::catch_unwind(|| parse_yaml("dup.yaml", text));
    assert!(dup.is_err(), "a duplicate key must be rejected");
}

// ---------------------------------------------------------------------------------------------
// API-specific facts
// ---------------------------------------------------------------------------------------------

fn param<'a>(doc: &'a Value, op: &'a Value, name: &str) -> &'a Value {
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| resolve(doc, p))
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

#[test]
fn gmodstore_facts() {
    let doc = assert_valid(&GMODSTORE);
    assert_eq!(doc["servers"][0]["url"], "https://www.gmodstore.com/api");
    assert_eq!(doc["servers"][1]["url"], "https://api.pivity.com");
    let bearer = &doc["components"]["securitySchemes"]["PersonalAccessToken"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(doc["security"], json!([{"PersonalAccessToken": []}]));

    let scopes = schema(&doc, "PersonalAccessTokenScope")["enum"]
        .as_array()
        .expect("scope enum");
    let unique: BTreeSet<_> = scopes.iter().filter_map(Value::as_str).collect();
    assert_eq!(scopes.len(), 39, "PersonalAccessTokenScope has 39 values");
    assert_eq!(
        unique.len(),
        39,
        "PersonalAccessTokenScope values are unique"
    );
    for s in [
        "*",
        "product-versions:download",
        "team-webhook-messages:read",
    ] {
        assert!(unique.contains(s), "scope {s} missing");
    }

    let mut ops = Vec::new();
    for (_, method, path) in GMODSTORE.ops {
        ops.push((*path, *method, &doc["paths"][*path][*method]));
    }
    assert_eq!(ops.len(), 5);
    for (path, method, op) in &ops {
        let tenant = param(&doc, op, "X-Tenant");
        assert_eq!(tenant["in"], "header", "{method} {path}");
        assert_ne!(tenant["required"], true);
        assert_eq!(
            tenant["schema"]["enum"],
            json!(["gmodstore.com", "rust.pivity.com"])
        );
        // Every response, success or error, documents the rate-limit headers.
        for (code, resp) in op["responses"].as_object().unwrap() {
            let resp = resolve(&doc, resp).unwrap();
            for h in [
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
            ] {
                assert!(
                    resp["headers"].get(h).is_some(),
                    "{method} {path} {code}: header {h} missing"
                );
            }
        }
    }

    let list = &doc["paths"][GMODSTORE_LIST]["get"];
    let per_page = param(&doc, list, "perPage");
    assert_eq!(per_page["in"], "query");
    assert_eq!(per_page["schema"]["type"], "integer");
    assert_eq!(per_page["schema"]["minimum"], 1);
    assert_eq!(per_page["schema"]["maximum"], 100);
    assert_eq!(per_page["schema"]["default"], 24);
    assert_eq!(param(&doc, list, "cursor")["schema"]["type"], "string");
    assert_eq!(
        list["x-pagination"],
        json!({"kind": "cursor", "cursor-param": "cursor", "next-cursor": "/cursors/next", "items": "/data"})
    );
    let list_body = resolve(
        &doc,
        &list["responses"]["200"]["content"]["application/json"]["schema"],
    )
    .unwrap();
    for pointer in ["/cursors/next", "/data"] {
        let mut s = list_body;
        for seg in pointer.split('/').skip(1) {
            s = resolve(&doc, &s["properties"][seg]).unwrap();
        }
        assert!(
            s.is_object(),
            "x-pagination pointer {pointer} names no schema"
        );
    }

    let create = &doc["paths"][GMODSTORE_LIST]["post"];
    assert_eq!(create["requestBody"]["required"], true);
    assert!(create["responses"].get("201").is_some());
    let update = &doc["paths"][GMODSTORE_ONE]["put"];
    assert_eq!(update["requestBody"]["required"], false);
    let delete = &doc["paths"][GMODSTORE_ONE]["delete"];
    assert!(delete["responses"]["200"]["content"].is_object());
    assert!(delete["responses"]["204"].get("content").is_none());

    let pat = schema(&doc, "PersonalAccessToken");
    for f in ["lastUsedAt", "expiresAt"] {
        assert_eq!(pat["properties"][f]["nullable"], true, "{f} nullable");
    }
    let new = schema(&doc, "NewPersonalAccessTokenPayload");
    assert_eq!(new["properties"]["name"]["minLength"], 3);
    assert_eq!(new["properties"]["name"]["maxLength"], 100);
    assert_eq!(new["properties"]["abilities"]["uniqueItems"], true);
    assert_eq!(new["required"], json!(["name", "abilities"]));
    assert_eq!(
        schema(&doc, "InlineResponse201Data")["properties"]["plainTextToken"]["format"],
        "password"
    );
    assert!(
        schema(&doc, "DeleteTeamResponse")["properties"]["data"]
            .get("type")
            .is_none()
    );
    assert!(schema(&doc, "Error")["properties"]["errors"]["additionalProperties"].is_object());
}

#[test]
fn xms_facts() {
    let doc = assert_valid(&XMS);
    assert_eq!(doc["servers"][0]["url"], "https://localhost/v1");
    assert_eq!(
        doc["security"],
        json!([{"tokenInHeader": []}, {"tokenInQuery": []}])
    );
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["tokenInHeader"]["in"], "header");
    assert_eq!(schemes["tokenInHeader"]["name"], "Xms-Auth-Token");
    assert_eq!(schemes["tokenInQuery"]["in"], "query");
    assert_eq!(schemes["tokenInQuery"]["name"], "token");

    let paths = &doc["paths"];
    let list = &paths["/access-tokens/"]["get"];
    for (name, ty) in [
        ("limit", "integer"),
        ("offset", "integer"),
        ("user_id", "integer"),
        ("role", "string"),
        ("all", "boolean"),
    ] {
        let p = param(&doc, list, name);
        assert_eq!(p["in"], "query");
        assert_eq!(p["schema"]["type"], ty, "{name}");
        if ty == "integer" {
            assert_eq!(p["schema"]["format"], "int64", "{name}");
        }
    }
    assert_eq!(
        list["x-pagination"],
        json!({"kind": "offset", "limit-param": "limit", "offset-param": "offset", "items": "/access_tokens", "total": "/paging/total_count"})
    );

    let one = "/access-tokens/{access_token_id}";
    let id = param(&doc, &paths[one]["get"], "access_token_id");
    assert_eq!(id["schema"]["format"], "int64");
    assert!(
        paths[one]["delete"]["responses"]["204"]
            .get("content")
            .is_none()
    );
    assert!(
        paths["/access-tokens/"]["post"]["responses"]
            .get("201")
            .is_some()
    );
    let regen = &paths["/access-tokens/{access_token_id}:regenerate"]["post"];
    assert!(regen.get("requestBody").is_none());
    let validate = &paths["/access-tokens:validate"]["post"];
    assert!(validate.get("requestBody").is_none());
    assert_eq!(validate["x-retry-safe"], true);
    let subject = param(&doc, validate, "subject_access_token");
    assert_eq!(subject["in"], "query");
    assert_eq!(subject["required"], true);
    assert_eq!(subject["schema"]["format"], "password");

    let expected_errors: [(&str, &str, &[&str]); 7] = [
        ("/access-tokens/", "get", &["400", "401", "403", "500"]),
        (
            "/access-tokens/",
            "post",
            &["400", "401", "403", "409", "500"],
        ),
        (one, "get", &["400", "401", "403", "404", "500"]),
        (one, "patch", &["400", "401", "403", "404", "409", "500"]),
        (one, "delete", &["400", "401", "403", "404", "500"]),
        (
            "/access-tokens/{access_token_id}:regenerate",
            "post",
            &["400", "401", "403", "404", "500"],
        ),
        (
            "/access-tokens:validate",
            "post",
            &["400", "401", "403", "404", "500"],
        ),
    ];
    for (path, method, codes) in expected_errors {
        let got: Vec<&str> = paths[path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('2'))
            .collect();
        assert_eq!(got, codes.to_vec(), "{method} {path} error statuses");
        for code in codes {
            let r = resolve(&doc, &paths[path][method]["responses"][*code]).unwrap();
            assert_eq!(
                r["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorResponse"
            );
        }
    }

    let err = schema(&doc, "ErrorResponse");
    assert!(err.get("required").is_none(), "ErrorResponse is lenient");
    assert!(
        err["properties"]["code"].get("type").is_none(),
        "code is a number or a string depending on the deployment: left untyped"
    );
    assert_eq!(err["properties"]["message"]["type"], "string");
    let record = schema(&doc, "AccessTokenCreateRecord");
    assert_eq!(
        record["allOf"][0]["$ref"],
        "#/components/schemas/AccessToken"
    );
    assert_eq!(
        record["allOf"][1]["properties"]["uuid"]["format"],
        "password"
    );
    assert!(schema(&doc, "AccessToken").get("required").is_none());
    assert_eq!(
        schema(&doc, "AccessTokensResp")["properties"]["paging"]["$ref"],
        "#/components/schemas/Paging"
    );
    for f in ["count", "limit", "offset", "total_count"] {
        assert_eq!(schema(&doc, "Paging")["properties"][f]["format"], "int64");
    }
    assert_eq!(
        schema(&doc, "AccessTokenCreateReqBody")["required"],
        json!(["name", "roles"])
    );
    assert_eq!(
        schema(&doc, "AccessTokenUpdateReqBody")["required"],
        json!(["name"])
    );
}

fn sailpoint_facts(exp: &Expected, version: &str) {
    let doc = assert_valid(exp);
    assert_eq!(
        doc["servers"][0]["url"],
        format!("https://{{tenant}}.api.identitynow.com/{version}")
    );
    assert_eq!(
        doc["servers"][0]["variables"]["tenant"]["default"],
        "sailpoint"
    );
    assert_eq!(
        doc["servers"][1]["url"],
        format!("https://{{apiUrl}}/{version}")
    );
    assert_eq!(
        doc["servers"][1]["variables"]["apiUrl"]["default"],
        "sailpoint.api.identitynow.com"
    );
    let oauth = &doc["components"]["securitySchemes"]["oauth2"];
    assert_eq!(oauth["type"], "oauth2");
    assert_eq!(
        oauth["flows"]["clientCredentials"]["tokenUrl"],
        "/oauth/token"
    );
    assert!(oauth["flows"]["clientCredentials"]["scopes"]["sp:scopes:all"].is_string());

    let list = &doc["paths"]["/personal-access-tokens"]["get"];
    assert_eq!(param(&doc, list, "owner-id")["in"], "query");
    let filters = param(&doc, list, "filters");
    let text = filters["description"].as_str().unwrap();
    assert!(text.contains("lastUsed le ") && text.contains("lastUsed isnull"));
    assert!(
        list.get("x-pagination").is_none(),
        "SailPoint list has no paging"
    );

    let create = &doc["paths"]["/personal-access-tokens"]["post"];
    assert!(create["responses"].get("200").is_some());
    assert_eq!(create["requestBody"]["required"], true);
    let one = &doc["paths"]["/personal-access-tokens/{id}"];
    let patch_body = &one["patch"]["requestBody"];
    assert_eq!(patch_body["required"], true);
    assert_eq!(
        patch_body["content"]["application/json-patch+json"]["schema"]["items"]["$ref"],
        "#/components/schemas/JsonPatchOperation"
    );
    assert!(one["delete"]["responses"]["204"].get("content").is_none());
    for (op, extra) in [
        (list, &[][..]),
        (create, &[][..]),
        (&one["patch"], &["404"][..]),
        (&one["delete"], &["404"][..]),
    ] {
        let codes: BTreeSet<&str> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('2'))
            .collect();
        let mut want: BTreeSet<&str> = ["400", "401", "403", "429", "500"].into();
        want.extend(extra);
        assert_eq!(codes, want);
        let tmr = resolve(&doc, &op["responses"]["429"]).unwrap();
        assert!(tmr["headers"].get("Retry-After").is_some());
    }

    let req = schema(&doc, "CreatePersonalAccessTokenRequest");
    let validity = &req["properties"]["accessTokenValiditySeconds"];
    assert_eq!(validity["format"], "int32");
    assert_eq!(validity["minimum"], 15);
    assert_eq!(validity["maximum"], 43200);
    assert_eq!(validity["default"], 43200);
    assert_eq!(req["required"], json!(["name"]));
    let resp = schema(&doc, "CreatePersonalAccessTokenResponse");
    assert_eq!(resp["properties"]["secret"]["format"], "password");
    let required: Vec<&str> = resp["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!required.contains(&"accessTokenValiditySeconds"));
    assert!(!required.contains(&"expirationDate"));
    assert_eq!(
        schema(&doc, "GetPersonalAccessTokenResponse")["properties"]["managed"]["default"],
        false
    );
    assert_eq!(
        schema(&doc, "PatOwner")["properties"]["type"]["enum"],
        json!(["IDENTITY"])
    );
    let patch_op = schema(&doc, "JsonPatchOperation");
    assert_eq!(patch_op["required"], json!(["op", "path"]));
    assert_eq!(
        patch_op["properties"]["op"]["enum"],
        json!(["add", "remove", "replace", "move", "copy", "test"])
    );
    assert_eq!(
        patch_op["properties"]["value"]["$ref"],
        "#/components/schemas/JsonPatchOperationValue"
    );
    let kinds: Vec<&str> = schema(&doc, "JsonPatchOperationValue")["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(kinds, ["string", "boolean", "integer", "object", "array"]);
    for s in [
        "ErrorResponseDto",
        "ErrorMessageDto",
        "ListPersonalAccessTokens401Response",
        "ListPersonalAccessTokens429Response",
    ] {
        schema(&doc, s);
    }
}

#[test]
fn sailpoint_v3_facts() {
    sailpoint_facts(&SAILPOINT_V3, "v3");
    let doc = load(SAILPOINT_V3.file);
    let pat = schema(&doc, "GetPersonalAccessTokenResponse");
    for f in ["scope", "lastUsed", "expirationDate"] {
        assert_eq!(pat["properties"][f]["nullable"], true, "{f} nullable");
    }
}

#[test]
fn sailpoint_v2024_facts() {
    sailpoint_facts(&SAILPOINT_V2024, "v2024");
    let doc = load(SAILPOINT_V2024.file);
    let pat = schema(&doc, "GetPersonalAccessTokenResponse");
    assert_eq!(pat["properties"]["scope"]["type"], json!(["array", "null"]));
    for f in ["lastUsed", "expirationDate"] {
        assert_eq!(
            pat["properties"][f]["type"],
            json!(["string", "null"]),
            "{f}"
        );
    }
}

/// Rewrites OpenAPI 3.0 `nullable: true` into the 3.1 type-array form.
fn nullable_to_type_array(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("nullable") == Some(&Value::Bool(true)) {
                m.remove("nullable");
                if let Some(Value::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), json!([t, "null"]));
                }
            }
            m.values_mut().for_each(nullable_to_type_array);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_to_type_array),
        _ => {}
    }
}

/// Maps every version mention to `v3` / `V3`.
fn normalize_version(v: &mut Value) {
    match v {
        Value::String(s) => *s = s.replace("v2024", "v3").replace("V2024", "V3"),
        Value::Object(m) => m.values_mut().for_each(normalize_version),
        Value::Array(a) => a.iter_mut().for_each(normalize_version),
        _ => {}
    }
}

fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()).collect::<BTreeSet<_>>() {
                let p = format!("{path}/{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(w)) => differences(u, w, &p, out),
                    (u, w) => out.push(format!("{p}: {u:?} vs {w:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, w)) in x.iter().zip(y).enumerate() {
                differences(u, w, &format!("{path}/{i}"), out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}

#[test]
fn sailpoint_v3_and_v2024_differ_only_in_version_and_nullable_syntax() {
    let mut v3 = load(SAILPOINT_V3.file);
    let mut v2024 = load(SAILPOINT_V2024.file);
    nullable_to_type_array(&mut v3);
    for doc in [&mut v3, &mut v2024] {
        normalize_version(doc);
        doc.as_object_mut().unwrap().remove("openapi");
        doc["info"].as_object_mut().unwrap().remove("version");
    }
    let mut diffs = Vec::new();
    differences(&v3, &v2024, "", &mut diffs);
    assert!(
        diffs.is_empty(),
        "v3 and v2024 differ:\n  {}",
        diffs.join("\n  ")
    );
}
