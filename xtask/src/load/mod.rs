//! Loading: spec files (YAML or JSON) into one bundled document, and its schemas into the
//! version-neutral schema model ([`ir`]).
//!
//! This is the only stage that knows the spec format: after it, planning ([`crate::plan`])
//! sees a document with local `$ref`s only and schemas in the [`ir`] form, whatever the
//! version: OpenAPI 3.0 and 3.1 are read as they are, Swagger 2.0 is first converted into the
//! 3.0 form ([`swagger2`]).

mod bundle;
pub mod ir;
pub mod node;
pub mod pointers;
pub mod repair;
pub mod swagger2;

use crate::Warnings;
use anyhow::{Context, Result, bail};
use node::Node;
use pointers::PointerMap;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A loaded spec: the bundled document and what identifies its source.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The bundled document (only local `$ref`s left).
    pub doc: Node,
    /// The spec's file name, e.g. `gmodstore-v3.yaml`.
    pub file_name: String,
    /// SHA-256 (hex) of the spec file and every file it references, in load order.
    pub hash: String,
    /// The repairs made to the document ([`repair`]) and the warnings of its conversion, all
    /// naming pointers of the document as written.
    pub warnings: Warnings,
    /// Pointers of `doc` → pointers of the document as written (the identity unless it was
    /// converted from Swagger 2.0): later stages' warnings go through it.
    pub pointers: PointerMap,
}

/// Reads `path` and every file it references.
pub fn load(path: &Path) -> Result<LoadedSpec> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read spec {}", path.display()))?;
    load_text(path, &file_name, &text)
}

/// Like [`load`], with the main file's text already read (`path` locates referenced files).
pub fn load_text(path: &Path, file_name: &str, text: &str) -> Result<LoadedSpec> {
    let main = parse_file(path, text)?;
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    let mut doc = if bundle::has_external_refs(&main) {
        let (doc, texts) = bundle::bundle(path, &main)?;
        for (name, text) in &texts {
            hasher.update(b"\0");
            hasher.update(name.as_bytes());
            hasher.update(b"\0");
            hasher.update(text.as_bytes());
        }
        doc
    } else {
        main
    };
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let mut warnings = Warnings::default();
    let mut pointers = PointerMap::default();
    if swagger2::is_swagger(&doc) {
        (doc, pointers) = swagger2::convert(&doc, &mut warnings)?;
    }
    if doc.get("openapi").is_some() {
        let mut repairs = Warnings::default();
        repair::repair(&mut doc, &mut repairs);
        warnings.extend(repairs.map_lines(|l| pointers.map_line(l)));
    }
    Ok(LoadedSpec {
        doc,
        file_name: file_name.to_owned(),
        hash,
        warnings,
        pointers,
    })
}

/// Fails unless `doc` is an OpenAPI 3.x document (the versions the [`ir`] is read from; a
/// Swagger 2.0 document has been converted by then).
pub fn check_version(doc: &Node) -> Result<()> {
    match doc.str_field("openapi") {
        Some(v) if v.starts_with("3.") => Ok(()),
        Some(v) => bail!(
            "unsupported construct at #/openapi: OpenAPI version {v} (3.0.x and 3.1.x are supported)"
        ),
        None => bail!("#/openapi: not an OpenAPI document (no `openapi` version)"),
    }
}

fn parse_file(path: &Path, text: &str) -> Result<Node> {
    let json = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => text.trim_start().starts_with('{'),
    };
    node::parse(text, json).with_context(|| format!("cannot parse {}", path.display()))
}
