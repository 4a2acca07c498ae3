//! Interleaved measurements: each round runs the SDK and the raw side back to back (in
//! alternating order), and a side's result is the median over the rounds.

use crate::calls::{Clients, Endpoint, Side};
use crate::fixtures;
use gmodstore_pat::models::{ListPersonalAccessTokensResponse, PersonalAccessToken};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// One number per side (medians of the rounds) and their ratio.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The SDK's value.
    pub sdk: f64,
    /// The raw side's value.
    pub raw: f64,
    /// SDK / raw: the median of the rounds' ratios (each round's two blocks ran back to back,
    /// under the same machine load).
    pub ratio: f64,
}

impl Pair {
    /// Both values multiplied by `factor` (a unit change).
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            sdk: self.sdk * factor,
            raw: self.raw * factor,
            ratio: self.ratio,
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs `rounds` rounds of `measure(side)` for both sides, alternating which goes first.
fn interleaved(rounds: usize, mut measure: impl FnMut(Side) -> f64) -> Pair {
    let (mut sdk, mut raw, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let first = if round % 2 == 0 { Side::Sdk } else { Side::Raw };
        let mut this_round = [0.0; 2];
        for side in Side::both(first) {
            let value = measure(side);
            match side {
                Side::Sdk => this_round[0] = value,
                Side::Raw => this_round[1] = value,
            }
        }
        sdk.push(this_round[0]);
        raw.push(this_round[1]);
        ratios.push(this_round[0] / this_round[1]);
    }
    Pair {
        sdk: median(sdk),
        raw: median(raw),
        ratio: median(ratios),
    }
}

/// A multi-thread runtime (one worker per core) for the latency and throughput runs.
pub fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

fn current_thread() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("current-thread runtime")
}

