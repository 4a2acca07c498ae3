//! Annotation keywords: what a schema says about its values without shaping them (title,
//! description, default, flags, and validation keywords as readable phrases).

use super::Schema;
use crate::load::node::{Map, Node};

/// A schema at `ptr` carrying the annotations of `node` (its shape is left to the caller).
pub(super) fn annotated(node: &Node, m: &Map, ptr: &str) -> Schema {
    let mut s = Schema::bare(ptr, super::Kind::Any);
    s.title = m.get("title").and_then(Node::as_str).map(str::to_owned);
    s.description = m
        .get("description")
        .and_then(Node::as_str)
        .map(str::to_owned);
    s.default = m.get("default").cloned();
    s.deprecated = node.flag("deprecated");
    s.read_only = node.flag("readOnly");
    s.write_only = node.flag("writeOnly");
    s.nullable = node.flag("nullable") || node.flag("x-nullable");
    s.sensitive =
        m.get("format").and_then(Node::as_str) == Some("password") || node.flag("x-sensitive");
    s.constraints = constraints(m);
    s.maximum = m.get("maximum").and_then(Node::as_f64);
    s
}

fn number(node: Option<&Node>) -> Option<String> {
    let n = node?.as_f64()?;
    Some(if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    })
}

fn constraints(m: &Map) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = number(m.get("minLength")) {
        out.push(format!("minimum length {v}"));
    }
    if let Some(v) = number(m.get("maxLength")) {
        out.push(format!("maximum length {v}"));
    }
    let exclusive = |key: &str| m.get(key).and_then(Node::as_bool).unwrap_or(false);
    if let Some(v) = number(m.get("minimum")) {
        let word = if exclusive("exclusiveMinimum") {
            "greater than"
        } else {
            "minimum"
        };
        out.push(format!("{word} {v}"));
    } else if let Some(v) = number(m.get("exclusiveMinimum")) {
        out.push(format!("greater than {v}"));
    }
    if let Some(v) = number(m.get("maximum")) {
        let word = if exclusive("exclusiveMaximum") {
            "less than"
        } else {
            "maximum"
        };
        out.push(format!("{word} {v}"));
    } else if let Some(v) = number(m.get("exclusiveMaximum")) {
        out.push(format!("less than {v}"));
    }
    if let Some(v) = number(m.get("multipleOf")) {
        out.push(format!("multiple of {v}"));
    }
    if let Some(p) = m.get("pattern").and_then(Node::as_str) {
        out.push(format!("pattern `{}`", p.replace('`', "'")));
    }
    if let Some(v) = number(m.get("minItems")) {
        out.push(format!("at least {v} items"));
    }
    if let Some(v) = number(m.get("maxItems")) {
        out.push(format!("at most {v} items"));
    }
    if m.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
        out.push("unique items".to_owned());
    }
    if let Some(v) = number(m.get("minProperties")) {
        out.push(format!("at least {v} properties"));
    }
    if let Some(v) = number(m.get("maxProperties")) {
        out.push(format!("at most {v} properties"));
    }
    out
}
