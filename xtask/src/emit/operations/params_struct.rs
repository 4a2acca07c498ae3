//! The `{Op}Params` structs: an operation's optional parameters, with `Default` and setters.

use super::super::docs;
use super::super::types::{ident, into_ty, ty};
use crate::plan::{Operation, Param};
use proc_macro2::TokenStream;
use quote::quote;

/// The params struct `name` of `o`.
pub(super) fn params_struct(o: &Operation, name: &str) -> TokenStream {
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