/// `calls` calls spread over `concurrency` tasks; returns the calls made and the time taken.
///
/// At concurrency 1 the calls are made by the future `block_on` drives, not by a spawned task:
/// whether a spawned task and its connection's task ran on the same worker decided the block
/// (1x or 2-4x the time, by chance), which made the ratio bimodal.
async fn block(
    clients: &Arc<Clients>,
    side: Side,
    endpoint: Endpoint,
    concurrency: usize,
    calls: usize,
) -> (usize, Duration) {
    let per_task = (calls / concurrency).max(1);
    let started = Instant::now();
    if concurrency == 1 {
        for _ in 0..per_task {
            clients.call(side, endpoint).await;
        }
        return (per_task, started.elapsed());
    }
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let clients = clients.clone();
            tokio::spawn(async move {
                for _ in 0..per_task {
                    clients.call(side, endpoint).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a call task panicked");
    }
    (per_task * concurrency, started.elapsed())
}

/// Calls per second at `concurrency` concurrent tasks.
pub fn throughput(
    runtime: &Runtime,
    clients: &Arc<Clients>,
    endpoint: Endpoint,
    concurrency: usize,
    calls: usize,
    rounds: usize,
) -> Pair {
    // Opens the connections this concurrency needs, for both sides.
    for side in Side::both(Side::Sdk) {
        runtime.block_on(block(clients, side, endpoint, concurrency, concurrency));
    }
    interleaved(rounds, |side| {
        let (made, took) = runtime.block_on(block(clients, side, endpoint, concurrency, calls));
        made as f64 / took.as_secs_f64()
    })
}

/// Allocations and allocated bytes per call, counted on a current-thread runtime (so every
/// allocation of the call, its connection task included, is on the counting thread; the
/// server's are on its own threads and not counted).
pub fn allocations(base_url: &str, endpoint: Endpoint, calls: usize) -> (Pair, Pair) {
    let runtime = current_thread();
    let clients = runtime.block_on(async { Clients::new(base_url) });
    for side in Side::both(Side::Sdk) {
        runtime.block_on(async {
            for _ in 0..20 {
                clients.call(side, endpoint).await;
            }
        });
    }
    let mut bytes = Vec::new();
    let counts = interleaved(3, |side| {
        let info = allocation_counter::measure(|| {
            runtime.block_on(async {
                for _ in 0..calls {
                    clients.call(side, endpoint).await;
                }
            })
        });
        bytes.push((side, info.bytes_total as f64 / calls as f64));
        info.count_total as f64 / calls as f64
    });
    let side_bytes = |wanted| {
        median(
            bytes
                .iter()
                .filter(|(side, _)| *side == wanted)
                .map(|(_, b)| *b)
                .collect(),
        )
    };
    let (sdk, raw) = (side_bytes(Side::Sdk), side_bytes(Side::Raw));
    let bytes = Pair {
        sdk,
        raw,
        ratio: sdk / raw,
    };
    (counts, bytes)
}

/// The SDK's decode path for a success body (what every operation runs on a 2xx).
pub fn sdk_decode(body: &bytes::Bytes) -> ListPersonalAccessTokensResponse {
    apiclient_core::RawResponse::new(
        apiclient_core::Method::GET,
        "/v3/me/personal-access-tokens",
        apiclient_core::StatusCode::OK,
        apiclient_core::HeaderMap::new(),
        body.clone(),
    )
    .json::<ListPersonalAccessTokensResponse, ()>()
    .expect("the SDK decodes the page")
    .body
}

/// Plain `serde_json` into the same models.
pub fn serde_decode(body: &[u8]) -> ListPersonalAccessTokensResponse {
    serde_json::from_slice(body).expect("serde_json decodes the page")
}

/// Seconds per decode of `body`: SDK path vs plain `serde_json`, `iterations` per round.
pub fn decode(body: &bytes::Bytes, iterations: usize, rounds: usize) -> Pair {
    interleaved(rounds, |side| {
        let mut took = Duration::ZERO;
        for _ in 0..iterations {
            let started = Instant::now();
            let page = match side {
                Side::Sdk => sdk_decode(body),
                Side::Raw => serde_decode(body),
            };
            took += started.elapsed();
            // Freeing the models is not part of decoding.
            drop(black_box(page));
        }
        took.as_secs_f64() / iterations as f64
    })
}

/// Pages streamed before measuring, on the same connection: the connection's read buffer
/// grows over its first pages, once; measuring after that shows what the stream itself keeps.
const WARM_UP_PAGES: usize = 64;

/// Streams every token of `client`'s list; returns how many there were.
async fn stream_all(client: &gmodstore_pat::Client) -> usize {
    use futures::StreamExt;
    let mut stream = std::pin::pin!(client.list_personal_access_tokens_stream(Default::default()));
    let mut seen = 0;
    while let Some(token) = stream.next().await {
        let token: PersonalAccessToken = token.expect("a streamed token");
        black_box(token);
        seen += 1;
    }
    seen
}

/// What streaming a list cost the client.
#[derive(Debug, Clone, Copy)]
pub struct StreamCost {
    /// Pages streamed.
    pub pages: usize,
    /// Tokens seen.
    pub tokens: usize,
    /// Peak live bytes while streaming.
    pub peak_bytes: u64,
    /// Allocations per page.
    pub allocations_per_page: f64,
    /// Bytes allocated per page.
    pub bytes_per_page: f64,
}

/// Streams every token of a `pages`-page list through `list_personal_access_tokens_stream`,
/// counting on a current-thread runtime (the server's allocations are on its own threads).
pub fn streaming(base_url: &str, pages: usize) -> StreamCost {
    let runtime = current_thread();
    let (warm_up, client) = runtime.block_on(async {
        let http = apiclient_core::HttpClient::new().expect("the HTTP client builds");
        (
            Clients::streaming_sdk(&http, base_url, WARM_UP_PAGES),
            Clients::streaming_sdk(&http, base_url, pages),
        )
    });
    runtime.block_on(stream_all(&warm_up));
    let mut tokens = 0;
    let info = allocation_counter::measure(|| tokens = runtime.block_on(stream_all(&client)));
    assert_eq!(tokens, pages * fixtures::PAGE_SIZE, "every token streamed");
    StreamCost {
        pages,
        tokens,
        peak_bytes: info.bytes_max,
        allocations_per_page: info.count_total as f64 / pages as f64,
        bytes_per_page: info.bytes_total as f64 / pages as f64,
    }
}
