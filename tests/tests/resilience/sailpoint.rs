//! Both SailPoint crates against their fake: the same recovery checks, written once as a macro.

/// The same checks for both SailPoint crates. Each test first makes one call so the OAuth2
/// access token is cached, then injects failures into API calls only.
macro_rules! sailpoint_resilience_tests {
    ($module:ident, $krate:ident) => {
        mod $module {
            use apiclient_core::StatusCode;
            use $krate::testkit::{FakeSailPoint, NewPat};
            use $krate::{
                Client, CreatePersonalAccessTokenRequest, JsonPatchOperation, JsonPatchOperationOp,
                JsonPatchOperationValue, ListPersonalAccessTokensParams,
            };

            use crate::support::{count, describe, fast_retry};

            /// A client whose access token is already cached, and a clean request log.
            async fn warm_client(fake: &FakeSailPoint, attempts: u32) -> Client {
                let client = Client::builder()
                    .base_url(fake.base_url())
                    .oauth2(fake.client_id().to_owned(), fake.client_secret().to_owned())
                    .retry_policy(fast_retry(attempts))
                    .build()
                    .expect("client");
                client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .expect("warm-up");
                assert_eq!(fake.token_request_count(), 1);
                fake.clear_requests();
                client
            }

            fn collection(fake: &FakeSailPoint) -> String {
                format!("/{}/personal-access-tokens", fake.version())
            }

            #[tokio::test]
            async fn list_succeeds_after_two_429s_with_retry_after() {
                let fake = FakeSailPoint::start().await;
                fake.seed_tokens(3);
                let client = warm_client(&fake, 3).await;

                fake.knobs().throttle_next(2, 0);
                let listed = client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .expect("third attempt succeeds");

                assert_eq!(listed.len(), 3);
                let requests = fake.requests();
                assert_eq!(requests.len(), 3, "{:?}", describe(&requests));
                assert_eq!(count(&requests, "GET", &collection(&fake)), 3);
                assert_eq!(
                    fake.token_request_count(),
                    1,
                    "a 429 does not drop the token"
                );
            }

            #[tokio::test]
            async fn delete_succeeds_after_two_503s() {
                let fake = FakeSailPoint::start().await;
                let seeded = fake.insert_token(NewPat::new("doomed"));
                let client = warm_client(&fake, 3).await;

                fake.knobs().fail_next(2, 503);
                client
                    .delete_personal_access_token(&seeded.id)
                    .await
                    .expect("DELETE is idempotent");

                let one = format!("{}/{}", collection(&fake), seeded.id);
                assert_eq!(count(&fake.requests(), "DELETE", &one), 3);
                assert_eq!(fake.token_count(), 0);
            }

            #[tokio::test]
            async fn create_hit_by_503_is_not_resent() {
                let fake = FakeSailPoint::start().await;
                let client = warm_client(&fake, 3).await;

                fake.knobs().fail_next(1, 503);
                let err = client
                    .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("x-503"))
                    .await
                    .expect_err("not resent");

                assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
                // 503 is not documented: `Unknown`, with the body's JSON.
                let Some($krate::CreatePersonalAccessTokenError::Unknown(json)) = err.model()
                else {
                    panic!("an undocumented status decodes as `Unknown`: {err:?}");
                };
                assert_eq!(json["detailCode"], "503 Service Unavailable");
                assert_eq!(fake.requests().len(), 1);
                assert_eq!(fake.token_count(), 0);
            }

            #[tokio::test]
            async fn patch_hit_by_503_is_not_resent() {
                let fake = FakeSailPoint::start().await;
                let seeded = fake.insert_token(NewPat::new("before"));
                let client = warm_client(&fake, 3).await;

                fake.knobs().fail_next(1, 503);
                let mut op = JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/name");
                op.value = Some(JsonPatchOperationValue::String("after".into()));
                let err = client
                    .patch_personal_access_token(&seeded.id, &[op])
                    .await
                    .expect_err("not resent");

                assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
                assert_eq!(fake.requests().len(), 1);
                let record = fake.token_record(&seeded.id).expect("still there");
                assert_eq!(record["name"], "before");
            }

            #[tokio::test]
            async fn create_hit_by_429_is_retried() {
                let fake = FakeSailPoint::start().await;
                let client = warm_client(&fake, 3).await;

                fake.knobs().throttle_next(1, 0);
                let created = client
                    .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("x-429"))
                    .await
                    .expect("retried");

                assert_eq!(created.name, "x-429");
                assert_eq!(count(&fake.requests(), "POST", &collection(&fake)), 2);
                assert_eq!(fake.token_count(), 1, "created exactly once");
            }

            #[tokio::test]
            async fn too_many_429s_surface_as_rate_limited_with_retry_after() {
                let fake = FakeSailPoint::start().await;
                let client = warm_client(&fake, 3).await;

                fake.knobs().throttle_next(10, 0);
                let err = client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .expect_err("attempts run out");

                assert!(err.is_rate_limited(), "{err}");
                let info = err.rate_limit().expect("rate-limit info");
                assert_eq!(info.retry_after, Some(std::time::Duration::ZERO));
                assert_eq!(info.limit, None, "SailPoint sends no X-RateLimit-*");
                assert_eq!(fake.requests().len(), 3);
            }

            #[tokio::test]
            async fn token_request_hit_by_429_or_503_is_retried() {
                for inject in [429, 503] {
                    let fake = FakeSailPoint::start().await;
                    let client = Client::builder()
                        .base_url(fake.base_url())
                        .oauth2(fake.client_id().to_owned(), fake.client_secret().to_owned())
                        .retry_policy(fast_retry(3))
                        .build()
                        .expect("client");
                    if inject == 429 {
                        fake.knobs().throttle_next(1, 0);
                    } else {
                        fake.knobs().fail_next(1, inject);
                    }

                    let result = client
                        .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                        .await;

                    let requests = fake.requests();
                    assert!(
                        result.is_ok(),
                        "{inject}: {result:?} {:?}",
                        describe(&requests)
                    );
                    assert_eq!(count(&requests, "POST", "/oauth/token"), 2, "{inject}");
                    assert_eq!(count(&requests, "GET", &collection(&fake)), 1, "{inject}");
                }
            }

            #[tokio::test]
            async fn too_many_503s_surface_the_status() {
                let fake = FakeSailPoint::start().await;
                let client = warm_client(&fake, 3).await;

                fake.knobs().fail_next(10, 503);
                let err = client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .expect_err("attempts run out");

                assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
                assert_eq!(fake.requests().len(), 3);
                assert_eq!(fake.token_request_count(), 1);
            }
        }
    };
}
