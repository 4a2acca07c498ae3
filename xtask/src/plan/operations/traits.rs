//! Tags → traits: one per tag that has operations (in the order of the top-level `tags` list,
//! then of first use), then `DefaultApi` for operations without a tag.

use crate::load::node::Node;
use crate::names::{self, NameSet};
use crate::plan::{ApiTrait, raw_doc};
use std::collections::HashMap;

/// The first tag of an operation: it decides the operation's trait.
pub(super) fn first_tag(op: &Node) -> Option<String> {
    op.get("tags")
        .and_then(Node::as_seq)
        .and_then(|t| t.first())
        .and_then(Node::as_str)
        .map(str::to_owned)
}

/// The traits for operations with `used_tags` (their first tags, in spec order), and the index
/// of each tag's trait. Trait names are allocated in `type_names`.
pub(super) fn traits(
    doc: &Node,
    used_tags: &[Option<String>],
    type_names: &mut NameSet,
) -> (Vec<ApiTrait>, HashMap<Option<String>, usize>) {
    let tags = doc.get("tags").and_then(Node::as_seq).unwrap_or_default();
    let mut order: Vec<Option<String>> = tags
        .iter()
        .filter_map(|t| t.str_field("name").map(|n| Some(n.to_owned())))
        .collect();
    for t in used_tags.iter().flatten() {
        if !order.iter().flatten().any(|o| o == t) {
            order.push(Some(t.clone()));
        }
    }
    order.push(None);
    let tag_docs: HashMap<&str, &str> = tags
        .iter()
        .filter_map(|t| Some((t.str_field("name")?, t.str_field("description")?)))
        .collect();
    let mut traits = Vec::new();
    let mut trait_of: HashMap<Option<String>, usize> = HashMap::new();
    for tag in order {
        if !used_tags.contains(&tag) || trait_of.contains_key(&tag) {
            continue;
        }
        let base = match &tag {
            Some(t) => {
                let p = names::type_name(t);
                if p.ends_with("Api") {
                    p
                } else {
                    format!("{p}Api")
                }
            }
            None => "DefaultApi".to_owned(),
        };
        let name = type_names.alloc(&base);
        let docs = trait_docs(tag.as_deref(), tag.as_deref().and_then(|t| tag_docs.get(t)));
        trait_of.insert(tag, traits.len());
        traits.push(ApiTrait { name, docs });
    }
    (traits, trait_of)
}

fn trait_docs(tag: Option<&str>, description: Option<&&str>) -> Vec<String> {
    let mut docs: Vec<String> = match description {
        Some(d) => d.trim_end().lines().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    if docs.is_empty() {
        docs.push(match tag {
            Some(t) => format!("Operations tagged `{t}`."),
            None => "Operations without a tag.".to_owned(),
        });
    }
    docs.push(String::new());
    docs.push(raw_doc(
        "Implemented by [`Client`]; implement it yourself to mock the API in tests.",
    ));
    docs
}
