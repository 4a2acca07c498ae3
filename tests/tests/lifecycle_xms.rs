//! `xms_tokens::Client` against `FakeXms`: the whole access-token lifecycle through the public
//! client (create, get, list, rename, validate, regenerate, delete, then 404 with the API's
//! error body decoded), limit/offset pagination across several pages, and the typed errors.

mod support;

use std::collections::HashSet;

use apiclient_core::{SecretString, StatusCode};
use futures::TryStreamExt;
use serde_json::json;
use support::{count, describe, fast_retry};
use xms_tokens::testkit::{FakeXms, NewToken};
use xms_tokens::{
    AccessTokenCreateReq, AccessTokenCreateReqBody, AccessTokenUpdateReq, AccessTokenUpdateReqBody,
    Client, ListAccessTokensParams,
};

/// The collection path as the fake logs it.
const COLLECTION: &str = "/v1/access-tokens/";

fn client_for(fake: &FakeXms, token: &str) -> Client {
    Client::builder()
        .base_url(fake.base_url())
        .token_in_header(token.to_owned())
        .retry_policy(fast_retry(3))
        .build()
        .expect("client")
}

fn create_request(name: &str) -> AccessTokenCreateReq {
    let mut body = AccessTokenCreateReqBody::new(name, vec!["admin".to_owned()]);
    body.description = Some("made by the lifecycle test".to_owned());
    AccessTokenCreateReq::new(body)
}

#[tokio::test]
async fn full_lifecycle_create_list_rename_validate_regenerate_delete_then_404() {
    let fake = FakeXms::start().await;
    let client = client_for(&fake, fake.token());

    // Create: 201 with the secret (`uuid`), shown only here and by regenerate.
    let created = client
        .create_access_token_with_response(&create_request("lifecycle-bot"))
        .await
        .expect("create");
    assert_eq!(created.status, StatusCode::CREATED);
    let record = created.into_body().access_token;
    let id = record.id.expect("id");
    let first_secret = record.uuid.expect("secret on create");
    assert!(!first_secret.expose_secret().is_empty());
    assert_eq!(record.name.as_deref(), Some("lifecycle-bot"));
    assert_eq!(record.roles, Some(vec!["admin".to_owned()]));
    assert_eq!(
        record.description.as_deref(),
        Some("made by the lifecycle test")
    );
    let owner = record.user.expect("owner");
    assert_eq!((owner.id, owner.name.as_deref()), (Some(1), Some("admin")));
    assert_eq!(
        fake.token_secret(id).as_deref(),
        Some(first_secret.expose_secret())
    );

    // Get and list.
    let got = client.get_access_token(id).await.expect("get");
    assert_eq!(got.access_token.id, Some(id));
    assert_eq!(got.access_token.used, Some(false));
    let listed = client
        .list_access_tokens(ListAccessTokensParams::default())
        .await
        .expect("list");
    let tokens = listed.access_tokens.expect("access_tokens");
    assert_eq!(tokens.iter().filter(|t| t.id == Some(id)).count(), 1);
    assert_eq!(listed.paging.and_then(|p| p.total_count), Some(1));

    // Rename (PATCH, `{"access_token": {"name"}}`).
    let renamed = client
        .update_access_token(
            id,
            &AccessTokenUpdateReq::new(AccessTokenUpdateReqBody::new("lifecycle-bot-renamed")),
        )
        .await
        .expect("rename");
    assert_eq!(
        renamed.access_token.name.as_deref(),
        Some("lifecycle-bot-renamed")
    );
    let sent = fake.requests().last().expect("logged").clone();
    assert_eq!(sent.method(), "PATCH");
    assert_eq!(
        sent.json().expect("json"),
        json!({"access_token": {"name": "lifecycle-bot-renamed"}})
    );

    // Validate the secret: the subject travels in the query, never in an error message.
    let valid = client
        .validate_access_token(&first_secret)
        .await
        .expect("validate");
    assert_eq!(valid.access_token.id, Some(id));
    assert_eq!(
        fake.requests()
            .last()
            .expect("logged")
            .query_param("subject_access_token"),
        Some(first_secret.expose_secret())
    );

    // The secret authenticates as an API key of its own.
    let as_new_token = client_for(&fake, first_secret.expose_secret());
    as_new_token
        .get_access_token(id)
        .await
        .expect("own key works");
    assert_eq!(
        client
            .get_access_token(id)
            .await
            .expect("get")
            .access_token
            .used,
        Some(true)
    );

    // Regenerate: a new secret; the old one stops validating and authenticating at once.
    let regenerated = client
        .regenerate_access_token(id)
        .await
        .expect("regenerate");
    assert_eq!(regenerated.access_token.id, Some(id));
    let second_secret = regenerated.access_token.uuid.expect("secret on regenerate");
    assert_ne!(second_secret.expose_secret(), first_secret.expose_secret());
    let regenerate_request = fake.requests().last().expect("logged").clone();
    assert_eq!(regenerate_request.method(), "POST");
    assert!(regenerate_request.body_is_empty(), "regenerate has no body");

    let err = client
        .validate_access_token(&first_secret)
        .await
        .expect_err("old secret is invalid");
    assert!(err.is_not_found(), "{err}");
    let Some(xms_tokens::ValidateAccessTokenError::Status404(model)) = err.model() else {
        panic!("the documented 404: {err:?}");
    };
    assert_eq!(model.code, Some(json!("NotFound")));
    assert!(
        !err.to_string().contains(first_secret.expose_secret()),
        "the subject token never appears in the message: {err}"
    );
    client
        .validate_access_token(&second_secret)
        .await
        .expect("new secret is valid");
    let err = as_new_token
        .get_access_token(id)
        .await
        .expect_err("old key rejected");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    client_for(&fake, second_secret.expose_secret())
        .get_access_token(id)
        .await
        .expect("new key works");

    // Delete (204, no body), then the id is a 404 with `{code, message}` decoded.
    let deleted = client
        .delete_access_token_with_response(id)
        .await
        .expect("delete");
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(fake.token_count(), 0);

    let err = client.get_access_token(id).await.expect_err("gone");
    assert!(err.is_not_found(), "{err}");
    let Some(xms_tokens::GetAccessTokenError::Status404(model)) = err.model() else {
        panic!("the documented 404: {err:?}");
    };
    assert_eq!(model.code, Some(json!("NotFound")));
    assert!(model.message.as_deref().is_some_and(|m| !m.is_empty()));
    assert_eq!(
        err.api_error().map(|e| e.path_template),
        Some("/access-tokens/{access_token_id}")
    );
    let err = client.delete_access_token(id).await.expect_err("again");
    assert!(err.is_not_found(), "{err}");
    let err = client
        .validate_access_token(&second_secret)
        .await
        .expect_err("a deleted token's secret is invalid");
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test]
async fn stream_walks_every_page_by_offset_and_sees_each_token_once() {
    let fake = FakeXms::start().await;
    let seeded: HashSet<i64> = fake.seed_tokens(12).into_iter().map(|t| t.id).collect();
    let client = client_for(&fake, fake.token());

    let tokens: Vec<_> = client
        .list_access_tokens_stream(ListAccessTokensParams::default().limit(5))
        .try_collect()
        .await
        .expect("stream");

    let ids: Vec<i64> = tokens.iter().map(|t| t.id.expect("id")).collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(ids.iter().copied().collect::<HashSet<_>>(), seeded);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ascending ids: {ids:?}"
    );

    // 12 items at 5 per page: offsets 0, 5 and 10, each with limit 5.
    let requests = fake.requests();
    assert_eq!(
        count(&requests, "GET", COLLECTION),
        3,
        "{:?}",
        describe(&requests)
    );
    let offsets: Vec<Option<&str>> = requests.iter().map(|r| r.query_param("offset")).collect();
    assert_eq!(offsets, [Some("0"), Some("5"), Some("10")]);
    assert!(requests.iter().all(|r| r.query_param("limit") == Some("5")));
}

