//! URL checks of a configuration: quoting a URL in an error without its credentials, the
//! plain-`http://` rule for credentials, and filling a server URL template.

use super::{ConfigError, ConfigErrorKind};
use url::Url;

pub(super) fn invalid_url(message: impl Into<String>) -> ConfigError {
    ConfigError::new(ConfigErrorKind::InvalidUrl, message)
}

/// A URL as it may be quoted in an error, parsed or not: its user info, query and fragment
/// are left out (shown as `…`), as they may carry credentials. A URL that does not parse is
/// shown without anything up to its last `@` or from its first `?` or `#`.
pub(crate) fn quotable_url(raw: &str) -> String {
    if let Ok(url) = Url::parse(raw)
        && let Some(host) = url.host_str()
    {
        let user_info = if url.username().is_empty() && url.password().is_none() {
            ""
        } else {
            "…@"
        };
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let cut = if url.query().is_some() || url.fragment().is_some() {
            "…"
        } else {
            ""
        };
        return format!(
            "{}://{user_info}{host}{port}{}{cut}",
            url.scheme(),
            url.path()
        );
    }
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), raw),
    };
    let (user_info, rest) = match rest.rsplit_once('@') {
        Some((_, rest)) => ("…@", rest),
        None => ("", rest),
    };
    let (rest, cut) = match rest.find(['?', '#']) {
        Some(at) => (&rest[..at], "…"),
        None => (rest, ""),
    };
    format!("{scheme}{user_info}{rest}{cut}")
}

/// Refuses plain `http://` to a host other than loopback, unless `allowed`.
pub(crate) fn check_transport_security(url: &Url, allowed: bool) -> Result<(), ConfigError> {
    if url.scheme() == "https" || allowed || is_loopback(url) {
        return Ok(());
    }
    Err(ConfigError::new(
        ConfigErrorKind::InsecureUrl,
        format!(
            "refusing to send credentials over plain {}:// to {}; use https, or allow insecure HTTP explicitly",
            url.scheme(),
            url.host_str().unwrap_or("?")
        ),
    ))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        // `::1`, and IPv4-mapped loopback such as `::ffff:127.0.0.1`.
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// Fills `{name}` variables of a server URL template, e.g.
/// `https://{tenant}.api.identitynow.com/v3`. Every variable must be given a value.
///
/// ```
/// use apiclient_core::ClientConfig;
/// let url = ClientConfig::fill_template("https://{tenant}.example.com/v3", &[("tenant", "acme")]).unwrap();
/// assert_eq!(url, "https://acme.example.com/v3");
/// assert!(ClientConfig::fill_template("https://{tenant}.example.com", &[]).is_err());
/// ```
pub(crate) fn fill_template(
    template: &str,
    values: &[(&str, &str)],
) -> Result<String, ConfigError> {
    let mut out = template.to_owned();
    for (name, value) in values {
        // Only URL-unreserved characters: a value can neither change the host (`/`, `\`,
        // `@`, `?`, `#`, `:`) nor inject anything else.
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~');
        if value.is_empty() || !value.chars().all(allowed) {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidServerVariable {
                    name: (*name).to_owned(),
                },
                format!(
                    "server variable {name} has an invalid value (allowed: letters, digits, `-`, `.`, `_`, `~`)"
                ),
            ));
        }
        out = out.replace(&format!("{{{name}}}"), value);
    }
    if let Some(start) = out.find('{') {
        let rest = &out[start..];
        let end = rest.find('}').map_or(rest.len(), |i| i + 1);
        let placeholder = &rest[..end];
        let name = placeholder
            .trim_start_matches('{')
            .trim_end_matches('}')
            .to_owned();
        return Err(ConfigError::new(
            ConfigErrorKind::InvalidServerVariable { name },
            format!("server variable {placeholder} has no value"),
        ));
    }
    Ok(out)
}
