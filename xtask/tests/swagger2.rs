//! Swagger 2.0 input: twins of construct fixtures (`fixtures/2.0/<construct>.yaml`) generate the
//! same code as their OpenAPI 3.0 form; the 2.0-only constructs (`fixtures/2.0/swagger2_*.yaml`:
//! parameters and `collectionFormat`, bodies and forms, security definitions, and one per
//! repair class, `swagger2_repair_*`) have a snapshot each and checks of the plan; defects of a
//! 2.0 document are warnings naming its own pointers (`#/definitions/..`, the 2.0 index of a
//! parameter), never those of the converted 3.0 form.

#[macro_use]
mod constructs;
mod support;

use constructs::SWAGGER2_ONLY;
use std::path::Path;
use support::{fixture, fixture_names, generate, render, without_headers};
use xtask::load::node::Node;
use xtask::plan::{BodyKind, PartKind, Plan, Style};

/// Defines `CONSTRUCTS`: every construct fixture.
macro_rules! construct_list {
    ($($name:ident),* $(,)?) => {
        const CONSTRUCTS: &[&str] = &[$(stringify!($name)),*];
    };
}

with_constructs!(construct_list);

/// Construct fixtures that also have a Swagger 2.0 form in `fixtures/2.0/`, which generates the
/// same code as the 3.0 one.
const SWAGGER2_TWINS: &[&str] = &[
    "objects",
    "enums",
    "arrays",
    "additional_properties",
    "allof",
    "formats",
    "free_form",
    "responses",
    "external_ref",
];

/// The plan of the fixture `name` in `version`.
fn plan_of(version: &str, name: &str) -> Plan {
    let spec = xtask::load::load(&fixture(version, name)).unwrap();
    xtask::plan::build_plan(&spec.doc).unwrap().0
}

#[test]
fn swagger2_fixtures_are_twins_or_snapshots() {
    let mut expected: Vec<String> = SWAGGER2_TWINS
        .iter()
        .chain(SWAGGER2_ONLY)
        .map(|n| (*n).to_owned())
        .collect();
    expected.sort();
    assert_eq!(fixture_names("2.0"), expected, "fixtures/2.0");
    for twin in SWAGGER2_TWINS {
        assert!(
            CONSTRUCTS.contains(twin),
            "{twin} is not a construct fixture"
        );
    }
}

/// A Swagger 2.0 document generates the same code as its OpenAPI 3.0 form (apart from the
/// `@generated` headers, which name each its own file), and the same warnings, each naming the
/// 2.0 pointer (`#/definitions/X` for `#/components/schemas/X`).
#[test]
fn swagger2_twins_generate_like_their_3_0_forms() {
    for name in SWAGGER2_TWINS {
        let mut v30 = generate("3.0", name);
        let mut v20 = generate("2.0", name);
        let w30: Vec<String> = std::mem::take(&mut v30.warnings)
            .iter()
            .map(|w| w.replace("#/components/schemas/", "#/definitions/"))
            .collect();
        let w20 = std::mem::take(&mut v20.warnings);
        assert_eq!(
            without_headers(&render(&v30)),
            without_headers(&render(&v20)),
            "the 3.0 and 2.0 forms of {name} generate different code"
        );
        assert_eq!(w30, w20, "the 3.0 and 2.0 forms of {name} warn differently");
    }
    assert!(
        generate("2.0", "enums")
            .warnings
            .iter()
            .any(|w| w.starts_with("#/definitions/EnumLevel: an integer `enum`")),
        "a twin with a warning"
    );
}

