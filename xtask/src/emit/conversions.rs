//! Conveniences derived from a model's shape: `From` conversions into union types, and
//! constructors for JSON Patch (RFC 6902) operation schemas.

use super::types::{ident, ty};
use crate::plan::{Field, Model, ModelKind, Ty, UnionVariant};
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

/// The RFC 6902 operations that get a constructor: (wire name, takes a value).
const PATCH_OPS: [(&str, bool); 4] = [
    ("add", true),
    ("remove", false),
    ("replace", true),
    ("test", true),
];

/// Constructors `add`, `remove`, `replace`, `test` for a struct shaped like a JSON Patch
/// operation: required `op` (a string enum) and `path` (a string), an optional `value`, and
/// at most an optional `from` besides. Nothing for other structs.
pub fn json_patch_constructors(m: &Model, fields: &[Field], all: &[Model]) -> TokenStream {
    let field = |name: &str| fields.iter().find(|f| f.wire == name);
    let (Some(op), Some(path), Some(value)) = (field("op"), field("path"), field("value")) else {
        return quote!();
    };
    let shape_fits = op.required
        && path.required
        && !value.required
        && path.base == Ty::String
        && !path.boxed
        && fields
            .iter()
            .all(|f| matches!(f.wire.as_str(), "op" | "path" | "value" | "from"))
        && field("from").is_none_or(|f| !f.required);
    let Ty::Named(op_enum) = &op.base else {
        return quote!();
    };
    let op_variants = all.iter().find_map(|model| match &model.kind {
        ModelKind::Enum { variants } if &model.name == op_enum => Some(variants),
        _ => None,
    });
    let (true, Some(op_variants)) = (shape_fits, op_variants) else {
        return quote!();
    };
    let name = ident(&m.name);
    let op_ty = ident(op_enum);
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
    let from_init = field("from").map(|f| fill(f, None));
    let path_field = ident(&path.rust);
    let op_field = ident(&op.rust);
    let ctors = PATCH_OPS.iter().filter_map(|(wire, takes_value)| {
        let variant = op_variants.iter().find(|v| v.wire == *wire)?;
        let vname = ident(&variant.rust);
        let fname = ident(wire);
        let (param, value_init, shape) = if *takes_value {
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
        Some(quote! {
            #[doc = #doc]
            pub fn #fname(path: impl Into<String> #param) -> Self {
                Self {
                    #op_field: #op_ty::#vname,
                    #path_field: path.into(),
                    #value_init,
                    #from_init
                }
            }
        })
    });
    quote! {
        impl #name {
            #(#ctors)*
        }
    }
}
