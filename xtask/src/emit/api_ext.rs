//! What code written against an API trait can call besides the operations: the provided
//! `*_with_response` methods (and `paging`) of each tag's trait, which `Client` overrides with
//! the real response, and the `<Tag>ApiExt` extension trait (`*_stream`, `list_all_*`),
//! implemented for every implementation of the trait, so a mock that implements only the
//! operations pages like the client.

use super::errors::error_ty;
use super::operations::{allow_many, arg_names, signature, stream};
use super::types::{ident, ty};
use crate::plan::{Operation, Pagination, Plan};
use proc_macro2::TokenStream;
use quote::quote;

/// The provided methods of the trait `trait_name` (its operations `ops`), and their overrides
/// in `impl <trait> for Client`.
pub fn trait_items(ops: &[&Operation], trait_name: &str) -> (TokenStream, TokenStream) {
    let mut provided = Vec::new();
    let mut overrides = Vec::new();
    for o in ops {
        let f = ident(&o.fn_name);
        let wr = ident(&format!("{}_with_response", o.fn_name));
        let args = signature(o, None);
        let names = arg_names(o);
        let ret = ty(&o.success);
        let err = error_ty(o);
        let allow = allow_many(o);
        let doc = format!(
            " Like [`{0}`](Self::{0}), with the response's status, headers and rate-limit information.",
            o.fn_name
        );
        let default_doc = format!(
            " [`Client`] answers with those of the HTTP response. The default, for an implementation without HTTP such as a mock, wraps the result of [`{}`](Self::{}) in `200 OK` with no headers ([`apiclient_core::ApiResponse::new`]).",
            o.fn_name, o.fn_name
        );
        provided.push(quote! {
            #[doc = #doc]
            ///
            #[doc = #default_doc]
            #allow
            async fn #wr(&self, #(#args),*) -> Result<apiclient_core::ApiResponse<#ret>, #err> {
                self.#f(#(#names),*).await.map(apiclient_core::ApiResponse::new)
            }
        });
        overrides.push(quote! {
            #allow
            async fn #wr(&self, #(#args),*) -> Result<apiclient_core::ApiResponse<#ret>, #err> {
                Client::#wr(self, #(#names),*).await
            }
        });
    }
    if ops.iter().any(|o| o.pagination.is_some()) {
        let doc = format!(
            " How far the `*_stream` and `list_all_*` methods of [`{trait_name}Ext`] page. [`Client`] answers its configured limit (`max_pages`); the default is [`apiclient_core::Paging::default`]."
        );
        provided.push(quote! {
            #[doc = #doc]
            fn paging(&self) -> apiclient_core::Paging {
                apiclient_core::Paging::default()
            }
        });
        overrides.push(quote! {
            fn paging(&self) -> apiclient_core::Paging {
                self.inner.config().paging()
            }
        });
    }
    (quote!(#(#provided)*), quote!(#(#overrides)*))
}

/// The `<Tag>ApiExt` trait of every trait with a paginated operation, with its blanket impl.
pub fn ext_traits(plan: &Plan) -> TokenStream {
    let traits = plan.traits.iter().enumerate().filter_map(|(index, t)| {
        let paged: Vec<(&Operation, &Pagination)> = plan
            .operations
            .iter()
            .filter(|o| o.trait_index == index)
            .filter_map(|o| o.pagination.as_ref().map(|p| (o, p)))
            .collect();
        if paged.is_empty() {
            return None;
        }
        let tname = ident(&t.name);
        let ext = ident(&format!("{}Ext", t.name));
        let paging = quote!(<Self as #tname>::paging(self));
        let methods = paged.iter().map(|(o, p)| ext_methods(o, p, &t.name, &paging));
        let doc = format!(
            " Pagination on top of [`{0}`]: every paginated operation as a `Stream` of its items (`*_stream`) and collected (`list_all_*`), fetched page by page through the trait's methods.",
            t.name
        );
        let doc2 = format!(
            " Implemented for every implementation of [`{0}`], a mock included: a mock that implements only the operations pages like [`Client`] (within [`{0}::paging`]). On a `Client`, its own methods of the same names do the same.",
            t.name
        );
        Some(quote! {
            #[doc = #doc]
            ///
            #[doc = #doc2]
            pub trait #ext: #tname {
                #(#methods)*
            }

            impl<T: #tname + ?Sized> #ext for T {}
        })
    });
    quote!(#(#traits)*)
}

/// `<op>_stream` (the client's stream, reading pages through the trait) and `list_all_*`.
fn ext_methods(
    o: &Operation,
    p: &Pagination,
    trait_name: &str,
    paging: &TokenStream,
) -> TokenStream {
    let client_stream: syn::ImplItemFn = syn::parse2(stream(o, p, trait_name, paging))
        .expect("internal error: a generated stream function does not parse");
    let lints: Vec<&syn::Attribute> = client_stream
        .attrs
        .iter()
        .filter(|a| !a.path().is_ident("doc"))
        .collect();
    let sig = &client_stream.sig;
    let body = &client_stream.block;
    let stream_f = &sig.ident;
    let stream_doc = format!(
        " Every item of [`{0}`]({1}::{0}), fetched page by page through the trait as the stream is read; pages are followed, and the stream ends, as in [`Client::{0}_stream`].",
        o.fn_name, trait_name
    );

    let all_name = match o.fn_name.strip_prefix("list_") {
        Some(rest) => format!("list_all_{rest}"),
        None => format!("{}_all", o.fn_name),
    };
    let all_f = ident(&all_name);
    let item = match p {
        Pagination::Cursor { item, .. } | Pagination::Offset { item, .. } => ty(item),
    };
    let bound = match sig.generics.lifetimes().next() {
        Some(l) => {
            let l = &l.lifetime;
            quote!(#l)
        }
        None => quote!('_),
    };
    let (generics, inputs) = (&sig.generics, &sig.inputs);
    let err = error_ty(o);
    let all_sig = quote! {
        fn #all_f #generics(#inputs)
            -> impl std::future::Future<Output = Result<Vec<#item>, #err>> + Send + #bound
    };
    let names = arg_names(o);
    let all_doc = format!(
        " Every item of [`{0}`]({1}::{0}), all pages fetched through [`{2}`](Self::{2}) and collected; the first error ends the listing.",
        o.fn_name, trait_name, stream_f
    );
    quote! {
        #[doc = #stream_doc]
        #(#lints)*
        #sig #body

        #[doc = #all_doc]
        #(#lints)*
        #all_sig {
            futures::TryStreamExt::try_collect(self.#stream_f(#(#names),*))
        }
    }
}
