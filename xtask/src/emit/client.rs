//! `client.rs`: `Client` and `ClientBuilder`.

use super::docs;
use super::types::ident;
use crate::plan::{ClientPlan, Credential, Plan};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of `client.rs`.
pub fn client(plan: &Plan) -> TokenStream {
    let c: &ClientPlan = &plan.client;
    let has_oauth = c
        .schemes
        .iter()
        .any(|s| matches!(s.credential, Credential::ClientCredentials(_)));

    let (consts, base_default) = match &c.server_template {
        Some(template) => {
            let mut default = template.clone();
            for v in &c.vars {
                default = default.replace(&format!("{{{}}}", v.name), &v.default);
            }
            let default_doc = " The default base URL: the first server of the spec, with its variables' defaults.";
            let mut consts = quote! {
                #[doc = #default_doc]
                pub const DEFAULT_BASE_URL: &str = #default;
            };
            let base = if c.vars.is_empty() {
                quote!(DEFAULT_BASE_URL.to_owned())
            } else {
                let template_doc =
                    " The first server's URL template; its variables are set with the builder.";
                consts.extend(quote! {
                    #[doc = #template_doc]
                    pub const SERVER_URL_TEMPLATE: &str = #template;
                });
                let pairs = c.vars.iter().map(|v| {
                    let name = &v.name;
                    let f = ident(&v.rust);
                    let d = &v.default;
                    quote!((#name, self.#f.as_deref().unwrap_or(#d)))
                });
                quote!(apiclient_core::ClientConfig::fill_template(SERVER_URL_TEMPLATE, &[#(#pairs),*])?)
            };
            (consts, Some(base))
        }
        None => (quote!(), None),
    };

    let var_fields = c.vars.iter().map(|v| {
        let f = ident(&v.rust);
        quote!(#f: Option<String>,)
    });
    let var_inits = c.vars.iter().map(|v| {
        let f = ident(&v.rust);
        quote!(#f: None,)
    });
    let var_methods = c.vars.iter().map(|v| {
        let f = ident(&v.rust);
        let d = docs::attrs(&v.docs);
        quote! {
            #d
            pub fn #f(mut self, value: impl Into<String>) -> Self {
                self.#f = Some(value.into());
                self
            }
        }
    });
    let var_debug = c.vars.iter().map(|v| {
        let f = ident(&v.rust);
        let name = &v.rust;
        quote!(.field(#name, &self.#f))
    });

    let scheme_methods = c.schemes.iter().map(|s| {
        let f = ident(&s.method);
        let d = docs::attrs(&s.docs);
        match &s.credential {
            Credential::Bearer => quote! {
                #d
                pub fn #f(self, token: impl Into<apiclient_core::SecretString>) -> Self {
                    self.auth(apiclient_core::auth::BearerToken::new(token))
                }
            },
            Credential::ApiKeyHeader(h) => quote! {
                #d
                pub fn #f(self, key: impl Into<apiclient_core::SecretString>) -> Self {
                    self.auth(apiclient_core::auth::ApiKey::header(#h, key))
                }
            },
            Credential::ApiKeyQuery(q) => quote! {
                #d
                pub fn #f(self, key: impl Into<apiclient_core::SecretString>) -> Self {
                    self.auth(apiclient_core::auth::ApiKey::query(#q, key))
                }
            },
            Credential::ClientCredentials(url) => quote! {
                #d
                pub fn #f(
                    mut self,
                    client_id: impl Into<String>,
                    client_secret: impl Into<apiclient_core::SecretString>,
                ) -> Self {
                    self.auth = Some(PendingAuth::ClientCredentials {
                        token_url: #url,
                        client_id: client_id.into(),
                        client_secret: client_secret.into(),
                    });
                    self
                }
            },
        }
    });

    let oauth_fields = if has_oauth {
        quote! {
            token_url: Option<String>,
            scopes: Vec<String>,
        }
    } else {
        quote!()
    };
    let oauth_inits = if has_oauth {
        quote! {
            token_url: None,
            scopes: Vec::new(),
        }
    } else {
        quote!()
    };
    let oauth_methods = if has_oauth {
        quote! {
            /// Overrides the OAuth2 token URL of the spec (resolved against the base URL when relative).
            pub fn token_url(mut self, url: impl Into<String>) -> Self {
                self.token_url = Some(url.into());
                self
            }

            /// OAuth2 scopes to request (none by default: the server's defaults apply).
            pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
                self.scopes = scopes.into_iter().map(Into::into).collect();
                self
            }
        }
    } else {
        quote!()
    };
    let oauth_debug = if has_oauth {
        quote!(.field("token_url", &self.token_url).field("scopes", &self.scopes))
    } else {
        quote!()
    };
    let pending_variant = if has_oauth {
        quote! {
            /// OAuth2 client credentials, built once the base URL is known.
            ClientCredentials {
                token_url: &'static str,
                client_id: String,
                client_secret: apiclient_core::SecretString,
            },
        }
    } else {
        quote!()
    };
    let pending_debug = if has_oauth {
        quote! {
            PendingAuth::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .finish_non_exhaustive(),
        }
    } else {
        quote!()
    };
    let pending_build = if has_oauth {
        quote! {
            Some(PendingAuth::ClientCredentials { token_url, client_id, client_secret }) => {
                let token_url = self.token_url.as_deref().unwrap_or(token_url);
                let token_url = config.base_url().join(token_url).map_err(|e| {
                    apiclient_core::ConfigError {
                        message: format!("token URL {token_url:?} is invalid: {e}"),
                    }
                })?;
                let mut auth = apiclient_core::auth::OAuth2ClientCredentials::new(
                    token_url.as_str(),
                    client_id,
                    client_secret,
                )
                .map_err(|e| apiclient_core::ConfigError { message: e.message })?
                .http_client(config.http_client().clone());
                if !self.scopes.is_empty() {
                    auth = auth.scopes(self.scopes);
                }
                if self.allow_insecure_http {
                    auth = auth.allow_insecure_http();
                }
                apiclient_core::ApiClient::new(config, auth)?
            }
        }
    } else {
        quote!()
    };

    let set_base = match base_default {
        Some(default) => quote! {
            let base_url = match self.base_url {
                Some(url) => url,
                None => #default,
            };
            let config = self.config.base_url(base_url);
        },
        None => quote! {
            let config = match self.base_url {
                Some(url) => self.config.base_url(url),
                None => self.config,
            };
        },
    };
    let base_doc = if c.server_template.is_some() {
        " The base URL, replacing the spec's server (and its variables)."
    } else {
        " The base URL (required: the spec names no absolute server)."
    };
    let title = &plan.title;
    let client_doc = format!(" Client of {title}: implements every API trait of this crate.");
    let builder_doc = " Builder of [`Client`]; `Debug` never shows credentials.";

    quote! {
        #consts

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share configuration, credentials and connections.
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(super) inner: apiclient_core::ApiClient,
        }

        impl Client {
            /// A builder with the spec's defaults.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    config: apiclient_core::ClientConfig::builder(concat!(
                        env!("CARGO_PKG_NAME"),
                        "/",
                        env!("CARGO_PKG_VERSION")
                    )),
                    base_url: None,
                    #(#var_inits)*
                    auth: None,
                    allow_insecure_http: false,
                    #oauth_inits
                }
            }

            /// A client sending requests through an existing [`apiclient_core::ApiClient`].
            pub fn from_api_client(inner: apiclient_core::ApiClient) -> Self {
                Self { inner }
            }

            /// The underlying [`apiclient_core::ApiClient`].
            pub fn api_client(&self) -> &apiclient_core::ApiClient {
                &self.inner
            }
        }

        /// Credentials given to the builder.
        enum PendingAuth {
            /// A ready provider.
            Provider(std::sync::Arc<dyn apiclient_core::AuthProvider>),
            #pending_variant
        }

        impl std::fmt::Debug for PendingAuth {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    PendingAuth::Provider(provider) => provider.fmt(f),
                    #pending_debug
                }
            }
        }

        #[doc = #builder_doc]
        pub struct ClientBuilder {
            config: apiclient_core::ClientConfigBuilder,
            base_url: Option<String>,
            #(#var_fields)*
            auth: Option<PendingAuth>,
            allow_insecure_http: bool,
            #oauth_fields
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    #(#var_debug)*
                    .field("auth", &self.auth)
                    .field("allow_insecure_http", &self.allow_insecure_http)
                    #oauth_debug
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            #[doc = #base_doc]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            #(#var_methods)*

            #(#scheme_methods)*

            /// Authenticates with a custom provider (replacing credentials set before).
            pub fn auth(mut self, provider: impl apiclient_core::AuthProvider + 'static) -> Self {
                self.auth = Some(PendingAuth::Provider(std::sync::Arc::new(provider)));
                self
            }

            #oauth_methods

            /// An application name appended to the user agent, e.g. `token-rotator/1.4`.
            pub fn application(mut self, app: impl Into<String>) -> Self {
                self.config = self.config.application(app);
                self
            }

            /// Time limit for establishing a connection.
            pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.config = self.config.connect_timeout(timeout);
                self
            }

            /// Time limit for one attempt.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.config = self.config.attempt_timeout(timeout);
                self
            }

            /// Time limit for a whole call, retries included.
            pub fn total_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.config = self.config.total_timeout(timeout);
                self
            }

            /// The retry policy.
            pub fn retry_policy(mut self, policy: apiclient_core::RetryPolicy) -> Self {
                self.config = self.config.retry_policy(policy);
                self
            }

            /// A header sent with every request.
            pub fn default_header(mut self, name: &str, value: &str) -> Self {
                self.config = self.config.default_header(name, value);
                self
            }

            /// Allows sending credentials over plain `http://` to hosts other than loopback.
            pub fn allow_insecure_http(mut self, allow: bool) -> Self {
                self.allow_insecure_http = allow;
                self
            }

            /// Uses this HTTP client (connection pool) instead of building one.
            pub fn http_client(mut self, http: apiclient_core::reqwest::Client) -> Self {
                self.config = self.config.http_client(http);
                self
            }

            /// Validates the configuration and builds the client.
            pub fn build(self) -> Result<Client, apiclient_core::ConfigError> {
                #set_base
                let config = config.allow_insecure_http(self.allow_insecure_http).build()?;
                let inner = match self.auth {
                    None => apiclient_core::ApiClient::unauthenticated(config),
                    Some(PendingAuth::Provider(auth)) => {
                        apiclient_core::ApiClient::with_shared_auth(config, auth)?
                    }
                    #pending_build
                };
                Ok(Client { inner })
            }
        }
    }
}
