//! Generation speed: `cargo bench -p xtask --bench codegen`.
//!
//! Times code generation for the four provider specs together, for a synthetic spec with a
//! thousand schemas, and for a synthetic spec shaped like a large published vendor spec (900
//! schemas, 500 paths, documentation everywhere: about 3.5 MB), and reports each as a ratio
//! against a baseline measured in the same process on the same input: parsing the spec text
//! into a JSON value (the least any generator must do). Absolute medians are printed too,
//! against the targets (four specs well under 1 s, a thousand schemas under 2 s, the vendor-sized
//! spec under 1.5 s; release build).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Timed rounds per measurement (the vendor-sized spec takes fewer: it is slow enough alone).
const ROUNDS: usize = 15;
const LARGE_ROUNDS: usize = 5;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(rounds: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..rounds)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect(),
    )
}

fn parse_only(inputs: &[(PathBuf, String)]) {
    for (path, text) in inputs {
        let value: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(text).expect("spec parses as JSON")
        } else {
            serde_yaml_ng::from_str(text).expect("spec parses as YAML")
        };
        black_box(value);
    }
}

fn generate_all(inputs: &[(PathBuf, String)]) {
    for (path, text) in inputs {
        black_box(xtask::generate_text(path, text).expect("spec generates"));
    }
}

fn report(name: &str, inputs: &[(PathBuf, String)], rounds: usize, target: Duration) {
    let baseline = time(rounds, || parse_only(inputs));
    let generate = time(rounds, || generate_all(inputs));
    let ratio = generate.as_secs_f64() / baseline.as_secs_f64();
    let verdict = if generate < target { "within" } else { "OVER" };
    println!(
        "{name}: generate {generate:.2?} = {ratio:.1}x the parse-only baseline ({baseline:.2?}); \
         {verdict} the {target:?} target"
    );
}

fn main() {
    let root = xtask::workspace_root();
    let specs = [
        "gmodstore-v3.yaml",
        "xms.yaml",
        "sailpoint-v3.yaml",
        "sailpoint-v2024.yaml",
    ];
    let four: Vec<(PathBuf, String)> = specs
        .iter()
        .map(|name| {
            let path = root.join("openapi").join(name);
            let text = std::fs::read_to_string(&path).expect("spec is readable");
            (path, text)
        })
        .collect();
    report("four provider specs", &four, ROUNDS, Duration::from_secs(1));

    let large = vec![(
        root.join("target").join("large-1000.json"),
        xtask::large_spec::large_spec(1000),
    )];
    report("1000-schema spec", &large, ROUNDS, Duration::from_secs(2));

    let text = xtask::large_spec::documented_spec(900, 500);
    let name = format!(
        "900-schema, 500-path spec ({:.1} MB)",
        text.len() as f64 / 1e6
    );
    let vendor = vec![(root.join("target").join("documented-900.json"), text)];
    report(&name, &vendor, LARGE_ROUNDS, Duration::from_millis(1500));
}
