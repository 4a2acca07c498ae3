//! The workspace's package metadata is honest: every dependency builds on the declared
//! `rust-version`, and every published crate carries what crates.io and its users need.

use serde_json::Value;
use std::process::Command;

/// `cargo metadata` for the whole workspace, dependencies included, from the lock file.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Only the host's dependencies: those are built (so their sources are on disk) and those
    // are the ones whose `rust-version` matters for a build here.
    let host = host_triple();
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

/// `"1.88"` or `"1.88.0"` as `(1, 88, 0)`.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text
        .split('.')
        .map(|p| p.parse::<u64>().expect("numeric version part"));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

fn packages(metadata: &Value) -> &Vec<Value> {
    metadata["packages"].as_array().expect("packages array")
}

fn workspace_members(metadata: &Value) -> Vec<&Value> {
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    packages(metadata)
        .iter()
        .filter(|p| members.contains(&p["id"].as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn no_dependency_needs_a_newer_toolchain_than_the_declared_rust_version() {
    let metadata = metadata();
    let members = workspace_members(&metadata);
    let declared = members
        .iter()
        .filter_map(|p| p["rust_version"].as_str())
        .map(version)
        .max()
        .expect("the workspace declares a rust-version");
    let too_new: Vec<String> = packages(&metadata)
        .iter()
        .filter_map(|p| {
            let needed = p["rust_version"].as_str()?;
            (version(needed) > declared)
                .then(|| format!("{} {} needs {needed}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "declared rust-version {declared:?}; {too_new:?}"
    );
}

#[test]
fn every_published_crate_has_complete_metadata() {
    let metadata = metadata();
    for package in workspace_members(&metadata) {
        let name = package["name"].as_str().unwrap_or_default();
        if package["publish"].as_array().is_some_and(Vec::is_empty) {
            continue; // publish = false
        }
        for field in [
            "description",
            "license",
            "documentation",
            "readme",
            "rust_version",
        ] {
            assert!(
                package[field].as_str().is_some_and(|v| !v.is_empty()),
                "{name}: `{field}` is missing"
            );
        }
        // A repository URL is either real or absent: never a placeholder on crates.io.
        if let Some(url) = package["repository"].as_str() {
            let host = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            assert!(
                url.starts_with("https://")
                    && !host.is_empty()
                    && !host.ends_with(".invalid")
                    && !host.starts_with("example."),
                "{name}: `repository` {url:?} is not a public repository URL"
            );
        }
        for field in ["keywords", "categories"] {
            let values = package[field].as_array().map_or(0, Vec::len);
            assert!(
                (1..=5).contains(&values),
                "{name}: {values} {field} (1 to 5 expected)"
            );
        }
        let dir = std::path::Path::new(package["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .expect("manifest has a folder")
            .to_owned();
        for file in ["LICENSE-MIT", "LICENSE-APACHE", "README.md"] {
            assert!(
                dir.join(file).is_file(),
                "{name}: {file} is not in the package folder"
            );
        }
    }
}

#[test]
fn every_client_crate_offers_the_three_tls_choices_with_rustls_by_default() {
    let metadata = metadata();
    let clients = [
        "apiclient-core",
        "gmodstore-pat",
        "xms-tokens",
        "sailpoint-pat-v3",
        "sailpoint-pat-v2024",
    ];
    let mut seen = 0;
    for package in workspace_members(&metadata) {
        let name = package["name"].as_str().unwrap_or_default();
        if !clients.contains(&name) {
            continue;
        }
        seen += 1;
        let features = &package["features"];
        assert_eq!(features["default"], serde_json::json!(["rustls"]), "{name}");
        for feature in ["rustls", "rustls-native-roots", "native-tls"] {
            let enables = features[feature]
                .as_array()
                .unwrap_or_else(|| panic!("{name} has no feature `{feature}`"));
            let target = if name == "apiclient-core" {
                "reqwest/"
            } else {
                "apiclient-core/"
            };
            assert!(
                enables
                    .iter()
                    .any(|e| e.as_str().is_some_and(|e| e.starts_with(target))),
                "{name}/{feature} enables {enables:?}"
            );
        }
    }
    assert_eq!(seen, clients.len(), "every client crate was checked");
}
