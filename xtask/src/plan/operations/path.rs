//! Path templates (`/tokens/{id}:regenerate`) split into literal parts and parameters, checked
//! against the operation's path parameters, so generated code fills every placeholder.

use crate::plan::PathPart;
use anyhow::{Result, bail};

/// The parts of `template`: literal text and `{name}` placeholders. Every placeholder must be
/// one of `declared` (the operation's path parameters, by wire name), and every declared one
/// must appear; an unclosed or empty placeholder is an error too. `at` is the operation's JSON
/// pointer, for messages.
pub(crate) fn parts(template: &str, declared: &[&str], at: &str) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            bail!("{at}: path `{template}` has an unclosed `{{`");
        };
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            bail!("{at}: path `{template}` has an empty or nested placeholder");
        }
        if !declared.contains(&name) {
            bail!(
                "{at}: path `{template}` has the placeholder `{{{name}}}`, but the operation declares no path parameter `{name}` (declared: {})",
                list(declared)
            );
        }
        parts.push(PathPart::Param(name.to_owned()));
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        bail!("{at}: path `{template}` has a `}}` without `{{`");
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    for name in declared {
        if !parts.contains(&PathPart::Param((*name).to_owned())) {
            bail!("{at}: path parameter `{name}` does not appear in the path `{template}`");
        }
    }
    Ok(parts)
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathPart::{Literal, Param};

    fn lit(s: &str) -> PathPart {
        Literal(s.to_owned())
    }

    fn param(s: &str) -> PathPart {
        Param(s.to_owned())
    }

    #[test]
    fn splits_literals_and_placeholders() {
        let got = parts("/tokens/{id}:regenerate", &["id"], "#").unwrap();
        assert_eq!(got, [lit("/tokens/"), param("id"), lit(":regenerate")]);
        let got = parts("/{a}/{b}", &["b", "a"], "#").unwrap();
        assert_eq!(got, [lit("/"), param("a"), lit("/"), param("b")]);
        assert_eq!(parts("/plain", &[], "#").unwrap(), [lit("/plain")]);
    }

    #[test]
    fn unknown_unused_and_malformed_placeholders_are_errors() {
        let err = parts("/t/{idd}", &["id"], "#/paths/x/get").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("#/paths/x/get"), "{text}");
        assert!(text.contains("`{idd}`") && text.contains("`id`"), "{text}");
        let err = parts("/t", &["id"], "#").unwrap_err().to_string();
        assert!(err.contains("does not appear"), "{err}");
        for bad in ["/t/{id", "/t/{}", "/t/id}", "/t/{{id}}"] {
            assert!(parts(bad, &["id"], "#").is_err(), "{bad} was accepted");
        }
    }

    fn spec(path: &str, param: &str) -> String {
        format!(
            r#"{{"openapi":"3.1.0","info":{{"title":"t","version":"1"}},
            "x-request-id-header":"x-api-request-id",
            "paths":{{"{path}":{{"get":{{"operationId":"getThing",
            "parameters":[{{"name":"{param}","in":"path","required":true,"schema":{{"type":"string"}}}}],
            "responses":{{"204":{{"description":"none"}}}}}}}}}}}}"#
        )
    }

    #[test]
    fn the_generator_refuses_an_unknown_placeholder_and_builds_paths_from_parts() {
        let err =
            crate::generate_text(std::path::Path::new("t.json"), &spec("/things/{idd}", "id"))
                .expect_err("an unknown placeholder must fail");
        let text = format!("{err:#}");
        assert!(text.contains("#/paths/~1things~1{idd}/get"), "{text}");
        assert!(text.contains("no path parameter `idd`"), "{text}");

        let generated = crate::generate_text(
            std::path::Path::new("t.json"),
            &spec("/things/{id}:x", "id"),
        )
        .unwrap();
        let file = |name: &str| {
            let f = generated.files.iter().find(|f| f.path == name).unwrap();
            f.contents.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let api = file("api.rs");
        assert!(
            api.contains(r#".literal("/things/") .param("id", id) .literal(":x")"#),
            "{api}"
        );
        assert!(!api.contains("path_param"), "{api}");
        assert!(file("client.rs").contains(r#".request_id_header("x-api-request-id")"#));
    }
}
