//! Hand-written conveniences on top of the generated API.

use crate::models::{
    AccessToken, AccessTokenCreateReq, AccessTokenCreateReqBody, AccessTokenUpdateReq,
    AccessTokenUpdateReqBody,
};
use crate::{Client, Error, ListAccessTokensError, ListAccessTokensParams};
use futures::TryStreamExt;

impl Client {
    /// Every access token matching `params`, all pages fetched (`limit`/`offset`) and
    /// collected; the first error ends the listing.
    ///
    /// `params.limit` sets the page size (default 100) and `params.offset` is ignored. To
    /// handle tokens as they arrive, use [`list_access_tokens_stream`](Self::list_access_tokens_stream).
    ///
    /// ```
    /// use xms_tokens::testkit::{FakeXms, NewToken};
    /// use xms_tokens::{Client, ListAccessTokensParams};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = FakeXms::start().await;
    /// for i in 0..25 {
    ///     fake.insert_token(NewToken::new(format!("token-{i}")));
    /// }
    /// # let client = Client::builder().base_url(fake.base_url()).token_in_header(fake.token()).build()?;
    /// let params = ListAccessTokensParams::default().limit(10);
    /// let tokens = client.list_all_access_tokens(params).await?;
    /// assert_eq!(tokens.len(), 25); // pages of 10, 10 and 5
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_all_access_tokens(
        &self,
        params: ListAccessTokensParams,
    ) -> Result<Vec<AccessToken>, Error<ListAccessTokensError>> {
        self.list_access_tokens_stream(params).try_collect().await
    }
}

impl AccessTokenCreateReq {
    /// The body that creates a token called `name` with these roles.
    ///
    /// ```
    /// use xms_tokens::models::AccessTokenCreateReq;
    /// let body = AccessTokenCreateReq::named("backup", ["admin"]).with_description("nightly job");
    /// assert_eq!(
    ///     serde_json::to_value(&body).unwrap(),
    ///     serde_json::json!({"access_token": {
    ///         "name": "backup", "roles": ["admin"], "description": "nightly job"
    ///     }})
    /// );
    /// ```
    pub fn named(
        name: impl Into<String>,
        roles: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self::new(AccessTokenCreateReqBody::new(
            name,
            roles.into_iter().map(Into::into).collect(),
        ))
    }

    /// Adds a description.
    ///
    /// ```
    /// use xms_tokens::models::AccessTokenCreateReq;
    /// let body = AccessTokenCreateReq::named("backup", ["admin"]).with_description("nightly job");
    /// assert_eq!(body.access_token.description.as_deref(), Some("nightly job"));
    /// ```
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.access_token.description = Some(description.into());
        self
    }
}

impl AccessTokenUpdateReq {
    /// The body that renames a token (the name is the only field that can change).
    ///
    /// ```
    /// use xms_tokens::models::AccessTokenUpdateReq;
    /// assert_eq!(
    ///     serde_json::to_string(&AccessTokenUpdateReq::rename("new name")).unwrap(),
    ///     r#"{"access_token":{"name":"new name"}}"#
    /// );
    /// ```
    pub fn rename(name: impl Into<String>) -> Self {
        Self::new(AccessTokenUpdateReqBody::new(name))
    }
}
