//! The wire names of the secret fields a success body may hold, handed to the runtime so that
//! a decode error never quotes their values.

use crate::plan::{Model, ModelKind, Ty};
use std::collections::{HashMap, HashSet};

/// The models by name (the first of a name), built once per file.
pub type ModelIndex<'a> = HashMap<&'a str, &'a Model>;

/// Indexes `models` by name.
pub fn index(models: &[Model]) -> ModelIndex<'_> {
    let mut index = HashMap::with_capacity(models.len());
    for m in models {
        index.entry(m.name.as_str()).or_insert(m);
    }
    index
}

/// The wire names of every secret field (`format: password` or `x-sensitive`, generated as
/// `SecretString`) reachable from `ty`, sorted and without repeats.
pub fn fields(ty: &Ty, models: &ModelIndex<'_>) -> Vec<String> {
    let mut out = Vec::new();
    visit(ty, models, &mut HashSet::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn visit<'a>(
    ty: &'a Ty,
    models: &ModelIndex<'a>,
    seen: &mut HashSet<&'a str>,
    out: &mut Vec<String>,
) {
    match ty {
        Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => {
            visit(t, models, seen, out)
        }
        Ty::Named(named) => {
            if !seen.insert(named.name.as_str()) {
                return;
            }
            let Some(model) = models.get(named.name.as_str()) else {
                return;
            };
            match &model.kind {
                ModelKind::Struct {
                    fields, additional, ..
                } => {
                    for field in fields {
                        if holds_secret(&field.base) {
                            out.push(field.wire.clone());
                        }
                        visit(&field.base, models, seen, out);
                    }
                    if let Some((_, value)) = additional {
                        visit(value, models, seen, out);
                    }
                }
                ModelKind::Union { variants, .. } => {
                    for variant in variants {
                        visit(&variant.ty, models, seen, out);
                    }
                }
                ModelKind::Alias(target) => visit(target, models, seen, out),
                ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => {}
            }
        }
        _ => {}
    }
}

/// True for a secret string, or a list, map or option of them.
fn holds_secret(ty: &Ty) -> bool {
    match ty {
        Ty::Secret => true,
        Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => holds_secret(t),
        _ => false,
    }
}
