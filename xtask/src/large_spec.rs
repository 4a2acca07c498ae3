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
