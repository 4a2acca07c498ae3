//! JSON Patch bodies of `PATCH /personal-access-tokens/{id}`: only `replace` of `/name` and
//! `/scope`.

use serde_json::Value;

use super::store::DEFAULT_SCOPE;

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    Name(String),
    Scope(Vec<String>),
}

/// Validates the whole patch document; the error is the message for the 400 answer.
pub(crate) fn parse(body: &Value) -> Result<Vec<Change>, String> {
    let ops = body
        .as_array()
        .ok_or("The request body must be a JSON Patch array.")?;
    ops.iter().map(parse_op).collect()
}

fn parse_op(op: &Value) -> Result<Change, String> {
    let kind = op
        .get("op")
        .and_then(Value::as_str)
        .ok_or("Each patch operation needs a string \"op\".")?;
    let path = op
        .get("path")
        .and_then(Value::as_str)
        .ok_or("Each patch operation needs a string \"path\".")?;
    if kind != "replace" {
        return Err(format!(
            "Patch operation \"{kind}\" is not supported; only \"replace\" is allowed."
        ));
    }
    let value = op.get("value").unwrap_or(&Value::Null);
    match path {
        "/name" => match value.as_str().map(str::trim) {
            Some(name) if !name.is_empty() => Ok(Change::Name(name.to_owned())),
            _ => Err("The value of \"/name\" must be a non-empty string.".to_owned()),
        },
        "/scope" => parse_scope(value).map(Change::Scope).ok_or_else(|| {
            "The value of \"/scope\" must be an array of strings or null.".to_owned()
        }),
        other => Err(format!(
            "The path \"{other}\" is not patchable; only /name and /scope are."
        )),
    }
}

/// A scope value: `null` or `[]` means the default scope.
pub(crate) fn parse_scope(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(vec![DEFAULT_SCOPE.to_owned()]),
        Value::Array(items) => {
            let scopes: Option<Vec<String>> = items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect();
            scopes.map(|scopes| {
                if scopes.is_empty() {
                    vec![DEFAULT_SCOPE.to_owned()]
                } else {
                    scopes
                }
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_only_replace_of_name_and_scope() {
        assert_eq!(
            parse(&json!([
                {"op": "replace", "path": "/name", "value": "new"},
                {"op": "replace", "path": "/scope", "value": null}
            ])),
            Ok(vec![
                Change::Name("new".into()),
                Change::Scope(vec![DEFAULT_SCOPE.into()])
            ])
        );
        for bad in [
            json!({"op": "replace"}),
            json!([{"op": "add", "path": "/name", "value": "x"}]),
            json!([{"op": "replace", "path": "/owner", "value": "x"}]),
            json!([{"op": "replace", "path": "/name", "value": ""}]),
            json!([{"op": "replace", "path": "/scope", "value": "sp:scopes:all"}]),
            json!([{"path": "/name"}]),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
