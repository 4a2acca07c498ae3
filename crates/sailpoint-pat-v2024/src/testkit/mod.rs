//! An in-process fake of the SailPoint Identity Security Cloud v2024 PAT API (feature
//! `testkit`).
//!
//! This is the `sailpoint-pat-v3` fake serving `/v2024/...` instead of `/v3/...`; the PAT
//! operations of both versions are identical, and so is the fake's behaviour (OAuth token
//! endpoint, access-token expiry, filters, JSON Patch rules, `ErrorResponseDto` errors, knobs):
//! see [`sailpoint_pat_v3::testkit`]. [`FakeSailPoint`] dereferences to the shared
//! implementation, so every method documented there is available here.
//!
//! ```
//! use sailpoint_pat_v2024::testkit::FakeSailPoint;
//! use sailpoint_pat_v2024::{Client, ListPersonalAccessTokensParams, PersonalAccessTokensApi};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeSailPoint::start().await;
//! fake.seed_tokens(3);
//! let client = Client::builder()
//!     .base_url(fake.base_url()) // the token URL follows: <host>/oauth/token
//!     .oauth2(fake.client_id(), fake.client_secret())
//!     .build()
//!     .unwrap();
//! let params = ListPersonalAccessTokensParams::default;
//! assert_eq!(client.list_personal_access_tokens(params()).await.unwrap().len(), 3);
//! fake.expire_access_tokens(); // the next call gets a 401 and fetches a fresh token
//! client.list_personal_access_tokens(params()).await.unwrap();
//! assert_eq!(fake.token_request_count(), 2);
//! # }
//! ```

use std::ops::Deref;

pub use sailpoint_pat_v3::testkit::{NewPat, SailPointApi, SeededPat};

#[cfg(test)]
mod tests;

/// The version segment this crate's fake serves.
pub const VERSION: &str = "v2024";

/// A running fake SailPoint v2024 API; dereferences to the shared
/// [`sailpoint_pat_v3::testkit::FakeSailPoint`].
///
/// ```no_run
/// # async fn f() {
/// let fake = sailpoint_pat_v2024::testkit::FakeSailPoint::start().await;
/// assert!(fake.base_url().ends_with("/v2024"));
/// # }
/// ```
#[derive(Debug)]
pub struct FakeSailPoint(sailpoint_pat_v3::testkit::FakeSailPoint);

impl FakeSailPoint {
    /// Starts a fake serving `/v2024/personal-access-tokens` with fresh random credentials.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let fake = sailpoint_pat_v2024::testkit::FakeSailPoint::start().await;
    /// assert_eq!(fake.version(), "v2024");
    /// # }
    /// ```
    pub async fn start() -> Self {
        Self(sailpoint_pat_v3::testkit::FakeSailPoint::start_with_version(VERSION).await)
    }

    /// The shared implementation, by value.
    ///
    /// ```no_run
    /// # async fn f() {
    /// let inner = sailpoint_pat_v2024::testkit::FakeSailPoint::start().await.into_inner();
    /// # }
    /// ```
    pub fn into_inner(self) -> sailpoint_pat_v3::testkit::FakeSailPoint {
        self.0
    }
}

impl Deref for FakeSailPoint {
    type Target = sailpoint_pat_v3::testkit::FakeSailPoint;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
