//! Printing tokens and findings as a table, JSON (schema `patctl.list/v1`, `patctl.audit/v1`)
//! or CSV, and provider errors on standard error.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use patctl::{Error, Finding, Provider, TokenRecord, format_time};
use serde::Serialize;

use super::cli::Format;

/// A provider error in JSON output.
#[derive(Debug, Serialize)]
struct ErrorJson {
    provider: Option<Provider>,
    tenant: Option<String>,
    message: String,
}

fn errors_json(errors: &[Error]) -> Vec<ErrorJson> {
    errors
        .iter()
        .map(|error| {
            let (provider, tenant) = match error {
                Error::Provider {
                    provider, tenant, ..
                }
                | Error::NotFound {
                    provider, tenant, ..
                } => (Some(*provider), Some(tenant.clone())),
                Error::Config(_) | Error::Io(_) => (None, None),
            };
            ErrorJson {
                provider,
                tenant,
                message: error.to_string(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct ListJson<'a> {
    schema: &'static str,
    tokens: &'a [TokenRecord],
    errors: Vec<ErrorJson>,
}

#[derive(Serialize)]
struct AuditJson<'a> {
    schema: &'static str,
    findings: &'a [Finding],
    errors: Vec<ErrorJson>,
}

fn time(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(format_time).unwrap_or_default()
}

fn last_used(token: &TokenRecord) -> String {
    match (token.last_used, token.used) {
        (Some(at), _) => format_time(at),
        (None, Some(false)) => "never".to_owned(),
        (None, Some(true)) => "yes (time unknown)".to_owned(),
        (None, None) => String::new(),
    }
}

fn expires(token: &TokenRecord) -> String {
    match (token.expires, token.provider) {
        (Some(at), _) => format_time(at),
        (None, Provider::Xms) => String::new(),
        (None, _) => "never".to_owned(),
    }
}

const TOKEN_COLUMNS: [&str; 8] = [
    "provider",
    "tenant",
    "id",
    "name",
    "scopes",
    "created",
    "last used",
    "expires",
];

fn token_cells(token: &TokenRecord) -> [String; 8] {
    [
        token.provider.to_string(),
        token.tenant.clone(),
        token.id.clone(),
        token.name.clone(),
        token.scopes.join(" "),
        time(token.created),
        last_used(token),
        expires(token),
    ]
}

fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(|h| h.to_uppercase()));
    table
}

fn print_json(value: &impl Serialize) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)
}

fn csv_writer() -> csv::Writer<std::io::StdoutLock<'static>> {
    csv::Writer::from_writer(std::io::stdout().lock())
}

/// Prints the tokens of a listing in `format`.
pub fn tokens(tokens: &[TokenRecord], errors: &[Error], format: Format) -> std::io::Result<()> {
    if format.json {
        return print_json(&ListJson {
            schema: "patctl.list/v1",
            tokens,
            errors: errors_json(errors),
        });
    }
    if format.csv {
        let mut out = csv_writer();
        out.write_record(TOKEN_COLUMNS.map(|c| c.replace(' ', "_")))?;
        for token in tokens {
            out.write_record(token_cells(token))?;
        }
        return out.flush();
    }
    let mut table = table(&TOKEN_COLUMNS);
    for token in tokens {
        table.add_row(token_cells(token));
    }
    println!("{table}");
    println!("{} tokens", tokens.len());
    Ok(())
}

/// Prints audit findings in `format`.
pub fn findings(findings: &[Finding], errors: &[Error], format: Format) -> std::io::Result<()> {
    if format.json {
        return print_json(&AuditJson {
            schema: "patctl.audit/v1",
            findings,
            errors: errors_json(errors),
        });
    }
    let mut header = TOKEN_COLUMNS.to_vec();
    header.extend(["rule", "detail"]);
    let cells = |f: &Finding| {
        let mut cells = token_cells(&f.token).to_vec();
        cells.extend([f.rule.name().to_owned(), f.detail.clone()]);
        cells
    };
    if format.csv {
        let mut out = csv_writer();
        out.write_record(header.iter().map(|c| c.replace(' ', "_")))?;
        for finding in findings {
            out.write_record(cells(finding))?;
        }
        return out.flush();
    }
    if findings.is_empty() {
        println!("no findings");
        return Ok(());
    }
    let mut table = table(&["provider", "tenant", "id", "name", "rule", "detail"]);
    for f in findings {
        table.add_row([
            f.token.provider.to_string(),
            f.token.tenant.clone(),
            f.token.id.clone(),
            f.token.name.clone(),
            f.rule.name().to_owned(),
            f.detail.clone(),
        ]);
    }
    println!("{table}");
    let tokens: std::collections::BTreeSet<_> =
        findings.iter().map(|f| f.token.reference()).collect();
    println!("{} findings on {} tokens", findings.len(), tokens.len());
    Ok(())
}

/// Prints provider errors on standard error, one line each.
pub fn errors(errors: &[Error]) {
    for error in errors {
        eprintln!("error: {error}");
    }
}