#[test]
fn swagger2_params() {
    let g = generate("2.0", "swagger2_params");
    insta::assert_snapshot!("swagger2_params", render(&g));
    let plan = plan_of("2.0", "swagger2_params");
    assert_eq!(
        plan.client.server_template.as_deref(),
        Some("https://api.example.com/v2"),
        "https first, basePath without its trailing slash"
    );
    let search = plan
        .operations
        .iter()
        .find(|o| o.id == "swagger2SearchItems")
        .unwrap();
    let style = |wire: &str| {
        search
            .params
            .iter()
            .find(|p| p.wire == wire)
            .unwrap_or_else(|| panic!("no parameter {wire}"))
            .style
    };
    // `collectionFormat: multi` repeats the parameter, `csv` (the default) joins with commas,
    // `ssv` with spaces and `pipes` with `|`; `tsv` has no 3.0 form (commas, warned).
    assert_eq!(style("ids"), Style::ArrayExplode);
    assert_eq!(style("tags"), Style::ArrayJoined(','));
    assert_eq!(style("words"), Style::ArrayJoined(' '));
    assert_eq!(style("colors"), Style::ArrayJoined('|'));
    assert_eq!(style("tabbed"), Style::ArrayJoined(','));
    assert_eq!(style("token"), Style::Secret);
    let page = search.params.iter().find(|p| p.wire == "pageSize").unwrap();
    assert_eq!(page.maximum, Some(100.0));
    assert_eq!(
        page.default.as_ref().map(Node::to_json).as_deref(),
        Some("20")
    );
    let get = plan
        .operations
        .iter()
        .find(|o| o.id == "swagger2GetItem")
        .unwrap();
    let wires: Vec<&str> = get.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(
        wires,
        ["itemId", "X-Trace", "X-Flags", "fields"],
        "path-level parameters first"
    );
    for needle in [
        "#/paths/~1swagger2~1items/get/parameters/5: `collectionFormat: tsv` of query parameter `tabbed` has no OpenAPI 3 form: sent comma-separated",
        "#/paths/~1swagger2~1items/get/parameters/9: parameter without `type`: read as `type: string`",
    ] {
        assert!(
            g.warnings.iter().any(|w| w == needle),
            "{needle}: {:#?}",
            g.warnings
        );
    }
}

#[test]
fn swagger2_bodies() {
    let g = generate("2.0", "swagger2_bodies");
    insta::assert_snapshot!("swagger2_bodies", render(&g));
    let plan = plan_of("2.0", "swagger2_bodies");
    let body = |id: &str| {
        let op = plan.operations.iter().find(|o| o.id == id);
        let body = op
            .unwrap_or_else(|| panic!("no operation {id}"))
            .body
            .as_ref();
        body.map(|b| (b.kind.clone(), b.required))
    };
    assert_eq!(body("swagger2SendJson"), Some((BodyKind::Json, true)));
    assert_eq!(
        body("swagger2PatchThing"),
        Some((BodyKind::JsonAs("application/json-patch+json".into()), true)),
        "a path-level body parameter, the operation's `consumes`"
    );
    assert_eq!(body("swagger2PutThing"), Some((BodyKind::Json, true)));
    assert_eq!(body("swagger2SendForm"), Some((BodyKind::Form, true)));
    assert_eq!(
        body("swagger2SendText"),
        Some((BodyKind::Text("text/plain".into()), false))
    );
    assert_eq!(
        body("swagger2Upload"),
        Some((BodyKind::Bytes("application/octet-stream".into()), true))
    );
    // A `type: file` field makes the body multipart: one file part and one text part, and
    // the operation is generated like any other.
    let send_file = plan
        .operations
        .iter()
        .find(|o| o.id == "swagger2SendFile")
        .expect("the multipart operation is generated");
    let Some(BodyKind::Multipart(Some(m))) = send_file.body.as_ref().map(|b| &b.kind) else {
        panic!("{:?}", send_file.body);
    };
    let parts: Vec<(&str, PartKind, bool)> = m
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.kind, f.required))
        .collect();
    assert_eq!(
        parts,
        [
            ("file", PartKind::File, true),
            ("note", PartKind::Text, false)
        ]
    );
    assert!(
        g.warnings.iter().any(|w| w.contains(
            "#/paths/~1swagger2~1multipart/post/parameters/0: `type: file` form field: the body is `multipart/form-data` (the file a binary string)"
        )),
        "{:#?}",
        g.warnings
    );
    assert!(
        !g.warnings
            .iter()
            .any(|w| w.contains("skipped") || w.contains("cannot encode arrays")),
        "{:#?}",
        g.warnings
    );
}

