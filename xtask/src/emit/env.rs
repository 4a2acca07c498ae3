//! `from_env` constructors from the spec's `x-env` extension.

use super::types::ident;
use crate::plan::{ClientPlan, EnvAuthValues, EnvPlan, EnvValue};
use proc_macro2::TokenStream;
use quote::quote;

/// The methods `ClientBuilder::from_env*`, or nothing without `x-env` (`Client::from_env*`
/// come from `apiclient_core::client_methods!`).
pub fn from_env(env: Option<&EnvPlan>, client: &ClientPlan) -> TokenStream {
    let Some(env) = env else {
        return quote!();
    };
    let docs = doc_lines(env)
        .into_iter()
        .map(|line| format!(" {line}"))
        .map(|line| quote!(#[doc = #line]));
    let source = match (&env.source, &env.config_file) {
        (Some(path), _) => {
            let path: syn::Path = syn::parse_str(path).expect("checked when planned");
            quote!(#path())
        }
        (None, Some(file)) => quote!(EnvSource::new().config_file(#file)),
        (None, None) => quote!(EnvSource::new()),
    };
    let base = env.base_url.as_ref().map(|base| {
        let (var, key) = (&base.value.var, &base.value.config_key);
        let suffix = server_path(client).filter(|_| base.append_server_path);
        let set = match suffix {
            Some(path) => quote! {
                builder = builder.base_url(apiclient_core::env::with_server_path(&url, #path));
            },
            None => quote!(builder = builder.base_url(url);),
        };
        if base.required {
            quote! {
                let url = source.require(#var, #key)?;
                #set
            }
        } else {
            quote! {
                if let Some(url) = source.try_get(#var, #key)? {
                    #set
                }
            }
        }
    });
    let headers = env.headers.iter().map(|h| {
        let (name, var, key) = (&h.header, &h.value.var, &h.value.config_key);
        quote! {
            if let Some(value) = source.try_get(#var, #key)? {
                builder = builder.default_header(#name, &value);
            }
        }
    });
    let auth = env.auth.iter().map(|entry| {
        let method = ident(&entry.method);
        let mut conditions = Vec::new();
        if let Some((var, equals)) = &entry.when {
            conditions.push(quote! {
                source.try_get(#var, #var)?.is_some_and(|v| v.eq_ignore_ascii_case(#equals))
            });
        }
        let call = match &entry.values {
            EnvAuthValues::Token(v) => {
                let (var, key) = (&v.var, &v.config_key);
                conditions.push(quote!(let Some(token) = source.try_get_secret(#var, #key)?));
                quote!(builder.#method(token))
            }
            EnvAuthValues::ClientCredentials {
                client_id,
                client_secret,
            } => {
                let (id_var, id_key) = (&client_id.var, &client_id.config_key);
                let (secret_var, secret_key) = (&client_secret.var, &client_secret.config_key);
                conditions.push(quote!(let Some(client_id) = source.try_get(#id_var, #id_key)?));
                conditions.push(
                    quote!(let Some(client_secret) = source.try_get_secret(#secret_var, #secret_key)?),
                );
                quote!(builder.#method(client_id, client_secret))
            }
        };
        quote! {
            if #(#conditions)&&* {
                return Ok(#call);
            }
        }
    });
    let finish = if env.auth.is_empty() {
        quote!(Ok(builder))
    } else {
        let message = missing_credentials_message(env);
        let vars = credential_vars(env);
        quote!(Err(ConfigError::missing_variables([#(#vars),*], #message)))
    };
    quote! {
        /// A builder configured from the environment, as the table says; add further
        /// settings before [`build`](Self::build).
        ///
        #(#docs)*
        pub fn from_env() -> Result<Self, ConfigError> {
            Self::from_env_source(&#source)
        }

        /// Like [`from_env`](Self::from_env), reading the settings from `source` (for example
        /// `EnvSource::from_vars` in tests).
        pub fn from_env_source(source: &EnvSource) -> Result<Self, ConfigError> {
            let mut builder = Client::builder();
            #base
            #(#headers)*
            #(#auth)*
            #finish
        }
    }
}

/// The path of the first server (`/v3` of `https://{tenant}.example.com/v3`), if any.
fn server_path(client: &ClientPlan) -> Option<String> {
    let template = client.server_template.as_deref()?;
    let after_scheme = &template[template.find("://")? + 3..];
    let path = &after_scheme[after_scheme.find('/')?..];
    let path = path.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_owned())
}

fn setting(v: &EnvValue, file: Option<&str>) -> String {
    match file {
        Some(file) => format!("`{}` (or `{}` in `{file}`)", v.var, v.config_key),
        None => format!("`{}`", v.var),
    }
}

/// Every variable that can supply credentials, in table order, each once.
fn credential_vars(env: &EnvPlan) -> Vec<String> {
    let mut vars: Vec<String> = Vec::new();
    for a in &env.auth {
        let values = match &a.values {
            EnvAuthValues::Token(v) => vec![v],
            EnvAuthValues::ClientCredentials {
                client_id,
                client_secret,
            } => vec![client_id, client_secret],
        };
        for v in values {
            if !vars.contains(&v.var) {
                vars.push(v.var.clone());
            }
        }
    }
    vars
}

fn missing_credentials_message(env: &EnvPlan) -> String {
    let file = env.config_file.as_deref();
    let options: Vec<String> = env
        .auth
        .iter()
        .map(|a| match &a.values {
            EnvAuthValues::Token(v) => setting(v, file),
            EnvAuthValues::ClientCredentials {
                client_id,
                client_secret,
            } => format!(
                "{} and {}",
                setting(client_id, file),
                setting(client_secret, file)
            ),
        })
        .collect();
    let mut unique = options.clone();
    unique.dedup();
    format!(
        "no credentials in the environment: set {}",
        unique.join(", or ")
    )
}

fn doc_lines(env: &EnvPlan) -> Vec<String> {
    let file = env.config_file.as_deref();
    let mut lines = Vec::new();
    if let Some(d) = &env.description {
        lines.extend(d.trim_end().lines().map(str::to_owned));
        lines.push(String::new());
    }
    lines.push("| setting | source |".to_owned());
    lines.push("|---|---|".to_owned());
    if let Some(base) = &env.base_url {
        let need = if base.required {
            "required"
        } else {
            "optional, else the spec's server"
        };
        lines.push(format!(
            "| base URL ({need}) | {} |",
            setting(&base.value, file)
        ));
    }
    for h in &env.headers {
        lines.push(format!(
            "| `{}` header (optional) | {} |",
            h.header,
            setting(&h.value, file)
        ));
    }
    for a in &env.auth {
        let when = a
            .when
            .as_ref()
            .map(|(var, eq)| format!(" when `{var}={eq}`"))
            .unwrap_or_default();
        let what = match &a.values {
            EnvAuthValues::Token(v) => setting(v, file),
            EnvAuthValues::ClientCredentials {
                client_id,
                client_secret,
            } => format!(
                "{} and {}",
                setting(client_id, file),
                setting(client_secret, file)
            ),
        };
        lines.push(format!("| credentials: `{}`{when} | {what} |", a.method));
    }
    if let Some(file) = file {
        lines.push(String::new());
        lines.push(format!(
            "Variables win over `{file}` (read from the working directory, if it exists)."
        ));
    }
    lines
}
