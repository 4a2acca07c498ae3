//! References to components (parameters, request bodies, responses, path items).

use crate::load::node::{Node, unescape_segment};
use anyhow::{Result, anyhow, bail};

/// A resolved component reference: the node, its pointer and the component's name.
pub(super) struct Resolved<'a> {
    /// The object.
    pub(super) node: &'a Node,
    /// Its pointer (the last reference followed).
    pub(super) ptr: String,
    /// The name of the component it is, if any.
    pub(super) component: Option<String>,
}

/// Follows the `$ref`s of `node` (found at `ptr`).
pub(super) fn resolve<'a>(doc: &'a Node, node: &'a Node, ptr: &str) -> Result<Resolved<'a>> {
    let mut node = node;
    let mut ptr = ptr.to_owned();
    let mut component = None;
    for _ in 0..32 {
        let Some(r) = node.get("$ref").and_then(Node::as_str) else {
            return Ok(Resolved {
                node,
                ptr,
                component,
            });
        };
        let pointer = r
            .strip_prefix('#')
            .ok_or_else(|| anyhow!("unsupported construct at {ptr}: external $ref `{r}`"))?;
        node = doc
            .pointer(pointer)
            .ok_or_else(|| anyhow!("{ptr}: $ref `{r}` does not resolve"))?;
        if let Some(rest) = pointer.strip_prefix("/components/") {
            component = rest.split('/').nth(1).map(unescape_segment);
        }
        ptr = r.to_owned();
    }
    bail!("{ptr}: $ref chain too long or circular")
}
