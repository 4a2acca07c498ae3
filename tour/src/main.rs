//! The tour: for each provider SDK, create a token, list with pagination, update, validate or
//! rotate, delete and confirm it is gone, printing one line per step.
//!
//! Run it with `cargo run -p pat-tour`. A provider whose environment is set (GModStore:
//! `GMODSTORE_TOKEN`; XMS: `XMS_BASE_URL` + `XMS_ACCESS_TOKEN`; SailPoint: `SAIL_CLIENT_ID`,
//! `SAIL_CLIENT_SECRET`, `SAIL_BASE_URL` or `./config.json`) is toured against the real
//! service, touching only the token the tour creates; every other provider runs against its
//! embedded fake on 127.0.0.1. The exit status is 0 when every provider succeeded.

mod calls;
mod gmodstore;
mod output;
mod sailpoint;
mod xms;

use std::process::ExitCode;
use std::time::Instant;

use apiclient_core::env::EnvSource;

use calls::Calls;
use output::Failure;

/// The application name added to every client's user agent.
pub const APPLICATION: &str = concat!("pat-tour/", env!("CARGO_PKG_VERSION"));

/// Tokens seeded into a paginating fake: with the tour's own, 12 tokens or 3 pages of 5.
pub const SEEDED: usize = 11;
/// Page size against a fake (small, to show pagination) and against a real service.
pub const FAKE_PAGE_SIZE: u8 = 5;
/// Page size against a real service.
pub const REAL_PAGE_SIZE: u8 = 50;

/// What the providers' runs share: settings, the call counter and the tokens' name.
#[derive(Debug)]
pub struct Context {
    /// Settings from the process environment (no configuration file).
    pub env: EnvSource,
    /// Settings from the environment, then `./config.json` (SailPoint's convention).
    pub env_or_config: EnvSource,
    /// API calls per operation.
    pub calls: Calls,
    /// The name of every token the tour creates: `pat-tour-<UTC timestamp>`.
    pub token_name: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let context = Context {
        env: EnvSource::new(),
        env_or_config: EnvSource::new().config_file("config.json"),
        calls: Calls::install(),
        token_name: format!(
            "pat-tour-{}",
            apiclient_core::chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ),
    };
    println!(
        "pat-tour: create, list, update, validate or rotate, and delete a token with each SDK"
    );
    let started = Instant::now();

    let results: [(&str, Result<(), Failure>); 4] = [
        ("GModStore", gmodstore::run(&context).await),
        ("XMS", xms::run(&context).await),
        ("SailPoint v3", sailpoint::v3::run(&context).await),
        ("SailPoint v2024", sailpoint::v2024::run(&context).await),
    ];

    println!();
    let failed: Vec<_> = results
        .iter()
        .filter_map(|(provider, result)| result.as_ref().err().map(|f| (provider, f)))
        .collect();
    let took = output::millis(started.elapsed());
    if failed.is_empty() {
        println!("✓ all {} providers passed in {took}", results.len());
        ExitCode::SUCCESS
    } else {
        for (provider, failure) in &failed {
            eprintln!("✗ {provider}: {} failed: {}", failure.step, failure.message);
        }
        eprintln!(
            "{} of {} providers failed ({took})",
            failed.len(),
            results.len()
        );
        ExitCode::FAILURE
    }
}
