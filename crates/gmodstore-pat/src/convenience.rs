//! Hand-written conveniences on top of the generated API.

use crate::models::{PersonalAccessToken, UpdatePersonalAccessTokenPayload};
use crate::{Client, Error, ListPersonalAccessTokensError, ListPersonalAccessTokensParams};
use apiclient_core::Nullable;
use futures::TryStreamExt;

/// The legacy GModStore host (the default base URL): operations live under
/// `https://www.gmodstore.com/api/v3/...`.
///
/// ```
/// assert_eq!(gmodstore_pat::GMODSTORE_BASE_URL, gmodstore_pat::DEFAULT_BASE_URL);
/// ```
pub const GMODSTORE_BASE_URL: &str = "https://www.gmodstore.com/api";

/// The current host of the platform, renamed Pivity: operations live under
/// `https://api.pivity.com/v3/...`. Pass it to [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
/// or set `GMODSTORE_BASE_URL` to it.
///
/// ```
/// use gmodstore_pat::{Client, PIVITY_BASE_URL};
/// let client = Client::builder()
///     .base_url(PIVITY_BASE_URL)
///     .personal_access_token("my-token")
///     .build()?;
/// # let _ = client;
/// # Ok::<(), gmodstore_pat::ConfigError>(())
/// ```
pub const PIVITY_BASE_URL: &str = "https://api.pivity.com";

impl Client {
    /// Every personal access token of the current user, all pages fetched (following
    /// `cursors.next`) and collected; the first error ends the listing.
    ///
    /// The cursor in `params` is ignored; `per_page` sets the page size (1 to 100). To handle
    /// tokens as they arrive, use [`list_personal_access_tokens_stream`](Self::list_personal_access_tokens_stream).
    ///
    /// ```
    /// use gmodstore_pat::testkit::FakeGmodstore;
    /// use gmodstore_pat::{Client, ListPersonalAccessTokensParams};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = FakeGmodstore::start().await;
    /// fake.seed_tokens(30);
    /// # let client = Client::builder().base_url(fake.base_url()).personal_access_token(fake.token()).build()?;
    /// let params = ListPersonalAccessTokensParams::default().per_page(10);
    /// let tokens = client.list_all_personal_access_tokens(params).await?;
    /// assert_eq!(tokens.len(), 30); // three pages of 10
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_all_personal_access_tokens(
        &self,
        params: ListPersonalAccessTokensParams,
    ) -> Result<Vec<PersonalAccessToken>, Error<ListPersonalAccessTokensError>> {
        self.list_personal_access_tokens_stream(params)
            .try_collect()
            .await
    }
}

/// The generated `with_*` setters set the optional fields; this adds the one that sends
/// `null`.
impl UpdatePersonalAccessTokenPayload {
    /// Makes the token never expire (sends `"expiresAt": null`). Without this or
    /// [`with_expires_at`](Self::with_expires_at), the expiry is left unchanged (the field is
    /// not sent).
    ///
    /// ```
    /// use gmodstore_pat::models::UpdatePersonalAccessTokenPayload;
    ///
    /// let changes = UpdatePersonalAccessTokenPayload::default().never_expires();
    /// assert_eq!(serde_json::to_value(&changes)?, serde_json::json!({"expiresAt": null}));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn never_expires(mut self) -> Self {
        self.expires_at = Nullable::Null;
        self
    }
}
