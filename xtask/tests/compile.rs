//! A standalone crate generated with `cargo xtask codegen --spec` from a spec that uses every
//! construct of the fixtures compiles without warnings (clippy with `-D warnings` when clippy
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

/// Every 3.0 fixture (with its external references bundled) merged into one document.
fn all_constructs() -> Node {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/3.0");
    let mut merged = Map::new();
    merged.insert("openapi".into(), Node::Str("3.0.3".into()));
    let mut info = Map::new();
    info.insert("title".into(), Node::Str("All constructs".into()));
    info.insert("version".into(), Node::Str("1".into()));
    merged.insert("info".into(), Node::Map(info));
    for name in FIXTURES {
        let doc = xtask::load::load(&dir.join(format!("{name}.yaml")))
            .unwrap_or_else(|e| panic!("{name}: {e:#}"))
            .doc;
        for key in ["servers", "security", "x-env"] {
            if let Some(v) = doc.get(key) {
                merged.insert(key.to_owned(), v.clone());
            }
        }
        if let Some(paths) = doc.get("paths").and_then(Node::as_map) {
            for (path, item) in paths {
                let target = map_mut(map_mut(&mut merged, "paths"), path);
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
                let target = map_mut(map_mut(&mut merged, "components"), section);
                for (k, v) in entries.as_map().expect("component section") {
                    assert!(
                        target.insert(k.clone(), v.clone()).is_none(),
                        "{name}: {section}/{k} twice"
                    );
                }
            }
        }
    }
    Node::Map(merged)
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

#[test]
fn generated_crate_with_every_construct_compiles() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen-compile");
    let spec = work.join("all-constructs.json");
    let out = work.join("all-constructs");
    let again = work.join("all-constructs-again");
    for d in [&out, &again] {
        let _ = std::fs::remove_dir_all(d);
    }
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(&spec, all_constructs().to_json()).unwrap();

    let xtask = env!("CARGO_BIN_EXE_xtask");
    for dir in [&out, &again] {
        run(Command::new(xtask)
            .args(["codegen", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(dir)
            .args(["--crate-name", "all-constructs"]));
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
            "--",
            "-D",
            "warnings",
        ]);
    } else {
        cmd.args(["check", "--offline", "--all-targets"]);
    }
    let output = run(cmd
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("warning: `all-constructs`"),
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