#[test]
fn swagger2_security() {
    let g = generate("2.0", "swagger2_security");
    insta::assert_snapshot!("swagger2_security", render(&g));
    let plan = plan_of("2.0", "swagger2_security");
    assert_eq!(
        plan.client.server_template.as_deref(),
        Some("https://login-api.example.com"),
        "no `schemes`: https"
    );
    let schemes: Vec<String> = plan
        .client
        .schemes
        .iter()
        .map(|s| format!("{} {:?}", s.spec_name, s.credential))
        .collect();
    assert_eq!(
        schemes,
        [
            "s2KeyHeader ApiKeyHeader(\"X-Api-Key\")",
            "s2KeyQuery ApiKeyQuery(\"api_key\")",
            "s2AppCreds ClientCredentials(\"https://login.example.com/token\")",
            "s2Password Bearer",
            "s2Implicit Bearer",
            "s2AccessCode Bearer",
        ],
        "basic has no builder method (as in 3.0), OAuth2 `application` is client credentials"
    );
    assert!(
        g.warnings
            .iter()
            .any(|w| w.starts_with("#/securityDefinitions/s2Basic: security scheme type `http`")),
        "{:#?}",
        g.warnings
    );
    let public = plan
        .operations
        .iter()
        .find(|o| o.id == "swagger2GetPublic")
        .unwrap();
    assert!(public.no_auth);
}

#[test]
fn swagger_versions_other_than_2_0_are_errors_naming_the_pointer() {
    let spec = r#"{"swagger":"1.2","info":{"title":"t","version":"1"},"paths":{}}"#;
    let err = xtask::generate_text(Path::new("old.json"), spec).expect_err("must fail");
    let text = format!("{err:#}");
    assert!(
        text.contains("unsupported construct at #/swagger: Swagger version 1.2"),
        "{text}"
    );
}

#[test]
fn swagger2_defects_are_warnings_not_failures() {
    // Both a body and form fields, a second body, a non-mapping parameter, a `$ref` to a
    // missing parameter, a file outside a form, an unknown OAuth2 flow and one without its URL.
    let spec = r##"{"swagger":"2.0","info":{"title":"t","version":"1"},
        "paths":{"/x":{"post":{"operationId":"postX","parameters":[
          {"name":"a","in":"body","schema":{"type":"object"}},
          {"name":"b","in":"body","schema":{"type":"string"}},
          {"name":"c","in":"formData","type":"string"},
          "oops",
          {"$ref":"#/parameters/Missing"},
          {"name":"d","in":"header","type":"file"}],
          "responses":{"204":{"description":"ok"}}}}},
        "securityDefinitions":{"odd":{"type":"oauth2","flow":"magic"},
          "noUrl":{"type":"oauth2","flow":"application"}}}"##;
    let g =
        xtask::generate_text(Path::new("defects.json"), spec).unwrap_or_else(|e| panic!("{e:#}"));
    for needle in [
        "#/paths/~1x/post/parameters/0: both `in: body` and `in: formData` parameters: the `formData` ones are left out",
        "#/paths/~1x/post/parameters/1: a second `in: body` parameter: left out (an operation has one body)",
        "#/paths/~1x/post/parameters/3: parameter is not a mapping: left out",
        "#/paths/~1x/post/parameters/5: `type: file` is only allowed in `formData`: the header parameter is read as a binary string",
        "#/securityDefinitions/odd/flow: OAuth2 flow `magic` is not a Swagger 2.0 flow",
        "#/securityDefinitions/noUrl: OAuth2 `application` flow without `tokenUrl`",
        "#/paths/~1x/post/parameters/4: `$ref` `#/parameters/Missing` does not resolve: the parameter is left out",
    ] {
        assert!(
            g.warnings.iter().any(|w| w.contains(needle)),
            "{needle}: {:#?}",
            g.warnings
        );
    }
}

