//! SailPoint v3 and v2024: the same document but for the version and the nullable syntax.

use super::*;

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
