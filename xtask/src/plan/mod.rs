//! Planning: the bundled document → a [`Plan`] (what to emit), in passes.
//!
//! 1. [`schemas`] names and defines the models of `components/schemas` (and of every schema a
//!    `$ref` points at); names that clash with the generated crate's own are resolved by
//!    [`naming`].
//! 2. [`operations`] reads `paths` into traits and operations, defining inline models on the
//!    way, and plans each operation's error model.
//! 3. [`schemas::Schemas::finish`] marks three-state fields, boxes recursive ones and breaks
//!    alias cycles, now that every model is known.
//! 4. [`operations::resolve_pagination`] resolves `x-pagination` pointers against the final
//!    models; [`json_patch`] recognises JSON Patch operation structs.
//! 5. [`security`] and [`env`](mod@env) plan the client: servers, credential methods, `from_env`.
//! 6. [`naming::qualify_shadowed`] spells references to models shadowed by a crate item.

pub mod env;
pub mod json_patch;
pub mod naming;
pub mod operations;
pub mod schemas;
pub mod security;
mod types;

pub use types::*;

use crate::Warnings;
use crate::load::{self, node::Node};
use anyhow::Result;

/// Builds the plan for a bundled document.
pub fn build_plan(doc: &Node) -> Result<(Plan, Warnings)> {
    load::check_version(doc)?;
    let mut schemas = schemas::Schemas::new(doc);
    schemas.define_components()?;
    let built = operations::build(doc, &mut schemas)?;
    schemas.finish(&built.request_types);
    let mut operations = built.operations;
    for (op, raw) in operations.iter_mut().zip(&built.pagination) {
        if let Some(raw) = raw {
            op.pagination = Some(operations::resolve_pagination(raw, op, &schemas)?);
        }
    }
    json_patch::recognise(&mut schemas.models);
    let mut warnings = std::mem::take(&mut schemas.warnings);
    let mut client = security::client_plan(doc, &mut warnings)?;
    client.env = env::env_plan(doc, &client)?;
    let info = doc.get("info");
    let mut plan = Plan {
        title: info
            .and_then(|i| i.str_field("title"))
            .unwrap_or("the API")
            .to_owned(),
        version: info
            .and_then(|i| i.str_field("version"))
            .unwrap_or_default()
            .to_owned(),
        models: schemas.models,
        traits: built.traits,
        operations,
        client,
    };
    naming::qualify_shadowed(&mut plan);
    Ok((plan, warnings))
}
