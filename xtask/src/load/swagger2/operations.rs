//! Swagger 2.0 path items, operations and responses → their OpenAPI 3.0 forms.

use super::super::node::{Map, Node, escape_segment};
use super::super::pointers::PointerMap;
use super::{params, schema};
use crate::Warnings;
use std::cell::RefCell;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type used when `consumes` / `produces` say none.
const JSON: &str = "application/json";

/// What converting the paths needs from the document root.
pub(super) struct Converter<'a> {
    /// The document.
    doc: &'a Node,
    /// The document's `consumes` (default `application/json`).
    pub(super) consumes: Vec<String>,
    /// The document's `produces` (default `application/json`).
    pub(super) produces: Vec<String>,
    /// Names of the components parameters that are body parameters.
    body_params: Vec<String>,
    /// Where each converted part came from (3.0 pointer → 2.0 pointer).
    pointers: RefCell<PointerMap>,
}

/// One parameter of an operation (or of its path item), resolved.
struct Param<'a> {
    /// Its 2.0 pointer.
    ptr: String,
    /// The parameter (the `$ref` target when it is a reference).
    node: &'a Map,
    /// The `$ref` as written, if it is one.
    reference: Option<&'a str>,
}

impl Param<'_> {
    fn place(&self) -> &str {
        self.node
            .get("in")
            .and_then(Node::as_str)
            .unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.node
            .get("name")
            .and_then(Node::as_str)
            .unwrap_or_default()
    }
}

/// A list of media types (`consumes` / `produces`), `None` when not given.
fn media_list(node: Option<&Node>) -> Option<Vec<String>> {
    let list: Vec<String> = node?
        .as_seq()?
        .iter()
        .filter_map(Node::as_str)
        .map(str::to_owned)
        .collect();
    (!list.is_empty()).then_some(list)
}

impl<'a> Converter<'a> {
    pub(super) fn new(doc: &'a Node) -> Self {
        let body_params = match doc.get("parameters") {
            Some(Node::Map(ps)) => ps
                .iter()
                .filter(|(_, p)| p.get("in").and_then(Node::as_str) == Some("body"))
                .map(|(name, _)| name.clone())
                .collect(),
            _ => Vec::new(),
        };
        Self {
            doc,
            consumes: media_list(doc.get("consumes")).unwrap_or_else(|| vec![JSON.to_owned()]),
            produces: media_list(doc.get("produces")).unwrap_or_else(|| vec![JSON.to_owned()]),
            body_params,
            pointers: RefCell::new(PointerMap::converted()),
        }
    }

    /// Records that the converted pointer `from` stands for the 2.0 pointer `to`.
    pub(super) fn map(&self, from: String, to: String) {
        self.pointers.borrow_mut().insert(from, to);
    }

    /// Records where the parts of a converted `content` map (under `from`) came from: the
    /// schema of each of `media` is the 2.0 `schema` under `to`.
    pub(super) fn map_content(&self, from: &str, to: &str, media: &[String]) {
        for m in media {
            self.map(
                format!("{from}/content/{}/schema", escape_segment(m)),
                format!("{to}/schema"),
            );
        }
    }

    /// The pointer map recorded so far.
    pub(super) fn into_pointers(self) -> PointerMap {
        self.pointers.into_inner()
    }

    /// Converts `paths`.
    pub(super) fn paths(&self, paths: &'a Node, warnings: &mut Warnings) -> Node {
        let Node::Map(paths) = paths else {
            return paths.clone();
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let ptr = format!("#/paths/{}", escape_segment(path));
            out.insert(path.clone(), self.path_item(item, &ptr, warnings));
        }
        Node::Map(out)
    }

