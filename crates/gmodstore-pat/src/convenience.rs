//! Hand-written conveniences on top of the generated API.

use crate::models::{
    NewPersonalAccessTokenPayload, PersonalAccessToken, PersonalAccessTokenScope,
    UpdatePersonalAccessTokenPayload,
};
use crate::{Client, Error, ListPersonalAccessTokensParams};
use apiclient_core::{Nullable, Timestamp};
use futures::TryStreamExt;

/// The legacy GModStore host (the default base URL): operations live under
/// `https://www.gmodstore.com/api/v3/...`.
pub const GMODSTORE_BASE_URL: &str = "https://www.gmodstore.com/api";

/// The current host of the platform, renamed Pivity: operations live under
/// `https://api.pivity.com/v3/...`. Pass it to [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
/// or set `GMODSTORE_BASE_URL` to it.
pub const PIVITY_BASE_URL: &str = "https://api.pivity.com";

impl Client {
    /// Every personal access token of the current user, all pages fetched (following
    /// `cursors.next`) and collected; the first error ends the listing.
    ///
    /// The cursor in `params` is ignored; `per_page` sets the page size (1 to 100). To handle
    /// tokens as they arrive, use [`list_personal_access_tokens_stream`](Self::list_personal_access_tokens_stream).
    pub async fn list_all_personal_access_tokens(
        &self,
        params: ListPersonalAccessTokensParams,
    ) -> Result<Vec<PersonalAccessToken>, Error> {
        self.list_personal_access_tokens_stream(params)
            .try_collect()
            .await
    }
}

impl NewPersonalAccessTokenPayload {
    /// Makes the token expire at `at` (by default a new token never expires).
    pub fn with_expires_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.expires_at = Nullable::Value(at.into());
        self
    }
}

impl UpdatePersonalAccessTokenPayload {
    /// Renames the token (3 to 100 characters).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Replaces the token's abilities.
    pub fn with_abilities(
        mut self,
        abilities: impl IntoIterator<Item = PersonalAccessTokenScope>,
    ) -> Self {
        self.abilities = Some(abilities.into_iter().collect());
        self
    }

    /// Makes the token expire at `at` (sends `"expiresAt": "<RFC 3339>"`).
    pub fn with_expires_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.expires_at = Nullable::Value(at.into());
        self
    }

    /// Makes the token never expire (sends `"expiresAt": null`). Without this or
    /// [`with_expires_at`](Self::with_expires_at), the expiry is left unchanged (the field is
    /// not sent).
    pub fn never_expires(mut self) -> Self {
        self.expires_at = Nullable::Null;
        self
    }
}
