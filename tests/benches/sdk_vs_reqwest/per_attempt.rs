//! What the client's per-call steps cost on their own, rebuilt from public types the way the
//! client does them: allocations and time per step, to show where the remaining per-call
//! overhead is.

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use std::hint::black_box;
use std::time::Instant;

/// One step: its name, allocations per run and nanoseconds per run.
pub struct Step {
    /// What the step does.
    pub name: &'static str,
    /// Allocations per run.
    pub allocations: u64,
    /// Nanoseconds per run.
    pub nanos: f64,
}

const RUNS: u32 = 20_000;
const TOKEN: &str = "bench-personal-access-token-0123456789";

fn step(name: &'static str, mut run: impl FnMut()) -> Step {
    // A first run outside the count: e.g. the first clone of a header value makes it shared,
    // as values read from the wire already are.
    run();
    let info = allocation_counter::measure(&mut run);
    let started = Instant::now();
    for _ in 0..RUNS {
        run();
    }
    Step {
        name,
        allocations: info.count_total,
        nanos: started.elapsed().as_nanos() as f64 / f64::from(RUNS),
    }
}

/// The headers the bench server answers with, as the client receives them.
fn response_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("content-type", "application/json"),
        ("x-ratelimit-limit", "300"),
        ("x-ratelimit-remaining", "299"),
        ("x-ratelimit-reset", "1767225600"),
        ("content-length", "10240"),
        ("date", "Wed, 02 Dec 2026 00:00:00 GMT"),
    ] {
        headers.insert(name, HeaderValue::from_str(value).expect("a valid value"));
    }
    headers
}

/// Each step the client takes per attempt (or per call) that a hand-written call does not.
pub fn steps(base_url: &str) -> Vec<Step> {
    let headers = response_headers();
    let base = url::Url::parse(base_url).expect("a base URL");
    let path = "/v3/me/personal-access-tokens/9b2d6c4e-0007-4f1a-8c3e-000000000007";
    let built = url::Url::parse(&format!("{base_url}{path}")).expect("a URL");
    let auth = {
        let mut value = HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("a header");
        value.set_sensitive(true);
        value
    };
    vec![
        step(
            "sent-secrets list (auth header, with and without scheme)",
            || {
                let text = auth.to_str().expect("visible ASCII");
                let mut secrets: Vec<String> = Vec::new();
                if let Some((_, credential)) = text.split_once(' ') {
                    secrets.push(credential.trim().to_owned());
                }
                secrets.push(text.to_owned());
                secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
                secrets.dedup();
                black_box(secrets);
            },
        ),
        step("response header map cloned", || {
            black_box(headers.clone());
        }),
        step("URL formatted from base + path and parsed", || {
            let text = base.as_str().trim_end_matches('/');
            black_box(url::Url::parse(&format!("{text}{path}")).expect("a URL"));
        }),
        step("URL cloned into the attempt's request", || {
            black_box(built.clone());
        }),
        step("auth header formatted and validated", || {
            let mut value = HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("a header");
            value.set_sensitive(true);
            black_box(value);
        }),
        step(
            "auth header inserted from a prepared value (for comparison)",
            || {
                let mut map = HeaderMap::new();
                map.insert(AUTHORIZATION, auth.clone());
                black_box(map);
            },
        ),
    ]
}
