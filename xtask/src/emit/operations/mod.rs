//! `api.rs`: one trait per tag, its implementation for `Client`, the `*_with_response` and
//! `*_stream` methods, and the params structs of optional parameters.
//!
//! The file is made of two halves, formatted separately: [`traits`] and [`client_impl`].
//! This file holds the traits and the method signatures shared by all of them; the request
//! each `*_with_response` method builds is in `request`, the `*_stream` methods in
//! `stream`, the params structs in `params_struct`.

mod multipart_struct;
mod params_struct;
mod request;
mod stream;
pub(super) use stream::stream;

use super::docs;
use super::errors::error_ty;
use super::types::{arg_ty, ident, ty};
use crate::plan::{BodyKind, Operation, Plan, SuccessKind, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The first items of `api.rs`: the imports, and per tag a trait with its implementation for
/// `Client`.
pub fn traits(plan: &Plan) -> TokenStream {
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
            let err = error_ty(o);
            let allow = allow_many(o);
            quote! {
                #d
                #example
                #allow
                async fn #f(&self, #(#args),*) -> Result<#ret, #err>;
            }
        });
        // The trait method calls the inherent one of the same name (see `direct`).
        let impls = ops.iter().map(|o| {
            let f = ident(&o.fn_name);
            let args = signature(o, None);
            let names = arg_names(o);
            let ret = ty(&o.success);
            let err = error_ty(o);
            let allow = allow_many(o);
            quote! {
                #allow
                async fn #f(&self, #(#args),*) -> Result<#ret, #err> {
                    Client::#f(self, #(#names),*).await
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
    let imports = if uses_models(plan) {
        quote!(
            use super::models::*;
        )
    } else {
        quote!()
    };
    let error_imports = if super::errors::any(plan) {
        quote!(
            use super::errors::*;
        )
    } else {
        quote!()
    };
    quote! {
        #imports
        #error_imports
        use super::{Client, Error};
        #(#items)*
    }
}

/// True when `api.rs` names a model (a type of an operation).
fn uses_models(plan: &Plan) -> bool {
    plan.operations.iter().any(|o| {
        let mut names_used = Vec::new();
        o.success.all_names(&mut names_used);
        for p in &o.params {
            p.ty.all_names(&mut names_used);
        }
        match o.body.as_ref().map(|b| (b, &b.kind)) {
            Some((_, BodyKind::Multipart(Some(m)))) => {
                for f in &m.fields {
                    f.ty.all_names(&mut names_used);
                }
            }
            Some((b, _)) => b.ty.all_names(&mut names_used),
            None => {}
        }
        !names_used.is_empty()
    })
}

/// The last items of `api.rs`: `impl Client` with the `*_with_response` and `*_stream`
/// methods, then the params structs.
pub fn client_impl(plan: &Plan) -> TokenStream {
    let models = super::sensitive::index(&plan.models);
    let mut inherent = Vec::new();
    for o in &plan.operations {
        inherent.push(direct(o, &plan.traits[o.trait_index].name));
        inherent.push(request::with_response(
            o,
            &plan.traits[o.trait_index].name,
            &models,
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
    let mut items = vec![quote! {
        impl Client {
            #(#inherent)*
        }
    }];
    for o in &plan.operations {
        if let Some(s) = &o.params_struct {
            items.push(params_struct::params_struct(o, s));
        }
        if let Some(BodyKind::Multipart(Some(m))) = o.body.as_ref().map(|b| &b.kind) {
            items.push(multipart_struct::multipart_struct(
                m,
                &o.fn_name,
                &plan.models,
            ));
        }
    }
    quote!(#(#items)*)
}

/// The inherent twin of the trait method of `o`: called on a `Client` (inherent methods come
/// before trait methods), it runs without the boxed future that `async_trait` makes the
/// object-safe trait method return, which costs an allocation and a copy of the whole call's
/// state on every call.
fn direct(o: &Operation, trait_name: &str) -> TokenStream {
    let f = ident(&o.fn_name);
    let wr = ident(&format!("{}_with_response", o.fn_name));
    let args = signature(o, None);
    let names = arg_names(o);
    let ret = ty(&o.success);
    let err = error_ty(o);
    let allow = allow_many(o);
    let doc = format!(
        " [`{trait_name}::{}`](super::{trait_name}::{}), called on a `Client` directly: the \
         same request and result, without boxing the call's future (generic or `dyn` code \
         gets the trait method).",
        o.fn_name, o.fn_name
    );
    quote! {
        #[doc = #doc]
        #allow
        pub async fn #f(&self, #(#args),*) -> Result<#ret, #err> {
            self.#wr(#(#names),*)
                .await
                .map(apiclient_core::ApiResponse::into_body)
        }
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
        body_struct: match o.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Multipart(Some(m))) => Some(m.name.as_str()),
            _ => None,
        },
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
