//! Bundling `$ref`s into other files.
//!
//! After bundling, the document only has local `$ref`s (`#/...`): a schema referenced in another
//! file is copied into `components/schemas` under its own name (last pointer segment, or the
//! file stem), and any other external object (a parameter, a response, a path item) is inlined
//! where it was referenced. Remote (`http://`) references are an error.

use super::node::{self, Map, Node};
use super::parse_file;
use anyhow::{Context, Result, anyhow, bail};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Bundles the references of `main` (read from `path`) into other files; returns the bundled
/// document and the (name, text) of every file read, in load order.
pub(super) fn bundle(path: &Path, main: &Node) -> Result<(Node, Vec<(String, String)>)> {
    let mut bundler = Bundler::new(path, main);
    let doc = bundler.walk(main, &bundler.main.clone(), Ctx::Other, "")?;
    let texts = std::mem::take(&mut bundler.loaded_texts);
    Ok((bundler.finish(doc), texts))
}

/// True when `node` has a `$ref` (or discriminator mapping) into another file.
pub(super) fn has_external_refs(node: &Node) -> bool {
    match node {
        Node::Map(m) => m.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#')))
                || (k == "mapping"
                    && v.as_map()
                        .is_some_and(|mm| mm.values().any(|t| t.as_str().is_some_and(is_file_ref))))
                || has_external_refs(v)
        }),
        Node::Seq(s) => s.iter().any(has_external_refs),
        _ => false,
    }
}

fn is_file_ref(r: &str) -> bool {
    !r.starts_with('#')
        && (r.contains('#') || r.ends_with(".yaml") || r.ends_with(".yml") || r.ends_with(".json"))
}

/// Where in a document a node sits, which decides how an external `$ref` there is bundled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ctx {
    /// Any non-schema object (operation, parameter, response, ...).
    Other,
    /// Inside `components`.
    Components,
    /// A schema.
    Schema,
    /// A map of name → schema (`properties`, `components/schemas`, `$defs`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
    /// A discriminator object (its `mapping` values are references).
    Discriminator,
    /// Data (examples, defaults, enums, extensions): never rewritten.
    Opaque,
}

struct Bundler {
    main: PathBuf,
    docs: HashMap<PathBuf, Node>,
    loaded_texts: Vec<(String, String)>,
    /// (file, pointer) → the local name the schema got.
    imported: HashMap<(PathBuf, String), String>,
    /// Imported schemas in import order.
    extra: Vec<(String, Node)>,
    used_names: HashSet<String>,
    /// External non-schema references being inlined (cycle guard).
    stack: Vec<(PathBuf, String)>,
}

impl Bundler {
    fn new(path: &Path, main: &Node) -> Self {
        let main_path = canonical(path);
        let used_names = ["/components/schemas", "/definitions"]
            .iter()
            .filter_map(|p| main.pointer(p).and_then(Node::as_map))
            .flat_map(|m| m.keys().cloned())
            .collect();
        let mut docs = HashMap::new();
        docs.insert(main_path.clone(), main.clone());
        Self {
            main: main_path,
            docs,
            loaded_texts: Vec::new(),
            imported: HashMap::new(),
            extra: Vec::new(),
            used_names,
            stack: Vec::new(),
        }
    }

    fn finish(self, mut doc: Node) -> Node {
        if self.extra.is_empty() {
            return doc;
        }
        let Node::Map(root) = &mut doc else {
            return doc;
        };
        let components = root
            .entry("components".to_owned())
            .or_insert_with(|| Node::Map(Map::new()));
        if !matches!(components, Node::Map(_)) {
            *components = Node::Map(Map::new());
        }
        let Node::Map(components) = components else {
            unreachable!()
        };
        let schemas = components
            .entry("schemas".to_owned())
            .or_insert_with(|| Node::Map(Map::new()));
        if !matches!(schemas, Node::Map(_)) {
            *schemas = Node::Map(Map::new());
        }
        if let Node::Map(schemas) = schemas {
            for (name, node) in self.extra {
                schemas.insert(name, node);
            }
        }
        doc
    }

