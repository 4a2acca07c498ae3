//! Reading a schema node into the [`Schema`] model, resolving the version differences listed
//! in the [module docs](super).

use super::annotations::annotated;
use super::{Additional, Discriminator, Kind, ObjectShape, Schema};
use crate::Warnings;
use crate::load::node::{Map, Node, escape_segment};
use anyhow::{Result, bail};

/// Keywords that give a schema its shape (as opposed to annotations).
const STRUCTURAL: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "required",
    "prefixItems",
];

/// Keywords this generator does not model; they are ignored with a warning.
const IGNORED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
];

fn is_null_schema(node: &Node) -> bool {
    let Some(m) = node.as_map() else {
        return false;
    };
    match m.get("type") {
        Some(Node::Str(t)) if t == "null" => return true,
        Some(Node::Seq(ts)) if ts.len() == 1 && ts[0].as_str() == Some("null") => return true,
        _ => {}
    }
    if let Some(Node::Seq(values)) = m.get("enum")
        && values.iter().all(|v| *v == Node::Null)
        && !values.is_empty()
    {
        return true;
    }
    matches!(m.get("const"), Some(Node::Null)) && !m.contains_key("type")
}

/// Converts the schema `node` found at `ptr` (with `#`).
pub fn convert(node: &Node, ptr: &str, warnings: &mut Warnings) -> Result<Schema> {
    let m = match node {
        Node::Bool(true) => return Ok(Schema::bare(ptr, Kind::Any)),
        Node::Bool(false) => {
            warnings.warn(ptr, "the `false` schema is treated as any value");
            return Ok(Schema::bare(ptr, Kind::Any));
        }
        Node::Map(m) => m,
        Node::Null => return Ok(Schema::bare(ptr, Kind::Any)),
        other => bail!(
            "{ptr}: expected a schema object, found {}",
            other.kind_name()
        ),
    };
    let mut s = annotated(node, m, ptr);
    if let Some(reference) = m.get("$ref") {
        return with_ref(s, m, reference, ptr, warnings);
    }
    for key in IGNORED {
        if m.contains_key(*key) {
            warnings.warn(
                ptr,
                &format!("keyword `{key}` is not supported and was ignored"),
            );
        }
    }
    let types = types(m, &mut s, ptr)?;
    let values = enum_values(m, &mut s);
    if let Some(key) = ["oneOf", "anyOf"].into_iter().find(|k| m.contains_key(*k))
        && let Some(union) = one_of(m, key, &mut s, ptr, warnings)?
    {
        return Ok(union);
    }
    if let Some(list) = m.get("allOf") {
        return all_of(m, list, s, ptr, warnings);
    }
    if types.len() > 1 {
        return type_union(m, &types, s, ptr, warnings);
    }
    let ty = match types.first() {
        Some(t) => t.clone(),
        None => implied_type(m, values.as_deref(), s.nullable).to_owned(),
    };
    s.kind = typed(m, &ty, values, ptr, warnings)?;
    Ok(s)
}

/// A `$ref`: a plain reference, or `allOf: [ref, siblings]` when structural keywords sit
/// beside it (annotations beside it apply to the reference).
fn with_ref(
    mut s: Schema,
    m: &Map,
    reference: &Node,
    ptr: &str,
    warnings: &mut Warnings,
) -> Result<Schema> {
    let Some(reference) = reference.as_str() else {
        bail!("{ptr}: `$ref` must be a string");
    };
    if !reference.starts_with('#') {
        bail!("unsupported construct at {ptr}: unresolved external $ref `{reference}`");
    }
    let structural = m.keys().any(|k| STRUCTURAL.contains(&k.as_str()));
    if !structural {
        s.kind = Kind::Ref(reference.to_owned());
        return Ok(s);
    }
    let mut rest = m.clone();
    rest.shift_remove("$ref");
    for k in ["description", "title", "default", "deprecated", "nullable"] {
        rest.shift_remove(k);
    }
    let rest = convert(&Node::Map(rest), &format!("{ptr}/$siblings"), warnings)?;
    s.kind = Kind::AllOf(vec![
        Schema::bare(ptr, Kind::Ref(reference.to_owned())),
        rest,
    ]);
    Ok(s)
}

/// The names of `type`, with `null` removed (it makes `s` nullable).
fn types(m: &Map, s: &mut Schema, ptr: &str) -> Result<Vec<String>> {
    let mut types: Vec<String> = match m.get("type") {
        None => Vec::new(),
        Some(Node::Str(t)) => vec![t.clone()],
        Some(Node::Seq(ts)) => {
            let mut out = Vec::new();
            for t in ts {
                match t.as_str() {
                    Some(t) => out.push(t.to_owned()),
                    None => bail!("{ptr}/type: expected type names"),
                }
            }
            out
        }
        Some(other) => bail!(
            "{ptr}/type: expected a string or a list, found {}",
            other.kind_name()
        ),
    };
    if types.iter().any(|t| t == "null") {
        s.nullable = true;
        types.retain(|t| t != "null");
    }
    Ok(types)
}

