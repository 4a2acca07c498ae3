//! Fault injection: every provider client against a raw TCP server on 127.0.0.1 that resets,
//! closes, stalls, lies about `Content-Length`, sends 50 MB bodies, invalid UTF-8 and JSON
//! nested past serde's limit, redirects to a second origin, and echoes the request back in
//! several encodings.
//!
//! Promised today: no panic; a typed error (`Transport`, `Timeout`, `Decode`, `Api`) for each
//! fault; a POST or PATCH never sent twice once it was written; idempotent calls retried within
//! the policy; no secret in `Display` or `Debug` of any error. Tests marked
//! `#[ignore = "gap: ..."]` pin behaviour the runtime does not have yet; each fails today and
//! passes once its gap is closed (run them with `-- --ignored`).
//!
//! Every server stops when dropped, every call is bounded by `tokio::time::timeout`, and the
//! clients use 200 ms attempt timeouts and millisecond back-offs, so the suite stays fast.

mod faults {
    pub mod harness;
    pub mod providers;
    pub mod secrets;
    pub mod server;

    mod created;
    mod defaults;
    mod echo;
    mod oauth;
    mod pagination;
    mod redirects;
    mod transport;
    mod waits;
}
