//! The `patctl` command: a thin layer over the `patctl` library (see `app/`).

mod app;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = app::cli::Cli::parse();
    app::run(cli)
}
