//! `openapi/codegen.toml`: which spec generates which crate.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The manifest's path relative to the workspace root.
pub const MANIFEST: &str = "openapi/codegen.toml";

/// One spec → crate mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The spec, relative to the workspace root.
    pub spec: PathBuf,
    /// The crate directory, relative to the workspace root; code goes to `<crate>/src/generated/`.
    #[serde(rename = "crate")]
    pub crate_dir: PathBuf,
}

impl Entry {
    /// The directory the generated files go to.
    pub fn out_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.crate_dir).join("src").join("generated")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    generate: Vec<Entry>,
}

/// Reads the manifest of the workspace at `root`.
pub fn read(root: &Path) -> Result<Vec<Entry>> {
    let path = root.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: Manifest =
        toml::from_str(&text).with_context(|| format!("invalid {}", path.display()))?;
    if manifest.generate.is_empty() {
        bail!("{} lists no [[generate]] entries", path.display());
    }
    Ok(manifest.generate)
}
