//! Counts API calls per operation, from the `api_call` tracing span the runtime opens for every
//! call (retries included in one span). This is how the tour knows how many pages a stream
//! fetched, against the fakes and the real services alike.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// Shared counters of `api_call` spans by `operation_id`.
#[derive(Debug, Clone, Default)]
pub struct Calls(Arc<Mutex<HashMap<String, u64>>>);

impl Calls {
    /// Installs the counter as the global tracing subscriber and returns a handle to it.
    pub fn install() -> Self {
        let calls = Self::default();
        tracing_subscriber::registry().with(calls.clone()).init();
        calls
    }

    /// Calls of one operation so far, e.g. `listPersonalAccessTokens`.
    pub fn of(&self, operation_id: &str) -> u64 {
        self.counts().get(operation_id).copied().unwrap_or(0)
    }

    /// Calls of every operation so far.
    pub fn total(&self) -> u64 {
        self.counts().values().sum()
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<S: Subscriber> Layer<S> for Calls {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != "api_call" {
            return;
        }
        let mut operation = OperationId(None);
        attrs.record(&mut operation);
        if let Some(operation) = operation.0 {
            *self.counts().entry(operation).or_default() += 1;
        }
    }
}

/// Picks the `operation_id` field out of a span's fields.
struct OperationId(Option<String>);

impl Visit for OperationId {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "operation_id" {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "operation_id" && self.0.is_none() {
            self.0 = Some(format!("{value:?}").trim_matches('"').to_owned());
        }
    }
}
