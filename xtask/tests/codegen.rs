//! Snapshot tests of the generator on small fixture specs (one per construct, each in OpenAPI
//! 3.0 and 3.1 form: one snapshot, and the check that both forms generate the same code), error
//! and fallback tests, determinism, and the drift check of the checked-in provider crates.
//! The Swagger 2.0 forms are tested in `swagger2.rs`.

#[macro_use]
mod constructs;
mod support;

use std::path::Path;
use support::{fixture, fixture_names, generate, operation_count, render, without_headers};

/// Fixtures that must fail to generate (see `unsupported_constructs_are_errors_naming_the_pointer`).
const ERROR_FIXTURES: &[&str] = &["unsupported", "unsupported_type"];

/// Snapshots the 3.0 form and checks that the 3.1 form generates the same code (the
/// `@generated` headers name each its own file).
fn check(name: &str) {
    let v30 = render(&generate("3.0", name));
    let v31 = render(&generate("3.1", name));
    insta::assert_snapshot!(name, v30);
    assert_eq!(
        without_headers(&v30),
        without_headers(&v31),
        "the 3.0 and 3.1 forms of {name} generate different code"
    );
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
        /// Every construct fixture.
        const CONSTRUCTS: &[&str] = &[$(stringify!($name)),*];
    };
}

with_constructs!(snapshot_tests);

#[test]
fn every_fixture_is_a_construct_or_an_error_case_in_both_versions() {
    let mut expected: Vec<String> = CONSTRUCTS
        .iter()
        .chain(ERROR_FIXTURES)
        .map(|n| (*n).to_owned())
        .collect();
    expected.sort();
    for version in ["3.0", "3.1"] {
        assert_eq!(fixture_names(version), expected, "fixtures/{version}");
    }
}

#[test]
fn unsupported_constructs_are_errors_naming_the_pointer() {
    for version in ["3.0", "3.1"] {
        let err = xtask::generate(&fixture(version, "unsupported")).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("unsupported construct at #/components/schemas/Remote/properties/thing")
                && text.contains("remote $ref"),
            "{text}"
        );
        let err = xtask::generate(&fixture(version, "unsupported_type")).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("unsupported construct at #/components/schemas/Odd/properties/when")
                && text.contains("type: timestamp"),
            "{text}"
        );
    }
}

#[test]
fn fallbacks_warn_with_the_pointer() {
    let g = generate("3.0", "fallbacks");
    assert!(
        g.warnings
            .iter()
            .any(|w| w.starts_with("#/components/schemas/NotString: keyword `not`")),
        "{:?}",
        g.warnings
    );
    assert!(
        g.warnings
            .iter()
            .any(|w| w.starts_with("#/components/schemas/Tuple: tuple arrays")),
        "{:?}",
        g.warnings
    );
}

#[test]
fn generation_is_deterministic() {
    for name in CONSTRUCTS {
        for version in ["3.0", "3.1"] {
            let first = render(&generate(version, name));
            let second = render(&generate(version, name));
            assert_eq!(first, second, "{version}/{name} differs between two runs");
        }
    }
    let root = xtask::workspace_root();
    let first = xtask::check::generate_all(&root).unwrap();
    let second = xtask::check::generate_all(&root).unwrap();
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(
            a.generated.files,
            b.generated.files,
            "{} differs between two runs",
            a.entry.spec.display()
        );
    }
}

/// The drift check: the checked-in generated code of every provider crate is what the specs
/// in `openapi/` produce.
#[test]
fn codegen_is_up_to_date() {
    let root = xtask::workspace_root();
    let mut stale = Vec::new();
    for o in xtask::check::generate_all(&root).unwrap() {
        stale.extend(xtask::check::stale(&root, &o.dir, &o.generated.files));
    }
    assert!(
        stale.is_empty(),
        "generated code is out of date:\n  {}\nrun `cargo xtask codegen` to regenerate",
        stale.join("\n  ")
    );
}

#[test]
fn a_spec_with_a_thousand_schemas_generates() {
    let text = xtask::large_spec::large_spec(1000);
    let g = xtask::generate_text(Path::new("large.json"), &text).unwrap();
    let models = &g
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert!(
        models.contains("pub struct Schema999 "),
        "missing the last schema"
    );
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn x_env_naming_an_unknown_scheme_is_an_error_naming_the_pointer() {
    let spec = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},
        "x-env":{"auth":[{"scheme":"missing","token":{"var":"T"}}]},"paths":{}}"#;
    let err = xtask::generate_text(Path::new("env.json"), spec).expect_err("must fail");
    let text = format!("{err:#}");
    assert!(text.contains("#/x-env/auth/0"), "{text}");
    assert!(text.contains("missing"), "{text}");
}

#[test]
fn a_model_named_like_a_crate_item_is_renamed_or_spelled_by_its_path() {
    let spec = r##"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{
        "operationId":"getX","responses":{
          "200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Client"}}}},
          "default":{"description":"error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}}}}},
        "components":{"schemas":{
          "Error":{"type":"object","properties":{"message":{"type":"string"}}},
          "Client":{"type":"object","properties":{"last":{"$ref":"#/components/schemas/Error"}}}}}}"##;
    let g = xtask::generate_text(Path::new("clash.json"), spec).unwrap();
    let file = |name: &str| &g.files.iter().find(|f| f.path == name).unwrap().contents;
    // `Client` is the crate's client: the model is renamed.
    assert!(
        file("models.rs").contains("pub struct ClientModel {"),
        "{}",
        file("models.rs")
    );
    // `Error` is the crate's error alias: the model keeps its name, spelled by its path.
    assert!(file("models.rs").contains("pub struct Error {"));
    assert!(
        file("models.rs").contains("pub last: Option<super::models::Error>,"),
        "{}",
        file("models.rs")
    );
    assert!(
        file("mod.rs")
            .contains("pub type Error<E = serde_json::Value> = apiclient_core::Error<E>;"),
        "{}",
        file("mod.rs")
    );
    // The operation's error model holds the model by its path.
    assert!(
        file("errors.rs").contains("Default(super::models::Error),"),
        "{}",
        file("errors.rs")
    );
    assert!(
        file("api.rs").contains("execute::<GetXError>"),
        "{}",
        file("api.rs")
    );
    assert!(
        file("api.rs").contains("Result<ClientModel, Error<GetXError>>"),
        "{}",
        file("api.rs")
    );
}

#[test]
fn no_operation_is_skipped_for_its_body_or_response_media_type() {
    // Multipart (typed parts and free-form), octet-stream and text bodies and responses, in
    // 3.0, 3.1 and Swagger 2.0 (`formData` with `type: file`).
    for (version, name) in [
        ("3.0", "multipart"),
        ("3.1", "multipart"),
        ("3.0", "bodies"),
        ("3.1", "bodies"),
        ("2.0", "swagger2_bodies"),
    ] {
        let spec = xtask::load::load(&fixture(version, name)).unwrap();
        let (plan, _) = xtask::plan::build_plan(&spec.doc).unwrap();
        assert_eq!(
            plan.operations.len(),
            operation_count(&spec.doc),
            "{version}/{name}: operations missing"
        );
        let g = generate(version, name);
        let skipped: Vec<&String> = g
            .warnings
            .iter()
            .filter(|w| w.contains("skipped"))
            .collect();
        assert!(skipped.is_empty(), "{version}/{name}: {skipped:#?}");
    }
    let g = generate("3.0", "multipart");
    assert!(g.warnings.is_empty(), "{:#?}", g.warnings);
}
