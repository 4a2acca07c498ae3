//! Code written against `PersonalAccessTokensApi` keeps pagination: a hand-written mock that
//! implements only the operations gets `*_stream`, `list_all_*` and `*_with_response` from the
//! trait and `PersonalAccessTokensApiExt`, and the client does the same through the trait.

mod common;

use apiclient_core::testkit::{CallLog, not_used_by_mock};
use common::*;
use gmodstore_pat::models::{
    DeleteTeamResponse, GetPersonalAccessTokenResponse, InlineResponse201,
    ListPersonalAccessTokensResponse, NewPersonalAccessTokenPayload, PersonalAccessToken,
    UpdatePersonalAccessTokenPayload, UpdatePersonalAccessTokenResponse,
};
use gmodstore_pat::prelude::*;
use gmodstore_pat::{
    CreatePersonalAccessTokenError, CreatePersonalAccessTokenParams,
    DeletePersonalAccessTokenError, DeletePersonalAccessTokenParams, Error,
    GetPersonalAccessTokenError, GetPersonalAccessTokenParams, ListPersonalAccessTokensError,
    ListPersonalAccessTokensParams, Paging, StatusCode, UpdatePersonalAccessTokenError,
    UpdatePersonalAccessTokenParams,
};
use wiremock::MockServer;

/// Answers the listing from three pages chained by cursors (`c2`, `c3`), and records the
/// `(cursor, per_page)` of every page it is asked for.
#[derive(Default)]
struct PagedMock {
    asked: CallLog<(Option<String>, Option<i32>)>,
    max_pages: Option<u64>,
}

#[async_trait::async_trait]
impl PersonalAccessTokensApi for PagedMock {
    async fn list_personal_access_tokens(
        &self,
        params: ListPersonalAccessTokensParams,
    ) -> Result<ListPersonalAccessTokensResponse, Error<ListPersonalAccessTokensError>> {
        self.asked.record((params.cursor.clone(), params.per_page));
        let page = match params.cursor.as_deref() {
            None => page_json(&["a", "b"], Some("c2")),
            Some("c2") => page_json(&["c", "d"], Some("c3")),
            Some("c3") => page_json(&["e"], None),
            Some(other) => panic!("asked for an unknown cursor {other}"),
        };
        Ok(serde_json::from_value(page).expect("a page"))
    }

    async fn create_personal_access_token(
        &self,
        _body: &NewPersonalAccessTokenPayload,
        _params: CreatePersonalAccessTokenParams,
    ) -> Result<InlineResponse201, Error<CreatePersonalAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn get_personal_access_token(
        &self,
        _personal_access_token: &str,
        _params: GetPersonalAccessTokenParams,
    ) -> Result<GetPersonalAccessTokenResponse, Error<GetPersonalAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn update_personal_access_token(
        &self,
        _personal_access_token: &str,
        _body: Option<&UpdatePersonalAccessTokenPayload>,
        _params: UpdatePersonalAccessTokenParams,
    ) -> Result<UpdatePersonalAccessTokenResponse, Error<UpdatePersonalAccessTokenError>> {
        Err(not_used_by_mock())
    }

    async fn delete_personal_access_token(
        &self,
        _personal_access_token: &str,
        _params: DeletePersonalAccessTokenParams,
    ) -> Result<Option<DeleteTeamResponse>, Error<DeletePersonalAccessTokenError>> {
        Err(not_used_by_mock())
    }

    fn paging(&self) -> Paging {
        self.max_pages.map_or_else(Default::default, Paging::new)
    }
}

/// Code that knows only the trait.
async fn every_token(
    api: &dyn PersonalAccessTokensApi,
) -> Result<Vec<PersonalAccessToken>, Error<ListPersonalAccessTokensError>> {
    api.list_all_personal_access_tokens(ListPersonalAccessTokensParams::default().per_page(2))
        .await
}

fn ids(tokens: &[PersonalAccessToken]) -> Vec<&str> {
    tokens.iter().map(|t| t.id.as_str()).collect()
}

fn c(cursor: &str) -> Option<String> {
    Some(cursor.to_owned())
}

#[tokio::test]
async fn list_all_through_the_trait_asks_the_mock_for_every_page_in_order() {
    let mock = PagedMock::default();

    let tokens = every_token(&mock).await.unwrap();

    assert_eq!(ids(&tokens), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        mock.asked.calls(),
        [(None, Some(2)), (c("c2"), Some(2)), (c("c3"), Some(2))],
        "each page once, following the cursors, with the page size set"
    );
}

#[tokio::test]
async fn the_stream_through_the_trait_fetches_pages_only_as_it_is_read() {
    let mock = PagedMock::default();
    // The cursor set in `params` is ignored: the stream starts at the first page.
    let params = ListPersonalAccessTokensParams::default().cursor("c3");
    let api: &dyn PersonalAccessTokensApi = &mock;
    let stream = api.list_personal_access_tokens_stream(params);
    let first_three: Vec<_> = stream.take(3).try_collect().await.unwrap();

    assert_eq!(ids(&first_three), ["a", "b", "c"]);
    assert_eq!(mock.asked.calls(), [(None, None), (c("c2"), None)]);
}

#[tokio::test]
async fn the_mock_paging_limit_ends_the_listing_with_a_pagination_error() {
    let mock = PagedMock {
        max_pages: Some(2),
        ..Default::default()
    };

    let err = every_token(&mock).await.unwrap_err();

    let Error::Pagination(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.pages, 2);
    assert_eq!(
        mock.asked.calls(),
        [(None, Some(2)), (c("c2"), Some(2))],
        "no third page is asked for"
    );
}

#[tokio::test]
async fn with_response_of_a_mock_is_its_answer_with_200_and_no_headers() {
    let mock = PagedMock::default();

    let response = mock
        .list_personal_access_tokens_with_response(Default::default())
        .await
        .unwrap();

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.headers.is_empty());
    assert_eq!(response.rate_limit, Default::default());
    assert_eq!(ids(&response.body.data), ["a", "b"]);
    assert_eq!(mock.asked.calls(), [(None, None)]);
}

#[tokio::test]
async fn the_client_through_the_trait_has_its_real_response_and_page_limit() {
    let server = MockServer::start().await;
    // The first page is fetched twice (the call, then the listing), the second once.
    for (cursor, page, times) in [
        (None, page_json(&["a", "b"], Some("c2")), 2),
        (Some("c2"), page_json(&["c", "d"], Some("c3")), 1),
    ] {
        let mock = wiremock::Mock::given(wiremock::matchers::path(COLLECTION));
        let mock = match cursor {
            Some(c) => mock.and(wiremock::matchers::query_param("cursor", c)),
            None => mock.and(wiremock::matchers::query_param_is_missing("cursor")),
        };
        mock.respond_with(json_response(200, page))
            .expect(times)
            .mount(&server)
            .await;
    }
    let client = builder(&server).max_pages(2).build().unwrap();
    let api: &dyn PersonalAccessTokensApi = &client;

    let response = api
        .list_personal_access_tokens_with_response(Default::default())
        .await
        .unwrap();
    assert_eq!(response.rate_limit.limit, Some(300), "the real headers");
    assert_eq!(response.rate_limit.remaining, Some(299));

    let err = every_token(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(e) if e.pages == 2),
        "the client's max_pages: {err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