#[tokio::test]
async fn stream_stops_at_the_total_without_an_empty_page() {
    let fake = FakeXms::start().await;
    fake.seed_tokens(15);
    let client = client_for(&fake, fake.token());

    let tokens: Vec<_> = client
        .list_access_tokens_stream(ListAccessTokensParams::default().limit(5))
        .try_collect()
        .await
        .expect("stream");

    assert_eq!(tokens.len(), 15);
    assert_eq!(
        count(&fake.requests(), "GET", COLLECTION),
        3,
        "paging.total_count ends the stream"
    );
}

#[tokio::test]
async fn stream_keeps_the_other_filters_on_every_page() {
    let fake = FakeXms::start().await;
    for n in 0..7 {
        fake.insert_token(NewToken::new(format!("viewer-{n}")).with_roles(["viewer"]));
        fake.insert_token(NewToken::new(format!("admin-{n}")));
    }
    let client = client_for(&fake, fake.token());

    let viewers: Vec<_> = client
        .list_access_tokens_stream(ListAccessTokensParams::default().limit(3).role("viewer"))
        .try_collect()
        .await
        .expect("stream");

    assert_eq!(viewers.len(), 7);
    assert!(
        viewers
            .iter()
            .all(|t| t.roles.as_deref() == Some(&["viewer".to_owned()][..]))
    );
    let requests = fake.requests();
    assert_eq!(count(&requests, "GET", COLLECTION), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.query_param("role") == Some("viewer"))
    );
}

#[tokio::test]
async fn duplicate_name_is_a_409_with_the_error_code() {
    let fake = FakeXms::start().await;
    fake.insert_token(NewToken::new("taken"));
    let client = client_for(&fake, fake.token());

    let err = client
        .create_access_token(&create_request("taken"))
        .await
        .expect_err("conflict");

    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    let Some(xms_tokens::CreateAccessTokenError::Status409(model)) = err.model() else {
        panic!("the documented 409: {err:?}");
    };
    assert_eq!(model.code, Some(json!("AlreadyExists")));
    assert_eq!(fake.requests().len(), 1, "a 409 is not retried");
}

#[tokio::test]
async fn token_in_query_authenticates_and_stays_out_of_errors() {
    let fake = FakeXms::start().await;
    let seeded = fake.insert_token(NewToken::new("query-auth"));
    let client = Client::builder()
        .base_url(fake.base_url())
        .token_in_query(fake.token().to_owned())
        .retry_policy(fast_retry(1))
        .build()
        .expect("client");

    let got = client.get_access_token(seeded.id).await.expect("get");
    assert_eq!(got.access_token.name.as_deref(), Some("query-auth"));
    assert_eq!(
        fake.requests().last().expect("logged").query_param("token"),
        Some(fake.token())
    );

    let err = client
        .validate_access_token(&SecretString::from("no-such-secret"))
        .await
        .expect_err("unknown subject");
    assert!(err.is_not_found(), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(fake.token()), "{shown}");
    assert!(!shown.contains("no-such-secret"), "{shown}");
}
