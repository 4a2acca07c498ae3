//! How a generated model struct is built: `new` from the required fields and one chainable
//! `with_<field>` setter per optional field. Model structs are `#[non_exhaustive]`, so these
//! (and `Default` where every field is optional) are the only way to build one outside its
//! crate, and a field the vendor adds later is not a breaking change.

use super::types::{ident, into_ty, ty};
use crate::plan::{Field, Ty};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The `impl` block with `new` (when a field is required) and the setters (when one is
/// optional); nothing when there is neither.
pub fn builders(name: &Ident, fields: &[Field], additional: Option<&(String, Ty)>) -> TokenStream {
    let constructor = constructor(fields, additional);
    let trimmed = |f: &Field| f.rust.trim_matches('_').to_owned();
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            // `self_` → `with_self`, `_2fa` → `with_2fa`, unless another field trims alike.
            let short = trimmed(f);
            let unique =
                !short.is_empty() && fields.iter().filter(|g| trimmed(g) == short).count() == 1;
            setter(f, if unique { &short } else { &f.rust })
        })
        .collect();
    if constructor.is_empty() && setters.is_empty() {
        return quote!();
    }
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// `new` from the required fields (nothing when no field is required).
fn constructor(fields: &[Field], additional: Option<&(String, Ty)>) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return quote!();
    }
    let params = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let t = match f.ty() {
            Ty::Option(_) => ty(&f.ty()),
            _ => into_ty(&f.base).0,
        };
        quote!(#fname: #t)
    });
    let inits = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        if !f.required {
            return match f.ty() {
                Ty::Nullable(_) => quote!(#fname: apiclient_core::Nullable::Absent),
                _ => quote!(#fname: None),
            };
        }
        match (f.ty(), &f.base) {
            (Ty::Option(_), _) => quote!(#fname),
            (_, Ty::String | Ty::Secret) if !f.boxed => quote!(#fname: #fname.into()),
            (_, Ty::String | Ty::Secret) => quote!(#fname: Box::new(#fname.into())),
            _ if f.boxed => quote!(#fname: Box::new(#fname)),
            _ => quote!(#fname),
        }
    });
    let extra_init = additional.map(|(rust, _)| {
        let fname = ident(rust);
        quote!(#fname: std::collections::BTreeMap::new(),)
    });
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let doc = " Creates the model from its required fields; optional fields are left empty.";
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            Self {
                #(#inits,)*
                #extra_init
            }
        }
    }
}

/// `with_<name>(value)`: sets an optional field (`Some`, or `Nullable::Value`).
fn setter(f: &Field, name: &str) -> TokenStream {
    let fname = ident(&f.rust);
    let setter = ident(&format!("with_{name}"));
    let (t, value) = setter_arg(&f.base);
    let value = if f.boxed {
        quote!(Box::new(#value))
    } else {
        value
    };
    let (set, doc) = match f.ty() {
        Ty::Nullable(_) => (
            quote!(apiclient_core::Nullable::Value(#value)),
            format!(" Sets `{}` to a value.", f.wire),
        ),
        _ => (quote!(Some(#value)), format!(" Sets `{}`.", f.wire)),
    };
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: #t) -> Self {
            self.#fname = #set;
            self
        }
    }
}

/// A setter's parameter type and the expression turning `value` into the field's type: any
/// `impl Into<T>`, but numbers and booleans as themselves (a literal needs no suffix); a list
/// is any iterator of its items (of `impl Into<String>` for strings; other items exactly, so
/// that an empty `vec![]` needs no annotation).
fn setter_arg(t: &Ty) -> (TokenStream, TokenStream) {
    match t {
        Ty::Bool | Ty::Prim(_) => (ty(t), quote!(value)),
        Ty::Vec(item) if !matches!(**item, Ty::String | Ty::Secret) => {
            let item = ty(item);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(value.into_iter().collect()),
            )
        }
        Ty::Vec(item) => {
            let item = ty(item);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(value.into_iter().map(Into::into).collect()),
            )
        }
        other => {
            let other = ty(other);
            (quote!(impl Into<#other>), quote!(value.into()))
        }
    }
}
