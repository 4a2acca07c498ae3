//! `errors.rs`: the error model of every operation whose error statuses have a JSON schema,
//! an enum with one variant per status and `Unknown`, decoded by status
//! (`apiclient_core::ErrorModel`); and the error type each operation returns.

use super::docs;
use super::types::{ident, ty};
use crate::plan::{ErrorStatus, Operation, OperationErrors, Plan, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The error type `o` returns: `Error<OpError>`, or the plain `Error` (the body as JSON) when
/// it has no error model.
pub fn error_ty(o: &Operation) -> TokenStream {
    match &o.errors {
        Some(e) => {
            let n = ident(&e.name);
            quote!(Error<#n>)
        }
        None => quote!(Error),
    }
}

/// The model `o`'s call decodes error bodies into: its enum, or `serde_json::Value`.
pub fn model_ty(o: &Operation) -> TokenStream {
    match &o.errors {
        Some(e) => {
            let n = ident(&e.name);
            quote!(#n)
        }
        None => quote!(serde_json::Value),
    }
}

/// True when some operation has an error model (and `errors.rs` is generated).
pub fn any(plan: &Plan) -> bool {
    plan.operations.iter().any(|o| o.errors.is_some())
}

/// The items of `errors.rs`.
pub fn errors(plan: &Plan) -> TokenStream {
    let glob_used = plan
        .operations
        .iter()
        .flat_map(|o| o.errors.iter().flat_map(|e| &e.variants))
        .any(|v| names_unqualified(&v.ty));
    let imports = if !glob_used {
        quote!()
    } else {
        quote!(
            use super::models::*;
        )
    };
    let items = plan.operations.iter().filter_map(|o| {
        let e = o.errors.as_ref()?;
        Some(error_enum(o, e, &plan.traits[o.trait_index].name))
    });
    quote! {
        #imports
        #(#items)*
    }
}

/// The enum of `o` (a method of `trait_name`) and its `ErrorModel` implementation.
fn error_enum(o: &Operation, e: &OperationErrors, trait_name: &str) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs::attrs(&[
        docs::raw(format!(
            "The error model of [`{0}`](super::{trait_name}::{0}) (`{1} {2}`): the body of each error status it documents, decoded by the answer's status.",
            o.fn_name,
            o.method,
            o.path.replace('`', "'")
        )),
        String::new(),
        docs::raw(
            "`Unknown` holds the body's JSON when the status is not documented or the body fits none of the schemas; a body that is not JSON has no model. The raw body is in [`ApiError::body`](apiclient_core::ApiError::body) either way.",
        ),
    ]);
    let variants = e.variants.iter().map(|v| {
        let d = docs::attrs(&v.docs);
        let n = ident(&v.status.variant());
        let t = ty(&v.ty);
        quote!(#d #n(#t),)
    });
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut default = quote!(_ => None,);
    let mut default_body = None;
    // A status declared without a schema is not decoded by a range or `default` variant.
    let catch_all = e
        .variants
        .iter()
        .any(|v| matches!(v.status, ErrorStatus::Range(_) | ErrorStatus::Default));
    for s in e.without_model.iter().filter(|_| catch_all) {
        match *s {
            ErrorStatus::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                codes.push(quote!(#c => None,));
            }
            ErrorStatus::Range(d) => {
                let low = Literal::u16_unsuffixed(u16::from(d) * 100);
                let high = Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
                ranges.push(quote!(#low..=#high => None,));
            }
            ErrorStatus::Default => {}
        }
    }
    for v in &e.variants {
        let n = ident(&v.status.variant());
        let decode = quote!(serde_json::from_slice(body).ok().map(Self::#n));
        match v.status {
            ErrorStatus::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                codes.push(quote!(#c => #decode,));
            }
            ErrorStatus::Range(d) => {
                let low = Literal::u16_unsuffixed(u16::from(d) * 100);
                let high = Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
                ranges.push(quote!(#low..=#high => #decode,));
            }
            ErrorStatus::Default => {
                default = quote!(_ => #decode,);
                default_body = Some(decode);
            }
        }
    }
    // Only `default`: no status to tell apart.
    let (status, documented) = if codes.is_empty() && ranges.is_empty() {
        let body = default_body.unwrap_or_else(|| quote!(None));
        (quote!(_status), body)
    } else {
        (
            quote!(status),
            quote! {
                match status.as_u16() {
                    #(#codes)*
                    #(#ranges)*
                    #default
                }
            },
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A status the operation does not document, or a body that fits none of its
            /// schemas: the body's JSON.
            Unknown(serde_json::Value),
        }

        impl apiclient_core::ErrorModel for #name {
            fn from_error_body(#status: apiclient_core::StatusCode, body: &[u8]) -> Option<Self> {
                let documented = #documented;
                documented.or_else(|| serde_json::from_slice(body).ok().map(Self::Unknown))
            }
        }

        impl apiclient_core::OperationError for #name {}
    }
}

/// True when `t` names a model by the glob import of `models` (not by its path).
fn names_unqualified(t: &Ty) -> bool {
    match t {
        Ty::Named(r) => !r.qualified,
        Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => {
            names_unqualified(t)
        }
        _ => false,
    }
}
