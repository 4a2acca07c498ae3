//! Code written against `AccessTokensApi` keeps offset pagination: a hand-written mock that
//! implements only the operations is driven through `list_all_access_tokens` and
//! `list_access_tokens_stream` of `AccessTokensApiExt`.

mod common;

use apiclient_core::testkit::{CallLog, not_used_by_mock};
use common::*;
use serde_json::json;
use xms_tokens::models::{
    AccessToken, AccessTokenCreateReq, AccessTokenCreateResp, AccessTokenResp,
    AccessTokenUpdateReq, AccessTokensResp,
};
use xms_tokens::prelude::*;
use xms_tokens::{
    CreateAccessTokenError, DeleteAccessTokenError, Error, GetAccessTokenError,
    ListAccessTokensError, ListAccessTokensParams, RegenerateAccessTokenError, SecretString,
    UpdateAccessTokenError, ValidateAccessTokenError,
};

/// Seven tokens (ids 1 to 7) served by `limit`/`offset`, with `total_count`; records the
/// `(limit, offset, role)` of every page it is asked for.
#[derive(Default)]
struct OffsetMock {
    asked: CallLog<Asked>,
}

/// The `(limit, offset, role)` of one page asked for.
type Asked = (Option<i64>, Option<i64>, Option<String>);

#[async_trait::async_trait]
impl AccessTokensApi for OffsetMock {
    async fn list_access_tokens(
        &self,
        params: ListAccessTokensParams,
    ) -> Result<AccessTokensResp, Error<ListAccessTokensError>> {
        self.asked
            .record((params.limit, params.offset, params.role.clone()));
        let (limit, offset) = (params.limit.unwrap_or(100), params.offset.unwrap_or(0));
        let ids: Vec<i64> = (1..=7).skip(offset as usize).take(limit as usize).collect();
        let page = page_json(&ids, Some(json!({"total_count": 7})));
        Ok(serde_json::from_value(page).expect("a page"))
    }

    async fn create_access_token(
        &self,
        _body: &AccessTokenCreateReq,
    ) -> Result<AccessTokenCreateResp, Error<CreateAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn get_access_token(
        &self,
        _access_token_id: i64,
    ) -> Result<AccessTokenResp, Error<GetAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn update_access_token(
        &self,
        _access_token_id: i64,
        _body: &AccessTokenUpdateReq,
    ) -> Result<AccessTokenResp, Error<UpdateAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn delete_access_token(
        &self,
        _access_token_id: i64,
    ) -> Result<(), Error<DeleteAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn regenerate_access_token(
        &self,
        _access_token_id: i64,
    ) -> Result<AccessTokenCreateResp, Error<RegenerateAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn validate_access_token(
        &self,
        _subject_access_token: &SecretString,
    ) -> Result<AccessTokenResp, Error<ValidateAccessTokenError>> {
        Err(not_used_by_mock())
    }
}

fn ids(tokens: &[AccessToken]) -> Vec<i64> {
    tokens.iter().map(|t| t.id.expect("an id")).collect()
}

/// Code that knows only the trait.
async fn admins<A: AccessTokensApi + ?Sized>(
    api: &A,
) -> Result<Vec<AccessToken>, Error<ListAccessTokensError>> {
    let params = ListAccessTokensParams::default()
        .limit(3)
        .offset(5)
        .role("admin");
    api.list_all_access_tokens(params).await
}

#[tokio::test]
async fn list_all_through_the_trait_asks_for_every_offset_until_the_total() {
    let mock = OffsetMock::default();

    let tokens = admins(&mock).await.unwrap();

    assert_eq!(ids(&tokens), [1, 2, 3, 4, 5, 6, 7]);
    let admin = || Some("admin".to_owned());
    assert_eq!(
        mock.asked.calls(),
        [
            (Some(3), Some(0), admin()),
            (Some(3), Some(3), admin()),
            (Some(3), Some(6), admin()),
        ],
        "the offset in params is ignored; the other parameters are sent on every page"
    );
}

#[tokio::test]
async fn the_stream_through_a_trait_object_reads_pages_lazily_with_the_default_size() {
    let mock = OffsetMock::default();
    let api: &dyn AccessTokensApi = &mock;

    let first: Vec<_> = api
        .list_access_tokens_stream(ListAccessTokensParams::default())
        .take(2)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&first), [1, 2]);
    assert_eq!(mock.asked.calls(), [(Some(100), Some(0), None)]);
}
