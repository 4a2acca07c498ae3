//! The demo's last part: what the runtime does when the network misbehaves, shown on the same
//! fakes with faults switched on. Each line reports what was measured, not what was expected.

use std::time::{Duration, Instant};

use patctl::fakes::Fakes;
use patctl::{Error, Inventory, Provider};
use xms_tokens::RetryPolicy;

/// How long the slow fake takes to answer, and the client's limit for the whole call.
const SLOW_ANSWER: Duration = Duration::from_secs(2);
const CALL_LIMIT: Duration = Duration::from_millis(500);

/// Prints one line per behaviour; `true` when each behaved as the runtime promises.
pub async fn show(fakes: &Fakes, inventory: &Inventory) -> Result<bool, Error> {
    println!();
    println!("# underneath: the runtime against the same fakes, with faults switched on");
    let retried = retry_after(fakes, inventory).await?;
    let refreshed = token_refresh(fakes, inventory).await?;
    let timed_out = timeout(fakes).await?;
    Ok(retried && refreshed && timed_out)
}

/// A 429 with `Retry-After: 1`: the list waits that long, retries once and succeeds.
async fn retry_after(fakes: &Fakes, inventory: &Inventory) -> Result<bool, Error> {
    let tenant = inventory.tenant(Provider::Gmodstore, None)?;
    let before = fakes.gmodstore.requests().len();
    fakes.gmodstore.knobs().throttle_next(1, 1);
    let started = Instant::now();
    let listed = tenant.list().await;
    let waited = started.elapsed();
    let requests = fakes.gmodstore.requests().len() - before;
    let ok = listed.is_ok() && requests == 2 && waited >= Duration::from_secs(1);
    println!(
        "retry:   GModStore answered 429 with Retry-After: 1; the list {} after {:.1} s ({requests} requests)",
        if listed.is_ok() {
            "was retried and succeeded"
        } else {
            "failed"
        },
        waited.as_secs_f64()
    );
    Ok(ok)
}

/// The tenant's access tokens expire: the next call fetches one new token and succeeds.
async fn token_refresh(fakes: &Fakes, inventory: &Inventory) -> Result<bool, Error> {
    let tenant = inventory.tenant(Provider::SailpointV3, None)?;
    let fake = &fakes.sailpoint_v3;
    let before = fake.token_request_count();
    fake.expire_access_tokens();
    let listed = tenant.list().await;
    let after = fake.token_request_count();
    println!(
        "refresh: the SailPoint v3 access token expired; the next list fetched a new one (token requests {before} -> {after}) and {}",
        if listed.is_ok() {
            "succeeded"
        } else {
            "failed"
        }
    );
    Ok(listed.is_ok() && after == before + 1)
}

/// A server slower than the client's limit: the call stops at the limit with a typed error.
async fn timeout(fakes: &Fakes) -> Result<bool, Error> {
    let client = xms_tokens::Client::builder()
        .base_url(fakes.xms.base_url())
        .token_in_header(fakes.xms.token())
        .total_timeout(CALL_LIMIT)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .map_err(|e| Error::Io(format!("cannot configure the XMS client: {e}")))?;
    fakes.xms.knobs().set_latency(SLOW_ANSWER);
    let started = Instant::now();
    let result = client.list_access_tokens(Default::default()).await;
    let took = started.elapsed();
    fakes.xms.knobs().set_latency(Duration::ZERO);
    let timed_out = result.as_ref().err().is_some_and(|e| e.is_timeout());
    println!(
        "timeout: XMS took {} s to answer; the call {} after {} ms",
        SLOW_ANSWER.as_secs(),
        match &result {
            Err(e) if e.is_timeout() => format!("stopped with a typed timeout error ({e})"),
            Err(e) => format!("failed otherwise ({e})"),
            Ok(_) => "succeeded".to_owned(),
        },
        took.as_millis()
    );
    Ok(timed_out && took < SLOW_ANSWER)
}
