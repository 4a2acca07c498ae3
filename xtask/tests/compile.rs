//! A standalone crate generated with `cargo xtask codegen --spec` from a spec that uses every
//! construct of the fixtures (Swagger 2.0 ones and the repaired defects included) compiles without warnings (clippy with `-D warnings` when clippy
//! is installed, else `cargo check`), its doc examples compile as doctests, and generating it
//! twice gives the same bytes.

#[macro_use]
mod constructs;

use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::load::node::{Map, Node};

/// Defines `FIXTURES`: the fixtures merged into the all-constructs spec (every construct).
macro_rules! fixture_list {
    ($($name:ident),* $(,)?) => {
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];
    };
}

with_constructs!(fixture_list);

fn map_mut<'a>(node: &'a mut Map, key: &str) -> &'a mut Map {
    let entry = node
        .entry(key.to_owned())
        .or_insert_with(|| Node::Map(Map::new()));
    match entry {
        Node::Map(m) => m,
        _ => panic!("{key} is not a mapping"),
    }
}

/// Every 3.0 fixture (with its external references bundled) and every Swagger 2.0-only
/// fixture (converted to 3.0 on load) merged into one document.
fn all_constructs() -> Node {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut merged = Map::new();
    merged.insert("openapi".into(), Node::Str("3.0.3".into()));
    let mut info = Map::new();
    info.insert("title".into(), Node::Str("All constructs".into()));
    info.insert("version".into(), Node::Str("1".into()));
    merged.insert("info".into(), Node::Map(info));
    for name in FIXTURES {
        merge(&mut merged, &fixtures.join("3.0"), name, true);
    }
    // Their servers and global security would replace those of the 3.0 fixtures.
    for name in constructs::SWAGGER2_ONLY {
        merge(&mut merged, &fixtures.join("2.0"), name, false);
    }
    Node::Map(merged)
}

