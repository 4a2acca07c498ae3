//! The body of each `*_with_response` method: the request built from the path, parameters
//! and body, sent, and the response decoded.

use super::super::errors::{error_ty, model_ty};
use super::super::sensitive::{self, ModelIndex};
use super::super::types::{ident, ty};
use super::{allow_many, example_call, signature};
use crate::plan::{BodyKind, Location, Operation, Param, PathPart, Style, SuccessKind};
use proc_macro2::TokenStream;
use quote::quote;

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

pub(super) fn joined(value: &TokenStream, sep: char) -> TokenStream {
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

/// The `*_with_response` method of `o`.
pub(super) fn with_response(
    o: &Operation,
    trait_name: &str,
    models: &ModelIndex<'_>,
) -> TokenStream {
    let wr = ident(&format!("{}_with_response", o.fn_name));
    let args = signature(o, None);
    let ret = ty(&o.success);
    let err = error_ty(o);
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
            BodyKind::Multipart(None) => quote!(multipart_body(#value.clone())),
            BodyKind::Multipart(Some(_)) => {
                quote!(multipart_body(apiclient_core::multipart::Form::from(#value.clone())))
            }
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
    let error_model = model_ty(o);
    let mut send = quote!(self.inner.execute::<#error_model>(request).await?);
    let secret_fields = sensitive::fields(&o.success, models);
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
        pub async fn #wr(&self, #(#args),*) -> Result<apiclient_core::ApiResponse<#ret>, #err> {
            #(#statements)*
            #decode
        }
    }
}
