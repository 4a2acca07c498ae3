//! One operation: its name, docs, parameters, body, success type and flags.

use super::pagination::RawPagination;
use super::{Ctx, RawOp, path};
use crate::load::node::Node;
use crate::names::{self, NameSet};
use crate::plan::{Location, Operation, OperationErrors, Param};
use anyhow::{Result, bail};

impl Ctx<'_, '_> {
    /// Plans `raw`, an operation of the trait `trait_index` (no operation is skipped: every
    /// request body media type has an encoding).
    pub(super) fn operation(
        &mut self,
        raw: &RawOp<'_>,
        trait_index: usize,
    ) -> Result<(Operation, Option<RawPagination>)> {
        let (path, method, ptr, op) = (raw.path.as_str(), raw.method.as_str(), &raw.ptr, raw.node);
        let id = self.operation_id(op, path, method, ptr);
        let op_pascal = names::type_name(&id);
        let fn_name = self.fn_name(&id);
        let docs = operation_docs(op, path, method, &id);

        let mut arg_names = NameSet::snake();
        arg_names.reserve("self");
        let params = self.params(raw, &op_pascal, &mut arg_names)?;
        let declared: Vec<&str> = params
            .iter()
            .filter(|p| p.location == Location::Path)
            .map(|p| p.wire.as_str())
            .collect();
        let path_parts = path::parts(path, &declared, ptr, &mut self.schemas.warnings)?;
        // Required first (in spec order), then optional.
        let (mut required, optional): (Vec<Param>, Vec<Param>) =
            params.into_iter().partition(|p| p.required);
        let params_struct = if optional.is_empty() {
            None
        } else {
            Some(self.schemas.names.alloc(&format!("{op_pascal}Params")))
        };
        required.extend(optional);
        let params = required;

        let body = match op.get("requestBody") {
            Some(b) => self.body(b, &format!("{ptr}/requestBody"), &op_pascal, &mut arg_names)?,
            None => None,
        };
        let (success, success_kind, variants, without_model) =
            self.responses(op, ptr, &op_pascal)?;
        let errors = (!variants.is_empty()).then(|| OperationErrors {
            name: self.schemas.names.alloc(&format!("{op_pascal}Error")),
            variants,
            without_model,
        });
        let no_auth = self.no_auth(op);
        let retry_safe = retry_safe(op, ptr)?;
        let raw = op.get("x-pagination").map(|node| RawPagination {
            ptr: format!("{ptr}/x-pagination"),
            node: node.clone(),
        });
        Ok((
            Operation {
                id,
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                path_parts,
                fn_name,
                trait_index,
                docs,
                params,
                params_struct,
                body,
                success,
                success_kind,
                no_auth,
                retry_safe,
                pagination: None,
                errors,
            },
            raw,
        ))
    }

    /// The operation's `operationId`; when it is missing or already taken, one made from the
    /// method and the path (made unique), with a warning.
    fn operation_id(&mut self, op: &Node, path: &str, method: &str, ptr: &str) -> String {
        let given = op.str_field("operationId");
        let id = match given {
            Some(id) if !id.trim().is_empty() && !self.op_ids.contains_key(id) => id.to_owned(),
            _ => {
                let base = derived_id(path, method);
                let mut id = base.clone();
                let mut n = 2;
                while self.op_ids.contains_key(&id) {
                    id = format!("{base}{n}");
                    n += 1;
                }
                let message = match given {
                    Some(dup) if self.op_ids.contains_key(dup) => format!(
                        "duplicate `operationId` `{dup}` (also at {}): named `{id}` from the method and path",
                        self.op_ids[dup]
                    ),
                    _ => format!("no `operationId`: named `{id}` from the method and path"),
                };
                self.schemas.warnings.warn(ptr, &message);
                id
            }
        };
        self.op_ids.insert(id.clone(), ptr.to_owned());
        id
    }

    /// A free `Client` method name for the operation `id`, with its `_with_response` and
    /// `_stream` companions free too (all three are reserved).
    fn fn_name(&mut self, id: &str) -> String {
        let base_fn = names::field_name(id);
        let base_fn = if base_fn.starts_with('_') {
            format!("op{base_fn}")
        } else {
            base_fn
        };
        self.fn_names
            .alloc_family(&base_fn, &["_with_response", "_stream"])
    }

    /// `security: []` (on the operation, else on the document): sent without credentials.
    fn no_auth(&self, op: &Node) -> bool {
        let security = op
            .get("security")
            .and_then(Node::as_seq)
            .map(<[Node]>::to_vec)
            .or_else(|| self.global_security.clone());
        match &security {
            Some(list) => list.is_empty(),
            None => false,
        }
    }
}

/// An operation name made from the method and the path (`getUsersId`).
fn derived_id(path: &str, method: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| names::pascal(s.trim_matches(|c| c == '{' || c == '}')))
        .collect();
    format!("{method}{}", segments.join(""))
}

/// Summary, description, the method and path, and deprecation.
fn operation_docs(op: &Node, path: &str, method: &str, id: &str) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(s) = op.str_field("summary") {
        docs.push(s.trim().to_owned());
    }
    if let Some(d) = op.str_field("description") {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(d.trim_end().lines().map(str::to_owned));
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!(
        "`{} {}` (operation `{}`).",
        method.to_ascii_uppercase(),
        path,
        id.replace('`', "'")
    ));
    if op.flag("deprecated") {
        docs.push(String::new());
        docs.push("Deprecated.".to_owned());
    }
    docs
}

/// `x-retry-safe`.
fn retry_safe(op: &Node, ptr: &str) -> Result<Option<bool>> {
    Ok(match op.get("x-retry-safe") {
        None => None,
        Some(Node::Bool(b)) => Some(*b),
        Some(other) => bail!(
            "{ptr}/x-retry-safe: expected a boolean, found {}",
            other.kind_name()
        ),
    })
}
