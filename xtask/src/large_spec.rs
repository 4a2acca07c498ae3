//! A synthetic spec with many schemas and operations, for measuring generation speed.

use std::fmt::Write;

/// An OpenAPI 3.0 spec (JSON) with `schemas` object schemas (each with scalar, enum, date-time,
/// nullable, array, map and reference properties (to schema `i / 2`, so nesting stays shallow),
/// some through `allOf` and `oneOf`) and one list
/// and one get operation per ten schemas.
pub fn large_spec(schemas: usize) -> String {
    let mut s = String::new();
    s.push_str(r##"{"openapi":"3.0.3","info":{"title":"Large","version":"1"},"servers":[{"url":"https://api.example.com/{region}","variables":{"region":{"default":"eu"}}}],"##);
    s.push_str(r##""security":[{"bearer":[]}],"paths":{"##);
    let ops = schemas.div_ceil(10);
    for i in 0..ops {
        if i > 0 {
            s.push(',');
        }
        let target = i * 10;
        let _ = write!(
            s,
            r##""/things{i}":{{"get":{{"operationId":"listThings{i}","tags":["Group{g}"],"parameters":[{{"name":"limit","in":"query","schema":{{"type":"integer","format":"int32","maximum":500}}}},{{"name":"offset","in":"query","schema":{{"type":"integer"}}}},{{"name":"tags","in":"query","schema":{{"type":"array","items":{{"type":"string"}}}}}}],"x-pagination":{{"kind":"offset","limit-param":"limit","offset-param":"offset","items":"/items"}},"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Page{i}"}}}}}}}},"default":{{"description":"error","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Problem"}}}}}}}}}}}},"post":{{"operationId":"createThing{i}","tags":["Group{g}"],"requestBody":{{"required":true,"content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{target}"}}}}}}}},"responses":{{"201":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{target}"}}}}}}}},"default":{{"description":"error","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Problem"}}}}}}}}}}}}}},"/things{i}/{{id}}":{{"get":{{"operationId":"getThing{i}","tags":["Group{g}"],"parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}},{{"name":"X-Trace","in":"header","schema":{{"type":"string"}}}}],"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{target}"}}}}}}}},"404":{{"description":"missing"}}}}}}}}"##,
            g = i % 7,
        );
    }
    s.push_str(r##"},"components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},"schemas":{"##);
    s.push_str(r##""Problem":{"type":"object","properties":{"message":{"type":"string"},"code":{"type":"integer"}}}"##);
    for i in 0..ops {
        let target = i * 10;
        let _ = write!(
            s,
            r##","Page{i}":{{"type":"object","required":["items"],"properties":{{"items":{{"type":"array","items":{{"$ref":"#/components/schemas/Schema{target}"}}}},"total":{{"type":"integer"}}}}}}"##
        );
    }
    for i in 0..schemas {
        let prev = i / 2;
        let shape = match if i == 0 { 2 } else { i % 5 } {
            0 => format!(
                r##"{{"allOf":[{{"$ref":"#/components/schemas/Schema{prev}"}},{{"type":"object","properties":{{"extra{i}":{{"type":"string"}}}}}}]}}"##
            ),
            1 => format!(
                r##"{{"oneOf":[{{"$ref":"#/components/schemas/Schema{prev}"}},{{"type":"string"}},{{"type":"integer"}}]}}"##
            ),
            _ => format!(
                r##"{{"type":"object","description":"Schema number {i}.","required":["id","name"],"properties":{{"id":{{"type":"string","format":"uuid"}},"name":{{"type":"string","minLength":1,"maxLength":200}},"status":{{"type":"string","enum":["active","inactive","pending-review"]}},"createdAt":{{"type":"string","format":"date-time"}},"note":{{"type":"string","nullable":true}},"count":{{"type":"integer","format":"int64","default":0}},"ratio":{{"type":"number","format":"double"}},"labels":{{"type":"array","items":{{"type":"string"}}}},"attributes":{{"type":"object","additionalProperties":{{"type":"string"}}}},"parent":{{"$ref":"#/components/schemas/Schema{prev}"}},"child":{{"type":"object","properties":{{"value":{{"type":"integer"}},"self":{{"$ref":"#/components/schemas/Schema{i}"}}}}}}}}}}"##
            ),
        };
        let _ = write!(s, r##","Schema{i}":{shape}"##);
    }
    s.push_str("}}}");
    s
}

/// A sentence of vendor-style documentation about `what` (real specs spend most of their bytes
/// on descriptions).
fn prose(what: &str, n: usize) -> String {
    format!(
        "The {what} of the resource (number {n}). It is set by the server when the resource is \
         created, returned by every read and never changed afterwards; clients should treat it as \
         opaque text and keep it as they received it, since its format may change without notice."
    )
}

/// An OpenAPI 3.0 spec (JSON) shaped like a large published vendor spec: `schemas` component
/// schemas in all (one `Problem`, one page schema per collection, the rest objects, `allOf`
/// and `oneOf` schemas as in [`large_spec`] with a description on every schema and property)
/// and `paths` paths (half collections with a paginated list and a create operation, half
/// items with get, update and delete), in twenty tags. With 900 schemas and 500 paths it is
/// about 3 MB.
pub fn documented_spec(schemas: usize, paths: usize) -> String {
    use serde_json::{Map, Value, json};
    let groups = paths.div_ceil(2).max(1);
    let plain = schemas.saturating_sub(groups + 1).max(1);
    let schema_ref =
        |i: usize| json!({"$ref": format!("#/components/schemas/Schema{}", i % plain)});
    let error = json!({"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let mut path_items = Map::new();
    let mut components = Map::new();
    components.insert(
        "Problem".into(),
        json!({"type": "object", "description": prose("error report", 0), "properties": {
            "message": {"type": "string", "description": prose("message", 0)},
            "code": {"type": "integer", "description": prose("code", 0)}}}),
    );
    for g in 0..groups {
        let target = g * plain / groups;
        let tag = format!("Group{}", g % 20);
        let ok = |schema: Value| json!({"description": "Success.", "content": {"application/json": {"schema": schema}}});
        path_items.insert(
            format!("/v1/group{g}/things"),
            json!({
                "get": {"operationId": format!("listThings{g}"), "tags": [tag],
                    "summary": format!("List the things of group {g}"), "description": prose("listing", g),
                    "parameters": [
                        {"name": "limit", "in": "query", "description": prose("page size", g), "schema": {"type": "integer", "format": "int32", "maximum": 500}},
                        {"name": "offset", "in": "query", "description": prose("offset", g), "schema": {"type": "integer"}},
                        {"name": "filter", "in": "query", "description": prose("filter", g), "schema": {"type": "string"}},
                        {"name": "tags", "in": "query", "description": prose("tag filter", g), "schema": {"type": "array", "items": {"type": "string"}}}],
                    "x-pagination": {"kind": "offset", "limit-param": "limit", "offset-param": "offset", "items": "/items"},
                    "responses": {"200": ok(json!({"$ref": format!("#/components/schemas/Page{g}")})), "default": error}},
                "post": {"operationId": format!("createThing{g}"), "tags": [tag],
                    "summary": format!("Create a thing in group {g}"), "description": prose("creation", g),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref(target)}}},
                    "responses": {"201": ok(schema_ref(target)), "default": error}}}),
        );
        let id = json!([{"name": "id", "in": "path", "required": true, "description": prose("identifier", g), "schema": {"type": "string"}}]);
        path_items.insert(
            format!("/v1/group{g}/things/{{id}}"),
            json!({
                "parameters": id,
                "get": {"operationId": format!("getThing{g}"), "tags": [tag], "description": prose("read", g),
                    "parameters": [{"name": "X-Trace", "in": "header", "description": prose("trace id", g), "schema": {"type": "string"}}],
                    "responses": {"200": ok(schema_ref(target)), "404": {"description": "Not found."}, "default": error}},
                "patch": {"operationId": format!("updateThing{g}"), "tags": [tag], "description": prose("update", g),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref(target + 1)}}},
                    "responses": {"200": ok(schema_ref(target)), "default": error}},
                "delete": {"operationId": format!("deleteThing{g}"), "tags": [tag], "description": prose("deletion", g),
                    "responses": {"204": {"description": "Deleted."}, "default": error}}}),
        );
        components.insert(
            format!("Page{g}"),
            json!({"type": "object", "description": prose("page", g), "required": ["items"], "properties": {
                "items": {"type": "array", "description": prose("items", g), "items": schema_ref(target)},
                "total": {"type": "integer", "description": prose("total", g)}}}),
        );
    }
    for i in 0..plain {
        let prev = schema_ref(i / 2);
        let shape = match if i == 0 { 2 } else { i % 5 } {
            0 => {
                json!({"description": prose("combination", i), "allOf": [prev, {"type": "object", "properties": {
                format!("extra{i}"): {"type": "string", "description": prose("extra", i)}}}]})
            }
            1 => {
                json!({"description": prose("alternative", i), "oneOf": [prev, {"type": "string"}, {"type": "integer"}]})
            }
            _ => {
                let d = |what: &str| prose(what, i);
                json!({"type": "object", "description": d("record"), "required": ["id", "name"], "properties": {
                    "id": {"type": "string", "format": "uuid", "description": d("identifier")},
                    "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": d("name")},
                    "status": {"type": "string", "enum": ["active", "inactive", "pending-review"], "description": d("status")},
                    "createdAt": {"type": "string", "format": "date-time", "description": d("creation time")},
                    "note": {"type": "string", "nullable": true, "description": d("note")},
                    "count": {"type": "integer", "format": "int64", "default": 0, "description": d("count")},
                    "ratio": {"type": "number", "format": "double", "description": d("ratio")},
                    "labels": {"type": "array", "items": {"type": "string"}, "description": d("labels")},
                    "attributes": {"type": "object", "additionalProperties": {"type": "string"}, "description": d("attributes")},
                    "parent": {"allOf": [prev], "description": d("parent")},
                    "child": {"type": "object", "description": d("child"), "properties": {
                        "value": {"type": "integer", "description": d("value")},
                        "self": {"$ref": format!("#/components/schemas/Schema{i}")}}}}})
            }
        };
        components.insert(format!("Schema{i}"), shape);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Documented", "version": "1", "description": prose("API", 0)},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"bearer": []}],
        "paths": path_items,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": components}
    })
    .to_string()
}
