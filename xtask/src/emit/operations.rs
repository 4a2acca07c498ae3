//! `api.rs`: one trait per tag, its implementation for `Client`, the `*_with_response` and
//! `*_stream` methods, and the params structs of optional parameters.

use super::docs;
use super::types::{arg_is_ref, arg_ty, ident, into_ty, ty};
use crate::plan::{
    BodyKind, Location, Model, Operation, Pagination, Param, Path, PathPart, Plan, Style,
    SuccessKind, Ty,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of `api.rs`.
pub fn api(plan: &Plan) -> TokenStream {
    let models = &plan.models;
    let error_model = ty(&plan.error_model);
    let mut uses_models = matches!(plan.error_model, Ty::Named(_));

    let mut items = Vec::new();
    for (index, t) in plan.traits.iter().enumerate() {
        let ops: Vec<&Operation> = plan
            .operations
            .iter()
            .filter(|o| o.trait_index == index)
            .collect();
        let tname = ident(&t.name);
        let tdocs = docs::attrs(&t.docs);
        let decls = ops.iter().map(|o| {
            let d = docs::attrs(&o.docs);
            let example = example_call(o, &t.name, |c| c.trait_method());
            let f = ident(&o.fn_name);
            let args = signature(o, None);
            let ret = ty(&o.success);
            let allow = allow_many(o);
            quote! {
                #d
                #example
                #allow
                async fn #f(&self, #(#args),*) -> Result<#ret, Error>;
            }
        });
        let impls = ops.iter().map(|o| {
            let f = ident(&o.fn_name);
            let wr = ident(&format!("{}_with_response", o.fn_name));
            let args = signature(o, None);
            let names = arg_names(o);
            let ret = ty(&o.success);
            let allow = allow_many(o);
            quote! {
                #allow
                async fn #f(&self, #(#args),*) -> Result<#ret, Error> {
                    self.#wr(#(#names),*)
                        .await
                        .map(apiclient_core::ApiResponse::into_body)
                }
            }
        });
        let (provided, overrides) = super::api_ext::trait_items(&ops, &t.name);
        items.push(quote! {
            #tdocs
            #[async_trait::async_trait]
            pub trait #tname: Send + Sync {
                #(#decls)*
                #provided
            }

            #[async_trait::async_trait]
            impl #tname for Client {
                #(#impls)*
                #overrides
            }
        });
    }

    let mut inherent = Vec::new();
    for o in &plan.operations {
        let mut names_used = Vec::new();
        o.success.all_names(&mut names_used);
        for p in &o.params {
            p.ty.all_names(&mut names_used);
        }
        if let Some(b) = &o.body {
            b.ty.all_names(&mut names_used);
        }
        uses_models |= !names_used.is_empty();
        inherent.push(with_response(
            o,
            &plan.traits[o.trait_index].name,
            &error_model,
            models,
        ));
        if let Some(p) = &o.pagination {
            inherent.push(stream(
                o,
                p,
                &plan.traits[o.trait_index].name,
                &quote!(self.inner.config().paging()),
            ));
        }
    }
    items.push(quote! {
        impl Client {
            #(#inherent)*
        }
    });

    for o in &plan.operations {
        if let Some(s) = &o.params_struct {
            items.push(params_struct(o, s, models));
        }
    }
    let imports = if uses_models {
        quote!(
            use super::models::*;
        )
    } else {
        quote!()
    };
    quote! {
        #imports
        use super::{Client, Error};
        #(#items)*
    }
}

