//! Swagger 2.0 input: twins of construct fixtures (`fixtures/2.0/<construct>.yaml`) generate the
//! same code as their OpenAPI 3.0 form; the 2.0-only constructs (`fixtures/2.0/swagger2_*.yaml`:
//! parameters and `collectionFormat`, bodies and forms, security definitions) have a snapshot
//! each and checks of the plan; defects of a 2.0 document are warnings naming its pointer.

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
/// `@generated` headers, which name each its own file), warnings included.
#[test]
fn swagger2_twins_generate_like_their_3_0_forms() {
    for name in SWAGGER2_TWINS {
        let v30 = render(&generate("3.0", name));
        let v20 = render(&generate("2.0", name));
        assert_eq!(
            without_headers(&v30),
            without_headers(&v20),
            "the 3.0 and 2.0 forms of {name} generate different code"
        );
    }
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
            .any(|w| w
                .starts_with("#/components/securitySchemes/s2Basic: security scheme type `http`")),
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
        "`$ref` `#/components/parameters/Missing` does not resolve: the parameter is left out",
    ] {
        assert!(
            g.warnings.iter().any(|w| w.contains(needle)),
            "{needle}: {:#?}",
            g.warnings
        );
    }
}
