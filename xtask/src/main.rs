//! `cargo xtask` command line.

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use xtask::{check, emit, workspace_root};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Workspace automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates every provider crate from `openapi/` (see `openapi/codegen.toml`), or one
    /// standalone crate with `--spec`, `--out` and `--crate-name`.
    Codegen {
        /// Writes nothing; fails listing the files that are not up to date.
        #[arg(long)]
        check: bool,
        /// A spec to generate a standalone crate from (instead of the manifest).
        #[arg(long, requires_all = ["out", "crate_name"])]
        spec: Option<PathBuf>,
        /// The directory of the standalone crate.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// The standalone crate's name.
        #[arg(long, requires = "spec")]
        crate_name: Option<String>,
        /// The apiclient-core path written into the standalone crate's Cargo.toml
        /// (default: this workspace's crates/apiclient-core).
        #[arg(long, requires = "spec")]
        core_path: Option<String>,
        /// Prints how long each phase took.
        #[arg(long)]
        timings: bool,
        /// Fails (writing nothing) when the spec needed a repair or a fallback, listing each
        /// warning as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Writes a synthetic spec with many schemas (for timing the generator).
    LargeSpec {
        /// How many schemas.
        #[arg(long, default_value_t = 1000)]
        schemas: usize,
        /// How many paths: a spec shaped like a published vendor spec, with documentation on
        /// every schema, property and operation (900 schemas and 500 paths make about 3 MB).
        /// Without it, one collection and one item path per ten schemas, undocumented.
        #[arg(long)]
        paths: Option<usize>,
        /// Where to write it (JSON).
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the warnings (as errors with `strict`); true when `strict` and there are some.
fn print_warnings(spec: &str, warnings: &[String], strict: bool) -> bool {
    let level = if strict { "error" } else { "warning" };
    for w in warnings {
        eprintln!("{level}: {spec}: {w}");
    }
    strict && !warnings.is_empty()
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::LargeSpec {
            schemas,
            paths,
            out,
        } => {
            let text = match paths {
                Some(paths) => xtask::large_spec::documented_spec(schemas, paths),
                None => xtask::large_spec::large_spec(schemas),
            };
            std::fs::write(&out, &text)?;
            eprintln!(
                "wrote {} ({schemas} schemas, {} bytes)",
                out.display(),
                text.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Codegen {
            check,
            spec: Some(spec),
            out: Some(out),
            crate_name: Some(crate_name),
            core_path,
            timings,
            strict,
        } => {
            let started = Instant::now();
            let generated = xtask::generate(&spec)?;
            if print_warnings(&spec.display().to_string(), &generated.warnings, strict) {
                return Ok(strict_failure(generated.warnings.len()));
            }
            let core = match core_path {
                Some(p) => p,
                None => default_core_path(&out),
            };
            let crate_files = emit::crate_files::crate_files(&crate_name, &core, &generated.title);
            let gen_dir = out.join("src").join("generated");
            if check {
                let mut stale = check::stale(&out, &out, &crate_files);
                stale.extend(check::stale(&out, &gen_dir, &generated.files));
                return Ok(report_stale(&stale));
            }
            let t = Instant::now();
            check::write(&out, &crate_files, false)?;
            check::write(&gen_dir, &generated.files, true)?;
            let written = t.elapsed();
            if timings {
                let [load, plan, render] = generated.timings;
                eprintln!(
                    "timings: load {load:?}, plan {plan:?}, render {render:?}, write {written:?}, total {:?}",
                    started.elapsed()
                );
            }
            eprintln!("wrote crate {crate_name} to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Codegen { spec: Some(_), .. } => bail!("--spec needs --out and --crate-name"),
        Command::Codegen {
            check,
            timings,
            strict,
            ..
        } => {
            let started = Instant::now();
            let root = workspace_root();
            let outputs = check::generate_all(&root)?;
            let generated_at = started.elapsed();
            let mut stale = Vec::new();
            let mut strict_errors = 0;
            for o in &outputs {
                let spec = o.entry.spec.display().to_string();
                if print_warnings(&spec, &o.generated.warnings, strict) {
                    strict_errors += o.generated.warnings.len();
                }
            }
            if strict_errors > 0 {
                return Ok(strict_failure(strict_errors));
            }
            for o in &outputs {
                if check {
                    stale.extend(check::stale(&root, &o.dir, &o.generated.files));
                } else {
                    for path in check::write(&o.dir, &o.generated.files, true)? {
                        eprintln!(
                            "updated {}",
                            path.strip_prefix(&root).unwrap_or(&path).display()
                        );
                    }
                }
            }
            if timings {
                eprintln!(
                    "timings: generated {} specs in {generated_at:?}, total {:?}",
                    outputs.len(),
                    started.elapsed()
                );
            }
            if check {
                return Ok(report_stale(&stale));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn strict_failure(count: usize) -> ExitCode {
    eprintln!("error: --strict: {count} repair(s) or fallback(s) needed; nothing written");
    ExitCode::FAILURE
}

fn report_stale(stale: &[String]) -> ExitCode {
    if stale.is_empty() {
        eprintln!("generated code is up to date");
        return ExitCode::SUCCESS;
    }
    eprintln!("generated code is out of date:");
    for s in stale {
        eprintln!("  {s}");
    }
    eprintln!("run `cargo xtask codegen` to regenerate");
    ExitCode::FAILURE
}

/// This workspace's apiclient-core, relative to `out` when possible.
fn default_core_path(out: &std::path::Path) -> String {
    let core = workspace_root().join("crates").join("apiclient-core");
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_owned());
    relative(&out_abs, &core).unwrap_or_else(|| core.display().to_string())
}

fn relative(from: &std::path::Path, to: &std::path::Path) -> Option<String> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}
