//! Path templates (`/tokens/{id}:regenerate`) split into literal parts and parameters, checked
//! against the operation's path parameters, so generated code fills every placeholder.
//!
//! Defects are repaired (with a warning) rather than refused: a malformed placeholder (an
//! unclosed `{`, an empty `{}`, a nested `{{`, a `}` without `{`) is sent as literal text;
//! placeholders without a declared parameter and declared parameters missing from the path are
//! reconciled by [`super::params`] before [`parts`] is called.

use crate::Warnings;
use crate::plan::PathPart;
use anyhow::{Result, bail};

/// The parts of `template`: literal text and `{name}` placeholders, with a warning per
/// malformed placeholder (kept as literal text).
fn scan(template: &str, at: &str, warnings: Option<&mut Warnings>) -> Vec<PathPart> {
    let mut parts: Vec<PathPart> = Vec::new();
    let mut bad: Vec<&str> = Vec::new();
    let mut literal = String::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        literal.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if rest.as_bytes()[open] == b'}' {
            bad.push("a `}` without `{`");
            literal.push('}');
            rest = after;
            continue;
        }
        let close = after.find('}');
        let next_open = after.find('{');
        match close {
            Some(close) if close > 0 && next_open.is_none_or(|o| o > close) => {
                if !literal.is_empty() {
                    parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PathPart::Param(after[..close].to_owned()));
                rest = &after[close + 1..];
            }
            Some(0) => {
                bad.push("an empty `{}`");
                literal.push_str("{}");
                rest = &after[1..];
            }
            _ => {
                bad.push(if close.is_none() {
                    "an unclosed `{`"
                } else {
                    "a nested `{`"
                });
                literal.push('{');
                rest = after;
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(PathPart::Literal(literal));
    }
    if let Some(warnings) = warnings {
        for b in bad {
            warnings.warn(
                at,
                &format!("path `{template}` has {b}: sent as literal text"),
            );
        }
    }
    parts
}

/// The placeholder names of `template`, in order (malformed ones left out).
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    scan(template, "", None)
        .into_iter()
        .filter_map(|p| match p {
            PathPart::Param(name) => Some(name),
            PathPart::Literal(_) => None,
        })
        .collect()
}

/// The parts of `template`: literal text and `{name}` placeholders. Every placeholder must be
/// one of `declared` (the operation's path parameters, by wire name), and every declared one
/// must appear (the parameters are reconciled with the path first); malformed placeholders are
/// literal text, with a warning. `at` is the operation's JSON pointer, for messages.
pub(crate) fn parts(
    template: &str,
    declared: &[&str],
    at: &str,
    warnings: &mut Warnings,
) -> Result<Vec<PathPart>> {
    let parts = scan(template, at, Some(warnings));
    for part in &parts {
        if let PathPart::Param(name) = part
            && !declared.contains(&name.as_str())
        {
            bail!(
                "{at}: path `{template}` has the placeholder `{{{name}}}`, but the operation declares no path parameter `{name}` (declared: {})",
                list(declared)
            );
        }
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

    fn ok(template: &str, declared: &[&str]) -> (Vec<PathPart>, Vec<String>) {
        let mut w = Warnings::default();
        let parts = parts(template, declared, "#/p", &mut w).unwrap();
        (parts, w.into_vec())
    }

    #[test]
    fn splits_literals_and_placeholders() {
        let (got, w) = ok("/tokens/{id}:regenerate", &["id"]);
        assert_eq!(got, [lit("/tokens/"), param("id"), lit(":regenerate")]);
        assert!(w.is_empty());
        let (got, _) = ok("/{a}/{b}", &["b", "a"]);
        assert_eq!(got, [lit("/"), param("a"), lit("/"), param("b")]);
        assert_eq!(ok("/plain", &[]).0, [lit("/plain")]);
        assert_eq!(placeholders("/{a}/x/{b}"), ["a", "b"]);
    }

    #[test]
    fn malformed_placeholders_are_literal_text_with_a_warning() {
        for (bad, literal, what) in [
            ("/t/{id", "/t/{id", "an unclosed `{`"),
            ("/t/{}", "/t/{}", "an empty `{}`"),
            ("/t/id}", "/t/id}", "a `}` without `{`"),
        ] {
            let (got, w) = ok(bad, &[]);
            assert_eq!(got, [lit(literal)], "{bad}");
            assert_eq!(
                w,
                [format!(
                    "#/p: path `{bad}` has {what}: sent as literal text"
                )]
            );
        }
        let (got, w) = ok("/t/{{id}}", &["id"]);
        assert_eq!(got, [lit("/t/{"), param("id"), lit("}")]);
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn unreconciled_parameters_are_errors_naming_the_pointer() {
        let mut w = Warnings::default();
        let text = parts("/t/{idd}", &["id"], "#/paths/x/get", &mut w)
            .unwrap_err()
            .to_string();
        assert!(text.contains("#/paths/x/get"), "{text}");
        assert!(text.contains("`{idd}`") && text.contains("`id`"), "{text}");
        let err = parts("/t", &["id"], "#", &mut w).unwrap_err().to_string();
        assert!(err.contains("does not appear"), "{err}");
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
    fn the_generator_repairs_placeholders_and_builds_paths_from_parts() {
        let generated =
            crate::generate_text(std::path::Path::new("t.json"), &spec("/things/{idd}", "id"))
                .unwrap();
        assert_eq!(
            generated.warnings,
            [
                "#/paths/~1things~1{idd}/get/parameters/0: path parameter `id` does not appear in the path `/things/{idd}`: left out",
                "#/paths/~1things~1{idd}/get: the path placeholder `{idd}` has no declared parameter: added as a required string path parameter",
            ]
        );

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
