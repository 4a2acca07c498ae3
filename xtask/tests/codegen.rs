//! Snapshot tests of the generator on small fixture specs (one per construct, each in OpenAPI
//! 3.0 and 3.1 form), error and fallback tests, determinism, and the drift check of the
//! checked-in provider crates.

use std::path::{Path, PathBuf};
use xtask::Generated;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// The fixture `name` in `version` (`3.0` or `3.1`), YAML or JSON.
fn fixture(version: &str, name: &str) -> PathBuf {
    let dir = fixtures().join(version);
    let yaml = dir.join(format!("{name}.yaml"));
    if yaml.exists() {
        yaml
    } else {
        dir.join(format!("{name}.json"))
    }
}

/// All generated files and warnings as one text.
fn render(g: &Generated) -> String {
    let mut out = String::new();
    for f in &g.files {
        out.push_str(&format!("==> {} <==\n{}\n", f.path, f.contents));
    }
    out.push_str("==> warnings <==\n");
    for w in &g.warnings {
        out.push_str(w);
        out.push('\n');
    }
    out
}

/// Without the `@generated` header lines (they name the spec file and its hash).
fn without_headers(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("// @generated"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn generate(version: &str, name: &str) -> Generated {
    let path = fixture(version, name);
    xtask::generate(&path).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
}

/// Snapshots the 3.0 and 3.1 forms and checks they generate the same code.
fn check(name: &str) {
    let v30 = render(&generate("3.0", name));
    let v31 = render(&generate("3.1", name));
    insta::assert_snapshot!(format!("v3_0__{name}"), v30);
    insta::assert_snapshot!(format!("v3_1__{name}"), v31);
    assert_eq!(
        without_headers(&v30),
        without_headers(&v31),
        "the 3.0 and 3.1 forms of {name} generate different code"
    );
}

macro_rules! constructs {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
        /// Every construct fixture, for the merged compile test.
        pub const CONSTRUCTS: &[&str] = &[$(stringify!($name)),*];
    };
}

constructs!(
    objects,
    enums,
    oneof_untagged,
    oneof_discriminator,
    allof,
    additional_properties,
    free_form,
    arrays,
    formats,
    recursive,
    inline_naming,
    keywords,
    params,
    bodies,
    responses,
    security,
    retry_safe,
    pagination,
    external_ref,
    fallbacks,
    json_schema,
    env_config,
);

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