/// Lint allowances a method needs: many arguments, or an argument named like a placeholder.
pub(super) fn allow_many(o: &Operation) -> TokenStream {
    let count = 1
        + o.params.iter().filter(|p| p.required).count()
        + usize::from(o.body.is_some())
        + usize::from(o.params_struct.is_some());
    let mut lints = Vec::new();
    if count > 7 {
        lints.push(quote!(clippy::too_many_arguments));
    }
    let placeholder = o
        .params
        .iter()
        .filter(|p| p.required)
        .any(|p| matches!(p.rust.as_str(), "foo" | "baz" | "quux"));
    if placeholder {
        lints.push(quote!(clippy::disallowed_names));
    }
    if lints.is_empty() {
        quote!()
    } else {
        quote!(#[allow(#(#lints),*)])
    }
}

fn body_arg_ty(b: &crate::plan::Body, lifetime: Option<&TokenStream>) -> TokenStream {
    let inner = match b.kind {
        BodyKind::Text(_) => arg_ty(&Ty::String, lifetime),
        _ => arg_ty(&b.ty, lifetime),
    };
    if b.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The `# Example` doc section `make` writes for `o`, a method of the trait `trait_name`.
fn example_call(
    o: &Operation,
    trait_name: &str,
    make: impl Fn(&docs::examples::Call<'_>) -> TokenStream,
) -> TokenStream {
    make(&docs::examples::Call {
        trait_name,
        method: &o.fn_name,
        args: &signature(o, None),
        names: &arg_names(o),
        params_struct: o.params_struct.as_deref(),
        empty: matches!(o.success_kind, SuccessKind::Empty),
    })
}

/// The arguments after `&self`.
pub(super) fn signature(o: &Operation, lifetime: Option<&TokenStream>) -> Vec<TokenStream> {
    let mut args = Vec::new();
    for p in o.params.iter().filter(|p| p.required) {
        let n = ident(&p.rust);
        let t = arg_ty(&p.ty, lifetime);
        args.push(quote!(#n: #t));
    }
    if let Some(b) = &o.body {
        let n = ident(&b.rust);
        let t = body_arg_ty(b, lifetime);
        args.push(quote!(#n: #t));
    }
    if let Some(s) = &o.params_struct {
        let s = ident(s);
        args.push(quote!(params: #s));
    }
    args
}

pub(super) fn arg_names(o: &Operation) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = o
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let n = ident(&p.rust);
            quote!(#n)
        })
        .collect();
    if let Some(b) = &o.body {
        let n = ident(&b.rust);
        out.push(quote!(#n));
    }
    if o.params_struct.is_some() {
        out.push(quote!(params));
    }
    out
}

/// Builds the request step by step: a chain of calls, or `let request = match ..` for
/// optional values that need a branch.
struct Builder {
    statements: Vec<TokenStream>,
    chain: Vec<TokenStream>,
    started: bool,
    base: TokenStream,
}

impl Builder {
    fn call(&mut self, call: TokenStream) {
        self.chain.push(call);
    }

    fn flush(&mut self) {
        if self.chain.is_empty() && self.started {
            return;
        }
        let base = if self.started {
            quote!(request)
        } else {
            self.base.clone()
        };
        let chain = std::mem::take(&mut self.chain);
        self.statements
            .push(quote!(let request = #base #(.#chain)*;));
        self.started = true;
    }

    fn statement(&mut self, s: TokenStream) {
        self.flush();
        self.statements.push(s);
    }
}

fn joined(value: &TokenStream, sep: char) -> TokenStream {
    let sep = sep.to_string();
    quote!(#value.iter().map(ToString::to_string).collect::<Vec<_>>().join(#sep))
}

fn param_calls(b: &mut Builder, p: &Param) {
    let wire = &p.wire;
    let v = ident(&p.rust);
    let v = if p.required {
        quote!(#v)
    } else {
        quote!(params.#v)
    };
    let object_style = match p.style {
        Style::DeepObject => quote!(apiclient_core::ObjectStyle::DeepObject),
        Style::ObjectExplode => quote!(apiclient_core::ObjectStyle::FormExplode),
        _ => quote!(apiclient_core::ObjectStyle::Form),
    };
    match (p.location, p.style, p.required) {
        // Path parameters are part of the path, built with the request.
        (Location::Path, _, _) => {}
        (Location::Query, Style::Scalar, true) => b.call(quote!(query(#wire, #v))),
        (Location::Query, Style::Scalar, false) => b.call(quote!(query_opt(#wire, #v))),
        (Location::Query, Style::Secret, true) => b.call(quote!(query_secret(#wire, #v))),
        (Location::Query, Style::Secret, false) => b.statement(quote! {
            let request = match &#v {
                Some(value) => request.query_secret(#wire, value),
                None => request,
            };
        }),
        (Location::Query, Style::ArrayExplode, true) => {
            b.call(quote!(query_array(#wire, #v, true)))
        }
        (Location::Query, Style::ArrayExplode, false) => {
            b.call(quote!(query_array(#wire, #v.into_iter().flatten(), true)))
        }
        (Location::Query, Style::ArrayJoined(','), true) => {
            b.call(quote!(query_array(#wire, #v, false)))
        }
        (Location::Query, Style::ArrayJoined(','), false) => {
            b.call(quote!(query_array(#wire, #v.into_iter().flatten(), false)))
        }
        (Location::Query, Style::ArrayJoined(sep), true) => {
            let j = joined(&v, sep);
            b.call(quote!(query(#wire, #j)))
        }
        (Location::Query, Style::ArrayJoined(sep), false) => {
            let inner = quote!(v);
            let j = joined(&inner, sep);
            b.call(quote!(query_opt(#wire, #v.map(|v| #j))))
        }
        (Location::Query, Style::ObjectExplode | Style::ObjectJoined | Style::DeepObject, true) => {
            b.call(quote!(query_object(#wire, #v, #object_style)))
        }
        (
            Location::Query,
            Style::ObjectExplode | Style::ObjectJoined | Style::DeepObject,
            false,
        ) => b.statement(quote! {
            let request = match &#v {
                Some(value) => request.query_object(#wire, value, #object_style),
                None => request,
            };
        }),
        (Location::Header, Style::Secret, true) => {
            b.call(quote!(header(#wire, #v.expose_secret())))
        }
        (Location::Header, Style::Secret, false) => b.call(quote!(header_opt(
            #wire,
            #v.as_ref().map(apiclient_core::SecretString::expose_secret)
        ))),
        (Location::Header, Style::ArrayExplode | Style::ArrayJoined(_), true) => {
            let j = joined(&v, ',');
            b.call(quote!(header(#wire, #j)))
        }
        (Location::Header, Style::ArrayExplode | Style::ArrayJoined(_), false) => {
            let inner = quote!(v);
            let j = joined(&inner, ',');
            b.call(quote!(header_opt(#wire, #v.map(|v| #j))))
        }
        (Location::Header, _, true) => b.call(quote!(header(#wire, #v))),
        (Location::Header, _, false) => b.call(quote!(header_opt(#wire, #v))),
    }
}

/// `Request::new`, or `Request::with_path` with the path built from the template's literal
/// parts and the encoded path parameters.
fn request_base(o: &Operation) -> TokenStream {
    let method = ident(&o.method);
    let (path, id) = (&o.path, &o.id);
    if !o.path_parts.iter().any(|p| matches!(p, PathPart::Param(_))) {
        return quote!(apiclient_core::Request::new(apiclient_core::Method::#method, #path, #id));
    }
    let parts = o.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(literal(#text)),
        PathPart::Param(wire) => {
            let p = o
                .params
                .iter()
                .find(|p| p.location == Location::Path && &p.wire == wire)
                .expect("the plan checks every placeholder against the path parameters");
            let v = ident(&p.rust);
            let value = match p.style {
                Style::ArrayJoined(_) | Style::ArrayExplode => joined(&quote!(#v), ','),
                Style::Secret => quote!(#v.expose_secret()),
                _ => quote!(#v),
            };
            quote!(param(#wire, #value))
        }
    });
    quote! {
        apiclient_core::Request::with_path(
            apiclient_core::Method::#method,
            #path,
            #id,
            apiclient_core::path::PathBuilder::new() #(.#parts)*,
        )
    }
}

fn with_response(
    o: &Operation,
    trait_name: &str,
    error_model: &TokenStream,
    models: &[Model],
) -> TokenStream {
    let wr = ident(&format!("{}_with_response", o.fn_name));
    let args = signature(o, None);
    let ret = ty(&o.success);
    let doc = format!(
        " Like [`{trait_name}::{}`], with the response's status, headers and rate-limit information.",
        o.fn_name
    );
    let allow = allow_many(o);
    let mut b = Builder {
        statements: Vec::new(),
        chain: Vec::new(),
        started: false,
        base: request_base(o),
    };
    for p in &o.params {
        param_calls(&mut b, p);
    }
    if let Some(body) = &o.body {
        let n = ident(&body.rust);
        let call = |value: TokenStream| match &body.kind {
            BodyKind::Json => quote!(json_body(#value)),
            BodyKind::JsonAs(ct) => quote!(json_body_as(#ct, #value)),
            BodyKind::Form => quote!(form_body(#value)),
            BodyKind::Text(ct) => quote!(bytes_body(#ct, #value.to_owned())),
            BodyKind::Bytes(ct) => quote!(bytes_body(#ct, #value.clone())),
        };
        if body.required {
            b.call(call(quote!(#n)));
        } else {
            let c = call(quote!(value));
            b.statement(quote! {
                let request = match #n {
                    Some(value) => request.#c,
                    None => request,
                };
            });
        }
    }
    if o.no_auth {
        b.call(quote!(without_auth()));
    }
    if let Some(safe) = o.retry_safe {
        b.call(quote!(retry_safe(#safe)));
    }
    b.flush();
    let statements = b.statements;
    let mut send = quote!(self.inner.execute::<#error_model>(request).await?);
    let secret_fields = super::sensitive::fields(&o.success, models);
    if !secret_fields.is_empty()
        && matches!(o.success_kind, SuccessKind::Json | SuccessKind::JsonOpt)
    {
        send = quote!(#send.sensitive_fields(&[#(#secret_fields),*]));
    }
    let decode = match o.success_kind {
        SuccessKind::Empty => quote!(Ok(#send.empty())),
        SuccessKind::Json => quote!(#send.json()),
        SuccessKind::JsonOpt => quote!(#send.json_opt()),
        SuccessKind::JsonLenient => quote!(Ok(#send.json_lenient())),
        SuccessKind::Bytes => quote! {
            let mut response = #send;
            let body = std::mem::take(&mut response.body);
            Ok(response.empty().map(|()| body))
        },
        SuccessKind::Text => quote! {
            let mut response = #send;
            let body = String::from_utf8_lossy(&std::mem::take(&mut response.body)).into_owned();
            Ok(response.empty().map(|()| body))
        },
    };
    let example = example_call(o, trait_name, |c| c.with_response());
    quote! {
        #[doc = #doc]
        #example
        #allow
        pub async fn #wr(&self, #(#args),*) -> Result<apiclient_core::ApiResponse<#ret>, Error> {
            #(#statements)*
            #decode
        }
    }
}

/// Borrowing expression for a cursor or total: `(expr, is_option_of_ref)`.
fn ref_chain(path: &Path) -> (TokenStream, bool) {
    let mut expr = quote!(page);
    let mut opt = false;
    for s in &path.steps {
        let f = ident(&s.rust);
        expr = match (opt, s.optional, s.three_state, s.boxed) {
            (false, true, _, true) => quote!(#expr.#f.as_deref()),
            (false, true, _, false) => quote!(#expr.#f.as_ref()),
            (false, _, true, true) => quote!(#expr.#f.as_value().map(|v| &**v)),
            (false, _, true, false) => quote!(#expr.#f.as_value()),
            (false, _, _, _) => quote!(#expr.#f),
            (true, true, _, true) => quote!(#expr.and_then(|v| v.#f.as_deref())),
            (true, true, _, false) => quote!(#expr.and_then(|v| v.#f.as_ref())),
            (true, _, true, true) => quote!(#expr.and_then(|v| v.#f.as_value()).map(|v| &**v)),
            (true, _, true, false) => quote!(#expr.and_then(|v| v.#f.as_value())),
            (true, _, _, _) => quote!(#expr.map(|v| &v.#f)),
        };
        opt |= s.optional || s.three_state;
    }
    (expr, opt)
}

/// Moving expression for the items: a `Vec<T>`.
fn items_expr(path: &Path) -> TokenStream {
    let mut expr = quote!(page);
    let mut opt = false;
    for s in &path.steps {
        let f = ident(&s.rust);
        expr = match (opt, s.optional, s.three_state, s.boxed) {
            (false, true, _, true) => quote!(#expr.#f.map(|v| *v)),
            (false, true, _, false) => quote!(#expr.#f),
            (false, _, true, true) => quote!(#expr.#f.into_option().flatten().map(|v| *v)),
            (false, _, true, false) => quote!(#expr.#f.into_option().flatten()),
            (false, _, _, true) => quote!((*#expr.#f)),
            (false, _, _, false) => quote!(#expr.#f),
            (true, true, _, true) => quote!(#expr.and_then(|v| v.#f).map(|v| *v)),
            (true, true, _, false) => quote!(#expr.and_then(|v| v.#f)),
            (true, _, true, true) => {
                quote!(#expr.and_then(|v| v.#f.into_option().flatten()).map(|v| *v))
            }
            (true, _, true, false) => quote!(#expr.and_then(|v| v.#f.into_option().flatten())),
            (true, _, _, true) => quote!(#expr.map(|v| *v.#f)),
            (true, _, _, false) => quote!(#expr.map(|v| v.#f)),
        };
        opt |= s.optional || s.three_state;
    }
    if opt {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}

fn unsigned_small(t: &Ty) -> bool {
    matches!(t, Ty::Prim("u8" | "u16" | "u32"))
}

pub(super) fn stream(
    o: &Operation,
    p: &Pagination,
    trait_name: &str,
    paging: &TokenStream,
) -> TokenStream {
    let f = ident(&format!("{}_stream", o.fn_name));
    let wr = ident(&format!("{}_with_response", o.fn_name));
    let borrowed = o.params.iter().any(|p| p.required && arg_is_ref(&p.ty));
    let lt = quote!('a);
    let (generics, lifetime, bound) = if borrowed {
        (quote!(<'a>), Some(&lt), quote!('a))
    } else {
        (quote!(), None, quote!('_))
    };
    let self_ref = if borrowed {
        quote!(&'a self)
    } else {
        quote!(&self)
    };
    let args = signature(o, lifetime);
    let names = arg_names(o);
    let allow = allow_many(o);
    let (item, doc, body) = match p {
        Pagination::Cursor {
            param,
            next,
            items,
            item,
        } => {
            let param = ident(param);
            let (next_expr, opt) = ref_chain(next);
            // `page.a.b.as_ref().cloned()` reads better as `page.a.b.clone()`.
            let simple_option = next.steps.last().is_some_and(|s| s.optional && !s.boxed)
                && next.steps[..next.steps.len() - 1]
                    .iter()
                    .all(|s| !s.optional && !s.three_state);
            let next_cursor = match (&next.leaf, opt) {
                (Ty::String, true) if simple_option => {
                    let fields = next.steps.iter().map(|s| ident(&s.rust));
                    quote!(page #(.#fields)*.clone())
                }
                (Ty::String, false) => quote!(Some(#next_expr.clone())),
                (Ty::String, true) => quote!(#next_expr.cloned()),
                (_, false) => quote!(Some(#next_expr.to_string())),
                (_, true) => quote!(#next_expr.map(ToString::to_string)),
            };
            let items = items_expr(items);
            let doc = docs::attrs(&[
                docs::raw(format!(
                    "Every item of [`{0}`](Self::{0}), fetched page by page (following the cursor `{1}`) as the stream is read.",
                    o.fn_name, param
                )),
                String::new(),
                docs::raw(
                    "The cursor set in `params` is ignored: the stream starts at the first page. An error ends the stream; so does a cursor already followed, or more pages than the client's `max_pages` (`Error::Pagination`).",
                ),
            ]);
            let body = quote! {
                #paging.cursor(move |cursor: Option<String>| {
                    let mut params = params.clone();
                    params.#param = cursor;
                    async move {
                        let page = self.#wr(#(#names),*).await?.body;
                        let next_cursor = #next_cursor;
                        let items = #items;
                        Ok(apiclient_core::paginate::CursorPage { items, next_cursor })
                    }
                })
            };
            (item, doc, body)
        }
        Pagination::Offset {
            limit,
            offset,
            default_limit,
            items,
            total,
            item,
        } => {
            let (limit_f, limit_ty) = (ident(&limit.0), &limit.1);
            let (offset_f, offset_ty) = (ident(&offset.0), &offset.1);
            let to_u64 = |t: &Ty| -> TokenStream {
                match t {
                    Ty::Prim("u64") => quote!(v.max(1)),
                    t if unsigned_small(t) => quote!(u64::from(v.max(1))),
                    _ => quote!(v.max(1) as u64),
                }
            };
            let conv = to_u64(limit_ty);
            let from_u64 = |t: &Ty, name: TokenStream| -> TokenStream {
                match t {
                    Ty::Prim("u64") => name,
                    Ty::Prim(p) => {
                        let p = ident(p);
                        quote!(#p::try_from(#name).unwrap_or(#p::MAX))
                    }
                    _ => name,
                }
            };
            let set_offset = from_u64(offset_ty, quote!(offset));
            let set_limit = from_u64(limit_ty, quote!(limit));
            let total_expr = match total {
                Some(t) => {
                    let (expr, opt) = ref_chain(t);
                    match (&t.leaf, opt) {
                        (Ty::Prim("u64"), false) => quote!(Some(#expr)),
                        (Ty::Prim("u64"), true) => quote!(#expr.copied()),
                        (l, false) if unsigned_small(l) => quote!(Some(u64::from(#expr))),
                        (l, true) if unsigned_small(l) => quote!(#expr.map(|v| u64::from(*v))),
                        (_, false) => quote!(u64::try_from(#expr).ok()),
                        (_, true) => quote!(#expr.and_then(|v| u64::try_from(*v).ok())),
                    }
                }
                None => quote!(None),
            };
            let items = items_expr(items);
            let doc = docs::attrs(&[
                docs::raw(format!(
                    "Every item of [`{0}`](Self::{0}), fetched page by page (`{1}`/`{2}`) as the stream is read.",
                    o.fn_name, limit.0, offset.0
                )),
                String::new(),
                docs::raw(format!(
                    "Pages hold the `{}` set in `params`, else {default_limit} items; the offset set in `params` is ignored. The stream ends on a short page or at the total. An error ends the stream; so does a full page identical to the previous one, or more pages than the client's `max_pages` (`Error::Pagination`).",
                    limit.0
                )),
            ]);
            let body = quote! {
                let page_size = params.#limit_f.map_or(#default_limit, |v| #conv);
                #paging.offset(page_size, move |offset, limit| {
                    let mut params = params.clone();
                    params.#offset_f = Some(#set_offset);
                    params.#limit_f = Some(#set_limit);
                    async move {
                        let page = self.#wr(#(#names),*).await?.body;
                        let total = #total_expr;
                        let items = #items;
                        Ok(apiclient_core::paginate::OffsetPage { items, total })
                    }
                })
            };
            (item, doc, body)
        }
    };
    let item = ty(item);
    let example = example_call(o, trait_name, |c| c.stream());
    quote! {
        #doc
        #example
        #allow
        pub fn #f #generics(#self_ref, #(#args),*) -> impl futures::Stream<Item = Result<#item, Error>> + Send + #bound {
            #body
        }
    }
}

fn params_struct(o: &Operation, name: &str, models: &[Model]) -> TokenStream {
    let _ = models;
    let sname = ident(name);
    let optional: Vec<&Param> = o.params.iter().filter(|p| !p.required).collect();
    let fields = optional.iter().map(|p| {
        let d = docs::attrs(&p.docs);
        let f = ident(&p.rust);
        let t = ty(&p.ty);
        quote! {
            #d
            pub #f: Option<#t>,
        }
    });
    let setters = optional.iter().map(|p| {
        let f = ident(&p.rust);
        let (t, into) = into_ty(&p.ty);
        let value = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        let doc = format!(" Sets `{}`.", p.wire);
        quote! {
            #[doc = #doc]
            pub fn #f(mut self, value: #t) -> Self {
                self.#f = Some(#value);
                self
            }
        }
    });
    let doc = format!(
        " Optional parameters of [`{}`](Client::{}); build with `Default` and the setters.",
        o.fn_name, o.fn_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #sname {
            #(#fields)*
        }

        impl #sname {
            #(#setters)*
        }
    }
}
