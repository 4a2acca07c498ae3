//! `patctl rotate`: picks the sink, runs the rotation, prints its steps and picks the exit
//! status (0 rotated, 1 failed and rolled back, 2 error or manual repair needed).

use std::io::Write;

use patctl::{Error, ExecSink, FileSink, Inventory, PrintSink, SecretSink, Stage};

use super::cli::RotateArgs;
use super::{CLEAN, ERROR, FINDINGS, io_error};

/// `patctl rotate`; the steps go to `log` (standard output, or standard error when the secret
/// itself is printed).
pub async fn rotate(
    inventory: &Inventory,
    args: &RotateArgs,
    log: &mut dyn Write,
) -> Result<u8, Error> {
    let mut sink: Box<dyn SecretSink> = match (&args.write_secret, &args.exec) {
        (Some(path), _) => Box::new(FileSink::new(path, args.force)),
        (None, Some(command)) => Box::new(ExecSink::new(command.clone())),
        (None, None) => Box::new(PrintSink::default()),
    };
    let mut stderr = std::io::stderr();
    let log: &mut dyn Write = if args.print_secret { &mut stderr } else { log };
    let rotation = patctl::rotate(
        inventory,
        args.provider,
        args.tenant.as_deref(),
        &args.id,
        sink.as_mut(),
    )
    .await;
    for step in &rotation.steps {
        writeln!(log, "  {step}").map_err(io_error)?;
    }
    match rotation.result {
        Ok(new_id) => {
            writeln!(log, "rotated: {} is now {new_id}", args.id).map_err(io_error)?;
            Ok(CLEAN)
        }
        Err(e) => {
            eprintln!("error: {e}");
            let usage = matches!(e.stage, Stage::Find | Stage::Prepare);
            Ok(if !usage && e.rollback.is_clean() {
                FINDINGS
            } else {
                ERROR
            })
        }
    }
}
