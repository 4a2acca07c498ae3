//! Rust types and identifiers as tokens.

use crate::names;
use crate::plan::Ty;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if names::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The owned type.
pub fn ty(t: &Ty) -> TokenStream {
    match t {
        Ty::Unit => quote!(()),
        Ty::Bool => quote!(bool),
        Ty::Prim(p) => {
            let p = Ident::new(p, Span::call_site());
            quote!(#p)
        }
        Ty::String => quote!(String),
        Ty::Secret => quote!(apiclient_core::SecretString),
        Ty::Timestamp => quote!(apiclient_core::datetime::Timestamp),
        Ty::Date => quote!(apiclient_core::chrono::NaiveDate),
        Ty::Value => quote!(serde_json::Value),
        Ty::JsonMap => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Bytes => quote!(apiclient_core::bytes::Bytes),
        Ty::File => quote!(apiclient_core::multipart::FilePart),
        Ty::Form => quote!(apiclient_core::multipart::Form),
        Ty::Named(r) => {
            let n = ident(&r.name);
            if r.qualified {
                quote!(super::models::#n)
            } else {
                quote!(#n)
            }
        }
        Ty::Vec(t) => {
            let t = ty(t);
            quote!(Vec<#t>)
        }
        Ty::Map(t) => {
            let t = ty(t);
            quote!(std::collections::BTreeMap<String, #t>)
        }
        Ty::Option(t) => {
            let t = ty(t);
            quote!(Option<#t>)
        }
        Ty::Nullable(t) => {
            let t = ty(t);
            quote!(apiclient_core::Nullable<#t>)
        }
        Ty::Boxed(t) => {
            let t = ty(t);
            quote!(Box<#t>)
        }
    }
}

/// The argument type: `Copy` types by value, others borrowed (`&str`, `&[T]`, `&T`).
pub fn arg_ty(t: &Ty, lifetime: Option<&TokenStream>) -> TokenStream {
    let lt = lifetime.cloned().unwrap_or_default();
    match t {
        _ if t.is_copy() => ty(t),
        Ty::String => quote!(& #lt str),
        Ty::Vec(item) => {
            let item = ty(item);
            quote!(& #lt [#item])
        }
        other => {
            let other = ty(other);
            quote!(& #lt #other)
        }
    }
}

/// True when the argument form of `t` is a reference.
pub fn arg_is_ref(t: &Ty) -> bool {
    !t.is_copy()
}

/// A setter / constructor parameter type: `impl Into<String>` for strings, else owned.
pub fn into_ty(t: &Ty) -> (TokenStream, bool) {
    match t {
        Ty::String => (quote!(impl Into<String>), true),
        Ty::Secret => (quote!(impl Into<apiclient_core::SecretString>), true),
        other => (ty(other), false),
    }
}
