//! Writing generated code, and checking that the checked-in code is up to date.

use crate::emit::File;
use crate::manifest::{self, Entry};
use crate::{Generated, generate};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// One manifest entry, generated in memory.
pub struct Output {
    /// The manifest entry.
    pub entry: Entry,
    /// Where the files go.
    pub dir: PathBuf,
    /// The generation result.
    pub generated: Generated,
}

/// Generates every manifest entry of the workspace at `root` in memory.
pub fn generate_all(root: &Path) -> Result<Vec<Output>> {
    manifest::read(root)?
        .into_iter()
        .map(|entry| {
            let generated = generate(&root.join(&entry.spec))
                .with_context(|| format!("generating from {}", entry.spec.display()))?;
            Ok(Output {
                dir: entry.out_dir(root),
                entry,
                generated,
            })
        })
        .collect()
}

/// Files of `dir` that differ from `files`: changed, missing, or not generated any more
/// (`.rs` files only). Paths are relative to `root`.
pub fn stale(root: &Path, dir: &Path, files: &[File]) -> Vec<String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut out = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == f.contents => {}
            Ok(_) => out.push(format!("{} (out of date)", rel(&path))),
            Err(_) => out.push(format!("{} (missing)", rel(&path))),
        }
    }
    for extra in extra_files(dir, files) {
        out.push(format!("{} (not generated any more)", rel(&extra)));
    }
    out
}

fn extra_files(dir: &Path, files: &[File]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !files.iter().any(|f| f.path == name)
        })
        .collect();
    out.sort();
    out
}

/// Writes `files` into `dir` (only files whose contents changed) and, with `prune`, removes
/// `.rs` files that are not generated any more. Returns the paths written or removed.
pub fn write(dir: &Path, files: &[File], prune: bool) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
        changed.push(path);
    }
    for extra in extra_files(dir, files).into_iter().filter(|_| prune) {
        std::fs::remove_file(&extra)
            .with_context(|| format!("cannot remove {}", extra.display()))?;
        changed.push(extra);
    }
    Ok(changed)
}
