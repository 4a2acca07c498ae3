//! The validator against the four documents, and against documents broken on purpose.

use super::*;

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
