//! The SDK against a hand-written `reqwest` + `serde_json` client, in one process, against the
//! same local hyper server: sequential latency, throughput at several concurrencies,
//! allocations per call, decode time (a page and a 50 MB list) and the memory of streaming a
//! paginated list. Ends with a table of SDK/raw ratios.
//!
//! Run: `cargo bench -p workspace-tests --bench sdk_vs_reqwest` (about 3–4 minutes on 2 cores).
//!
//! `SIDE=raw` (or `SIDE=sdk`) makes both columns call the same side: an A/A run whose ratios
//! show how finely the bench resolves a difference on this machine (0.99–1.01 over 201 rounds,
//! ±1.5 % between full runs here).
//!
//! `CELL=list:16` (or `get:64`, ...) measures one throughput cell only, over
//! [`CELL_ROUNDS`] rounds: for profiling, or for a finer ratio than the table's.

mod calls;
mod fixtures;
mod measure;
mod per_attempt;
mod server;

use calls::{Clients, Endpoint, Side};
use criterion::Criterion;
use measure::Pair;
use std::sync::Arc;
use std::time::Duration;

/// Counts every allocation made on the measuring thread (see `measure::allocations`).
use allocation_counter as _;

const CONCURRENCIES: [usize; 4] = [1, 16, 64, 256];
const ENDPOINTS: [Endpoint; 2] = [Endpoint::List, Endpoint::Get];
/// Calls per throughput block (at least [`CALLS_PER_TASK`] per task), and blocks per side.
/// Short blocks, many rounds: each round's two blocks see the same machine load, and the
/// median ratio of the rounds is what is reported.
const THROUGHPUT_CALLS: usize = 1024;
const THROUGHPUT_ROUNDS: usize = 41;
/// Calls each task makes in a block: enough for a block to be mostly steady state. (With 8, at
/// concurrency 256 the start and the end of a block, while fewer tasks run, were a visible
/// part of it: throughput read 10 % lower, and the side with the longer tail lost most.)
const CALLS_PER_TASK: usize = 32;
/// Rounds of a single cell measured with `CELL`.
const CELL_ROUNDS: usize = 201;
/// Calls counted per allocation round.
const ALLOCATION_CALLS: usize = 200;
/// Pages streamed for the memory check (and twice as many).
const STREAM_PAGES: usize = 20;
/// Size of the large list decoded.
const LARGE_LIST_BYTES: usize = 50_000_000;

fn criterion_benches(criterion: &mut Criterion, server: &server::Server) {
    let runtime = measure::runtime();
    let clients = runtime.block_on(async { Clients::new(&server.base_url()) });
    for endpoint in ENDPOINTS {
        let mut group = criterion.benchmark_group(format!("latency/{}", endpoint.name()));
        for side in [Side::Sdk, Side::Raw] {
            group.bench_function(format!("{side:?}"), |b| {
                b.iter(|| runtime.block_on(clients.call(side, endpoint)))
            });
        }
        group.finish();
    }
    let page = bytes::Bytes::from(fixtures::list_page(0, fixtures::PAGE_SIZE, Some("next")));
    let mut group = criterion.benchmark_group("decode/24-token page");
    group.bench_function("sdk", |b| b.iter(|| measure::sdk_decode(&page)));
    group.bench_function("serde_json", |b| b.iter(|| measure::serde_decode(&page)));
    group.finish();
}

/// One line of the summary table.
struct Row {
    what: String,
    unit: &'static str,
    pair: Pair,
}

fn summary(server: &server::Server) -> (Vec<Row>, [measure::StreamCost; 2]) {
    let mut rows = Vec::new();
    let base_url = server.base_url();

    for endpoint in ENDPOINTS {
        for concurrency in CONCURRENCIES {
            rows.push(Row {
                what: format!("throughput, {}, concurrency {concurrency}", endpoint.name()),
                unit: "calls/s",
                pair: throughput_cell(&base_url, endpoint, concurrency, THROUGHPUT_ROUNDS),
            });
        }
    }

    for endpoint in ENDPOINTS {
        let (count, bytes) = measure::allocations(&base_url, endpoint, ALLOCATION_CALLS);
        rows.push(Row {
            what: format!("allocations per call, {}", endpoint.name()),
            unit: "allocs",
            pair: count,
        });
        rows.push(Row {
            what: format!("bytes allocated per call, {}", endpoint.name()),
            unit: "bytes",
            pair: bytes,
        });
    }

    let page = bytes::Bytes::from(fixtures::list_page(0, fixtures::PAGE_SIZE, Some("next")));
    rows.push(Row {
        what: "decode, 24-token page (SDK path vs serde_json)".into(),
        unit: "µs",
        pair: measure::decode(&page, 500, 25).scaled(1e6),
    });
    let large = bytes::Bytes::from(fixtures::large_list(LARGE_LIST_BYTES));
    rows.push(Row {
        what: format!(
            "decode, {} MB list (SDK path vs serde_json)",
            large.len() / 1_000_000
        ),
        unit: "ms",
        pair: measure::decode(&large, 1, 7).scaled(1e3),
    });
    drop(large);

    let streams = [
        measure::streaming(&base_url, STREAM_PAGES),
        measure::streaming(&base_url, 2 * STREAM_PAGES),
    ];
    (rows, streams)
}

