//! Swagger 2.0 schemas and references → their OpenAPI 3.0 forms.
//!
//! - `$ref`s: `#/definitions/X` → `#/components/schemas/X`, `#/responses/X` →
//!   `#/components/responses/X`, `#/parameters/X` → `#/components/parameters/X` (or
//!   `#/components/requestBodies/X` for a body parameter);
//! - `x-nullable: true` → `nullable: true` (next to a `$ref`: `allOf: [ref]` made nullable,
//!   the 3.0 spelling);
//! - `type: file` → `type: string, format: binary`;
//! - `discriminator: prop` → `discriminator: {propertyName: prop}`.

use super::super::node::{Map, Node};

/// Rewrites a local reference of a 2.0 document to where its target is in the 3.0 form.
/// `body_params` names the components parameters that are body parameters.
pub(super) fn rewrite_ref(reference: &str, body_params: &[String]) -> String {
    if let Some(rest) = reference.strip_prefix("#/definitions/") {
        return format!("#/components/schemas/{rest}");
    }
    if let Some(rest) = reference.strip_prefix("#/responses/") {
        return format!("#/components/responses/{rest}");
    }
    if let Some(rest) = reference.strip_prefix("#/parameters/") {
        let name = rest.split('/').next().unwrap_or_default();
        let section = if body_params
            .iter()
            .any(|b| super::super::node::escape_segment(b) == name)
        {
            "requestBodies"
        } else {
            "parameters"
        };
        return format!("#/components/{section}/{rest}");
    }
    reference.to_owned()
}

/// Converts one schema (and the schemas inside it).
pub(super) fn schema(node: &Node) -> Node {
    let Node::Map(m) = node else {
        return node.clone();
    };
    if let Some(reference) = m.get("$ref").and_then(Node::as_str) {
        let target = Node::Str(rewrite_ref(reference, &[]));
        let nullable = m.get("x-nullable").and_then(Node::as_bool) == Some(true);
        let mut out = Map::new();
        if nullable {
            let mut inner = Map::new();
            inner.insert("$ref".into(), target);
            out.insert("allOf".into(), Node::Seq(vec![Node::Map(inner)]));
        } else {
            out.insert("$ref".into(), target);
        }
        for (k, v) in m {
            match k.as_str() {
                "$ref" => {}
                "x-nullable" if nullable => {
                    out.insert("nullable".into(), Node::Bool(true));
                }
                "x-nullable" => {}
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        return Node::Map(out);
    }
    let mut out = Map::new();
    for (k, v) in m {
        match k.as_str() {
            "x-nullable" => {
                out.insert("nullable".into(), v.clone());
            }
            "type" if v.as_str() == Some("file") => {
                out.insert("type".into(), Node::Str("string".into()));
                if !m.contains_key("format") {
                    out.insert("format".into(), Node::Str("binary".into()));
                }
            }
            "discriminator" => {
                let value = match v {
                    Node::Str(prop) => {
                        let mut d = Map::new();
                        d.insert("propertyName".into(), Node::Str(prop.clone()));
                        Node::Map(d)
                    }
                    other => other.clone(),
                };
                out.insert(k.clone(), value);
            }
            "properties" => {
                let value = match v {
                    Node::Map(props) => Node::Map(
                        props
                            .iter()
                            .map(|(name, p)| (name.clone(), schema(p)))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                out.insert(k.clone(), value);
            }
            "items" | "allOf" | "oneOf" | "anyOf" => {
                let value = match v {
                    Node::Seq(items) => Node::Seq(items.iter().map(schema).collect()),
                    other => schema(other),
                };
                out.insert(k.clone(), value);
            }
            "additionalProperties" | "not" => {
                out.insert(k.clone(), schema(v));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Node::Map(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::node::parse;

    fn json(text: &str) -> Node {
        parse(text, true).unwrap()
    }

    #[test]
    fn references_move_to_components() {
        let body = vec!["Upload".to_owned()];
        assert_eq!(
            rewrite_ref("#/definitions/Pet", &body),
            "#/components/schemas/Pet"
        );
        assert_eq!(
            rewrite_ref("#/definitions/a~1b/properties/x", &body),
            "#/components/schemas/a~1b/properties/x"
        );
        assert_eq!(
            rewrite_ref("#/responses/NotFound", &body),
            "#/components/responses/NotFound"
        );
        assert_eq!(
            rewrite_ref("#/parameters/limit", &body),
            "#/components/parameters/limit"
        );
        assert_eq!(
            rewrite_ref("#/parameters/Upload", &body),
            "#/components/requestBodies/Upload"
        );
        assert_eq!(rewrite_ref("#/paths/~1a", &body), "#/paths/~1a");
    }

    #[test]
    fn nullable_file_and_discriminator_are_spelled_as_in_3_0() {
        let converted = schema(&json(
            r##"{"type":"object","discriminator":"kind","x-nullable":true,"properties":{
                "kind":{"type":"string"},
                "owner":{"$ref":"#/definitions/Owner","x-nullable":true,"description":"d"},
                "plain":{"$ref":"#/definitions/Owner"},
                "data":{"type":"file"},
                "list":{"type":"array","items":{"$ref":"#/definitions/Owner"}},
                "map":{"type":"object","additionalProperties":{"x-nullable":true,"type":"string"}}}}"##,
        ));
        assert_eq!(
            converted.to_json(),
            r##"{"type":"object","discriminator":{"propertyName":"kind"},"nullable":true,"properties":{"kind":{"type":"string"},"owner":{"allOf":[{"$ref":"#/components/schemas/Owner"}],"nullable":true,"description":"d"},"plain":{"$ref":"#/components/schemas/Owner"},"data":{"type":"string","format":"binary"},"list":{"type":"array","items":{"$ref":"#/components/schemas/Owner"}},"map":{"type":"object","additionalProperties":{"nullable":true,"type":"string"}}}}"##
        );
    }
}
