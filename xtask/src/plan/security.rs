//! Servers and security schemes → the client builder's methods.

use crate::Warnings;
use crate::load::node::Node;
use crate::names::{self, NameSet};
use crate::plan::{ClientPlan, Credential, Scheme, ServerVar};
use anyhow::{Result, bail};

/// Builder methods that server variables and schemes may not take.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "application",
    "connect_timeout",
    "attempt_timeout",
    "total_timeout",
    "no_total_timeout",
    "retry_policy",
    "default_header",
    "allow_insecure_http",
    "http_client",
    "auth",
    "token_url",
    "scopes",
    "request_id_header",
    "build",
    "fmt",
    "clone",
    "config",
];

/// The client plan of `doc`.
pub fn client_plan(doc: &Node, warnings: &mut Warnings) -> Result<ClientPlan> {
    let mut used = NameSet::snake();
    for m in BUILDER_METHODS {
        used.reserve(m);
    }
    let mut plan = ClientPlan::default();
    if let Some(server) = doc
        .get("servers")
        .and_then(Node::as_seq)
        .and_then(|s| s.first())
        && let Some(url) = server.str_field("url")
        && url.contains("://")
    {
        plan.server_template = Some(url.to_owned());
        plan.vars = server_vars(server, url, &mut used);
    }
    if let Some(schemes) = doc
        .pointer("/components/securitySchemes")
        .and_then(Node::as_map)
    {
        for (name, scheme) in schemes {
            let ptr = format!("#/components/securitySchemes/{name}");
            let Some(credential) = credential(scheme, &ptr, warnings) else {
                continue;
            };
            let mut docs = vec![credential_doc(name, &credential)];
            if let Some(d) = scheme.str_field("description") {
                docs.push(String::new());
                docs.extend(d.trim_end().lines().map(str::to_owned));
            }
            plan.schemes.push(Scheme {
                spec_name: name.clone(),
                method: used.alloc(&names::field_name(name)),
                credential,
                docs,
            });
        }
    }
    plan.request_id_headers = request_id_headers(doc)?;
    Ok(plan)
}

/// `x-request-id-header`: the response header (or headers, in order) carrying the API's
/// request id, e.g. `slpt-request-id`.
fn request_id_headers(doc: &Node) -> Result<Vec<String>> {
    const AT: &str = "#/x-request-id-header";
    let names: Vec<&Node> = match doc.get("x-request-id-header") {
        None => return Ok(Vec::new()),
        Some(Node::Seq(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    names
        .into_iter()
        .map(|n| match n.as_str() {
            Some(name) if !name.is_empty() && name.chars().all(token) => Ok(name.to_owned()),
            Some(name) => bail!("{AT}: {name:?} is not a valid header name"),
            None => bail!(
                "{AT}: expected a header name or a list of them, found {}",
                n.kind_name()
            ),
        })
        .collect()
}

/// The variables of the first server's `url` (those the template uses), with builder methods.
fn server_vars(server: &Node, url: &str, used: &mut NameSet) -> Vec<ServerVar> {
    let mut vars = Vec::new();
    let Some(declared) = server.get("variables").and_then(Node::as_map) else {
        return vars;
    };
    for (name, var) in declared {
        if !url.contains(&format!("{{{name}}}")) {
            continue;
        }
        let default = var.str_field("default").unwrap_or_default().to_owned();
        let mut docs = vec![format!(
            "Sets the server variable `{name}` (default `{default}`)."
        )];
        if let Some(d) = var.str_field("description") {
            docs.push(String::new());
            docs.extend(d.trim_end().lines().map(str::to_owned));
        }
        vars.push(ServerVar {
            name: name.clone(),
            rust: used.alloc(&names::field_name(name)),
            default,
            docs,
        });
    }
    vars
}

/// What a security scheme sends; `None` (with a warning) for schemes without a builder method.
fn credential(scheme: &Node, ptr: &str, warnings: &mut Warnings) -> Option<Credential> {
    let kind = scheme.str_field("type").unwrap_or_default();
    Some(match kind {
        "http"
            if scheme
                .str_field("scheme")
                .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
        {
            Credential::Bearer
        }
        "apiKey" => {
            let key = scheme.str_field("name").unwrap_or_default().to_owned();
            match scheme.str_field("in") {
                Some("header") => Credential::ApiKeyHeader(key),
                Some("query") => Credential::ApiKeyQuery(key),
                _ => {
                    warnings.warn(
                        ptr,
                        "API keys in cookies are not supported; use `.auth(..)`",
                    );
                    return None;
                }
            }
        }
        "oauth2" => match scheme
            .pointer("/flows/clientCredentials/tokenUrl")
            .and_then(Node::as_str)
        {
            Some(url) => Credential::ClientCredentials(url.to_owned()),
            None => Credential::Bearer,
        },
        "openIdConnect" => Credential::Bearer,
        other => {
            warnings.warn(
                ptr,
                &format!("security scheme type `{other}` has no builder method; use `.auth(..)`"),
            );
            return None;
        }
    })
}

/// The first doc line of the builder method for the scheme `name`.
fn credential_doc(name: &str, credential: &Credential) -> String {
    match credential {
        Credential::Bearer => format!(
            "Authenticates with the `{name}` scheme: sends `Authorization: Bearer <token>`."
        ),
        Credential::ApiKeyHeader(h) => {
            format!("Authenticates with the `{name}` scheme: sends the key in the `{h}` header.")
        }
        Credential::ApiKeyQuery(q) => format!(
            "Authenticates with the `{name}` scheme: sends the key in the `{q}` query parameter (it is never shown in logs or errors, but servers may log it)."
        ),
        Credential::ClientCredentials(url) => format!(
            "Authenticates with the `{name}` scheme: OAuth2 client credentials exchanged at `{url}` (resolved against the base URL; see `token_url`), cached and refreshed before they expire."
        ),
    }
}
