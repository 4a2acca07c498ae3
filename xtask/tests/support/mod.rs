//! Helpers of the fixture tests (`codegen.rs`, `swagger2.rs`, `vendor_specs.rs`): where the
//! fixtures are, the generated code of one as a single text, and the operations of a document.

use std::path::{Path, PathBuf};
use xtask::Generated;

/// `tests/fixtures/`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// The fixture `name` in `version` (`2.0`, `3.0` or `3.1`), YAML or JSON.
pub fn fixture(version: &str, name: &str) -> PathBuf {
    let dir = fixtures().join(version);
    let yaml = dir.join(format!("{name}.yaml"));
    if yaml.exists() {
        yaml
    } else {
        dir.join(format!("{name}.json"))
    }
}

/// All generated files and warnings as one text.
pub fn render(g: &Generated) -> String {
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
pub fn without_headers(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("// @generated"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The generated code of the fixture `name` in `version`.
pub fn generate(version: &str, name: &str) -> Generated {
    let path = fixture(version, name);
    xtask::generate(&path).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
}

/// Names of the fixture specs in `version`'s directory (without extension).
pub fn fixture_names(version: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join(version))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The operations of `paths` in a loaded document.
#[allow(dead_code)] // used by `codegen.rs` and `vendor_specs.rs`
pub fn operation_count(doc: &xtask::load::node::Node) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    doc.get("paths")
        .and_then(|p| p.as_map())
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_map())
        .map(|item| {
            item.keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .count()
        })
        .sum()
}
