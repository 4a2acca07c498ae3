//! Paths → operations: parameters, bodies, responses, security, retry safety, pagination.
//!
//! [`build`] walks `paths` in spec order. Per operation, `operation` decides its name,
//! docs and flags, `path` checks its path template, `params`, `bodies` and `responses`
//! plan its inputs and outputs; `traits` groups operations by tag. `x-pagination` is
//! resolved by `pagination` once the models are final. `refs` follows `$ref`s to
//! components and `media` picks media types.

mod bodies;
mod media;
mod multipart;
mod operation;
mod pagination;
mod params;
mod path;
mod refs;
mod responses;
mod traits;

pub use pagination::{RawPagination, resolve_pagination};

use super::schemas::Schemas;
use super::{ApiTrait, BodyKind, Operation, Ty};
use crate::load::node::{Node, escape_segment};
use crate::names::NameSet;
use anyhow::Result;
use refs::resolve;
use std::collections::HashMap;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Methods of `Client` that operations may not take.
const CLIENT_METHODS: &[&str] = &["builder", "from_api_client", "api_client", "clone", "fmt"];

/// Operations and what is needed to finish them.
pub struct Built {
    /// Traits in order.
    pub traits: Vec<ApiTrait>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Per operation: its `x-pagination`, if any.
    pub pagination: Vec<Option<RawPagination>>,
    /// Types of every request body (for three-state fields).
    pub request_types: Vec<Ty>,
}

/// An operation found in `paths`.
struct RawOp<'a> {
    /// The path template.
    path: String,
    /// The method, lower-case as in the spec.
    method: String,
    /// JSON pointer of the operation.
    ptr: String,
    /// The operation object.
    node: &'a Node,
    /// Path-level parameters, with their pointers.
    shared: Vec<(&'a Node, String)>,
}

/// State shared while planning the operations of one document.
struct Ctx<'s, 'a> {
    doc: &'a Node,
    schemas: &'s mut Schemas<'a>,
    /// Method names of `Client` in use.
    fn_names: NameSet,
    /// The document's `security`.
    global_security: Option<Vec<Node>>,
    /// Operation names in use → the pointer of the operation that has it.
    op_ids: HashMap<String, String>,
}

/// Builds every operation of `doc`.
pub fn build<'a>(doc: &'a Node, schemas: &mut Schemas<'a>) -> Result<Built> {
    let mut fn_names = NameSet::snake();
    for m in CLIENT_METHODS {
        fn_names.reserve(m);
    }
    let mut ctx = Ctx {
        doc,
        schemas,
        fn_names,
        global_security: doc
            .get("security")
            .and_then(Node::as_seq)
            .map(<[Node]>::to_vec),
        op_ids: HashMap::new(),
    };
    let raw_ops = raw_operations(doc)?;
    let used_tags: Vec<Option<String>> = raw_ops
        .iter()
        .map(|op| traits::first_tag(op.node))
        .collect();
    let (traits, trait_of) = traits::traits(doc, &used_tags, &mut ctx.schemas.names);

    let mut operations = Vec::new();
    let mut pagination = Vec::new();
    let mut request_types = Vec::new();
    for (raw, tag) in raw_ops.into_iter().zip(used_tags) {
        let (operation, raw) = ctx.operation(&raw, trait_of[&tag])?;
        if let Some(body) = &operation.body {
            match &body.kind {
                BodyKind::Multipart(Some(m)) => {
                    request_types.extend(m.fields.iter().map(|f| f.ty.clone()));
                }
                _ => request_types.push(body.ty.clone()),
            }
        }
        for p in &operation.params {
            request_types.push(p.ty.clone());
        }
        operations.push(operation);
        pagination.push(raw);
    }
    Ok(Built {
        traits,
        operations,
        pagination,
        request_types,
    })
}

/// Every operation of `paths`, in spec order.
fn raw_operations(doc: &Node) -> Result<Vec<RawOp<'_>>> {
    let mut raw_ops = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Node::as_map) else {
        return Ok(raw_ops);
    };
    for (path, item) in paths {
        let item_ptr = format!("#/paths/{}", escape_segment(path));
        let item = resolve(doc, item, &item_ptr)?;
        let item_ptr = item.ptr.clone();
        let item = item.node;
        let mut shared = Vec::new();
        if let Some(ps) = item.get("parameters").and_then(Node::as_seq) {
            for (i, p) in ps.iter().enumerate() {
                shared.push((p, format!("{item_ptr}/parameters/{i}")));
            }
        }
        let Some(map) = item.as_map() else { continue };
        for (method, op) in map {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            raw_ops.push(RawOp {
                path: path.clone(),
                method: method.clone(),
                ptr: format!("{item_ptr}/{method}"),
                node: op,
                shared: shared.clone(),
            });
        }
    }
    Ok(raw_ops)
}
