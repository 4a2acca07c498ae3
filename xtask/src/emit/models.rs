//! `models.rs`: structs, string enums, unions and aliases.

use super::conversions;
use super::docs;
use super::model_builders;
use super::types::{ident, ty};
use crate::plan::{Field, Model, ModelKind, Ty, UnionVariant};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of `models.rs`, and the string enums to splice in as macro text
/// (`prettyplease` cannot format macro bodies).
pub fn models(models: &[Model]) -> (TokenStream, Vec<String>) {
    let mut enums = Vec::new();
    let items: Vec<TokenStream> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct {
                fields,
                additional,
                json_patch,
            } => {
                let item = structure(m, fields, additional.as_ref());
                let patch = json_patch
                    .as_ref()
                    .map(|p| conversions::json_patch_constructors(m, fields, p));
                quote!(#item #patch)
            }
            ModelKind::Enum { variants } => {
                let index = enums.len();
                enums.push(string_enum(m, variants));
                let marker = ident(&format!("__STRING_ENUM_{index}"));
                quote!(const #marker: () = ();)
            }
            ModelKind::Union {
                variants,
                tag,
                catch_all,
            } => {
                let item = union(m, variants, tag.as_deref(), catch_all.as_deref());
                let conversions = conversions::union_from_impls(m, variants);
                quote!(#item #conversions)
            }
            ModelKind::IntEnum { prim, values } => int_enum(m, prim, values),
            ModelKind::Alias(t) => {
                let d = docs::attrs(&m.docs);
                let name = ident(&m.name);
                let t = ty(t);
                quote! {
                    #d
                    pub type #name = #t;
                }
            }
        })
        .collect();
    (quote!(#(#items)*), enums)
}

/// An integer enum: a `Copy` newtype with one constant per known value.
fn int_enum(m: &Model, prim: &str, values: &[(String, i64)]) -> TokenStream {
    let d = docs::attrs(&m.docs);
    let name = ident(&m.name);
    let prim = ident(prim);
    let consts = values.iter().map(|(c, v)| {
        let c = ident(c);
        let doc = format!(" `{v}`.");
        let v = proc_macro2::Literal::i64_unsuffixed(*v);
        quote! {
            #[doc = #doc]
            pub const #c: Self = Self(#v);
        }
    });
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #prim);
        impl #name {
            #(#consts)*
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }
    }
}

fn serde_attrs(f: &Field) -> TokenStream {
    let rename = if f.wire != f.rust {
        let wire = &f.wire;
        quote!(#[serde(rename = #wire)])
    } else {
        quote!()
    };
    let presence = match f.ty() {
        Ty::Nullable(_) => {
            quote!(#[serde(default, skip_serializing_if = "apiclient_core::Nullable::is_absent")])
        }
        Ty::Option(_) if f.required => quote!(#[serde(default)]),
        Ty::Option(_) => quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
        _ => quote!(),
    };
    quote!(#rename #presence)
}

fn structure(m: &Model, fields: &[Field], additional: Option<&(String, Ty)>) -> TokenStream {
    let d = docs::attrs(&m.docs);
    let name = ident(&m.name);
    let all_optional = fields
        .iter()
        .all(|f| matches!(f.ty(), Ty::Option(_) | Ty::Nullable(_)));
    let derive_default = if all_optional {
        quote!(, Default)
    } else {
        quote!()
    };
    let field_items = fields.iter().map(|f| {
        let fd = docs::attrs(&f.docs);
        let serde = serde_attrs(f);
        let fname = ident(&f.rust);
        let fty = ty(&f.ty());
        quote! {
            #fd
            #serde
            pub #fname: #fty,
        }
    });
    let extra = additional.map(|(rust, t)| {
        let fname = ident(rust);
        let t = ty(t);
        quote! {
            /// Properties not listed above (`additionalProperties`).
            #[serde(flatten)]
            pub #fname: std::collections::BTreeMap<String, #t>,
        }
    });
    let builders = model_builders::builders(&name, fields, additional);
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
            #extra
        }
        #builders
    }
}

/// The text of a `string_enum!` invocation, formatted by hand.
fn string_enum(m: &Model, variants: &[crate::plan::EnumVariant]) -> String {
    let mut out = String::from("apiclient_core::string_enum! {\n");
    for line in docs::sanitize(&m.docs) {
        out.push_str(&doc_line("    ", &line));
    }
    out.push_str(&format!("    pub enum {} {{\n", m.name));
    for v in variants {
        for line in docs::sanitize(&v.docs) {
            out.push_str(&doc_line("        ", &line));
        }
        let wire = serde_json::Value::String(v.wire.clone()).to_string();
        let name = if crate::names::needs_raw(&v.rust) {
            format!("r#{}", v.rust)
        } else {
            v.rust.clone()
        };
        out.push_str(&format!("        {name} = {wire},\n"));
    }
    out.push_str("    }\n}\n");
    out
}

fn doc_line(indent: &str, line: &str) -> String {
    if line.is_empty() {
        format!("{indent}///\n")
    } else {
        format!("{indent}/// {line}\n")
    }
}

fn union(
    m: &Model,
    variants: &[UnionVariant],
    tag: Option<&str>,
    catch_all: Option<&str>,
) -> TokenStream {
    let d = docs::attrs(&m.docs);
    let name = ident(&m.name);
    let items = variants.iter().map(|v| {
        let vd = docs::attrs(&v.docs);
        let vname = ident(&v.rust);
        let t = ty(&v.ty);
        quote! {
            #vd
            #vname(#t),
        }
    });
    let catch = catch_all.map(|c| {
        let c = ident(c);
        let doc = if tag.is_some() {
            " A value with another (or no) discriminator, kept as JSON."
        } else {
            " A value matching none of the alternatives above, kept as JSON."
        };
        quote! {
            #[doc = #doc]
            #c(serde_json::Value),
        }
    });
    let derive = if tag.is_some() {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)])
    };
    let deserialize = tag.map(|tag| {
        let arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
            let vname = ident(&v.rust);
            let tags = v.tags.iter().map(|t| quote!(Some(#t)));
            quote! {
                #(#tags)|* => serde_json::from_value(value)
                    .map(Self::#vname)
                    .map_err(serde::de::Error::custom),
            }
        });
        let fallback = match catch_all {
            Some(c) => {
                let c = ident(c);
                quote!(_ => Ok(Self::#c(value)),)
            }
            None => quote!(_ => Err(serde::de::Error::custom("unknown discriminator value")),),
        };
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value
                        .get(#tag)
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    });
    quote! {
        #d
        #derive
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        pub enum #name {
            #(#items)*
            #catch
        }
        #deserialize
    }
}
