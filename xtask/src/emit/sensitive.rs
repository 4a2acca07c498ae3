//! The wire names of the secret fields a success body may hold, handed to the runtime so that
//! a decode error never quotes their values.

use crate::plan::{Model, ModelKind, Ty};

/// The wire names of every secret field (`format: password` or `x-sensitive`, generated as
/// `SecretString`) reachable from `ty`, sorted and without repeats.
pub fn fields(ty: &Ty, models: &[Model]) -> Vec<String> {
    let mut out = Vec::new();
    visit(ty, models, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn visit<'a>(ty: &'a Ty, models: &'a [Model], seen: &mut Vec<&'a str>, out: &mut Vec<String>) {
    match ty {
        Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => {
            visit(t, models, seen, out)
        }
        Ty::Named(named) => {
            if seen.contains(&named.name.as_str()) {
                return;
            }
            seen.push(&named.name);
            let Some(model) = models.iter().find(|m| m.name == named.name) else {
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
