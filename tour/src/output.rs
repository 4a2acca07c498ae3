//! Printing: one line per step with ✓ or ✗ and its timing, redacted secrets, and the error type
//! every step failure becomes.

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

/// A failed step: which one, and the error's one-line `Display`.
#[derive(Debug)]
pub struct Failure {
    /// The step that failed, e.g. `create`.
    pub step: &'static str,
    /// The error's one-line description.
    pub message: String,
}

impl Failure {
    /// A failure of `step` described by `error`.
    pub fn new(step: &'static str, error: impl Display) -> Self {
        Self {
            step,
            message: error.to_string(),
        }
    }
}

/// One provider's part of the tour: its heading when it begins, its summary (API calls and
/// time) when it finishes.
#[derive(Debug)]
pub struct Section<'a> {
    context: &'a crate::Context,
    started: Instant,
    calls_before: u64,
}

impl<'a> Section<'a> {
    /// Prints the heading of `provider` (crate `krate`) and starts counting.
    pub fn begin(context: &'a crate::Context, provider: &str, krate: &str) -> Self {
        heading(provider, krate);
        Self {
            context,
            started: Instant::now(),
            calls_before: context.calls.total(),
        }
    }

    /// Awaits `steps`; when they fail, awaits `cleanup` (deleting what the tour created) and
    /// returns the failure, else prints the summary.
    pub async fn finish(
        self,
        steps: impl Future<Output = Result<(), Failure>>,
        cleanup: impl Future<Output = ()>,
    ) -> Result<(), Failure> {
        if let Err(failure) = steps.await {
            cleanup.await;
            return Err(failure);
        }
        let calls = self.context.calls.total() - self.calls_before;
        summary(calls, self.started.elapsed());
        Ok(())
    }
}

/// Prints a provider's heading line, e.g. `GModStore (crate gmodstore-pat)`.
pub fn heading(provider: &str, krate: &str) {
    println!();
    println!("{provider} (crate {krate})");
}

/// Prints an informational line under the current heading.
pub fn note(text: impl Display) {
    println!("  · {text}");
}

/// Runs one step: awaits `action`, prints `✓ name  detail  (time)` with the detail built from
/// the result, or `✗ name  error` and returns the failure.
pub async fn step<T, E, F>(
    name: &'static str,
    action: F,
    detail: impl FnOnce(&T) -> String,
) -> Result<T, Failure>
where
    E: Display,
    F: Future<Output = Result<T, E>>,
{
    let started = Instant::now();
    match action.await {
        Ok(value) => {
            let took = started.elapsed();
            println!("  ✓ {name:<9} {}  ({})", detail(&value), millis(took));
            Ok(value)
        }
        Err(error) => Err(fail(name, error)),
    }
}

/// Prints `✗ name  error` and returns the failure, for errors outside [`step`].
pub fn fail(name: &'static str, error: impl Display) -> Failure {
    let failure = Failure::new(name, error);
    println!("  ✗ {name:<9} {}", failure.message);
    failure
}

/// Prints the closing line of a provider: API calls made and time taken.
pub fn summary(calls: u64, took: Duration) {
    println!("  = {calls} API calls in {}", millis(took));
}

/// A duration as whole milliseconds, e.g. `12 ms`.
pub fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

/// The first four characters of a secret followed by `…`: enough to recognise it, never
/// enough to use it.
pub fn redact(secret: &str) -> String {
    let prefix: String = secret.chars().take(4).collect();
    format!("{prefix}…")
}

/// Says which real service the tour is about to change, before it changes anything.
pub fn using_real_service(provider: &str, base_url: impl Display, from: &str, token_name: &str) {
    println!(
        "{provider}: using the real service at {base_url} (from {from}); this tour will create and delete a token named {token_name}"
    );
}

/// Says the tour runs against the embedded fake.
pub fn using_fake(provider: &str, unset: &str, base_url: &str, seeded: impl Display) {
    println!(
        "{provider}: no {unset} set, using the embedded fake at {base_url} (seeded with {seeded})"
    );
}

/// The `delete` step, then the `gone` step: `lookup` (a read, or a second delete, described by
/// `how`) must now fail with 404.
/// Each operation has its own error model (`M` for the delete, `N` for the lookup).
pub async fn delete_then_gone<M, N, T, U>(
    id: impl Display,
    delete: impl Future<Output = Result<T, apiclient_core::Error<M>>>,
    lookup: impl Future<Output = Result<U, apiclient_core::Error<N>>>,
    how: &str,
) -> Result<(), Failure> {
    step("delete", delete, |_| format!("id {id}")).await?;
    let gone = async {
        match lookup.await {
            Err(e) if e.is_not_found() => Ok(e),
            Err(e) => Err(e.to_string()),
            Ok(_) => Err("it still exists after delete".to_owned()),
        }
    };
    step("gone", gone, |e| format!("{how} → is_not_found(): {e}")).await?;
    Ok(())
}
