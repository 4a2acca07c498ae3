//! The generator on real vendor specs: the OpenAPI fixtures shipped in the `openapiv3` crate
//! (Stripe, Docker, Slack, Twilio, Fitbit, Quay, ...; a dependency of the workspace tests, so in
//! the local registry). Every valid one generates; the one invalid spec is a clear error.

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
    let Some(dir) = openapiv3_fixtures() else {
        eprintln!("skipped: the openapiv3 crate's fixtures are not in the local registry");
        return;
    };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(
        specs.len() > 10,
        "expected the openapiv3 fixtures in {}",
        dir.display()
    );
    for spec in specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        match xtask::generate(&spec) {
            // petstore.yaml references schemas it does not define.
            Err(e) if name == "petstore.yaml" => {
                assert!(format!("{e:#}").contains("PetByAge"), "{name}: {e:#}")
            }
            Err(e) => panic!("{name}: {e:#}"),
            Ok(g) => assert!(g.files.iter().any(|f| f.path == "api.rs"), "{name}"),
        }
    }
}