/// The values of `enum` (or the one of `const`), with `null` removed (it makes `s` nullable).
fn enum_values(m: &Map, s: &mut Schema) -> Option<Vec<Node>> {
    let mut values: Option<Vec<Node>> = m.get("enum").and_then(Node::as_seq).map(<[Node]>::to_vec);
    if let Some(c) = m.get("const") {
        values = Some(vec![c.clone()]);
    }
    if let Some(vs) = &mut values
        && vs.contains(&Node::Null)
    {
        s.nullable = true;
        vs.retain(|v| *v != Node::Null);
    }
    values
}

/// `oneOf` / `anyOf` (`key`): the union, or `None` when it sits next to `properties`/`allOf`
/// (only the object part is generated; `null` members still make `s` nullable).
fn one_of(
    m: &Map,
    key: &str,
    s: &mut Schema,
    ptr: &str,
    warnings: &mut Warnings,
) -> Result<Option<Schema>> {
    let Some(list) = m.get(key).and_then(Node::as_seq) else {
        bail!("{ptr}/{key}: expected a list of schemas");
    };
    let mut variants = Vec::new();
    for (i, member) in list.iter().enumerate() {
        if is_null_schema(member) {
            s.nullable = true;
            continue;
        }
        variants.push(convert(member, &format!("{ptr}/{key}/{i}"), warnings)?);
    }
    if m.contains_key("properties") || m.contains_key("allOf") {
        let validation_only = list.iter().all(|v| {
            v.as_map().is_some_and(|vm| {
                vm.keys().all(|k| {
                    !matches!(
                        k.as_str(),
                        "type" | "properties" | "$ref" | "allOf" | "oneOf" | "anyOf" | "items"
                    )
                })
            })
        });
        if !validation_only {
            warnings.warn(
                ptr,
                &format!("`{key}` next to `properties`/`allOf` is not supported; only the object part is generated"),
            );
        }
        return Ok(None);
    }
    let mut s = s.clone();
    if variants.is_empty() {
        s.kind = Kind::Null;
        return Ok(Some(s));
    }
    if variants.len() == 1 {
        let only = variants.pop().expect("one variant");
        return Ok(Some(only.absorb(&s)));
    }
    let discriminator = match m.get("discriminator") {
        Some(d) => Some(discriminator(d, ptr)?),
        None => None,
    };
    s.kind = Kind::OneOf {
        variants,
        discriminator,
    };
    Ok(Some(s))
}

/// `allOf`, with the schema's own properties as a last member.
fn all_of(
    m: &Map,
    list: &Node,
    mut s: Schema,
    ptr: &str,
    warnings: &mut Warnings,
) -> Result<Schema> {
    let Some(list) = list.as_seq() else {
        bail!("{ptr}/allOf: expected a list of schemas");
    };
    let mut members = Vec::new();
    for (i, member) in list.iter().enumerate() {
        members.push(convert(member, &format!("{ptr}/allOf/{i}"), warnings)?);
    }
    let own_shape = m.contains_key("properties")
        || m.contains_key("required")
        || m.contains_key("additionalProperties");
    if own_shape {
        let mut own = Schema::bare(ptr, Kind::Object(shape(m, ptr, warnings)?));
        own.description = None;
        members.push(own);
    }
    if members.len() == 1 {
        let only = members.pop().expect("one member");
        return Ok(only.absorb(&s));
    }
    s.kind = Kind::AllOf(members);
    Ok(s)
}

/// `type: [a, b]` with several non-null types: an untagged `oneOf` of one schema per type.
fn type_union(
    m: &Map,
    types: &[String],
    mut s: Schema,
    ptr: &str,
    warnings: &mut Warnings,
) -> Result<Schema> {
    let mut variants = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let mut single = m.clone();
        single.insert("type".to_owned(), Node::Str(t.clone()));
        for k in ["description", "title", "default", "nullable"] {
            single.shift_remove(k);
        }
        variants.push(convert(
            &Node::Map(single),
            &format!("{ptr}/type/{i}"),
            warnings,
        )?);
    }
    s.kind = Kind::OneOf {
        variants,
        discriminator: None,
    };
    Ok(s)
}

/// The type a schema without `type` has, from its other keywords (`""`: any value).
fn implied_type(m: &Map, values: Option<&[Node]>, nullable: bool) -> &'static str {
    if m.contains_key("properties") || m.contains_key("additionalProperties") {
        "object"
    } else if m.contains_key("items") || m.contains_key("prefixItems") {
        "array"
    } else if let Some(vs) = values {
        if !vs.is_empty() && vs.iter().all(|v| matches!(v, Node::Str(_))) {
            "string"
        } else if !vs.is_empty() && vs.iter().all(|v| matches!(v, Node::Int(_))) {
            "integer"
        } else {
            ""
        }
    } else if m.contains_key("minLength")
        || m.contains_key("maxLength")
        || m.contains_key("pattern")
    {
        "string"
    } else if nullable && values.is_some_and(<[Node]>::is_empty) {
        "null"
    } else {
        ""
    }
}

