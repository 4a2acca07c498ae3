//! `cargo xtask`: generation of the provider crates' code from the OpenAPI specs in `openapi/`.
//!
//! Pipeline, one folder per stage:
//! - [`load`] reads a YAML or JSON spec, bundles references into other files and reads schemas
//!   into one model for OpenAPI 3.0 and 3.1 ([`load::ir`]);
//! - [`plan`] decides the Rust models, operations and client ([`plan::Plan`]);
//! - [`emit`] turns the plan into tokens (`quote`) and formatted files (`prettyplease`).
//!
//! Output is a pure function of the spec bytes.

pub mod check;
pub mod emit;
pub mod large_spec;
pub mod load;
pub mod manifest;
pub mod names;
pub mod plan;

use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Generator warnings: repairs of defects and constructs generated through a documented
/// fallback, one line each (`<JSON pointer>: <what was done>`), each once, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    lines: Vec<String>,
    /// The lines already recorded (a spec with thousands of warnings stays linear).
    seen: HashSet<String>,
}

impl Warnings {
    /// Records a warning about the construct at `at` (a JSON pointer).
    pub fn warn(&mut self, at: &str, message: &str) {
        self.push(format!("{at}: {message}"));
    }

    fn push(&mut self, line: String) {
        if !self.seen.contains(&line) {
            self.seen.insert(line.clone());
            self.lines.push(line);
        }
    }

    /// Adds `other`'s warnings after these.
    pub fn extend(&mut self, other: Warnings) {
        for line in other.lines {
            self.push(line);
        }
    }

    /// These warnings with every line rewritten by `f` (lines that become equal are kept once).
    pub fn map_lines(self, f: impl Fn(&str) -> String) -> Warnings {
        let mut out = Warnings::default();
        for line in &self.lines {
            out.push(f(line));
        }
        out
    }

    /// The warnings, in the order they were found.
    pub fn into_vec(self) -> Vec<String> {
        self.lines
    }
}

/// The result of generating one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files of `src/generated/`.
    pub files: Vec<emit::File>,
    /// Warnings about fallbacks.
    pub warnings: Vec<String>,
    /// The spec's title.
    pub title: String,
    /// Time spent per phase: load, plan, render.
    pub timings: [Duration; 3],
}

/// Generates the `src/generated/` files for the spec at `path`.
pub fn generate(path: &Path) -> Result<Generated> {
    let started = Instant::now();
    let spec = load::load(path)?;
    generate_loaded(spec, started)
}

/// Like [`generate`], for spec text already in memory (`path` locates referenced files and
/// gives the name used in the header).
pub fn generate_text(path: &Path, text: &str) -> Result<Generated> {
    let started = Instant::now();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spec = load::load_text(path, &file_name, text)?;
    generate_loaded(spec, started)
}

fn generate_loaded(spec: load::LoadedSpec, started: Instant) -> Result<Generated> {
    let loaded = started.elapsed();
    let t = Instant::now();
    let (plan, plan_warnings) =
        plan::build_plan(&spec.doc).map_err(|e| spec.pointers.map_error(e))?;
    let mut warnings = spec.warnings;
    warnings.extend(plan_warnings.map_lines(|l| spec.pointers.map_line(l)));
    let planned = t.elapsed();
    let t = Instant::now();
    let files = emit::render(&plan, &spec.file_name, &spec.hash)?;
    let rendered = t.elapsed();
    Ok(Generated {
        files,
        warnings: warnings.into_vec(),
        title: plan.title,
        timings: [loaded, planned, rendered],
    })
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}
