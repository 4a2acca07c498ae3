//! Conveniences of generated models: `From` conversions into union types, and the
//! constructors of JSON Patch (RFC 6902) operation structs (recognised by the plan).

use super::types::{ident, ty};
use crate::plan::{Field, JsonPatch, Model, Ty, UnionVariant};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl From<T> for Union` for every alternative whose payload type is unique in the union
/// (plus `From<&str>` beside `From<String>`, and `From<Vec<T>>` for any `T: Into<Value>`
/// when the only array alternative holds JSON values).
pub fn union_from_impls(m: &Model, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&m.name);
    let rendered: Vec<String> = variants.iter().map(|v| ty(&v.ty).to_string()).collect();
    let arrays = variants
        .iter()
        .filter(|v| matches!(v.ty, Ty::Vec(_)))
        .count();
    let impls = variants.iter().zip(&rendered).filter_map(|(v, r)| {
        if rendered.iter().filter(|other| *other == r).count() > 1 {
            return None;
        }
        let vname = ident(&v.rust);
        let t = ty(&v.ty);
        Some(match &v.ty {
            Ty::String => quote! {
                impl From<String> for #name {
                    fn from(value: String) -> Self {
                        Self::#vname(value)
                    }
                }
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#vname(value.to_owned())
                    }
                }
            },
            Ty::Vec(item) if **item == Ty::Value && arrays == 1 => quote! {
                impl<T: Into<serde_json::Value>> From<Vec<T>> for #name {
                    fn from(values: Vec<T>) -> Self {
                        Self::#vname(values.into_iter().map(Into::into).collect())
                    }
                }
            },
            _ => quote! {
                impl From<#t> for #name {
                    fn from(value: #t) -> Self {
                        Self::#vname(value)
                    }
                }
            },
        })
    });
    quote!(#(#impls)*)
}

/// The constructors of a struct the plan marks as a JSON Patch (RFC 6902) operation.
pub fn json_patch_constructors(m: &Model, fields: &[Field], patch: &JsonPatch) -> TokenStream {
    let name = ident(&m.name);
    let op_ty = ident(&patch.op_enum);
    let value = &fields[patch.value];
    let value_ty = ty(&value.base);
    let fill = |f: &Field, given: Option<TokenStream>| {
        let fname = ident(&f.rust);
        match (f.ty(), given) {
            (Ty::Nullable(_), Some(v)) => quote!(#fname: apiclient_core::Nullable::Value(#v)),
            (Ty::Nullable(_), None) => quote!(#fname: apiclient_core::Nullable::Absent),
            (_, Some(v)) => quote!(#fname: Some(#v)),
            (_, None) => quote!(#fname: None),
        }
    };
    let from_init = patch.from.map(|i| fill(&fields[i], None));
    let path_field = ident(&fields[patch.path].rust);
    let op_field = ident(&fields[patch.op].rust);
    let ctors = patch.constructors.iter().map(|c| {
        let wire = &c.op;
        let vname = ident(&c.variant);
        let fname = ident(wire);
        let (param, value_init, shape) = if c.takes_value {
            let boxed = if value.boxed {
                quote!(Box::new(value.into()))
            } else {
                quote!(value.into())
            };
            (
                quote!(, value: impl Into<#value_ty>),
                fill(value, Some(boxed)),
                format!(r#"{{"op": "{wire}", "path": path, "value": value}}"#),
            )
        } else {
            (
                quote!(),
                fill(value, None),
                format!(r#"{{"op": "{wire}", "path": path}}"#),
            )
        };
        let doc = format!(" The JSON Patch (RFC 6902) operation `{shape}`.");
        quote! {
            #[doc = #doc]
            pub fn #fname(path: impl Into<String> #param) -> Self {
                Self {
                    #op_field: #op_ty::#vname,
                    #path_field: path.into(),
                    #value_init,
                    #from_init
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#ctors)*
        }
    }
}
