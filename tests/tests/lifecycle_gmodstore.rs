//! `gmodstore_pat::Client` against `FakeGmodstore`: the whole token lifecycle through the
//! public client (create, get, list, update, delete, then 404 with the API's error body
//! decoded), cursor pagination across several pages, and the typed validation and auth errors.

mod support;

use std::collections::HashSet;

use apiclient_core::{Nullable, StatusCode, Timestamp};
use futures::{StreamExt, TryStreamExt};
use gmodstore_pat::testkit::FakeGmodstore;
use gmodstore_pat::{
    Client, CreatePersonalAccessTokenParams, DeletePersonalAccessTokenParams,
    GetPersonalAccessTokenParams, ListPersonalAccessTokensParams, NewPersonalAccessTokenPayload,
    PersonalAccessTokenScope as Scope, UpdatePersonalAccessTokenParams,
    UpdatePersonalAccessTokenPayload,
};
use support::{count, describe, fast_retry};

/// The collection path as the fake logs it (legacy host layout: `/api/v3/...`).
const COLLECTION: &str = "/api/v3/me/personal-access-tokens";

fn client_for(fake: &FakeGmodstore, token: &str) -> Client {
    Client::builder()
        .base_url(fake.base_url())
        .personal_access_token(token.to_owned())
        .retry_policy(fast_retry(3))
        .build()
        .expect("client")
}

/// A whole-second timestamp, so it survives the server's formatting unchanged.
fn whole_seconds_from_now(secs: i64) -> Timestamp {
    let now = chrono::Utc::now().timestamp();
    Timestamp::from(chrono::DateTime::from_timestamp(now + secs, 0).expect("in range"))
}

#[tokio::test]
async fn full_lifecycle_create_get_list_update_delete_then_404() {
    let fake = FakeGmodstore::start().await;
    let client = client_for(&fake, fake.token());
    let expires = whole_seconds_from_now(86_400);

    // Create: 201 with the one-time plain-text token and the vendor's rate-limit headers.
    let mut payload = NewPersonalAccessTokenPayload::new(
        "lifecycle bot",
        vec![Scope::PersonalAccessTokensRead, Scope::ProductsRead],
    );
    payload.expires_at = Nullable::Value(expires);
    let created = client
        .create_personal_access_token_with_response(
            &payload,
            CreatePersonalAccessTokenParams::default(),
        )
        .await
        .expect("create");
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.rate_limit.limit, Some(300));
    assert!(created.rate_limit.remaining.is_some_and(|r| r > 0));
    let data = created.into_body().data;
    let pat = data.personal_access_token;
    let secret = data.plain_text_token;
    assert!(!secret.expose_secret().is_empty());
    assert_eq!(pat.name, "lifecycle bot");
    assert_eq!(
        pat.abilities,
        [Scope::PersonalAccessTokensRead, Scope::ProductsRead]
    );
    assert_eq!(pat.expires_at, Some(expires));
    assert_eq!(pat.last_used_at, None);
    assert!(fake.token_record(&pat.id).is_some());

    // The new secret is a working bearer token (it holds `personal-access-tokens:read`).
    let as_new_token = client_for(&fake, secret.expose_secret());
    let itself = as_new_token
        .get_personal_access_token(&pat.id, GetPersonalAccessTokenParams::default())
        .await
        .expect("get with the new token");
    assert_eq!(itself.data.id, pat.id);
    // ... and the fake recorded the use.
    let used = client
        .get_personal_access_token(&pat.id, GetPersonalAccessTokenParams::default())
        .await
        .expect("get");
    assert!(used.data.last_used_at.is_some());
    assert_eq!(used.data.name, "lifecycle bot");

    // List: the token is there, exactly once.
    let listed = client
        .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
        .await
        .expect("list");
    assert_eq!(listed.data.iter().filter(|t| t.id == pat.id).count(), 1);
    assert_eq!(listed.meta.per_page, 24);
    assert_eq!(listed.cursors.next, None);

    // Update: rename and clear the expiry (`null` = never expires).
    let rename = UpdatePersonalAccessTokenPayload::default()
        .with_name("lifecycle bot (renamed)")
        .never_expires();
    let updated = client
        .update_personal_access_token(
            &pat.id,
            Some(&rename),
            UpdatePersonalAccessTokenParams::default(),
        )
        .await
        .expect("rename");
    assert_eq!(updated.data.name, "lifecycle bot (renamed)");
    assert_eq!(updated.data.expires_at, None);
    assert_eq!(
        updated.data.abilities,
        [Scope::PersonalAccessTokensRead, Scope::ProductsRead],
        "abilities left out of the body stay unchanged"
    );
    let body = fake
        .requests()
        .last()
        .expect("logged")
        .json()
        .expect("json");
    assert_eq!(
        body,
        serde_json::json!({"name": "lifecycle bot (renamed)", "expiresAt": null})
    );

    // Update: set a new expiry, leaving the name alone.
    let later = whole_seconds_from_now(3_600);
    let set_expiry = UpdatePersonalAccessTokenPayload::default().with_expires_at(later);
    let updated = client
        .update_personal_access_token(
            &pat.id,
            Some(&set_expiry),
            UpdatePersonalAccessTokenParams::default(),
        )
        .await
        .expect("set expiry");
    assert_eq!(updated.data.expires_at, Some(later));
    assert_eq!(updated.data.name, "lifecycle bot (renamed)");

    // Update without a body (what upstream declares): nothing changes, no body is sent.
    let unchanged = client
        .update_personal_access_token(&pat.id, None, UpdatePersonalAccessTokenParams::default())
        .await
        .expect("empty update");
    assert_eq!(unchanged.data.expires_at, Some(later));
    assert!(fake.requests().last().expect("logged").body_is_empty());

    // Delete, then every operation on the id is a 404 with `Error {message}` decoded.
    client
        .delete_personal_access_token(&pat.id, DeletePersonalAccessTokenParams::default())
        .await
        .expect("delete");
    assert!(fake.token_record(&pat.id).is_none());

    let err = client
        .get_personal_access_token(&pat.id, GetPersonalAccessTokenParams::default())
        .await
        .expect_err("gone");
    assert!(err.is_not_found(), "{err}");
    let Some(gmodstore_pat::GetPersonalAccessTokenError::Status404(model)) = err.model() else {
        panic!("the 404 body decodes into the operation's documented 404: {err:?}");
    };
    assert!(!model.message.is_empty());
    assert_eq!(model.errors, None);
    let api = err.api_error().expect("an API error");
    assert_eq!(
        api.path_template,
        "/v3/me/personal-access-tokens/{personal_access_token}"
    );
    assert_eq!(api.rate_limit.limit, Some(300));
    assert!(err.to_string().contains("404"), "{err}");

    let err = client
        .delete_personal_access_token(&pat.id, DeletePersonalAccessTokenParams::default())
        .await
        .expect_err("already deleted");
    assert!(err.is_not_found(), "{err}");
    let err = client
        .update_personal_access_token(
            &pat.id,
            Some(&rename),
            UpdatePersonalAccessTokenParams::default(),
        )
        .await
        .expect_err("cannot update a deleted token");
    assert!(err.is_not_found(), "{err}");

    // The deleted token's secret no longer authenticates.
    let err = as_new_token
        .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
        .await
        .expect_err("deleted secret");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(err.is_unauthorized());
}

