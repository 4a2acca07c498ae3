//! Objects → structs: properties become fields; `allOf` members are merged into one struct.

use super::Schemas;
use super::docs::doc_lines;
use crate::load::ir::{Additional, Kind, ObjectShape, Schema};
use crate::names::{self, NameSet};
use crate::plan::{Field, ModelKind, Ty};
use anyhow::{Result, bail};

impl Schemas<'_> {
    /// The struct `name` merging the `allOf` `members` (their properties and `required`,
    /// references followed); the first description found becomes `docs` when they are empty.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        members: &[Schema],
        docs: &mut Vec<String>,
    ) -> Result<ModelKind> {
        let mut merged = ObjectShape::default();
        let mut description = None;
        for m in members {
            self.collect_all_of(m, &mut merged, &mut description, 0)?;
        }
        if docs.is_empty()
            && let Some(d) = description
        {
            *docs = d.lines().map(str::to_owned).collect();
        }
        self.structure(name, &merged)
    }

    fn collect_all_of(
        &mut self,
        s: &Schema,
        out: &mut ObjectShape,
        description: &mut Option<String>,
        depth: usize,
    ) -> Result<()> {
        if depth > 32 {
            bail!("{}: allOf nesting too deep or circular", s.ptr);
        }
        if description.is_none() {
            description.clone_from(&s.description);
        }
        match &s.kind {
            Kind::Ref(p) => {
                let target = self.schema(p)?;
                self.collect_all_of(&target, out, description, depth + 1)?;
            }
            Kind::Object(shape) => {
                for (k, v) in &shape.props {
                    if let Some(existing) = out.props.iter_mut().find(|(ek, _)| ek == k) {
                        if !matches!(v.kind, Kind::Any) || matches!(existing.1.kind, Kind::Any) {
                            existing.1 = v.clone();
                        }
                    } else {
                        out.props.push((k.clone(), v.clone()));
                    }
                }
                for r in &shape.required {
                    if !out.required.contains(r) {
                        out.required.push(r.clone());
                    }
                }
                if !matches!(shape.additional, Additional::Absent) {
                    out.additional = shape.additional.clone();
                }
            }
            Kind::AllOf(members) => {
                for m in members {
                    self.collect_all_of(m, out, description, depth + 1)?;
                }
            }
            Kind::Any => {}
            _ => self.warnings.warn(
                &s.ptr,
                "an `allOf` member that is not an object was ignored in the merged struct",
            ),
        }
        Ok(())
    }

    pub(super) fn structure(&mut self, name: &str, shape: &ObjectShape) -> Result<ModelKind> {
        let mut used = NameSet::snake();
        let mut fields = Vec::new();
        for (wire, prop) in &shape.props {
            let rust = used.alloc(&names::field_name(wire));
            let required = shape.required.contains(wire);
            let nullable = self.is_nullable(prop)?;
            let base = self.ty(prop, &format!("{name}{}", names::type_name(wire)))?;
            let mut docs = doc_lines(prop);
            if docs.is_empty() {
                docs.push(format!("The `{wire}` property."));
            }
            fields.push(Field {
                wire: wire.clone(),
                rust,
                base,
                required,
                nullable: nullable && !matches!(prop.kind, Kind::Any | Kind::Null),
                boxed: false,
                three_state: false,
                docs,
            });
        }
        let additional = match &shape.additional {
            Additional::Schema(v) => {
                let ty = self.ty(v, &format!("{name}Value"))?;
                Some((used.alloc("additional_properties"), ty))
            }
            Additional::Any if !fields.is_empty() => {
                Some((used.alloc("additional_properties"), Ty::Value))
            }
            _ => None,
        };
        Ok(ModelKind::Struct {
            fields,
            additional,
            json_patch: None,
        })
    }
}
