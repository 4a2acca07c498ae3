//! The `x-env` root extension → the client's `from_env` constructors.
//!
//! ```yaml
//! x-env:
//!   description: text for the docs
//!   config-file: config.json            # optional JSON file read when a variable is unset
//!   source: sailpoint_common::config::env_source  # optional fn() -> EnvSource used instead
//!   base-url: {var: SAIL_BASE_URL, config-key: BaseURL, append-server-path: true, required: false}
//!   headers:                            # default headers
//!     - {header: X-Tenant, var: GMODSTORE_TENANT}
//!   auth:                               # tried in order; the first whose values are set wins
//!     - scheme: tokenInQuery            # a security scheme name
//!       when: {var: XMS_TOKEN_LOCATION, equals: query}
//!       token: {var: XMS_ACCESS_TOKEN}  # bearer / API key
//!     - scheme: oauth2
//!       client-id: {var: SAIL_CLIENT_ID, config-key: ClientId}
//!       client-secret: {var: SAIL_CLIENT_SECRET, config-key: ClientSecret}
//! ```

use crate::load::node::Node;
use crate::plan::{
    ClientPlan, Credential, EnvAuth, EnvAuthValues, EnvBaseUrl, EnvHeader, EnvPlan, EnvValue,
};
use anyhow::{Context, Result, bail};

const POINTER: &str = "#/x-env";

/// Reads `x-env` from the document root, if present.
pub fn env_plan(doc: &Node, client: &ClientPlan) -> Result<Option<EnvPlan>> {
    let Some(env) = doc.get("x-env") else {
        return Ok(None);
    };
    if env.as_map().is_none() {
        bail!("{POINTER}: `x-env` must be an object");
    }
    let base_url = match env.get("base-url") {
        Some(node) => Some(EnvBaseUrl {
            value: value(node, &format!("{POINTER}/base-url"))?,
            append_server_path: node.flag("append-server-path"),
            required: node.flag("required"),
        }),
        None => None,
    };
    let mut headers = Vec::new();
    for (i, node) in entries(env, "headers") {
        let ptr = format!("{POINTER}/headers/{i}");
        let header = node
            .str_field("header")
            .with_context(|| format!("{ptr}: a header entry needs `header`"))?;
        headers.push(EnvHeader {
            header: header.to_owned(),
            value: value(node, &ptr)?,
        });
    }
    let mut auth = Vec::new();
    for (i, node) in entries(env, "auth") {
        auth.push(auth_entry(node, &format!("{POINTER}/auth/{i}"), client)?);
    }
    Ok(Some(EnvPlan {
        description: env.str_field("description").map(str::to_owned),
        config_file: env.str_field("config-file").map(str::to_owned),
        source: source_path(env)?,
        base_url,
        headers,
        auth,
    }))
}

/// `source`: a Rust path to a function returning the `EnvSource`.
fn source_path(env: &Node) -> Result<Option<String>> {
    let Some(path) = env.str_field("source") else {
        return Ok(None);
    };
    if syn::parse_str::<syn::Path>(path).is_err() {
        bail!("{POINTER}/source: `{path}` is not a Rust path to a `fn() -> EnvSource`");
    }
    Ok(Some(path.to_owned()))
}

/// The entries of the list `key` of `env` (none when absent), numbered.
fn entries<'a>(env: &'a Node, key: &str) -> impl Iterator<Item = (usize, &'a Node)> {
    env.get(key)
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .enumerate()
}

/// One `auth` entry (at `ptr`): the scheme's builder method and the values it needs.
fn auth_entry(node: &Node, ptr: &str, client: &ClientPlan) -> Result<EnvAuth> {
    let scheme_name = node
        .str_field("scheme")
        .with_context(|| format!("{ptr}: an auth entry needs `scheme`"))?;
    let scheme = client
        .schemes
        .iter()
        .find(|s| s.spec_name == scheme_name)
        .with_context(|| format!("{ptr}: no supported security scheme named {scheme_name:?}"))?;
    let values = match scheme.credential {
        Credential::ClientCredentials(_) => EnvAuthValues::ClientCredentials {
            client_id: value(field(node, "client-id", ptr)?, &format!("{ptr}/client-id"))?,
            client_secret: value(
                field(node, "client-secret", ptr)?,
                &format!("{ptr}/client-secret"),
            )?,
        },
        _ => EnvAuthValues::Token(value(field(node, "token", ptr)?, &format!("{ptr}/token"))?),
    };
    let when = match node.get("when") {
        Some(w) => Some((
            w.str_field("var")
                .with_context(|| format!("{ptr}/when: needs `var`"))?
                .to_owned(),
            w.str_field("equals")
                .with_context(|| format!("{ptr}/when: needs `equals`"))?
                .to_owned(),
        )),
        None => None,
    };
    Ok(EnvAuth {
        method: scheme.method.clone(),
        values,
        when,
    })
}

fn field<'a>(node: &'a Node, key: &str, ptr: &str) -> Result<&'a Node> {
    node.get(key)
        .with_context(|| format!("{ptr}: missing `{key}`"))
}

fn value(node: &Node, ptr: &str) -> Result<EnvValue> {
    let var = node
        .str_field("var")
        .with_context(|| format!("{ptr}: missing `var` (the environment variable)"))?;
    Ok(EnvValue {
        var: var.to_owned(),
        config_key: node.str_field("config-key").unwrap_or(var).to_owned(),
    })
}
