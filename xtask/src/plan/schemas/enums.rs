//! String enums: one variant per distinct value, plus the `Unknown` catch-all of
//! `string_enum!` (a value named `unknown` becomes `UnknownValue`).

use super::Schemas;
use crate::names::{self, NameSet};
use crate::plan::{EnumVariant, ModelKind};
use std::collections::HashSet;

impl Schemas<'_> {
    pub(super) fn string_enum(&mut self, values: &[String]) -> ModelKind {
        let mut used = NameSet::pascal();
        used.reserve("Unknown");
        let mut variants = Vec::new();
        let mut seen = HashSet::new();
        for v in values {
            if !seen.insert(v.clone()) {
                continue;
            }
            let base = names::variant_name(v);
            let base = if base == "Unknown" {
                "UnknownValue".to_owned()
            } else {
                base
            };
            variants.push(EnumVariant {
                rust: used.alloc(&base),
                wire: v.clone(),
                docs: vec![if v.is_empty() {
                    "The empty string.".to_owned()
                } else {
                    format!("`{}`", v.replace('`', "'"))
                }],
            });
        }
        ModelKind::Enum { variants }
    }
}