fn print_summary(rows: &[Row], streams: &[measure::StreamCost; 2], steps: &[per_attempt::Step]) {
    println!();
    println!("==> SDK vs hand-written reqwest + serde_json (medians of interleaved rounds)");
    println!(
        "{:<58} {:>8} {:>12} {:>12} {:>9}",
        "measurement", "unit", "SDK", "raw", "SDK/raw"
    );
    for row in rows {
        println!(
            "{:<58} {:>8} {:>12.1} {:>12.1} {:>8.3}x",
            row.what, row.unit, row.pair.sdk, row.pair.raw, row.pair.ratio
        );
    }
    println!();
    println!("==> streaming through list_personal_access_tokens_stream (SDK)");
    for s in streams {
        println!(
            "{:>3} pages ({:>4} tokens): peak live {:>7} bytes, {:>6.1} allocations and {:>8.0} bytes allocated per page",
            s.pages, s.tokens, s.peak_bytes, s.allocations_per_page, s.bytes_per_page
        );
    }
    let [small, large] = streams;
    println!(
        "peak live bytes, {} pages / {} pages: {:.3}x",
        large.pages,
        small.pages,
        large.peak_bytes as f64 / small.peak_bytes as f64
    );
    println!();
    println!("==> per-call steps of the SDK client, rebuilt on their own");
    for step in steps {
        println!(
            "{:<62} {:>3} allocations {:>8.1} ns",
            step.name, step.allocations, step.nanos
        );
    }
    println!();
    println!(
        "targets: throughput >= 0.97x at every concurrency, allocations <= 1.3x, decode <= 1.1x, \
         streaming peak independent of the number of pages (~1.0x)"
    );
}

/// Throughput of both sides at `concurrency`, over `rounds` rounds, on a runtime and a
/// connection pool of the cell's own (connections left idle by another cell, and their
/// server tasks, play no part).
fn throughput_cell(base_url: &str, endpoint: Endpoint, concurrency: usize, rounds: usize) -> Pair {
    let runtime = measure::runtime();
    let clients = Arc::new(runtime.block_on(async { Clients::new(base_url) }));
    let calls = THROUGHPUT_CALLS.max(CALLS_PER_TASK * concurrency);
    measure::throughput(&runtime, &clients, endpoint, concurrency, calls, rounds)
}

/// The throughput cell `CELL` names (`list:16`, `get:64`, ...), if it is set.
fn one_cell() -> Option<(Endpoint, usize)> {
    let cell = std::env::var("CELL").ok()?;
    let (endpoint, concurrency) = cell.split_once(':')?;
    let endpoint = match endpoint {
        "list" => Endpoint::List,
        "get" => Endpoint::Get,
        _ => return None,
    };
    Some((endpoint, concurrency.parse().ok()?))
}

fn main() {
    let listing = std::env::args().any(|a| a == "--list");
    let server = server::Server::start();
    if let Some((endpoint, concurrency)) = one_cell() {
        let pair = throughput_cell(&server.base_url(), endpoint, concurrency, CELL_ROUNDS);
        println!(
            "throughput, {}, concurrency {concurrency}: SDK {:.0} calls/s, raw {:.0} calls/s, \
             SDK/raw {:.3}x (median of {CELL_ROUNDS} rounds)",
            endpoint.name(),
            pair.sdk,
            pair.raw,
            pair.ratio
        );
        return;
    }
    let mut criterion = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    criterion_benches(&mut criterion, &server);
    criterion.final_summary();
    if !listing {
        let (rows, streams) = summary(&server);
        let steps = per_attempt::steps(&server.base_url());
        print_summary(&rows, &streams, &steps);
    }
}
