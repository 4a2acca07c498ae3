//! Plays one fault against many provider clients at once and collects what happened.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::future::join_all;

use super::providers::{CREATED_SECRET, Failure, Op, Provider, Setup, TOKEN_PATH, token_answer};
use super::secrets::leaks;
use super::server::{FaultServer, Recorded, Reply};

/// No call or scenario of the suite may run longer than this.
pub const BOUND: Duration = Duration::from_secs(60);

/// API requests answered with a fault, over the whole run (reported by each scenario).
static FAULTS: AtomicUsize = AtomicUsize::new(0);

/// Runs `future`, failing the test when it is still running after [`BOUND`].
pub async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(BOUND, future).await {
        Ok(value) => value,
        Err(_) => panic!("{what}: still running after {BOUND:?}"),
    }
}

/// What one call of one provider did against its own faulty server.
pub struct Cell {
    /// The provider.
    pub provider: Provider,
    /// The call.
    pub op: Op,
    /// Its result.
    pub result: Result<(), Failure>,
    /// The API requests the server read (token requests excluded).
    pub requests: Vec<Recorded>,
}

impl Cell {
    /// `provider op` for messages.
    pub fn name(&self) -> String {
        format!("{:?} {:?}", self.provider, self.op)
    }

    /// The error, failing the test on success.
    pub fn failure(&self) -> &Failure {
        match &self.result {
            Ok(()) => panic!("{}: succeeded, expected an error", self.name()),
            Err(f) => f,
        }
    }
}

/// A server whose token endpoint hands out a token and whose other answers come from `api`.
pub async fn server_for(
    api: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
) -> FaultServer {
    FaultServer::start(move |request, n| {
        if request.path() == TOKEN_PATH {
            Reply::Send(token_answer())
        } else {
            api(request, n)
        }
    })
    .await
}

/// Plays `fault` (the answer to every API request) against each provider and call in
/// `cells`, each on its own server, all at once.
pub async fn play<F>(setup: &Setup, cells: &[(Provider, Op)], fault: F) -> Vec<Cell>
where
    F: Fn(Provider, Op, &Recorded) -> Reply + Clone + Send + Sync + 'static,
{
    play_nth(setup, cells, move |p, op, request, _| fault(p, op, request)).await
}

/// Like [`play`], the fault also given how many API requests its server answered before.
pub async fn play_nth<F>(setup: &Setup, cells: &[(Provider, Op)], fault: F) -> Vec<Cell>
where
    F: Fn(Provider, Op, &Recorded, usize) -> Reply + Clone + Send + Sync + 'static,
{
    let runs = cells.iter().map(|&(provider, op)| {
        let fault = fault.clone();
        async move {
            let answered = AtomicUsize::new(0);
            let server = server_for(move |request, _| {
                FAULTS.fetch_add(1, Ordering::Relaxed);
                fault(
                    provider,
                    op,
                    request,
                    answered.fetch_add(1, Ordering::Relaxed),
                )
            })
            .await;
            let client = provider.client(&server.url(), setup);
            let result = bounded(&format!("{provider:?} {op:?}"), client.call(op)).await;
            let requests = server
                .requests()
                .into_iter()
                .filter(|r| r.path() != TOKEN_PATH)
                .collect();
            Cell {
                provider,
                op,
                result,
                requests,
            }
        }
    });
    let cells = bounded("scenario", join_all(runs)).await;
    println!(
        "{} calls played; {} faults injected so far",
        cells.len(),
        FAULTS.load(Ordering::Relaxed)
    );
    cells
}

/// Every provider with every call in `ops`.
pub fn matrix(providers: &[Provider], ops: &[Op]) -> Vec<(Provider, Op)> {
    providers
        .iter()
        .flat_map(|&p| ops.iter().map(move |&op| (p, op)))
        .collect()
}

/// Every credential of its provider, and with `created` a created token's secret, found in
/// any error of `cells`, in any encoding.
pub fn leaks_in(cells: &[Cell], created: bool) -> Vec<String> {
    cells
        .iter()
        .filter_map(|c| c.result.as_ref().err().map(|f| (c, f)))
        .flat_map(|(c, f)| {
            let mut secrets = c.provider.secrets().to_vec();
            if created {
                secrets.push(CREATED_SECRET);
            }
            leaks(&secrets, f)
                .into_iter()
                .map(move |l| format!("{}: {l}", c.name()))
        })
        .collect()
}

/// Fails with every credential found in any error of `cells`.
pub fn assert_no_leaks(cells: &[Cell]) {
    let found = leaks_in(cells, false);
    assert!(found.is_empty(), "credentials in errors: {found:#?}");
}
