//! `blocking.rs` (behind the feature `blocking`): `blocking::Client`, the async `Client` and a
//! current-thread runtime, with one synchronous method per operation of the traits, its
//! `*_with_response` form and, for a paginated operation, its `list_all_*` form.

use super::errors::error_ty;
use super::operations::{allow_many, arg_names, signature};
use super::types::{ident, ty};
use crate::plan::{Pagination, Plan};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of `blocking.rs`.
pub fn blocking(plan: &Plan) -> TokenStream {
    let mut methods = Vec::new();
    for o in &plan.operations {
        let trait_name = &plan.traits[o.trait_index].name;
        let args = signature(o, None);
        let names = arg_names(o);
        let ret = ty(&o.success);
        let err = error_ty(o);
        let allow = allow_many(o);
        let f = ident(&o.fn_name);
        let wr = ident(&format!("{}_with_response", o.fn_name));
        let doc = format!(
            " [`{trait_name}::{0}`](super::{trait_name}::{0}), run to completion on this thread.",
            o.fn_name
        );
        let wr_doc = format!(
            " [`Client::{0}_with_response`](super::Client::{0}_with_response), run to completion on this thread.",
            o.fn_name
        );
        methods.push(quote! {
            #[doc = #doc]
            #allow
            pub fn #f(&self, #(#args),*) -> Result<#ret, #err> {
                self.runtime.block_on(self.inner.#f(#(#names),*))
            }

            #[doc = #wr_doc]
            #allow
            pub fn #wr(&self, #(#args),*) -> Result<apiclient_core::ApiResponse<#ret>, #err> {
                self.runtime.block_on(self.inner.#wr(#(#names),*))
            }
        });
        if let Some(Pagination::Cursor { item, .. } | Pagination::Offset { item, .. }) =
            &o.pagination
        {
            let all_name = match o.fn_name.strip_prefix("list_") {
                Some(rest) => format!("list_all_{rest}"),
                None => format!("{}_all", o.fn_name),
            };
            let all = ident(&all_name);
            let item = ty(item);
            let doc = format!(
                " Every item of [`{0}`](Self::{0}), all pages fetched and collected; the first error ends the listing.",
                o.fn_name
            );
            methods.push(quote! {
                #[doc = #doc]
                #allow
                pub fn #all(&self, #(#args),*) -> Result<Vec<#item>, #err> {
                    self.runtime.block_on(self.inner.#all(#(#names),*))
                }
            });
        }
    }
    let imports = if plan.operations.is_empty() {
        quote!()
    } else {
        quote!(
            use super::*;
            use super::Error;
        )
    };
    let from_env = if plan.client.env.is_some() {
        quote! {
            /// A client configured from the environment, as the async
            /// [`Client::from_env`](super::Client::from_env) is, with its runtime.
            ///
            /// # Errors
            ///
            /// The async client's [`ConfigError`](apiclient_core::ConfigError); one of kind
            /// [`Runtime`](apiclient_core::ConfigErrorKind::Runtime) when the runtime cannot
            /// be created.
            pub fn from_env() -> Result<Self, apiclient_core::ConfigError> {
                Ok(Self {
                    inner: super::Client::from_env()?,
                    runtime: apiclient_core::blocking::Runtime::for_client()?,
                })
            }

            /// A client configured from `source`, as the async
            /// [`Client::from_env_source`](super::Client::from_env_source) is, with its runtime.
            ///
            /// # Errors
            ///
            /// As [`from_env`](Self::from_env).
            pub fn from_env_source(
                source: &apiclient_core::env::EnvSource,
            ) -> Result<Self, apiclient_core::ConfigError> {
                Ok(Self {
                    inner: super::Client::from_env_source(source)?,
                    runtime: apiclient_core::blocking::Runtime::for_client()?,
                })
            }
        }
    } else {
        quote!()
    };
    quote! {
        //! A synchronous client for code without an async runtime (feature `blocking`).
        //!
        //! Every method runs the async client's call to completion on a current-thread runtime
        //! the client owns. Called from inside a tokio runtime, a method **panics** (see
        //! [`apiclient_core::blocking::Runtime::block_on`]): use the async client there.
        #![cfg_attr(rustfmt, rustfmt_skip)]
        #imports

        /// The async [`Client`](super::Client) with a runtime of its own; one synchronous
        /// method per operation.
        #[derive(Debug)]
        pub struct Client {
            inner: super::Client,
            runtime: apiclient_core::blocking::Runtime,
        }

        impl Client {
            /// Wraps `client`; builds the runtime its calls run on.
            ///
            /// # Errors
            ///
            /// The I/O error of the operating system when the runtime cannot be created.
            pub fn new(client: super::Client) -> std::io::Result<Self> {
                Ok(Self {
                    inner: client,
                    runtime: apiclient_core::blocking::Runtime::new()?,
                })
            }

            #from_env

            /// The async client the calls go through.
            pub fn get_ref(&self) -> &super::Client {
                &self.inner
            }

            /// The async client, without the runtime.
            pub fn into_inner(self) -> super::Client {
                self.inner
            }

            #(#methods)*
        }
    }
}
