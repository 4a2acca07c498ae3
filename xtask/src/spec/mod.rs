//! Reading specs and deciding what to generate.

pub mod env;
pub mod ir;
pub mod load;
pub mod node;
pub mod operations;
pub mod schemas;
pub mod security;

use crate::Warnings;
use crate::plan::Plan;
use anyhow::{Result, bail};
use node::Node;

/// Builds the plan for a bundled document.
pub fn build_plan(doc: &Node) -> Result<(Plan, Warnings)> {
    match doc.str_field("openapi") {
        Some(v) if v.starts_with("3.") => {}
        Some(v) => bail!(
            "unsupported construct at #/openapi: OpenAPI version {v} (3.0.x and 3.1.x are supported)"
        ),
        None if doc.get("swagger").is_some() => {
            bail!("unsupported construct at #/swagger: Swagger 2.0 (convert it to OpenAPI 3 first)")
        }
        None => bail!("#/openapi: not an OpenAPI document (no `openapi` version)"),
    }
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
    let mut warnings = std::mem::take(&mut schemas.warnings);
    let mut client = security::client_plan(doc, &mut warnings)?;
    client.env = env::env_plan(doc, &client)?;
    let info = doc.get("info");
    let plan = Plan {
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
        error_model: built.error_model,
    };
    Ok((plan, warnings))
}