    fn doc(&mut self, file: &Path) -> Result<&Node> {
        if !self.docs.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read referenced file {}", file.display()))?;
            let node = parse_file(file, &text)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.loaded_texts.push((name, text));
            self.docs.insert(file.to_owned(), node);
        }
        Ok(&self.docs[file])
    }

    /// Splits a reference made in `file` into the target file and the pointer.
    fn target(&self, reference: &str, file: &Path, at: &str) -> Result<(PathBuf, String)> {
        if reference.starts_with("http://")
            || reference.starts_with("https://")
            || reference.starts_with("//")
        {
            bail!(
                "unsupported construct at #{at}: remote $ref `{reference}` (only local and relative file references are supported)"
            );
        }
        let (path_part, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, f),
            None => (reference, ""),
        };
        let target = if path_part.is_empty() {
            file.to_owned()
        } else {
            let base = file.parent().unwrap_or_else(|| Path::new("."));
            canonical(&base.join(node::percent_decode(path_part)))
        };
        Ok((target, fragment.to_owned()))
    }

    fn is_external(&self, file: &Path) -> bool {
        file != self.main
    }

    /// Rewrites `node` (found in `file`) so it only holds local references.
    fn walk(&mut self, node: &Node, file: &Path, ctx: Ctx, at: &str) -> Result<Node> {
        if ctx == Ctx::Opaque {
            return Ok(node.clone());
        }
        match node {
            Node::Seq(items) => {
                let item_ctx = match ctx {
                    Ctx::SchemaList => Ctx::Schema,
                    Ctx::Schema | Ctx::SchemaMap | Ctx::Discriminator => Ctx::Opaque,
                    _ => Ctx::Other,
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.walk(item, file, item_ctx, &format!("{at}/{i}"))?);
                }
                Ok(Node::Seq(out))
            }
            Node::Map(map) => {
                if let Some(reference) = map.get("$ref").and_then(Node::as_str)
                    && ctx != Ctx::SchemaMap
                    && ctx != Ctx::Components
                {
                    return self.rewrite_ref(map, reference, file, ctx, at);
                }
                let mut out = Map::new();
                for (key, value) in map {
                    let child_at = format!("{at}/{}", node::escape_segment(key));
                    let child = match ctx {
                        Ctx::SchemaMap => Ctx::Schema,
                        Ctx::Discriminator if key == "mapping" => {
                            out.insert(key.clone(), self.rewrite_mapping(value, file, &child_at)?);
                            continue;
                        }
                        Ctx::Discriminator => Ctx::Opaque,
                        Ctx::Components if key == "schemas" => Ctx::SchemaMap,
                        Ctx::Components if key == "examples" => Ctx::Opaque,
                        Ctx::Components => Ctx::Other,
                        Ctx::Schema => schema_child(key),
                        _ if key.starts_with("x-") => Ctx::Opaque,
                        _ if key == "example" || key == "examples" || key == "default" => {
                            Ctx::Opaque
                        }
                        _ if key == "schema" => Ctx::Schema,
                        _ if key == "components" && at.is_empty() => Ctx::Components,
                        // Swagger 2.0: the schemas of the document.
                        _ if key == "definitions" && at.is_empty() => Ctx::SchemaMap,
                        _ => Ctx::Other,
                    };
                    out.insert(key.clone(), self.walk(value, file, child, &child_at)?);
                }
                Ok(Node::Map(out))
            }
            _ => Ok(node.clone()),
        }
    }

    fn rewrite_mapping(&mut self, value: &Node, file: &Path, at: &str) -> Result<Node> {
        let Some(map) = value.as_map() else {
            return Ok(value.clone());
        };
        let mut out = Map::new();
        for (k, v) in map {
            let rewritten = match v.as_str() {
                Some(r) if r.contains('#') || is_file_ref(r) => {
                    let (target, pointer) = self.target(r, file, at)?;
                    if self.is_external(&target) {
                        let name = self.import_schema(&target, &pointer, at)?;
                        Node::Str(format!(
                            "#/components/schemas/{}",
                            node::escape_segment(&name)
                        ))
                    } else {
                        Node::Str(format!("#{pointer}"))
                    }
                }
                _ => v.clone(),
            };
            out.insert(k.clone(), rewritten);
        }
        Ok(Node::Map(out))
    }

    fn rewrite_ref(
        &mut self,
        map: &Map,
        reference: &str,
        file: &Path,
        ctx: Ctx,
        at: &str,
    ) -> Result<Node> {
        let (target, pointer) = self.target(reference, file, at)?;
        let mut siblings = Map::new();
        for (k, v) in map {
            if k != "$ref" {
                let child = if ctx == Ctx::Schema {
                    schema_child(k)
                } else {
                    Ctx::Opaque
                };
                siblings.insert(k.clone(), self.walk(v, file, child, at)?);
            }
        }
        if !self.is_external(&target) {
            let mut out = Map::new();
            out.insert("$ref".to_owned(), Node::Str(format!("#{pointer}")));
            out.extend(siblings);
            return Ok(Node::Map(out));
        }
        let is_schema = ctx == Ctx::Schema
            || pointer.starts_with("/components/schemas/")
            || pointer.starts_with("/definitions/")
            || pointer.contains("/$defs/");
        if is_schema {
            let name = self.import_schema(&target, &pointer, at)?;
            let mut out = Map::new();
            out.insert(
                "$ref".to_owned(),
                Node::Str(format!(
                    "#/components/schemas/{}",
                    node::escape_segment(&name)
                )),
            );
            out.extend(siblings);
            return Ok(Node::Map(out));
        }
        let key = (target.clone(), pointer.clone());
        if self.stack.contains(&key) {
            bail!("unsupported construct at #{at}: circular $ref `{reference}` outside schemas");
        }
        let resolved = self
            .doc(&target)?
            .pointer(&pointer)
            .cloned()
            .ok_or_else(|| anyhow!("#{at}: $ref `{reference}` does not resolve"))?;
        self.stack.push(key);
        let walked = self.walk(&resolved, &target, ctx, at);
        self.stack.pop();
        walked
    }

    /// Copies the schema at `pointer` of `file` into `components/schemas`; returns its name.
    fn import_schema(&mut self, file: &Path, pointer: &str, at: &str) -> Result<String> {
        let key = (file.to_owned(), pointer.to_owned());
        if let Some(name) = self.imported.get(&key) {
            return Ok(name.clone());
        }
        let base = pointer
            .rsplit('/')
            .find(|s| !s.is_empty())
            .map(node::unescape_segment)
            .unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Schema".to_owned())
            });
        let mut name = base.clone();
        let mut n = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used_names.insert(name.clone());
        self.imported.insert(key, name.clone());
        let resolved = self.doc(file)?.pointer(pointer).cloned().ok_or_else(|| {
            anyhow!(
                "#{at}: $ref to {}#{pointer} does not resolve",
                file.display()
            )
        })?;
        let index = self.extra.len();
        self.extra.push((name.clone(), Node::Null));
        let walked = self.walk(&resolved, file, Ctx::Schema, at)?;
        self.extra[index].1 = walked;
        Ok(name)
    }
}

fn schema_child(key: &str) -> Ctx {
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Ctx::SchemaMap
        }
        "items"
        | "additionalProperties"
        | "not"
        | "contains"
        | "if"
        | "then"
        | "else"
        | "propertyNames"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "additionalItems" => Ctx::Schema,
        "allOf" | "oneOf" | "anyOf" | "prefixItems" => Ctx::SchemaList,
        "discriminator" => Ctx::Discriminator,
        _ => Ctx::Opaque,
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}
