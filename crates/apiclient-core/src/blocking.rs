//! Running the async client from code without a runtime (feature `blocking`).
//!
//! [`Runtime`] owns a current-thread tokio runtime (all drivers enabled) and runs one future
//! at a time to completion on the calling thread. The generated `blocking::Client` of each
//! provider crate is built on it.
//!
//! Called from inside a tokio runtime (an `async fn`, a task), [`Runtime::block_on`]
//! **panics** with a message saying so, as `reqwest::blocking` does: blocking there would stall
//! the runtime's thread. Use the async client there instead. Dropping a [`Runtime`] is allowed
//! anywhere: it shuts the runtime down without waiting.
//!
//! ```
//! let runtime = apiclient_core::blocking::Runtime::new().expect("a runtime");
//! assert_eq!(runtime.block_on(async { 40 + 2 }), 42);
//! ```

use crate::{ConfigError, ConfigErrorKind};
use std::future::Future;

/// The message of the panic of [`Runtime::block_on`] inside a tokio runtime.
pub const INSIDE_RUNTIME: &str = "the blocking client was called from inside a tokio runtime, \
     where blocking would stall it; use the async client there (or `tokio::task::spawn_blocking`)";

/// A current-thread tokio runtime that runs futures to completion on the calling thread.
#[derive(Debug)]
pub struct Runtime {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Runtime {
    /// A new current-thread runtime with the I/O and time drivers enabled.
    ///
    /// # Errors
    ///
    /// The I/O error of the operating system when the runtime cannot be created.
    pub fn new() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Self {
            runtime: Some(runtime),
        })
    }

    /// [`new`](Self::new) with its error as a [`ConfigError`] of kind
    /// [`ConfigErrorKind::Runtime`], for constructors that also read a configuration (a
    /// blocking client's `from_env`).
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] naming the operating system's error.
    pub fn for_client() -> Result<Self, ConfigError> {
        Self::new().map_err(|e| {
            ConfigError::new(
                ConfigErrorKind::Runtime,
                format!("the blocking client's runtime could not be created: {e}"),
            )
        })
    }

    /// Runs `future` to completion on this thread and returns its output.
    ///
    /// # Panics
    ///
    /// With the message [`INSIDE_RUNTIME`] when called from inside a tokio runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        if tokio::runtime::Handle::try_current().is_ok() {
            panic!("{INSIDE_RUNTIME}");
        }
        self.runtime
            .as_ref()
            .expect("the runtime is present until drop")
            .block_on(future)
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Unlike a plain drop, this does not block, so it is allowed inside another runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
