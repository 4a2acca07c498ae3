//! The provider-conformance suite for `gmodstore-pat` and `xms-tokens`, against wiremock on
//! 127.0.0.1: every documented error status of every operation decoded into the typed error,
//! error bodies that do not fit the model, and which calls are sent again after a 503 or a 429.
//! The runtime behind it (back-off, server-asked waits, caps, undocumented answers) is tested
//! once in `apiclient-core`; the SailPoint crates have their own suite in
//! `sailpoint_operations.rs`.

#[macro_use]
mod conformance;

conformance_suite!(gmodstore, crate::conformance::gmodstore::GModStore);
conformance_suite!(xms, crate::conformance::xms::Xms);
