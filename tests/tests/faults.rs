//! Fault injection: every provider client against a raw TCP server on 127.0.0.1 that resets,
//! closes, stalls, lies about `Content-Length`, sends 50 MB bodies, invalid UTF-8 and JSON
//! nested past serde's limit, redirects to a second origin, and echoes the request back in
//! several encodings.
//!
//! Promised: no panic; a typed error (`Transport`, `Timeout`, `Decode`, `Api`,
//! `ResponseTooLarge`, `Pagination`) for each fault; a POST or PATCH never sent twice once it
//! was written; idempotent calls retried within the policy; no secret, in any encoding the
//! server echoes, in `Display` or `Debug` of any error; no credential or body sent to another
//! origin; no wait past the policy's caps or the call's deadline; streams that end on a
//! server that never stops paging. Every test runs in the normal `cargo test`.
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
