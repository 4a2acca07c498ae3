//! Structs shaped like a JSON Patch (RFC 6902) operation: required `op` (a string enum) and
//! `path` (a string), an optional `value`, and at most an optional `from` besides. They get
//! constructors `add`, `remove`, `replace` and `test` (for the operations the enum has).

use super::{JsonPatch, Model, ModelKind, PatchConstructor, Ty};

/// The RFC 6902 operations that get a constructor: (wire name, takes a value).
const PATCH_OPS: [(&str, bool); 4] = [
    ("add", true),
    ("remove", false),
    ("replace", true),
    ("test", true),
];

/// Marks every struct of `models` shaped like a JSON Patch operation. Runs once fields are
/// final (boxing and three-state fields are decided).
pub fn recognise(models: &mut [Model]) {
    let patches: Vec<Option<JsonPatch>> = models.iter().map(|m| patch_of(m, models)).collect();
    for (m, patch) in models.iter_mut().zip(patches) {
        if let ModelKind::Struct { json_patch, .. } = &mut m.kind {
            *json_patch = patch;
        }
    }
}

fn patch_of(m: &Model, all: &[Model]) -> Option<JsonPatch> {
    let ModelKind::Struct { fields, .. } = &m.kind else {
        return None;
    };
    let field = |name: &str| fields.iter().position(|f| f.wire == name);
    let (op, path, value, from) = (field("op")?, field("path")?, field("value")?, field("from"));
    let shape_fits = fields[op].required
        && fields[path].required
        && !fields[value].required
        && fields[path].base == Ty::String
        && !fields[path].boxed
        && fields
            .iter()
            .all(|f| matches!(f.wire.as_str(), "op" | "path" | "value" | "from"))
        && from.is_none_or(|f| !fields[f].required);
    let Ty::Named(op_enum) = &fields[op].base else {
        return None;
    };
    let op_variants = all.iter().find_map(|model| match &model.kind {
        ModelKind::Enum { variants } if model.name == op_enum.name => Some(variants),
        _ => None,
    });
    let (true, Some(op_variants)) = (shape_fits, op_variants) else {
        return None;
    };
    let constructors = PATCH_OPS
        .iter()
        .filter_map(|(wire, takes_value)| {
            let variant = op_variants.iter().find(|v| v.wire == *wire)?;
            Some(PatchConstructor {
                op: (*wire).to_owned(),
                variant: variant.rust.clone(),
                takes_value: *takes_value,
            })
        })
        .collect();
    Some(JsonPatch {
        op,
        path,
        value,
        from,
        op_enum: op_enum.name.clone(),
        constructors,
    })
}