/// Adds the paths and components of the fixture `name` in `dir` to `merged` (and its servers,
/// security and `x-env` when `root_keys`).
fn merge(merged: &mut Map, dir: &Path, name: &str, root_keys: bool) {
    let doc = xtask::load::load(&dir.join(format!("{name}.yaml")))
        .unwrap_or_else(|e| panic!("{name}: {e:#}"))
        .doc;
    for key in ["servers", "security", "x-env"] {
        if let Some(v) = doc.get(key).filter(|_| root_keys) {
            merged.insert(key.to_owned(), v.clone());
        }
    }
    if let Some(paths) = doc.get("paths").and_then(Node::as_map) {
        for (path, item) in paths {
            let target = map_mut(map_mut(merged, "paths"), path);
            for (method, op) in item.as_map().expect("path item") {
                assert!(
                    target.insert(method.clone(), op.clone()).is_none(),
                    "{name}: {method} {path} twice"
                );
            }
        }
    }
    if let Some(components) = doc.get("components").and_then(Node::as_map) {
        for (section, entries) in components {
            let target = map_mut(map_mut(merged, "components"), section);
            for (k, v) in entries.as_map().expect("component section") {
                assert!(
                    target.insert(k.clone(), v.clone()).is_none(),
                    "{name}: {section}/{k} twice"
                );
            }
        }
    }
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Generates the standalone crate `name` from `spec` (JSON text) twice with `--spec`, checks
/// both runs wrote the same bytes and compiles it with every feature (clippy `-D warnings` when
/// installed).
fn generate_and_compile(name: &str, spec_text: &str) {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen-compile");
    let spec = work.join(format!("{name}.json"));
    let out = work.join(name);
    let again = work.join(format!("{name}-again"));
    for d in [&out, &again] {
        let _ = std::fs::remove_dir_all(d);
    }
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(&spec, spec_text).unwrap();

    let xtask = env!("CARGO_BIN_EXE_xtask");
    for dir in [&out, &again] {
        run(Command::new(xtask)
            .args(["codegen", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(dir)
            .args(["--crate-name", name]));
    }
    assert_eq!(
        files(&out),
        files(&again),
        "two runs of --spec wrote different files"
    );

    let root = xtask::workspace_root();
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let clippy = Command::new(env!("CARGO"))
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut cmd = Command::new(env!("CARGO"));
    if clippy {
        cmd.args([
            "clippy",
            "--offline",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]);
    } else {
        cmd.args(["check", "--offline", "--all-targets", "--all-features"]);
    }
    let output = run(cmd
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains(&format!("warning: `{name}`")),
        "warnings in the generated crate:\n{stderr}"
    );

    // The `# Example` sections of every method and of the client are doctests: they compile
    // (and the client's runs) for every construct.
    run(Command::new(env!("CARGO"))
        .args(["test", "--offline", "--doc"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS"));
}

#[test]
fn generated_crate_with_every_construct_compiles() {
    let spec = all_constructs().to_json();
    // Every operation is generated, those with multipart, octet-stream and text bodies too.
    let g = xtask::generate_text(Path::new("all-constructs.json"), &spec).unwrap();
    assert!(
        !g.warnings.iter().any(|w| w.contains("operation skipped")),
        "{:#?}",
        g.warnings
    );
    let api = &g
        .files
        .iter()
        .find(|f| f.path == "api.rs")
        .unwrap()
        .contents;
    for needle in [
        "pub struct MpUploadFileMultipart {",
        "pub struct Swagger2SendFileMultipart {",
        ".multipart_body(apiclient_core::multipart::Form::from(body.clone()))",
        ".multipart_body(body.clone())",
        ".bytes_body(\"application/octet-stream\", body.clone())",
        ".bytes_body(\"text/plain\", body.to_owned())",
        "Result<apiclient_core::bytes::Bytes, Error>",
        // Repaired inputs, 3.0 and Swagger 2.0: the `x-internal` operations, those named from
        // their method and path, those with an added path parameter.
        "async fn get_internal_thing(",
        "async fn s2_get_internal_thing(",
        "async fn delete_swagger2_repair_ids_items_item_id(",
        "async fn s2_get_repaired_post(",
    ] {
        assert!(api.contains(needle), "all-constructs api.rs lacks {needle}");
    }
    let models = &g
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    for needle in [
        "pub struct FormatAsType {",
        "pub struct S2FormatAsType {",
        "pub struct S2HasMissingRefs {",
        "pub struct S2Priority(pub i32);",
    ] {
        assert!(
            models.contains(needle),
            "all-constructs models.rs lacks {needle}"
        );
    }
    generate_and_compile("all-constructs", &spec);
}

/// A spec with 50 injected defects, ten of each of five classes: formats written as types,
/// missing `operationId`s, `$ref`s to missing schemas, undeclared path placeholders, `enum`
/// values of the wrong type.
fn fifty_defects() -> String {
    let mut props = Vec::new();
    let mut paths = Vec::new();
    for i in 0..10 {
        props.push(format!(r#""at{i}": {{"type": "date-time"}}"#));
        props.push(format!(
            r##""gone{i}": {{"$ref": "#/components/schemas/Gone{i}"}}"##
        ));
        props.push(format!(
            r#""level{i}": {{"type": "integer", "enum": ["high", "low"]}}"#
        ));
        paths.push(format!(
            r#""/defects/unnamed{i}": {{"get": {{"responses": {{"204": {{"description": "ok"}}}}}}}}"#
        ));
        paths.push(format!(
            r##""/defects/things{i}/{{thingId}}": {{"get": {{"operationId": "getThing{i}",
                "responses": {{"200": {{"description": "ok", "content": {{"application/json":
                {{"schema": {{"$ref": "#/components/schemas/Defects"}}}}}}}}}}}}}}"##
        ));
    }
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Fifty defects", "version": "1"}},
        "paths": {{{}}},
        "components": {{"schemas": {{"Defects": {{"type": "object", "properties": {{{}}}}}}}}}}}"#,
        paths.join(","),
        props.join(",")
    )
}

#[test]
fn a_spec_with_fifty_defects_generates_with_fifty_warnings_and_compiles() {
    let spec = fifty_defects();
    let g = xtask::generate_text(Path::new("fifty-defects.json"), &spec)
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(g.warnings.len(), 50, "{:#?}", g.warnings);
    for (needle, count) in [
        ("`type: date-time` is a format, not a type", 10),
        ("does not resolve: generated as any JSON value", 10),
        ("is not of `type: integer`: the `enum` is dropped", 10),
        ("no `operationId`: named `getDefectsUnnamed", 10),
        (
            "the path placeholder `{thingId}` has no declared parameter",
            10,
        ),
    ] {
        assert_eq!(
            g.warnings.iter().filter(|w| w.contains(needle)).count(),
            count,
            "{needle}: {:#?}",
            g.warnings
        );
    }
    generate_and_compile("fifty-defects", &spec);
}

#[test]
fn strict_fails_listing_every_repair_and_writes_nothing() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen-strict");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let spec = work.join("fifty-defects.json");
    std::fs::write(&spec, fifty_defects()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--strict", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(work.join("crate"))
        .args(["--crate-name", "strict"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "--strict accepted a spec with defects"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("fifty-defects.json: #/"))
        .collect();
    assert_eq!(errors.len(), 50, "{stderr}");
    assert!(
        stderr.contains("--strict: 50 repair(s) or fallback(s) needed"),
        "{stderr}"
    );
    assert!(!work.join("crate").exists(), "--strict wrote the crate");

    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/3.0/objects.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--strict", "--spec"])
        .arg(&clean)
        .arg("--out")
        .arg(work.join("clean"))
        .args(["--crate-name", "clean"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
