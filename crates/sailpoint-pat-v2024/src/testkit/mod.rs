//! An in-process fake of the SailPoint Identity Security Cloud v2024 PAT API (feature `testkit`).
//!
//! [`FakeSailPoint`] is the version-neutral [`sailpoint_common::testkit::FakeSailPoint`] serving
//! `/v2024/...`: the OAuth token endpoint, access-token expiry, filters, JSON Patch rules,
//! `ErrorResponseDto` errors and knobs are described there, and every method documented there
//! is available here.
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

pub use sailpoint_common::testkit::{
    ApiVersion, NewPat, SailPointApi, SeedTimes, SeedTimestamps, SeededPat,
};

/// The version segment this crate's fake serves.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use sailpoint_pat_v2024::testkit::{FakeSailPoint, VERSION};
/// let fake = FakeSailPoint::start().await;
/// assert!(fake.base_url().ends_with(&format!("/{VERSION}")));
/// # }
/// ```
pub const VERSION: &str = "v2024";

/// API version v2024, the [`ApiVersion`] of this crate's [`FakeSailPoint`].
///
/// ```
/// use sailpoint_pat_v2024::testkit::{ApiVersion, V2024};
/// assert_eq!(V2024::SEGMENT, "v2024");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct V2024;

impl ApiVersion for V2024 {
    const SEGMENT: &'static str = VERSION;
}

/// A running fake SailPoint v2024 API; see the [module docs](self).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let fake = sailpoint_pat_v2024::testkit::FakeSailPoint::start().await;
/// assert!(fake.base_url().ends_with("/v2024"));
/// assert_eq!(fake.version(), "v2024");
/// # }
/// ```
pub type FakeSailPoint = sailpoint_common::testkit::FakeSailPoint<V2024>;

// The fallback of the examples when the environment holds no setting.
apiclient_core::example_fake!(FakeSailPoint => crate::Client, oauth2(client_id, client_secret));
