//! `client.rs`: `Client` and its `ClientBuilder`, which holds the spec's facts (servers and
//! their variables, credential setters, request-id headers) and delegates every runtime
//! setting to `apiclient_core::ClientBuilder`; the API-independent methods of `Client` come
//! from `apiclient_core::client_methods!`.

use super::docs;
use super::types::ident;
use crate::plan::{ClientPlan, Credential, Plan, Scheme};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of `client.rs`.
pub fn client(plan: &Plan) -> TokenStream {
    let c: &ClientPlan = &plan.client;
    // `Client::from_env*` come from `client_methods!(inner, env)`: only the builder's
    // `from_env*` (the spec's env table) are written here.
    let env_builder = super::env::from_env(c.env.as_ref(), c);
    let mut imports = vec![quote!(ApiClient)];
    let client_methods = if c.env.is_some() {
        quote!(apiclient_core::client_methods!(inner, env);)
    } else {
        quote!(apiclient_core::client_methods!(inner);)
    };
    if !c.schemes.is_empty() {
        imports.push(quote!(SecretString));
    }
    if c.env.is_some() {
        imports.push(quote!(ConfigError));
        imports.push(quote!(env::EnvSource));
    }
    let has_oauth = c
        .schemes
        .iter()
        .any(|s| matches!(s.credential, Credential::ClientCredentials(_)));
    let (consts, server) = server(c);
    let request_ids = c
        .request_id_headers
        .iter()
        .map(|h| quote!(.request_id_header(#h)));
    let var_methods = c.vars.iter().map(|v| {
        let (f, name) = (ident(&v.rust), &v.name);
        let d = docs::attrs(&v.docs);
        quote! {
            #d
            pub fn #f(mut self, value: impl Into<String>) -> Self {
                self.inner = self.inner.server_variable(#name, value);
                self
            }
        }
    });
    let scheme_methods = c.schemes.iter().map(scheme_method);
    let runtime = if has_oauth {
        quote!(apiclient_core::client_builder_methods!(inner => Client, oauth2);)
    } else {
        quote!(apiclient_core::client_builder_methods!(inner => Client);)
    };
    let client_doc = format!(
        " Client of {}: implements every API trait of this crate.",
        plan.title
    );
    let example = docs::examples::client(c);
    quote! {
        use apiclient_core::{#(#imports),*};

        #consts

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share configuration, credentials and connections.
        #example
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(super) inner: ApiClient,
        }

        impl Client {
            /// A builder with the spec's defaults (see the example on [`Client`]).
            pub fn builder() -> ClientBuilder {
                let product = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                ClientBuilder {
                    inner: apiclient_core::ClientBuilder::new(product) #server #(#request_ids)*,
                }
            }

            #client_methods
        }

        /// Builder of [`Client`] (see the example there): the spec's servers and credentials
        /// here, every runtime setting from [`apiclient_core::ClientBuilder`]; `Debug` never
        /// shows credentials.
        #[derive(Debug)]
        pub struct ClientBuilder {
            inner: apiclient_core::ClientBuilder,
        }

        impl ClientBuilder {
            #runtime

            #(#var_methods)*

            #(#scheme_methods)*


            #env_builder
        }
    }
}

/// The server constants, and the builder call that sets the server with its variables'
/// defaults (nothing without an absolute server).
fn server(c: &ClientPlan) -> (TokenStream, TokenStream) {
    let Some(template) = &c.server_template else {
        return (quote!(), quote!());
    };
    let mut default = template.clone();
    for v in &c.vars {
        default = default.replace(&format!("{{{}}}", v.name), &v.default);
    }
    let default_doc =
        " The default base URL: the first server of the spec, with its variables' defaults.";
    let mut consts = quote! {
        #[doc = #default_doc]
        pub const DEFAULT_BASE_URL: &str = #default;
    };
    if c.vars.is_empty() {
        return (consts, quote!(.base_url(DEFAULT_BASE_URL)));
    }
    let template_doc = " The first server's URL template; its variables are set with the builder.";
    consts.extend(quote! {
        #[doc = #template_doc]
        pub const SERVER_URL_TEMPLATE: &str = #template;
    });
    let defaults = c.vars.iter().map(|v| {
        let (name, d) = (&v.name, &v.default);
        quote!((#name, #d))
    });
    (
        consts,
        quote!(.server(SERVER_URL_TEMPLATE, &[#(#defaults),*])),
    )
}

/// The builder method of one security scheme.
fn scheme_method(s: &Scheme) -> TokenStream {
    let f = ident(&s.method);
    let d = docs::attrs(&s.docs);
    let key = quote!(impl Into<SecretString>);
    let (args, provider) = match &s.credential {
        Credential::Bearer => (
            quote!(token: #key),
            quote!(auth(apiclient_core::auth::BearerToken::new(token))),
        ),
        Credential::ApiKeyHeader(h) => (
            quote!(key: #key),
            quote!(auth(apiclient_core::auth::ApiKey::header(#h, key))),
        ),
        Credential::ApiKeyQuery(q) => (
            quote!(key: #key),
            quote!(auth(apiclient_core::auth::ApiKey::query(#q, key))),
        ),
        Credential::ClientCredentials(url) => (
            quote!(client_id: impl Into<String>, client_secret: #key),
            quote!(oauth2_client_credentials(#url, client_id, client_secret)),
        ),
    };
    quote! {
        #d
        pub fn #f(mut self, #args) -> Self {
            self.inner = self.inner.#provider;
            self
        }
    }
}
