//! `sailpoint_pat_v3::Client` and `sailpoint_pat_v2024::Client` against their `FakeSailPoint`:
//! the whole PAT lifecycle through the public client (create, list, patch, use the new PAT's
//! credentials, delete, then 404 with `ErrorResponseDto` decoded), and OAuth2 access tokens
//! that expire mid-run and are refreshed without the caller noticing.
//!
//! Both API versions run the same tests: the macro below is instantiated once per crate.

mod support;

macro_rules! sailpoint_lifecycle_tests {
    ($module:ident, $krate:ident) => {
        mod $module {
            use apiclient_core::StatusCode;
            use $krate::testkit::{FakeSailPoint, NewPat, SeedTimestamps};
            use $krate::{
                Client, CreatePersonalAccessTokenRequest, JsonPatchOperation, JsonPatchOperationOp,
                JsonPatchOperationValue, ListPersonalAccessTokensParams,
            };

            use crate::support::{count, describe, fast_retry};

            fn client_with(fake: &FakeSailPoint, id: &str, secret: &str) -> Client {
                Client::builder()
                    .base_url(fake.base_url())
                    .oauth2(id.to_owned(), secret.to_owned())
                    .retry_policy(fast_retry(3))
                    .build()
                    .expect("client")
            }

            fn client_for(fake: &FakeSailPoint) -> Client {
                client_with(fake, fake.client_id(), fake.client_secret())
            }

            fn collection(fake: &FakeSailPoint) -> String {
                format!("/{}/personal-access-tokens", fake.version())
            }

            fn replace(path: &str, value: JsonPatchOperationValue) -> JsonPatchOperation {
                let mut op = JsonPatchOperation::new(JsonPatchOperationOp::Replace, path);
                op.value = Some(value);
                op
            }

            fn mine() -> ListPersonalAccessTokensParams {
                ListPersonalAccessTokensParams::default().owner_id("me")
            }

            #[tokio::test]
            async fn full_lifecycle_create_list_patch_use_delete_then_404() {
                let fake = FakeSailPoint::start().await;
                let client = client_for(&fake);

                // Create (200): the secret is shown only here.
                let mut request = CreatePersonalAccessTokenRequest::new("lifecycle-bot");
                request.scope =
                    apiclient_core::Nullable::Value(vec!["sp:scopes:default".to_owned()]);
                request.access_token_validity_seconds = Some(900);
                let created = client
                    .create_personal_access_token_with_response(&request)
                    .await
                    .expect("create");
                assert_eq!(created.status, StatusCode::OK);
                let created = created.into_body();
                assert_eq!(created.name, "lifecycle-bot");
                assert_eq!(created.scope, Some(vec!["sp:scopes:default".to_owned()]));
                assert_eq!(created.access_token_validity_seconds, Some(900));
                assert_eq!(created.owner.id.as_deref(), Some(fake.identity().0));
                assert!(!created.secret.expose_secret().is_empty());
                assert_eq!(
                    fake.token_request_count(),
                    1,
                    "one token for the first call"
                );

                // List the caller's tokens: the new one is there, never used yet.
                let listed = client
                    .list_personal_access_tokens(mine())
                    .await
                    .expect("list");
                let found = listed.iter().find(|t| t.id == created.id).expect("listed");
                assert_eq!(found.last_used, None);
                assert_eq!(found.managed, Some(false));
                assert_eq!(
                    fake.requests()
                        .last()
                        .expect("logged")
                        .query_param("owner-id"),
                    Some("me")
                );

                // Patch name and scope (application/json-patch+json).
                let patched = client
                    .patch_personal_access_token(
                        &created.id,
                        &[
                            replace(
                                "/name",
                                JsonPatchOperationValue::String("lifecycle-bot-renamed".into()),
                            ),
                            replace(
                                "/scope",
                                JsonPatchOperationValue::Array(vec![serde_json::json!(
                                    "sp:scopes:all"
                                )]),
                            ),
                        ],
                    )
                    .await
                    .expect("patch");
                assert_eq!(patched.name, "lifecycle-bot-renamed");
                assert_eq!(patched.scope, Some(vec!["sp:scopes:all".to_owned()]));
                let sent = fake.requests().last().expect("logged").clone();
                assert_eq!(sent.method(), "PATCH");
                assert_eq!(
                    sent.content_type().as_deref(),
                    Some("application/json-patch+json")
                );

                // The new PAT works: a second client exchanges its id and secret for an access
                // token and calls the API with it; the fake records the use.
                let as_new_pat = client_with(&fake, &created.id, created.secret.expose_secret());
                as_new_pat
                    .list_personal_access_tokens(mine())
                    .await
                    .expect("the new PAT authenticates");
                assert_eq!(fake.token_request_count(), 2);
                let record = fake.token_record(&created.id).expect("record");
                assert!(!record["lastUsed"].is_null(), "{record}");

                // Delete (204), then the id is a 404 with ErrorResponseDto decoded.
                let deleted = client
                    .delete_personal_access_token_with_response(&created.id)
                    .await
                    .expect("delete");
                assert_eq!(deleted.status, StatusCode::NO_CONTENT);
                assert!(fake.token_record(&created.id).is_none());

                let err = client
                    .delete_personal_access_token(&created.id)
                    .await
                    .expect_err("gone");
                assert!(err.is_not_found(), "{err}");
                let Some($krate::DeletePersonalAccessTokenError::Status404(dto)) = err.model()
                else {
                    panic!("the documented 404's ErrorResponseDto: {err:?}");
                };
                assert_eq!(dto.detail_code.as_deref(), Some("404 Not found"));
                assert!(dto.tracking_id.is_some());
                let text = dto.messages.as_ref().and_then(|m| m.first()?.text.clone());
                assert!(text.is_some_and(|t| !t.is_empty()));
                assert_eq!(err.request_id(), dto.tracking_id.as_deref());

                let err = client
                    .patch_personal_access_token(
                        &created.id,
                        &[replace(
                            "/name",
                            JsonPatchOperationValue::String("x".into()),
                        )],
                    )
                    .await
                    .expect_err("cannot patch a deleted PAT");
                assert!(err.is_not_found(), "{err}");
                let listed = client
                    .list_personal_access_tokens(mine())
                    .await
                    .expect("list");
                assert!(listed.iter().all(|t| t.id != created.id));

                // A deleted PAT can no longer obtain access tokens.
                let err = client_with(&fake, &created.id, created.secret.expose_secret())
                    .list_personal_access_tokens(mine())
                    .await
                    .expect_err("deleted credentials");
                assert!(err.is_unauthorized(), "{err}");
            }

            #[tokio::test]
            async fn expired_access_token_is_refreshed_transparently() {
                let fake = FakeSailPoint::start().await;
                fake.seed_tokens(2);
                let client = client_for(&fake);

                assert_eq!(
                    client
                        .list_personal_access_tokens(mine())
                        .await
                        .unwrap()
                        .len(),
                    2
                );
                assert_eq!(
                    client
                        .list_personal_access_tokens(mine())
                        .await
                        .unwrap()
                        .len(),
                    2
                );
                assert_eq!(fake.token_request_count(), 1, "the token is cached");

                // Every access token issued so far expires server-side, mid-run.
                fake.expire_access_tokens();
                fake.clear_requests();
                let listed = client
                    .list_personal_access_tokens(mine())
                    .await
                    .expect("refreshed without the caller noticing");
                assert_eq!(listed.len(), 2);
                assert_eq!(
                    fake.token_request_count(),
                    2,
                    "exactly one extra token request"
                );

                // The 401, one token request, then the same call again.
                let log = describe(&fake.requests());
                assert_eq!(
                    log,
                    [
                        format!("GET {}?owner-id=me", collection(&fake)),
                        "POST /oauth/token".to_owned(),
                        format!("GET {}?owner-id=me", collection(&fake)),
                    ]
                );

                // The fresh token is cached again.
                client.list_personal_access_tokens(mine()).await.unwrap();
                assert_eq!(fake.token_request_count(), 2);
            }

            #[tokio::test]
            async fn token_refresh_works_for_writes_too() {
                let fake = FakeSailPoint::start().await;
                let client = client_for(&fake);
                let created = client
                    .create_personal_access_token(&CreatePersonalAccessTokenRequest::new(
                        "before-expiry",
                    ))
                    .await
                    .expect("create");

                fake.expire_access_tokens();
                fake.clear_requests();
                client
                    .delete_personal_access_token(&created.id)
                    .await
                    .expect("delete after a refresh");

                assert_eq!(fake.token_request_count(), 2);
                assert_eq!(fake.token_count(), 0);
                let requests = fake.requests();
                let one = format!("{}/{}", collection(&fake), created.id);
                assert_eq!(
                    count(&requests, "DELETE", &one),
                    2,
                    "{:?}",
                    describe(&requests)
                );
                assert_eq!(count(&requests, "POST", "/oauth/token"), 1);
            }

            #[tokio::test]
            async fn every_server_side_expiry_costs_exactly_one_token_request() {
                let fake = FakeSailPoint::start().await;
                // A PAT whose access tokens live 15 s, the API's minimum.
                let seeded = fake.insert_token(NewPat::new("short").with_validity_seconds(15));
                let client = client_with(&fake, &seeded.id, &seeded.secret);

                for _ in 0..3 {
                    client
                        .list_personal_access_tokens(mine())
                        .await
                        .expect("list");
                    fake.expire_access_tokens();
                }

                // Each expiry costs exactly one token request, never more.
                assert_eq!(fake.token_request_count(), 3);
                let requests = fake.requests();
                assert_eq!(count(&requests, "GET", &collection(&fake)), 5);
            }

            #[tokio::test]
            async fn concurrent_first_calls_share_one_token_request() {
                let fake = FakeSailPoint::start().await;
                fake.seed_tokens(1);
                let client = client_for(&fake);

                let calls = (0..8).map(|_| client.list_personal_access_tokens(mine()));
                let results = futures::future::join_all(calls).await;

                assert!(results.iter().all(Result::is_ok));
                assert_eq!(fake.token_request_count(), 1);
            }

            #[tokio::test]
            async fn aged_tokens_list_with_their_seeded_creation_and_last_use() {
                let fake = FakeSailPoint::start().await;
                let created: chrono::DateTime<chrono::Utc> =
                    "2023-02-05T10:59:27.214Z".parse().unwrap();
                let last_used = created + chrono::Duration::days(30);
                fake.insert_token(
                    NewPat::new("aged")
                        .created_at(created)
                        .last_used_at(last_used),
                );

                let listed = client_for(&fake)
                    .list_personal_access_tokens(mine())
                    .await
                    .expect("list");

                assert_eq!(listed.len(), 1);
                assert_eq!(listed[0].name, "aged");
                assert_eq!(listed[0].created.to_string(), "2023-02-05T10:59:27.214Z");
                let last_used = listed[0].last_used.as_ref().map(ToString::to_string);
                assert_eq!(last_used.as_deref(), Some("2023-03-07T10:59:27.214Z"));
            }

            #[tokio::test]
            async fn bad_client_credentials_are_an_auth_error_without_the_secret() {
                let fake = FakeSailPoint::start().await;
                let client = client_with(&fake, fake.client_id(), "wrong-secret-value");

                let err = client
                    .list_personal_access_tokens(mine())
                    .await
                    .expect_err("refused");

                assert!(err.is_unauthorized(), "{err}");
                assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
                assert!(!format!("{err} {err:?}").contains("wrong-secret-value"));
                assert_eq!(
                    fake.token_request_count(),
                    1,
                    "a refused token is not retried"
                );
                assert_eq!(count(&fake.requests(), "GET", &collection(&fake)), 0);
            }
        }
    };
}

sailpoint_lifecycle_tests!(v3, sailpoint_pat_v3);
sailpoint_lifecycle_tests!(v2024, sailpoint_pat_v2024);
