//! The commands: load the configured tenants, call the library, print, pick the exit code.

mod audit;
pub mod cli;
mod demo;
mod output;
mod revoke;
mod rotate;

use std::process::ExitCode;

use apiclient_core::env::EnvSource;
use patctl::config::{self, TenantSettings};
use patctl::{Error, Inventory, Provider};

use cli::{Cli, Command};

pub use audit::{audit, list};
pub use revoke::revoke;
pub use rotate::rotate;

/// Exit status: nothing to report.
pub const CLEAN: u8 = 0;
/// Exit status: findings (audit), failed revocations (revoke), a rotation rolled back.
pub const FINDINGS: u8 = 1;
/// Exit status: an error (configuration, a provider that could not be listed, a rotation
/// that needs manual repair).
pub const ERROR: u8 = 2;

/// Runs the command line and returns the exit status.
pub fn run(cli: Cli) -> ExitCode {
    if cli.verbose {
        init_tracing();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(ERROR);
        }
    };
    let code = runtime.block_on(async {
        let result = match cli.command {
            Command::Demo => demo::run().await,
            command => match load(cli.config.as_deref(), &selected(&command)) {
                Ok(inventory) => dispatch(&inventory, command).await,
                Err(e) => Err(e),
            },
        };
        result.unwrap_or_else(|e| {
            eprintln!("error: {e}");
            ERROR
        })
    });
    ExitCode::from(code)
}

/// `--verbose`: the runtime's retries, rate-limit waits and token refreshes, and one line per
/// finished call (its completion event carries status, attempts and latency, so span closes
/// are not printed as well).
fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("apiclient_core=debug,patctl=debug"))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}

/// The providers a command names.
fn selected(command: &Command) -> Vec<Provider> {
    match command {
        Command::List(args) => args.selection.providers.clone(),
        Command::Audit(args) => args.selection.providers.clone(),
        Command::Revoke(args) if args.from_audit => args.selection.providers.clone(),
        Command::Revoke(args) => {
            let mut providers: Vec<_> = args.ids.iter().map(|r| r.provider).collect();
            providers.dedup();
            providers
        }
        Command::Rotate(args) => vec![args.provider],
        Command::Demo => Vec::new(),
    }
}

/// The tenants of the config file (`--config`, else the default file if it exists), else of
/// the environment; only those of `selected` providers when any are named.
fn load(config_path: Option<&std::path::Path>, selected: &[Provider]) -> Result<Inventory, Error> {
    let default = config::default_config_path().filter(|path| path.is_file());
    let settings: Vec<TenantSettings> = match config_path.map(ToOwned::to_owned).or(default) {
        Some(path) => config::read_config(&path)?,
        None => config::tenants_from_env(&EnvSource::new().config_file("config.json"), selected),
    };
    for provider in selected {
        if !settings.iter().any(|t| t.provider == *provider) {
            return Err(Error::Config(format!(
                "{provider} is not configured: {} or add it to the config file",
                config::env_help(*provider)
            )));
        }
    }
    let inventory = Inventory::connect(settings)?.select(selected);
    if inventory.tenants().is_empty() {
        return Err(Error::Config(
            "no provider is configured: set a provider's variables (GMODSTORE_TOKEN, XMS_BASE_URL and XMS_ACCESS_TOKEN, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET) or write ~/.config/patctl/config.toml; `patctl demo` runs without any".to_owned(),
        ));
    }
    Ok(inventory)
}

async fn dispatch(inventory: &Inventory, command: Command) -> Result<u8, Error> {
    match command {
        Command::List(args) => list(inventory, &args).await,
        Command::Audit(args) => audit(inventory, &args).await,
        Command::Revoke(args) => revoke(inventory, &args).await,
        Command::Rotate(args) => rotate(inventory, &args, &mut std::io::stdout()).await,
        Command::Demo => Ok(CLEAN),
    }
}

pub fn io_error(e: std::io::Error) -> Error {
    Error::Io(format!("cannot write the output: {e}"))
}
