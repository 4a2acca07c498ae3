//! The generator on real vendor specs: the OpenAPI fixtures shipped in the `openapiv3` crate
//! (Stripe, Docker, Slack, Twilio, Fitbit, Quay, ...; a dependency of the workspace tests, so in
//! the local registry). Every one generates; the defects of the published files are repaired
//! with warnings, and every operation they document is generated (none skipped). A missing
//! corpus fails the test: it must not pass by testing nothing.

#[allow(dead_code)] // only `operation_count` is used here
mod support;

use std::path::PathBuf;

fn openapiv3_fixtures() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let mut found: Vec<PathBuf> = Vec::new();
    for registry in std::fs::read_dir(home.join("registry").join("src")).ok()? {
        let Ok(registry) = registry else { continue };
        for krate in std::fs::read_dir(registry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = krate.file_name().to_string_lossy().into_owned();
            if name.starts_with("openapiv3-") && krate.path().join("fixtures").is_dir() {
                found.push(krate.path().join("fixtures"));
            }
        }
    }
    found.sort();
    found.pop()
}

#[test]
fn vendor_specs_generate() {
    let dir = openapiv3_fixtures().unwrap_or_else(|| {
        panic!(
            "the openapiv3 crate's fixtures are not in the local registry \
             ($CARGO_HOME/registry/src/*/openapiv3-*/fixtures): run `cargo fetch` (openapiv3 is a \
             dev-dependency of the workspace `tests` crate) so this test has its corpus"
        )
    });
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(
        specs.len() > 10,
        "expected the openapiv3 fixtures in {}, found {} specs",
        dir.display(),
        specs.len()
    );
    let mut operations = 0;
    for spec in specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let g = xtask::generate(&spec).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert!(g.files.iter().any(|f| f.path == "api.rs"), "{name}");
        // Every operation the spec documents is generated, none skipped.
        let loaded = xtask::load::load(&spec).unwrap();
        let (plan, _) = xtask::plan::build_plan(&loaded.doc).unwrap();
        assert_eq!(
            plan.operations.len(),
            support::operation_count(&loaded.doc),
            "{name}: operations missing"
        );
        let skipped: Vec<&String> = g
            .warnings
            .iter()
            .filter(|w| w.contains("operation") && w.contains("skipped"))
            .collect();
        assert!(skipped.is_empty(), "{name}: {skipped:#?}");
        operations += plan.operations.len();
        if name == "petstore.yaml" {
            // It references schemas it does not define: repaired as JSON values.
            assert!(
                g.warnings
                    .iter()
                    .any(|w| w.contains("PetByAge") && w.contains("does not resolve")),
                "{name}: {:?}",
                g.warnings
            );
        }
    }
    // 951 operations in openapiv3 2.x's fixtures: a corpus this small is not the real one.
    assert!(
        operations > 500,
        "only {operations} operations in the corpus"
    );
}