/// The repairs of a Swagger 2.0 document, one fixture per defect class
/// (`fixtures/2.0/swagger2_repair_*.yaml`), and the exact warnings of each: every one names the
/// pointer of the 2.0 document (`#/definitions/..`, `#/parameters/..`, `#/responses/..`, a
/// parameter by its 2.0 index, a response's `schema`, a header, a form field), not the converted
/// 3.0 one.
const SWAGGER2_REPAIRS: &[(&str, &[&str])] = &[
    (
        "swagger2_repair_format_type",
        &[
            "#/paths/~1swagger2~1repair~1format~1{day}/parameters/0: `type: date` is a format, not a type: read as `type: string, format: date`",
            "#/paths/~1swagger2~1repair~1format~1{day}/post/parameters/1: `type: date-time` is a format, not a type: read as `type: string, format: date-time`",
            "#/paths/~1swagger2~1repair~1format~1{day}/post/responses/200/headers/X-Request-Id: `type: uuid` is a format, not a type: read as `type: string, format: uuid`",
            "#/paths/~1swagger2~1repair~1format~1{day}/post/responses/200/schema/items: `type: int64` is a format, not a type: read as `type: integer, format: int64`",
            "#/paths/~1swagger2~1repair~1format-form/post/parameters/1: `type: date-time` is a format, not a type: read as `type: string, format: date-time`",
            "#/definitions/S2FormatAsType/properties/id: `type: uuid` is a format, not a type: read as `type: string, format: uuid`",
            "#/definitions/S2FormatAsType/properties/at: `type: date-time` is a format, not a type: read as `type: string, format: date-time`",
            "#/definitions/S2FormatAsType/properties/count: `type: int64` is a format, not a type: read as `type: integer, format: int64`",
            "#/definitions/S2FormatAsType/properties/ratio: `type: double` is a format, not a type: read as `type: number, format: double`",
            "#/definitions/S2FormatAsType/properties/site: `type: uri` is a format, not a type: read as `type: string, format: uri`",
            "#/parameters/S2Until: `type: date` is a format, not a type: read as `type: string, format: date`",
            "#/responses/S2FormatNotFound/schema/properties/at: `type: date-time` is a format, not a type: read as `type: string, format: date-time`",
        ],
    ),
    (
        "swagger2_repair_path_params",
        &[
            "#/paths/~1swagger2~1repair~1users~1{userId}~1posts~1{postId}/get/parameters/1: path parameter `userid` is written `{userId}` in the path `/swagger2/repair/users/{userId}/posts/{postId}`: the path's spelling is used",
            "#/paths/~1swagger2~1repair~1users~1{userId}~1posts~1{postId}/get/parameters/2: path parameter `extra` does not appear in the path `/swagger2/repair/users/{userId}/posts/{postId}`: left out",
            "#/paths/~1swagger2~1repair~1users~1{userId}~1posts~1{postId}/get: the path placeholder `{postId}` has no declared parameter: added as a required string path parameter",
            "#/paths/~1swagger2~1repair~1odd~1{name/get: path `/swagger2/repair/odd/{name` has an unclosed `{`: sent as literal text",
        ],
    ),
    (
        "swagger2_repair_operation_ids",
        &[
            "#/paths/~1swagger2~1repair~1ids~1items/post: duplicate `operationId` `s2ListRepairItems` (also at #/paths/~1swagger2~1repair~1ids~1items/get): named `postSwagger2RepairIdsItems` from the method and path",
            "#/paths/~1swagger2~1repair~1ids~1items~1{itemId}/get: no `operationId`: named `getSwagger2RepairIdsItemsItemId` from the method and path",
            "#/paths/~1swagger2~1repair~1ids~1items~1{itemId}/delete: no `operationId`: named `deleteSwagger2RepairIdsItemsItemId` from the method and path",
        ],
    ),
    (
        "swagger2_repair_missing_refs",
        &[
            "#/paths/~1swagger2~1repair~1refs/post/parameters/0: `$ref` `#/parameters/S2Missing` does not resolve: the parameter is left out",
            "#/paths/~1swagger2~1repair~1refs/post/parameters/1/schema: `$ref` `#/definitions/S2MissingBody` does not resolve: generated as any JSON value (`serde_json::Value`)",
            "#/paths/~1swagger2~1repair~1refs/post/responses/404: `$ref` `#/responses/S2Missing` does not resolve: the response is read without a body",
            "#/definitions/S2HasMissingRefs/properties/thing: `$ref` `#/definitions/S2NotThere` does not resolve: generated as any JSON value (`serde_json::Value`)",
            "#/definitions/S2HasMissingRefs/properties/list/items: `$ref` `#/definitions/S2AlsoNotThere` does not resolve: generated as any JSON value (`serde_json::Value`)",
        ],
    ),
    (
        // `x-nullable` next to a `$ref` is the 2.0 way to say it, not a defect.
        "swagger2_repair_contradictions",
        &[
            "#/paths/~1swagger2~1repair~1contradictions/get/parameters/0: `enum` value \"fast\" is not of `type: integer`: the `enum` is dropped, the value is a plain integer",
            "#/paths/~1swagger2~1repair~1contradictions/get/parameters/1/items: `enum` value \"red\" is not of `type: integer`: the `enum` is dropped, the value is a plain integer",
            "#/definitions/S2Contradictions/required: `required` names `missing`, which is not a property: dropped from `required`",
            "#/definitions/S2Contradictions/properties/kind: `enum` value 1 is not of `type: string`: the `enum` is dropped, the value is a plain string",
        ],
    ),
    (
        // 2.0 has no `webhooks`.
        "swagger2_repair_not_dropped",
        &[
            "#/paths/~1swagger2~1repair~1empty: path item without operations: nothing generated",
            "#/definitions/S2Priority: an integer `enum` is generated as `S2Priority`, a newtype over `i32` with one constant per value (other values decode too)",
            "#/definitions/S2NotDropped/properties/weight: a `number` enum is generated as a plain number (its values are in the docs)",
            "#/definitions/S2NotDropped/properties/flag: a `boolean` enum is generated as a plain `bool` (its values are in the docs)",
            "#/definitions/S2NotDropped/properties/mixed/allOf/1: an `allOf` member that is not an object was ignored in the merged struct",
            "#/paths/~1swagger2~1repair~1internal/get/parameters/0: an integer `enum` is generated as `S2GetInternalThingPriority`, a newtype over `i32` with one constant per value (other values decode too)",
        ],
    ),
];