    fn path_item(&self, item: &'a Node, ptr: &str, warnings: &mut Warnings) -> Node {
        let Node::Map(item) = item else {
            return item.clone();
        };
        let shared = self.resolve_params(item.get("parameters"), ptr, warnings);
        let mut out = Map::new();
        for (k, v) in item {
            match k.as_str() {
                "parameters" => {
                    let list = self.plain_params(&shared, ptr, warnings);
                    if !list.is_empty() {
                        out.insert(k.clone(), Node::Seq(list));
                    }
                }
                m if METHODS.contains(&m) => {
                    let op_ptr = format!("{ptr}/{m}");
                    out.insert(k.clone(), self.operation(v, &op_ptr, &shared, warnings));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        Node::Map(out)
    }

    /// The parameters of a `parameters` list, references resolved (unresolvable ones are kept
    /// as plain parameters: the repairs leave them out with a warning).
    fn resolve_params(
        &self,
        list: Option<&'a Node>,
        ptr: &str,
        warnings: &mut Warnings,
    ) -> Vec<Param<'a>> {
        let Some(list) = list.and_then(Node::as_seq) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("{ptr}/parameters/{i}");
            let Node::Map(m) = p else {
                warnings.warn(&ptr, "parameter is not a mapping: left out");
                continue;
            };
            let reference = m.get("$ref").and_then(Node::as_str);
            let node = reference
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| self.doc.pointer(pointer))
                .and_then(Node::as_map)
                .unwrap_or(m);
            out.push(Param {
                ptr,
                node,
                reference,
            });
        }
        out
    }