#[tokio::test]
async fn stream_walks_every_page_and_sees_each_token_once() {
    let fake = FakeGmodstore::start().await;
    let seeded: HashSet<String> = fake.seed_tokens(23).into_iter().map(|t| t.id).collect();
    let client = client_for(&fake, fake.token());
    fake.clear_requests();

    let tokens: Vec<_> = client
        .list_personal_access_tokens_stream(ListPersonalAccessTokensParams::default().per_page(5))
        .try_collect()
        .await
        .expect("stream");

    assert_eq!(tokens.len(), 23);
    let ids: HashSet<String> = tokens.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids.len(), 23, "no token is yielded twice");
    assert_eq!(ids, seeded);
    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"seeded token 1"), "oldest first");
    assert_eq!(names.last(), Some(&"seeded token 23"));

    // 23 items at 5 per page: 5 page requests, the first without a cursor, the rest with one.
    let requests = fake.requests();
    assert_eq!(
        count(&requests, "GET", COLLECTION),
        5,
        "{:?}",
        describe(&requests)
    );
    assert_eq!(requests.len(), 5);
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(request.query_param("perPage"), Some("5"));
        assert_eq!(request.query_param("cursor").is_some(), i > 0);
    }
}

#[tokio::test]
async fn stream_stops_without_an_empty_page_on_an_exact_multiple() {
    let fake = FakeGmodstore::start().await;
    fake.seed_tokens(15);
    let client = client_for(&fake, fake.token());
    fake.clear_requests();

    let count_seen = client
        .list_personal_access_tokens_stream(ListPersonalAccessTokensParams::default().per_page(5))
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await
        .expect("stream");

    assert_eq!(count_seen, 15);
    assert_eq!(count(&fake.requests(), "GET", COLLECTION), 3);
}

#[tokio::test]
async fn stream_is_lazy_and_fetches_only_the_pages_read() {
    let fake = FakeGmodstore::start().await;
    fake.seed_tokens(30);
    let client = client_for(&fake, fake.token());
    fake.clear_requests();

    let first_seven: Vec<_> = client
        .list_personal_access_tokens_stream(ListPersonalAccessTokensParams::default().per_page(5))
        .take(7)
        .try_collect()
        .await
        .expect("stream");

    assert_eq!(first_seven.len(), 7);
    assert_eq!(count(&fake.requests(), "GET", COLLECTION), 2);
}

#[tokio::test]
async fn validation_error_decodes_field_messages() {
    let fake = FakeGmodstore::start().await;
    let client = client_for(&fake, fake.token());

    let err = client
        .create_personal_access_token(
            &NewPersonalAccessTokenPayload::new("ab", vec![Scope::UsersRead]),
            CreatePersonalAccessTokenParams::default(),
        )
        .await
        .expect_err("name too short");

    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let Some(gmodstore_pat::CreatePersonalAccessTokenError::Status400(model)) = err.model() else {
        panic!("the documented 400: {err:?}");
    };
    let fields = model.errors.as_ref().expect("field errors");
    assert!(fields.contains_key("name"), "{fields:?}");
    assert_eq!(fake.token_count(), 0);
    assert_eq!(fake.requests().len(), 1, "a 400 is not retried");
}

#[tokio::test]
async fn wrong_token_is_unauthorized_with_the_vendor_message() {
    let fake = FakeGmodstore::start().await;
    let client = client_for(&fake, "not-the-token");

    let err = client
        .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
        .await
        .expect_err("401");

    assert!(err.is_unauthorized(), "{err}");
    let Some(gmodstore_pat::ListPersonalAccessTokensError::Status401(model)) = err.model() else {
        panic!("the documented 401: {err:?}");
    };
    assert_eq!(model.message, "Unauthenticated.");
    assert!(!err.to_string().contains("not-the-token"));
}
