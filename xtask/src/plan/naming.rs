//! Clashes between model names and the names the generated crate defines or uses itself.
//!
//! - Names the generated code uses unqualified (prelude types and traits, and the crate's
//!   `Client`, `ClientBuilder`, `ApiResponse`): a model named so would make them ambiguous, so it
//!   gets a `Model` suffix (`ClientModel`) when its name is allocated ([`type_base`]).
//! - Names of crate items that shadow a model's glob import (`Error`, the crate's error alias):
//!   the model keeps its name, reachable as `models::Error`, and generated code spells it by its
//!   path ([`qualify_shadowed`]).

use super::{Model, ModelKind, Operation, Pagination, Plan, Ty};
use crate::names;

/// Names the generated code uses unqualified; models with these names get a `Model` suffix.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Client",
    "ClientBuilder",
    "ApiResponse",
];

/// Items of the generated crate that shadow a model of the same name: the model keeps its
/// name and is spelled by its path.
pub const SHADOWING_ITEMS: &[&str] = &["Error"];

/// The base Rust name of a type called `spec_name` in the spec (before numbering).
pub fn type_base(spec_name: &str) -> String {
    let base = names::type_name(spec_name);
    if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
        format!("{base}Model")
    } else {
        base
    }
}

/// Marks every reference to a model that a crate item shadows as qualified.
pub fn qualify_shadowed(plan: &mut Plan) {
    for m in &mut plan.models {
        qualify_model(m);
    }
    for o in &mut plan.operations {
        qualify_operation(o);
    }
}

fn qualify_model(m: &mut Model) {
    match &mut m.kind {
        ModelKind::Struct {
            fields, additional, ..
        } => {
            for f in fields {
                qualify(&mut f.base);
            }
            if let Some((_, t)) = additional {
                qualify(t);
            }
        }
        ModelKind::Union { variants, .. } => {
            for v in variants {
                qualify(&mut v.ty);
            }
        }
        ModelKind::Alias(t) => qualify(t),
        ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => {}
    }
}

fn qualify_operation(o: &mut Operation) {
    for p in &mut o.params {
        qualify(&mut p.ty);
    }
    if let Some(b) = &mut o.body {
        qualify(&mut b.ty);
    }
    qualify(&mut o.success);
    for v in o.errors.iter_mut().flat_map(|e| &mut e.variants) {
        qualify(&mut v.ty);
    }
    match &mut o.pagination {
        Some(Pagination::Cursor {
            next, items, item, ..
        }) => {
            for t in [&mut next.leaf, &mut items.leaf, item] {
                qualify(t);
            }
        }
        Some(Pagination::Offset {
            limit,
            offset,
            items,
            total,
            item,
            ..
        }) => {
            for t in [&mut limit.1, &mut offset.1, &mut items.leaf, item] {
                qualify(t);
            }
            if let Some(total) = total {
                qualify(&mut total.leaf);
            }
        }
        None => {}
    }
}

fn qualify(t: &mut Ty) {
    match t {
        Ty::Named(r) => r.qualified = SHADOWING_ITEMS.contains(&r.name.as_str()),
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) => qualify(t),
        _ => {}
    }
}