    /// The query, header and path parameters among `list`, in 3.0 form (`base` is the pointer
    /// of the path item or operation they go to).
    fn plain_params(&self, list: &[Param<'_>], base: &str, warnings: &mut Warnings) -> Vec<Node> {
        let mut out = Vec::new();
        for p in list {
            if matches!(p.place(), "body" | "formData") {
                continue;
            }
            let at = format!("{base}/parameters/{}", out.len());
            // A 2.0 parameter's value keywords are those of the 3.0 `schema`.
            self.map(format!("{at}/schema"), p.ptr.clone());
            self.map(at, p.ptr.clone());
            match p.reference {
                Some(r) => {
                    let mut m = Map::new();
                    m.insert(
                        "$ref".into(),
                        Node::Str(schema::rewrite_ref(r, &self.body_params)),
                    );
                    out.push(Node::Map(m));
                }
                None => out.push(params::parameter(p.node, &p.ptr, warnings)),
            }
        }
        out
    }

    fn operation(
        &self,
        op: &'a Node,
        ptr: &str,
        shared: &[Param<'a>],
        warnings: &mut Warnings,
    ) -> Node {
        let Node::Map(op) = op else {
            return op.clone();
        };
        let consumes = media_list(op.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = media_list(op.get("produces")).unwrap_or_else(|| self.produces.clone());
        let own = self.resolve_params(op.get("parameters"), ptr, warnings);
        // Path-level body and form parameters apply unless the operation redefines them.
        let inherited = shared.iter().filter(|s| {
            matches!(s.place(), "body" | "formData")
                && !own
                    .iter()
                    .any(|o| o.name() == s.name() && o.place() == s.place())
        });
        let mut body: Option<&Param<'_>> = None;
        let mut form: Vec<(String, &Map)> = Vec::new();
        for p in own.iter().chain(inherited) {
            match p.place() {
                "body" if body.is_some() => warnings.warn(
                    &p.ptr,
                    "a second `in: body` parameter: left out (an operation has one body)",
                ),
                "body" => body = Some(p),
                "formData" => form.push((p.ptr.clone(), p.node)),
                _ => {}
            }
        }
        let body_ptr = format!("{ptr}/requestBody");
        let request_body = match (body, form.is_empty()) {
            (Some(b), form_empty) => {
                self.map(body_ptr.clone(), b.ptr.clone());
                self.map_content(&body_ptr, &b.ptr, &consumes);
                if !form_empty {
                    warnings.warn(
                        &b.ptr,
                        "both `in: body` and `in: formData` parameters: the `formData` ones are left out",
                    );
                }
                Some(self.body(b, &consumes))
            }
            (None, false) => {
                self.map(body_ptr.clone(), format!("{ptr}/parameters"));
                let mut media = consumes.clone();
                media.extend([params::FORM.to_owned(), params::MULTIPART.to_owned()]);
                for m in &media {
                    for (field_ptr, field) in &form {
                        if let Some(name) = field.get("name").and_then(Node::as_str) {
                            self.map(
                                format!(
                                    "{body_ptr}/content/{}/schema/properties/{}",
                                    escape_segment(m),
                                    escape_segment(name)
                                ),
                                field_ptr.clone(),
                            );
                        }
                    }
                }
                Some(params::form_body(&form, &consumes, warnings))
            }
            (None, true) => None,
        };
        let parameters = self.plain_params(&own, ptr, warnings);
        let mut out = Map::new();
        let mut request_body = request_body;
        for (k, v) in op {
            match k.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {
                    if !parameters.is_empty() {
                        out.insert(k.clone(), Node::Seq(parameters.clone()));
                    }
                    if let Some(b) = request_body.take() {
                        out.insert("requestBody".into(), b);
                    }
                }
                "responses" => {
                    if let Some(b) = request_body.take() {
                        out.insert("requestBody".into(), b);
                    }
                    out.insert(
                        k.clone(),
                        self.responses(v, &format!("{ptr}/responses"), &produces),
                    );
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(b) = request_body {
            out.insert("requestBody".into(), b);
        }
        Node::Map(out)
    }

    /// The `requestBody` of a body parameter: a reference to the component when its media
    /// types are the document's, else the body inline.
    fn body(&self, p: &Param<'_>, consumes: &[String]) -> Node {
        match p.reference {
            Some(r) if consumes == self.consumes.as_slice() => {
                let mut m = Map::new();
                m.insert(
                    "$ref".into(),
                    Node::Str(schema::rewrite_ref(r, &self.body_params)),
                );
                Node::Map(m)
            }
            _ => params::body(p.node, consumes),
        }
    }

    /// The `responses` of an operation (`ptr` is their pointer, the same in both forms).
    fn responses(&self, responses: &Node, ptr: &str, produces: &[String]) -> Node {
        let Node::Map(responses) = responses else {
            return responses.clone();
        };
        Node::Map(
            responses
                .iter()
                .map(|(status, r)| {
                    let at = format!("{ptr}/{}", escape_segment(status));
                    (status.clone(), self.response(r, &at, &at, produces))
                })
                .collect(),
        )
    }

    /// One response (or a reference to one): `from` is its 3.0 pointer, `to` its 2.0 one.
    pub(super) fn response(
        &self,
        response: &Node,
        from: &str,
        to: &str,
        produces: &[String],
    ) -> Node {
        self.map(from.to_owned(), to.to_owned());
        let Node::Map(m) = response else {
            return response.clone();
        };
        if let Some(r) = m.get("$ref").and_then(Node::as_str) {
            let mut out = Map::new();
            out.insert(
                "$ref".into(),
                Node::Str(schema::rewrite_ref(r, &self.body_params)),
            );
            return Node::Map(out);
        }
        let mut out = Map::new();
        for (k, v) in m {
            match k.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    if let Node::Map(hs) = v {
                        for name in hs.keys() {
                            let h = escape_segment(name);
                            self.map(
                                format!("{from}/headers/{h}/schema"),
                                format!("{to}/headers/{h}"),
                            );
                        }
                    }
                    out.insert(k.clone(), headers(v));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(s) = m.get("schema") {
            self.map_content(from, to, produces);
            let mut content = params::content(produces, &schema::schema(s));
            if let (Node::Map(content), Some(Node::Map(examples))) =
                (&mut content, m.get("examples"))
            {
                for (media, example) in examples {
                    if let Some(Node::Map(entry)) = content.get_mut(media) {
                        entry.insert("example".into(), example.clone());
                    }
                }
            }
            out.insert("content".into(), content);
        }
        Node::Map(out)
    }
}

/// Response headers: their type keywords move into `schema`.
fn headers(headers: &Node) -> Node {
    let Node::Map(headers) = headers else {
        return headers.clone();
    };
    Node::Map(
        headers
            .iter()
            .map(|(name, h)| {
                let Node::Map(h) = h else {
                    return (name.clone(), h.clone());
                };
                let mut out = Map::new();
                if let Some(d) = h.get("description") {
                    out.insert("description".into(), d.clone());
                }
                out.insert("schema".into(), params::value_schema(h));
                (name.clone(), Node::Map(out))
            })
            .collect(),
    )
}
