//! Laravel-style validation of the create and update payloads.

use std::collections::HashMap;

use apiclient_core::testkit::FakeResponse;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::scopes::ABILITIES;

/// Collected validation messages per field, in the order found.
#[derive(Debug, Default)]
pub(crate) struct Errors(Vec<(String, Vec<String>)>);

impl Errors {
    pub(crate) fn add(&mut self, field: &str, message: String) {
        match self.0.iter_mut().find(|(key, _)| key == field) {
            Some((_, messages)) => messages.push(message),
            None => self.0.push((field.to_owned(), vec![message])),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The vendor's 400 answer: `{message, errors: {field: [messages]}}`.
    pub(crate) fn into_response(self) -> FakeResponse {
        let total: usize = self.0.iter().map(|(_, messages)| messages.len()).sum();
        let first = self
            .0
            .first()
            .and_then(|(_, messages)| messages.first().cloned())
            .unwrap_or_else(|| "The given data was invalid.".to_owned());
        let message = match total {
            0 | 1 => first,
            2 => format!("{first} (and 1 more error)"),
            n => format!("{first} (and {} more errors)", n - 1),
        };
        let errors: Map<String, Value> = self
            .0
            .into_iter()
            .map(|(field, messages)| (field, json!(messages)))
            .collect();
        FakeResponse::json(400, &json!({"message": message, "errors": errors}))
    }
}

/// A single-field validation failure.
pub(crate) fn single(field: &str, message: &str) -> FakeResponse {
    let mut errors = Errors::default();
    errors.add(field, message.to_owned());
    errors.into_response()
}

/// Validates `name`: required string of 3..=100 characters (after trimming).
pub(crate) fn name(value: Option<&Value>, errors: &mut Errors) -> Option<String> {
    let text = match value {
        None | Some(Value::Null) => {
            errors.add("name", "The name field is required.".into());
            return None;
        }
        Some(Value::String(text)) => text.trim(),
        Some(_) => {
            errors.add("name", "The name field must be a string.".into());
            return None;
        }
    };
    let chars = text.chars().count();
    if chars == 0 {
        errors.add("name", "The name field is required.".into());
    } else if chars < 3 {
        errors.add(
            "name",
            "The name field must be at least 3 characters.".into(),
        );
    } else if chars > 100 {
        errors.add(
            "name",
            "The name field must not be greater than 100 characters.".into(),
        );
    } else {
        return Some(text.to_owned());
    }
    None
}

/// Validates `abilities`: a required, non-empty array of distinct known abilities.
pub(crate) fn abilities(value: Option<&Value>, errors: &mut Errors) -> Option<Vec<String>> {
    let items = match value {
        None | Some(Value::Null) => {
            errors.add("abilities", "The abilities field is required.".into());
            return None;
        }
        Some(Value::Array(items)) if items.is_empty() => {
            errors.add("abilities", "The abilities field is required.".into());
            return None;
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.add("abilities", "The abilities field must be an array.".into());
            return None;
        }
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for item in items {
        if let Some(text) = item.as_str() {
            *counts.entry(text).or_default() += 1;
        }
    }
    let mut ok = true;
    for (index, item) in items.iter().enumerate() {
        let field = format!("abilities.{index}");
        match item.as_str() {
            Some(text) if ABILITIES.contains(&text) => {
                if counts.get(text).copied().unwrap_or_default() > 1 {
                    errors.add(&field, format!("The {field} field has a duplicate value."));
                    ok = false;
                }
            }
            _ => {
                errors.add(&field, format!("The selected {field} is invalid."));
                ok = false;
            }
        }
    }
    ok.then(|| {
        items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect()
    })
}

/// Validates `expiresAt`: absent, `null`, or a date in the future.
///
/// Returns `None` when invalid, `Some(None)` for null/absent, `Some(Some(date))` otherwise.
pub(crate) fn expires_at(
    value: Option<&Value>,
    now: DateTime<Utc>,
    errors: &mut Errors,
) -> Option<Option<DateTime<Utc>>> {
    let text = match value {
        None | Some(Value::Null) => return Some(None),
        Some(Value::String(text)) => text,
        Some(_) => {
            errors.add(
                "expiresAt",
                "The expires at field must be a valid date.".into(),
            );
            return None;
        }
    };
    match apiclient_core::testkit::parse_timestamp(text) {
        Some(date) if date > now => Some(Some(date)),
        Some(_) => {
            errors.add(
                "expiresAt",
                "The expires at field must be a date after now.".into(),
            );
            None
        }
        None => {
            errors.add(
                "expiresAt",
                "The expires at field must be a valid date.".into(),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_counts_more_errors() {
        let mut errors = Errors::default();
        name(None, &mut errors);
        abilities(Some(&json!(["nope", "nope"])), &mut errors);
        let body = errors.into_response().json_body().unwrap();
        assert_eq!(
            body["message"],
            "The name field is required. (and 2 more errors)"
        );
        assert_eq!(
            body["errors"]["abilities.1"][0],
            "The selected abilities.1 is invalid."
        );
    }

    #[test]
    fn duplicates_are_flagged() {
        let mut errors = Errors::default();
        let result = abilities(
            Some(&json!(["teams:read", "teams:read", "users:read"])),
            &mut errors,
        );
        assert!(result.is_none());
        let body = errors.into_response().json_body().unwrap();
        assert!(body["errors"]["abilities.0"].is_array());
        assert!(body["errors"]["abilities.2"].is_null());
    }

    #[test]
    fn name_length_bounds() {
        let mut errors = Errors::default();
        assert!(name(Some(&json!("ab")), &mut errors).is_none());
        assert!(name(Some(&json!("x".repeat(101))), &mut errors).is_none());
        assert_eq!(
            name(Some(&json!("abc")), &mut errors).as_deref(),
            Some("abc")
        );
        assert_eq!(
            name(Some(&json!("é".repeat(100))), &mut errors).map(|n| n.chars().count()),
            Some(100)
        );
    }

    #[test]
    fn dates_must_be_future_and_valid() {
        let now = Utc::now();
        let mut errors = Errors::default();
        assert!(expires_at(Some(&json!("2001-01-01T00:00:00Z")), now, &mut errors).is_none());
        assert!(expires_at(Some(&json!("soon")), now, &mut errors).is_none());
        assert_eq!(expires_at(Some(&Value::Null), now, &mut errors), Some(None));
        assert!(matches!(
            expires_at(
                Some(&json!("2999-01-01T00:00:00.123456Z")),
                now,
                &mut errors
            ),
            Some(Some(_))
        ));
    }
}
