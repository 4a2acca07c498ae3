//! The command line, as clap derives it.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use patctl::{Provider, TokenRef};

/// Token hygiene across GModStore, XMS and SailPoint: list, audit, revoke and rotate personal
/// access tokens of every configured provider.
///
/// Providers come from a config file (--config, else ~/.config/patctl/config.toml) or, without
/// one, from the providers' own variables: GMODSTORE_TOKEN; XMS_BASE_URL and XMS_ACCESS_TOKEN;
/// SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET.
#[derive(Debug, Parser)]
#[command(name = "patctl", version)]
pub struct Cli {
    /// Config file with the tenants of each provider (TOML).
    #[arg(long, global = true, value_name = "FILE", env = "PATCTL_CONFIG")]
    pub config: Option<PathBuf>,
    /// Show API calls, retries, rate-limit waits and token refreshes on standard error.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every token of every configured provider.
    List(ListArgs),
    /// The tokens that break the policy, with the rule each breaks (exit 0 clean, 1 findings,
    /// 2 error).
    Audit(AuditArgs),
    /// Revoke tokens by id or every token the audit finds (bulk revokes are dry runs unless
    /// --yes).
    Revoke(RevokeArgs),
    /// Replace a token by one with the same name, scopes and lifetime (XMS: regenerate its
    /// secret), hand the new secret to a sink, verify it, then revoke the old token.
    Rotate(RotateArgs),
    /// The whole flow against embedded fakes of all four providers (no network, no setup).
    Demo,
}

/// Which providers to talk to.
#[derive(Debug, Clone, Args)]
pub struct Selection {
    /// Only this provider: gmodstore, xms, sailpoint-v3 or sailpoint-v2024 (repeatable).
    #[arg(long = "provider", value_name = "PROVIDER")]
    pub providers: Vec<Provider>,
}

/// How to print.
#[derive(Debug, Clone, Copy, Args)]
pub struct Format {
    /// JSON (schema in the README).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row.
    #[arg(long)]
    pub csv: bool,
}

/// `patctl list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub format: Format,
}

fn duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("{text:?} is not a duration like 90d: {e}"))
}

/// The audit rules.
#[derive(Debug, Clone, Args)]
pub struct PolicyArgs {
    /// Policy file (TOML) with general and per-provider rules; flags override its general rules.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Tokens created longer ago than this (e.g. 90d).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub max_age: Option<Duration>,
    /// Tokens not used for this long; never-used tokens count from their creation (e.g. 30d).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub unused_for: Option<Duration>,
    /// Tokens expired or expiring within this (e.g. 7d).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub expiring_within: Option<Duration>,
    /// Tokens holding this scope, matched exactly (repeatable; quote '*').
    #[arg(long = "forbid-scope", value_name = "SCOPE")]
    pub forbid_scopes: Vec<String>,
}

/// `patctl audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub format: Format,
}

/// `patctl revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// A token as PROVIDER:ID or PROVIDER/TENANT:ID (repeatable).
    #[arg(
        long = "id",
        value_name = "REF",
        required_unless_present = "from_audit",
        conflicts_with = "from_audit"
    )]
    pub ids: Vec<TokenRef>,
    /// Every token the audit (with the rule flags or --policy below) finds.
    #[arg(long)]
    pub from_audit: bool,
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Act on a bulk revoke (several --id, or --from-audit); without it they are dry runs.
    #[arg(long, conflicts_with = "dry_run")]
    pub yes: bool,
    /// Only say what would be revoked, even for a single --id.
    #[arg(long)]
    pub dry_run: bool,
}

/// `patctl rotate`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("sink").required(true).args(["write_secret", "exec", "print_secret"])))]
pub struct RotateArgs {
    /// The token's provider.
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Provider,
    /// The tenant's label, when the provider has several.
    #[arg(long, value_name = "LABEL")]
    pub tenant: Option<String>,
    /// The token's id.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// Write the new secret to this file (created with mode 0600, atomically).
    #[arg(long, value_name = "FILE")]
    pub write_secret: Option<PathBuf>,
    /// Replace the file given to --write-secret if it exists.
    #[arg(long, requires = "write_secret")]
    pub force: bool,
    /// Run this shell command with the new secret on its standard input.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Print the new secret on standard output (once the rotation succeeded).
    #[arg(long)]
    pub print_secret: bool,
}
