//! `x-pagination`: its JSON pointers resolved to field accesses on the final models.

use crate::load::node::{Node, unescape_segment};
use crate::plan::schemas::Schemas;
use crate::plan::{
    FieldStep, Location, ModelKind, Operation, Pagination, Param, Path, SuccessKind, Ty,
};
use anyhow::{Result, anyhow, bail};

/// The raw `x-pagination` of an operation, resolved once models are final.
#[derive(Debug, Clone)]
pub struct RawPagination {
    /// Its JSON pointer.
    pub(super) ptr: String,
    /// The extension's value.
    pub(super) node: Node,
}

/// Resolves `x-pagination` once models are final.
pub fn resolve_pagination(
    raw: &RawPagination,
    op: &Operation,
    schemas: &Schemas<'_>,
) -> Result<Pagination> {
    let ptr = &raw.ptr;
    let node = &raw.node;
    let kind = node
        .str_field("kind")
        .ok_or_else(|| anyhow!("{ptr}: `kind` (cursor or offset) is required"))?;
    if !matches!(op.success_kind, SuccessKind::Json) {
        bail!("{ptr}: pagination needs a JSON success body");
    }
    let paging = Paging { raw, op, schemas };
    let items = paging.pointer("items")?;
    let item = match unalias(&items.leaf, schemas) {
        Ty::Vec(item) => (*item).clone(),
        other => bail!(
            "{ptr}/items: `{}` is not an array (found {other:?})",
            paging.field("items")?
        ),
    };
    match kind {
        "cursor" => paging.cursor(items, item),
        "offset" => paging.offset(items, item),
        other => bail!("{ptr}/kind: unknown pagination kind `{other}` (expected cursor or offset)"),
    }
}

/// An `x-pagination` value with the operation and models it is resolved against.
struct Paging<'r> {
    raw: &'r RawPagination,
    op: &'r Operation,
    schemas: &'r Schemas<'r>,
}

impl Paging<'_> {
    /// The required string `key`.
    fn field(&self, key: &str) -> Result<&str> {
        let ptr = &self.raw.ptr;
        self.raw
            .node
            .str_field(key)
            .ok_or_else(|| anyhow!("{ptr}: `{key}` is required"))
    }

    /// The pointer under the required `key`, resolved into the success body.
    fn pointer(&self, key: &str) -> Result<Path> {
        let at = format!("{}/{key}", self.raw.ptr);
        resolve_pointer(&self.op.success, self.field(key)?, &at, self.schemas)
    }

    /// The optional query parameter named by the required `key`.
    fn optional_query(&self, key: &str) -> Result<&Param> {
        let ptr = &self.raw.ptr;
        let wire = self.field(key)?;
        self.op
            .params
            .iter()
            .find(|p| p.wire == wire && p.location == Location::Query && !p.required)
            .ok_or_else(|| {
                anyhow!("{ptr}/{key}: `{wire}` is not an optional query parameter of the operation")
            })
    }

    fn cursor(&self, items: Path, item: Ty) -> Result<Pagination> {
        let ptr = &self.raw.ptr;
        let param = self.optional_query("cursor-param")?;
        if param.ty != Ty::String {
            bail!("{ptr}/cursor-param: the cursor parameter must be a string");
        }
        let next = self.pointer("next-cursor")?;
        if !matches!(unalias(&next.leaf, self.schemas), Ty::String | Ty::Prim(_)) {
            bail!("{ptr}/next-cursor: the next cursor must be a string or an integer");
        }
        Ok(Pagination::Cursor {
            param: param.rust.clone(),
            next,
            items,
            item,
        })
    }

    fn offset(&self, items: Path, item: Ty) -> Result<Pagination> {
        let ptr = &self.raw.ptr;
        let limit = self.optional_query("limit-param")?;
        let offset = self.optional_query("offset-param")?;
        for (p, key) in [(limit, "limit-param"), (offset, "offset-param")] {
            if !matches!(p.ty, Ty::Prim(_)) {
                bail!("{ptr}/{key}: `{}` must be an integer parameter", p.wire);
            }
        }
        let total = match self.raw.node.str_field("total") {
            Some(_) => {
                let path = self.pointer("total")?;
                if !matches!(unalias(&path.leaf, self.schemas), Ty::Prim(p) if !p.starts_with('f'))
                {
                    bail!("{ptr}/total: the total must be an integer");
                }
                Some(path)
            }
            None => None,
        };
        let default_limit = limit
            .default
            .as_ref()
            .and_then(Node::as_f64)
            .or(limit.maximum)
            .filter(|v| *v >= 1.0)
            .map_or(100, |v| v as u64);
        Ok(Pagination::Offset {
            limit: (limit.rust.clone(), limit.ty.clone()),
            offset: (offset.rust.clone(), offset.ty.clone()),
            default_limit,
            items,
            total,
            item,
        })
    }
}

/// The type an alias model stands for (followed through aliases of aliases).
fn unalias(ty: &Ty, schemas: &Schemas<'_>) -> Ty {
    let mut current = ty.clone();
    for _ in 0..32 {
        let Ty::Named(n) = &current else {
            return current;
        };
        match schemas
            .models
            .iter()
            .find(|m| m.name == n.name)
            .map(|m| &m.kind)
        {
            Some(ModelKind::Alias(t)) => current = t.clone(),
            _ => return current,
        }
    }
    current
}

/// Resolves the JSON `pointer` (found at `ptr`) into a value of type `root`.
fn resolve_pointer(root: &Ty, pointer: &str, ptr: &str, schemas: &Schemas<'_>) -> Result<Path> {
    let mut steps = Vec::new();
    let mut current = root.clone();
    let rest = pointer.strip_prefix('/').unwrap_or(pointer);
    if rest.is_empty() {
        return Ok(Path {
            steps,
            leaf: current,
        });
    }
    for raw in rest.split('/') {
        let seg = unescape_segment(raw);
        let ty = unalias(&current, schemas);
        let Ty::Named(model) = &ty else {
            bail!(
                "{ptr}: `{pointer}` does not resolve: `{seg}` is looked up in a value that is not an object"
            );
        };
        let name = &model.name;
        let model = schemas
            .models
            .iter()
            .find(|m| &m.name == name)
            .expect("model exists");
        let ModelKind::Struct { fields, .. } = &model.kind else {
            bail!("{ptr}: `{pointer}` does not resolve: `{name}` is not a struct");
        };
        let Some(f) = fields.iter().find(|f| f.wire == seg) else {
            bail!("{ptr}: `{pointer}` does not resolve: `{name}` has no property `{seg}`");
        };
        let full = f.ty();
        steps.push(FieldStep {
            rust: f.rust.clone(),
            optional: matches!(full, Ty::Option(_)),
            three_state: matches!(full, Ty::Nullable(_)),
            boxed: f.boxed,
        });
        current = f.base.clone();
    }
    Ok(Path {
        steps,
        leaf: current,
    })
}
