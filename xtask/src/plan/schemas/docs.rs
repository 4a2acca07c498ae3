//! Doc lines from a schema's annotations.

use crate::load::ir::{Kind, Schema};

/// Doc lines of a schema: title, description, then one line of notes (format, constraints,
/// default, allowed values, read/write-only, deprecation).
pub(super) fn doc_lines(s: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &s.title
        && s.description
            .as_deref()
            .is_none_or(|d| !d.starts_with(t.as_str()))
    {
        out.push(t.clone());
    }
    if let Some(d) = &s.description {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(d.trim_end().lines().map(str::to_owned));
    }
    let mut notes = Vec::new();
    if let Kind::Str {
        format: Some(f),
        values: None,
    } = &s.kind
        && !matches!(f.as_str(), "date-time" | "date" | "password")
    {
        notes.push(format!("Format: `{f}`."));
    }
    if !s.constraints.is_empty() {
        notes.push(format!("Constraints: {}.", s.constraints.join(", ")));
    }
    if let Some(d) = &s.default {
        notes.push(format!(
            "Default (applied by the server when absent): `{}`.",
            d.to_json().replace('`', "'")
        ));
    }
    if let Kind::Int { values, .. } | Kind::Num { values, .. } = &s.kind
        && !values.is_empty()
    {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("`{}`", v.to_json()))
            .collect();
        notes.push(format!("Allowed values: {}.", list.join(", ")));
    }
    if s.read_only {
        notes.push("Read-only: sent by the server only.".to_owned());
    }
    if s.write_only {
        notes.push("Write-only: never returned by the server.".to_owned());
    }
    if s.deprecated {
        notes.push("Deprecated.".to_owned());
    }
    if !notes.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(notes.join(" "));
    }
    out
}

/// Doc lines of a schema (description, constraints, default, ...).
pub fn schema_docs(s: &Schema) -> Vec<String> {
    doc_lines(s)
}