#[test]
fn swagger2_repairs_warn_with_the_2_0_pointers() {
    let listed: Vec<&str> = SWAGGER2_REPAIRS.iter().map(|(n, _)| *n).collect();
    let fixtures: Vec<&str> = SWAGGER2_ONLY
        .iter()
        .copied()
        .filter(|n| n.starts_with("swagger2_repair_"))
        .collect();
    assert_eq!(listed, fixtures, "every 2.0 repair fixture is checked");
    for (name, expected) in SWAGGER2_REPAIRS {
        let g = generate("2.0", name);
        insta::assert_snapshot!(*name, render(&g));
        assert_eq!(g.warnings, *expected, "{name}");
        assert!(
            !g.warnings.iter().any(|w| w.contains("#/components/")),
            "{name}: a converted pointer in {:#?}",
            g.warnings
        );
    }
}

#[test]
fn swagger2_repaired_operations_are_all_generated() {
    // The empty path item aside, every 2.0 operation (the `x-internal` one included) is one
    // operation of the plan.
    for (name, ids) in [
        ("swagger2_repair_not_dropped", &["s2GetInternalThing"][..]),
        (
            "swagger2_repair_operation_ids",
            &[
                "s2ListRepairItems",
                "postSwagger2RepairIdsItems",
                "getSwagger2RepairIdsItemsItemId",
                "deleteSwagger2RepairIdsItemsItemId",
            ][..],
        ),
    ] {
        let mut got: Vec<String> = plan_of("2.0", name)
            .operations
            .iter()
            .map(|o| o.id.clone())
            .collect();
        got.sort();
        let mut want: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn plan_errors_of_a_2_0_document_name_its_pointers() {
    let spec = r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},
        "definitions":{"Remote":{"type":"object","properties":{
          "thing":{"$ref":"https://example.com/other.json#/definitions/Thing"}}}}}"##;
    let err = xtask::generate_text(Path::new("remote.json"), spec).expect_err("must fail");
    let text = format!("{err:#}");
    assert!(
        text.contains("#/definitions/Remote/properties/thing") && !text.contains("#/components/"),
        "{text}"
    );
}