/// The shape of a schema of one type `ty`.
fn typed(
    m: &Map,
    ty: &str,
    values: Option<Vec<Node>>,
    ptr: &str,
    warnings: &mut Warnings,
) -> Result<Kind> {
    let format = m.get("format").and_then(Node::as_str).map(str::to_owned);
    Ok(match ty {
        "" => Kind::Any,
        "null" => Kind::Null,
        "object" => Kind::Object(shape(m, ptr, warnings)?),
        "array" => Kind::Array(Box::new(items(m, ptr, warnings)?)),
        "string" => Kind::Str {
            format,
            values: string_values(values, ptr, warnings),
        },
        "integer" => Kind::Int {
            format,
            values: values.unwrap_or_default(),
        },
        "number" => {
            if values.as_ref().is_some_and(|v| !v.is_empty()) {
                warnings.warn(
                    ptr,
                    "a `number` enum is generated as a plain number (its values are in the docs)",
                );
            }
            Kind::Num {
                format,
                values: values.unwrap_or_default(),
            }
        }
        "boolean" => {
            if values.as_ref().is_some_and(|v| !v.is_empty()) {
                warnings.warn(
                    ptr,
                    "a `boolean` enum is generated as a plain `bool` (its values are in the docs)",
                );
            }
            Kind::Bool
        }
        other => bail!("unsupported construct at {ptr}: `type: {other}`"),
    })
}

/// The item schema of an array (any value for tuple arrays, which are not modelled).
fn items(m: &Map, ptr: &str, warnings: &mut Warnings) -> Result<Schema> {
    let tuple = m.contains_key("prefixItems") || matches!(m.get("items"), Some(Node::Seq(_)));
    Ok(match m.get("items") {
        _ if tuple => {
            warnings.warn(
                ptr,
                "tuple arrays (`prefixItems` / `items: [..]`) are generated as arrays of JSON values",
            );
            Schema::bare(&format!("{ptr}/items"), Kind::Any)
        }
        Some(items) => convert(items, &format!("{ptr}/items"), warnings)?,
        None => Schema::bare(&format!("{ptr}/items"), Kind::Any),
    })
}

/// The values of a string `enum`; `None` (a plain string) when some value is not a string.
fn string_values(
    values: Option<Vec<Node>>,
    ptr: &str,
    warnings: &mut Warnings,
) -> Option<Vec<String>> {
    match values {
        Some(vs) if vs.iter().all(|v| matches!(v, Node::Str(_))) => Some(
            vs.into_iter()
                .map(|v| match v {
                    Node::Str(s) => s,
                    _ => unreachable!(),
                })
                .collect(),
        ),
        Some(_) => {
            warnings.warn(
                ptr,
                "a string `enum` with non-string values is generated as a plain string",
            );
            None
        }
        None => None,
    }
}
fn shape(m: &Map, ptr: &str, warnings: &mut Warnings) -> Result<ObjectShape> {
    let mut out = ObjectShape::default();
    if let Some(props) = m.get("properties") {
        let Some(props) = props.as_map() else {
            bail!("{ptr}/properties: expected a mapping");
        };
        for (name, node) in props {
            let child = format!("{ptr}/properties/{}", escape_segment(name));
            out.props
                .push((name.clone(), convert(node, &child, warnings)?));
        }
    }
    if let Some(req) = m.get("required").and_then(Node::as_seq) {
        out.required = req
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_owned)
            .collect();
    }
    out.additional = match m.get("additionalProperties") {
        None => Additional::Absent,
        Some(Node::Bool(true)) => Additional::Any,
        Some(Node::Bool(false)) => Additional::False,
        Some(Node::Map(am)) if am.is_empty() => Additional::Any,
        Some(node) => {
            let child = format!("{ptr}/additionalProperties");
            Additional::Schema(Box::new(convert(node, &child, warnings)?))
        }
    };
    Ok(out)
}

fn discriminator(node: &Node, ptr: &str) -> Result<Discriminator> {
    let Some(property) = node.get("propertyName").and_then(Node::as_str) else {
        bail!("{ptr}/discriminator: `propertyName` is required");
    };
    let mut mapping = Vec::new();
    if let Some(m) = node.get("mapping").and_then(Node::as_map) {
        for (value, target) in m {
            let Some(target) = target.as_str() else {
                bail!("{ptr}/discriminator/mapping: values must be strings");
            };
            let target = if target.starts_with('#') {
                target.to_owned()
            } else {
                format!("#/components/schemas/{}", escape_segment(target))
            };
            mapping.push((value.clone(), target));
        }
    }
    Ok(Discriminator {
        property: property.to_owned(),
        mapping,
    })
}
