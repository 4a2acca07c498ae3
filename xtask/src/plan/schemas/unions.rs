//! `oneOf` / `anyOf` → enums of the alternatives, in spec order; with a discriminator, each
//! variant carries the tag values that select it.

use super::Schemas;
use super::docs::doc_lines;
use crate::load::ir::{Discriminator, Kind, Schema};
use crate::load::node::unescape_segment;
use crate::names::{self, NameSet};
use crate::plan::{ModelKind, Ty, UnionVariant};
use anyhow::Result;

impl Schemas<'_> {
    /// The union `name` of `members`.
    pub(super) fn union(
        &mut self,
        name: &str,
        members: &[Schema],
        discriminator: Option<&Discriminator>,
    ) -> Result<ModelKind> {
        let mut used = NameSet::pascal();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for m in members {
            let label = self.variant_label(m)?;
            let rust = used.alloc(&names::variant_name(&label));
            let ty = self.ty(m, &format!("{name}{rust}"))?;
            let mut docs = match &m.kind {
                Kind::Ref(_) => Vec::new(),
                _ => doc_lines(m),
            };
            if docs.is_empty() {
                docs.push(format!("The `{label}` alternative."));
            }
            let tags = match (discriminator, &m.kind) {
                (Some(d), Kind::Ref(p)) => tags_of(d, p),
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                rust,
                ty,
                tags,
                docs,
            });
        }
        let tag = discriminator.map(|d| d.property.clone());
        if let Some(d) = discriminator {
            self.add_mapped_variants(d, &mut variants, &mut used)?;
            self.warn_untagged(name, &variants);
        }
        let needs_catch_all = tag.is_some() || !variants.iter().any(|v| v.ty == Ty::Value);
        let catch_all = needs_catch_all.then(|| used.alloc("Unknown"));
        Ok(ModelKind::Union {
            variants,
            tag,
            catch_all,
        })
    }

    /// The name of the variant for `v`: its model's name, its title, or its kind.
    fn variant_label(&mut self, v: &Schema) -> Result<String> {
        if let Kind::Ref(p) = &v.kind
            && let Ty::Named(n) = self.ref_ty(p)?
        {
            return Ok(n.name);
        }
        if let Some(t) = &v.title {
            return Ok(names::type_name(t));
        }
        Ok(match &v.kind {
            Kind::Ref(_) => "Ref",
            Kind::Any => "Value",
            Kind::Null => "Null",
            Kind::Bool => "Boolean",
            Kind::Int { .. } => "Integer",
            Kind::Num { .. } => "Number",
            Kind::Str {
                values: Some(_), ..
            } => "Enum",
            Kind::Str { .. } => "String",
            Kind::Array(_) => "Array",
            Kind::Object(_) | Kind::AllOf(_) => "Object",
            Kind::OneOf { .. } => "Variant",
        }
        .to_owned())
    }

    /// Mapping targets: tag values of existing variants, or variants of their own.
    fn add_mapped_variants(
        &mut self,
        d: &Discriminator,
        variants: &mut Vec<UnionVariant>,
        used: &mut NameSet,
    ) -> Result<()> {
        for (value, target) in &d.mapping {
            let ty = self.ref_ty(target)?;
            if let Some(v) = variants.iter_mut().find(|v| v.ty == ty) {
                if !v.tags.contains(value) {
                    v.tags.push(value.clone());
                }
                continue;
            }
            let label = match &ty {
                Ty::Named(n) => n.name.clone(),
                _ => names::variant_name(value),
            };
            variants.push(UnionVariant {
                rust: used.alloc(&label),
                ty,
                tags: vec![value.clone()],
                docs: vec![format!("The `{label}` alternative.")],
            });
        }
        Ok(())
    }

    /// Warns about variants no discriminator value selects.
    fn warn_untagged(&mut self, name: &str, variants: &[UnionVariant]) {
        for v in variants {
            if v.tags.is_empty() {
                let ptr = self
                    .models
                    .iter()
                    .find(|m| m.name == name)
                    .map_or_else(|| name.to_owned(), |m| m.ptr.clone());
                self.warnings.warn(
                    &ptr,
                    &format!(
                        "union variant `{}` has no discriminator value and is never decoded",
                        v.rust
                    ),
                );
            }
        }
    }
}

/// The tag values selecting the variant that references `target`: its `mapping` entries, else
/// the schema's name.
fn tags_of(d: &Discriminator, target: &str) -> Vec<String> {
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, t)| t == target)
        .map(|(v, _)| v.clone())
        .collect();
    if mapped.is_empty() {
        vec![
            target
                .rsplit('/')
                .next()
                .map(unescape_segment)
                .unwrap_or_default(),
        ]
    } else {
        mapped
    }
}
