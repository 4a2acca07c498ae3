//! The `{Op}Multipart` structs: a `multipart/form-data` body's parts as typed fields, with
//! `new` (the required parts), setters, and the conversion into an
//! `apiclient_core::multipart::Form`.

use super::super::docs;
use super::super::types::{ident, into_ty, ty};
use crate::plan::{Model, Multipart, MultipartField, PartKind, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct `m`, the body of the operation `fn_name`.
pub(super) fn multipart_struct(m: &Multipart, fn_name: &str, models: &[Model]) -> TokenStream {
    let sname = ident(&m.name);
    let mut doc_lines = vec![
        crate::plan::raw_doc(format!(
            "The `multipart/form-data` body of [`{fn_name}`](Client::{fn_name}): build it with `new` (the required parts) and the `with_*` setters."
        )),
        String::new(),
        crate::plan::raw_doc(
            "A body with a file part read from a stream ([`FilePart::stream`](apiclient_core::multipart::FilePart::stream)) is sent once and never retried.",
        ),
    ];
    if !m.docs.is_empty() {
        doc_lines.push(String::new());
        doc_lines.extend(m.docs.iter().cloned());
    }
    let struct_docs = docs::attrs(&doc_lines);
    let fields = m.fields.iter().map(|f| {
        let d = docs::attrs(&f.docs);
        let name = ident(&f.rust);
        let t = field_ty(f);
        quote! {
            #d
            pub #name: #t,
        }
    });
    let required: Vec<&MultipartField> = m.fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust);
        let (t, _) = arg(f);
        quote!(#name: #t)
    });
    let inits = m.fields.iter().map(|f| {
        let name = ident(&f.rust);
        if f.required {
            let (_, convert) = arg(f);
            let value = convert(quote!(#name));
            if name == value.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #value)
            }
        } else if f.array {
            quote!(#name: Vec::new())
        } else {
            quote!(#name: None)
        }
    });
    let setters = m.fields.iter().filter(|f| !f.required).map(|f| {
        let name = ident(&f.rust);
        let setter = ident(&format!("with_{}", f.rust));
        let (t, convert) = arg(f);
        let value = convert(quote!(value));
        let value = if f.array { value } else { quote!(Some(#value)) };
        let doc = format!(" Sets the `{}` part.", f.wire);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #t) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    let adds = m.fields.iter().map(|f| {
        let name = ident(&f.rust);
        let add = add_part(f, models);
        if f.array {
            quote! {
                for value in body.#name {
                    form = #add;
                }
            }
        } else if f.required {
            quote! {
                let value = body.#name;
                form = #add;
            }
        } else {
            quote! {
                if let Some(value) = body.#name {
                    form = #add;
                }
            }
        }
    });
    let derive_default = if required.is_empty() {
        quote!(Default,)
    } else {
        quote!()
    };
    quote! {
        #struct_docs
        #[derive(Debug, Clone, #derive_default PartialEq)]
        #[non_exhaustive]
        pub struct #sname {
            #(#fields)*
        }

        impl #sname {
            /// Creates the body from its required parts; optional parts are left out.
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                }
            }
            #(#setters)*
        }

        impl From<#sname> for apiclient_core::multipart::Form {
            fn from(body: #sname) -> Self {
                let mut form = apiclient_core::multipart::Form::new();
                #(#adds)*
                form
            }
        }
    }
}

/// The field's type: `T`, `Option<T>` or `Vec<T>`.
fn field_ty(f: &MultipartField) -> TokenStream {
    let t = ty(&f.ty);
    if f.array {
        quote!(Vec<#t>)
    } else if f.required {
        t
    } else {
        quote!(Option<#t>)
    }
}

type Convert = Box<dyn Fn(TokenStream) -> TokenStream>;

/// The type of a `new` argument or setter value, and how the value becomes the field's.
fn arg(f: &MultipartField) -> (TokenStream, Convert) {
    let (item, into) = match &f.ty {
        Ty::File => (quote!(impl Into<apiclient_core::multipart::FilePart>), true),
        other => into_ty(other),
    };
    match (f.array, into) {
        (false, true) => (item, Box::new(|v| quote!(#v.into()))),
        (false, false) => (item, Box::new(|v| v)),
        (true, true) => (
            quote!(impl IntoIterator<Item = #item>),
            Box::new(|v| quote!(#v.into_iter().map(Into::into).collect())),
        ),
        (true, false) => (
            quote!(impl IntoIterator<Item = #item>),
            Box::new(|v| quote!(#v.into_iter().collect())),
        ),
    }
}

/// `form` with the part for `value` (one value of `f`) added.
fn add_part(f: &MultipartField, models: &[Model]) -> TokenStream {
    let wire = &f.wire;
    let ct = f.content_type.as_deref();
    let text = |value: TokenStream| match ct {
        Some(ct) => quote!(form.text_as(#wire, #value, #ct)),
        None => quote!(form.text(#wire, #value)),
    };
    match (f.kind, &f.ty) {
        (PartKind::File, _) => match ct {
            Some(ct) => quote!(form.file(#wire, value.content_type_or(#ct))),
            None => quote!(form.file(#wire, value)),
        },
        (PartKind::Text, Ty::String) => text(quote!(value)),
        (PartKind::Text, Ty::Secret) => text(quote!(value.expose_secret())),
        (PartKind::Text, t) if !matches!(t, Ty::Value) && t.is_display(models) => {
            text(quote!(value.to_string()))
        }
        (PartKind::Text, _) => match ct {
            Some(ct) => quote!(form.json_as(#wire, &value, #ct)),
            None => quote!(form.json(#wire, &value)),
        },
    }
}
