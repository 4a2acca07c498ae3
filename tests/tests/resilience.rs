//! Recovery from injected 429s and 503s within the retry policy, for every provider client
//! against its fake: idempotent calls are retried until they succeed (exactly N+1 requests for N
//! injected failures), a POST or PATCH hit by a 503 is not resent while a 429 one is (the server
//! did not act on it), a server-asked wait longer than the policy allows is not waited out, and
//! when failures outlast the attempts the last error surfaces with its status and headers.
//!
//! Retry policies use millisecond back-offs and the fakes send `Retry-After: 0`, except in the
//! one test that runs into a real rate-limit window (about one second).

mod support;

mod gmodstore {
    use std::time::Duration;

    use apiclient_core::StatusCode;
    use apiclient_core::testkit::FakeResponse;
    use futures::TryStreamExt;
    use gmodstore_pat::testkit::{FakeGmodstore, NewToken};
    use gmodstore_pat::{
        Client, CreatePersonalAccessTokenParams, DeletePersonalAccessTokenParams,
        GetPersonalAccessTokenParams, ListPersonalAccessTokensParams,
        NewPersonalAccessTokenPayload, PersonalAccessTokenScope, UpdatePersonalAccessTokenParams,
        UpdatePersonalAccessTokenPayload,
    };

    use crate::support::{count, describe, fast_retry};

    const COLLECTION: &str = "/api/v3/me/personal-access-tokens";

    fn client(fake: &FakeGmodstore, attempts: u32) -> Client {
        Client::builder()
            .base_url(fake.base_url())
            .personal_access_token(fake.token().to_owned())
            .retry_policy(fast_retry(attempts))
            .build()
            .expect("client")
    }

    fn one(id: &str) -> String {
        format!("{COLLECTION}/{id}")
    }

    fn payload() -> NewPersonalAccessTokenPayload {
        NewPersonalAccessTokenPayload::new(
            "resilient",
            vec![PersonalAccessTokenScope::PersonalAccessTokensRead],
        )
    }

    #[tokio::test]
    async fn get_succeeds_after_two_429s_with_vendor_headers() {
        let fake = FakeGmodstore::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 3);

        fake.knobs().throttle_next(2, 0);
        let got = client
            .get_personal_access_token_with_response(
                &seeded.id,
                GetPersonalAccessTokenParams::default(),
            )
            .await
            .expect("third attempt succeeds");

        assert_eq!(got.body.data.name, "target");
        assert_eq!(got.rate_limit.limit, Some(300));
        let requests = fake.requests();
        assert_eq!(requests.len(), 3, "{:?}", describe(&requests));
        assert_eq!(count(&requests, "GET", &one(&seeded.id)), 3);
    }

    #[tokio::test]
    async fn a_429_with_only_the_reset_header_is_retried_at_the_reset() {
        let fake = FakeGmodstore::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 3);

        // No `Retry-After`: the wait comes from `X-RateLimit-Remaining: 0` and
        // `X-RateLimit-Reset` (a UTC epoch second that has already begun, so no real wait).
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs();
        fake.knobs().respond_next_with(
            FakeResponse::json(429, &serde_json::json!({"message": "Too Many Attempts."}))
                .with_header("X-RateLimit-Limit", 300)
                .with_header("X-RateLimit-Remaining", 0)
                .with_header("X-RateLimit-Reset", now),
        );
        client
            .get_personal_access_token(&seeded.id, GetPersonalAccessTokenParams::default())
            .await
            .expect("second attempt succeeds");

        assert_eq!(count(&fake.requests(), "GET", &one(&seeded.id)), 2);
    }

    #[tokio::test]
    async fn get_succeeds_after_two_503s() {
        let fake = FakeGmodstore::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 3);

        fake.knobs().fail_next(2, 503);
        client
            .get_personal_access_token(&seeded.id, GetPersonalAccessTokenParams::default())
            .await
            .expect("third attempt succeeds");

        assert_eq!(count(&fake.requests(), "GET", &one(&seeded.id)), 3);
    }

    #[tokio::test]
    async fn put_and_delete_are_retried_on_503() {
        let fake = FakeGmodstore::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 3);

        fake.knobs().fail_next(1, 503);
        let rename = UpdatePersonalAccessTokenPayload::default().with_name("renamed");
        let updated = client
            .update_personal_access_token(
                &seeded.id,
                Some(&rename),
                UpdatePersonalAccessTokenParams::default(),
            )
            .await
            .expect("PUT is idempotent");
        assert_eq!(updated.data.name, "renamed");
        assert_eq!(count(&fake.requests(), "PUT", &one(&seeded.id)), 2);

        fake.knobs().fail_next(2, 503);
        client
            .delete_personal_access_token(&seeded.id, DeletePersonalAccessTokenParams::default())
            .await
            .expect("DELETE is idempotent");
        assert_eq!(count(&fake.requests(), "DELETE", &one(&seeded.id)), 3);
        assert_eq!(fake.token_count(), 0);
    }

    #[tokio::test]
    async fn post_hit_by_503_is_not_resent() {
        let fake = FakeGmodstore::start().await;
        let client = client(&fake, 3);

        fake.knobs().fail_next(1, 503);
        let err = client
            .create_personal_access_token(&payload(), CreatePersonalAccessTokenParams::default())
            .await
            .expect_err("not retried");

        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(fake.requests().len(), 1);
        assert_eq!(fake.token_count(), 0);
    }

    #[tokio::test]
    async fn post_hit_by_429_is_retried() {
        let fake = FakeGmodstore::start().await;
        let client = client(&fake, 3);

        fake.knobs().throttle_next(1, 0);
        let created = client
            .create_personal_access_token(&payload(), CreatePersonalAccessTokenParams::default())
            .await
            .expect("a 429 means the server did not act");

        assert_eq!(created.data.personal_access_token.name, "resilient");
        assert_eq!(count(&fake.requests(), "POST", COLLECTION), 2);
        assert_eq!(fake.token_count(), 1, "created exactly once");
    }

    #[tokio::test]
    async fn too_many_503s_surface_the_last_one() {
        let fake = FakeGmodstore::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 3);

        fake.knobs().fail_next(10, 503);
        let err = client
            .get_personal_access_token(&seeded.id, GetPersonalAccessTokenParams::default())
            .await
            .expect_err("attempts run out");

        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        // 503 is not documented: `Unknown`, with the body's JSON.
        let Some(gmodstore_pat::GetPersonalAccessTokenError::Unknown(json)) = err.model() else {
            panic!("an undocumented status decodes as `Unknown`: {err:?}");
        };
        assert_eq!(json["message"], "Service Unavailable");
        assert_eq!(fake.requests().len(), 3, "max_attempts(3)");
    }

    #[tokio::test]
    async fn too_many_429s_surface_as_rate_limited_with_the_headers() {
        let fake = FakeGmodstore::start().await;
        let client = client(&fake, 3);

        fake.knobs().throttle_next(10, 0);
        let err = client
            .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
            .await
            .expect_err("attempts run out");

        assert!(err.is_rate_limited(), "{err}");
        let info = err.rate_limit().expect("rate-limit info");
        assert_eq!(info.limit, Some(300));
        assert_eq!(info.remaining, Some(0));
        assert!(info.reset_at.is_some(), "X-RateLimit-Reset is read");
        assert_eq!(info.retry_after, Some(Duration::ZERO));
        assert_eq!(fake.requests().len(), 3);
    }

    #[tokio::test]
    async fn a_wait_longer_than_max_server_wait_is_not_waited_out() {
        let fake = FakeGmodstore::start().await;
        let client = client(&fake, 3);

        fake.knobs().throttle_next(1, 120);
        let err = client
            .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
            .await
            .expect_err("120 s is beyond the policy's 5 s");

        assert!(err.is_rate_limited(), "{err}");
        assert!(
            err.retry_after()
                .is_some_and(|w| w > Duration::from_secs(60))
        );
        assert_eq!(fake.requests().len(), 1);
    }

    #[tokio::test]
    async fn pagination_rides_out_a_rate_limit_window() {
        let fake = FakeGmodstore::start().await;
        fake.seed_tokens(20);
        let client = client(&fake, 3);
        // Two requests per one-second window: the third page gets a 429 with `Retry-After: 1`,
        // the client waits the window out, and the remaining pages pass.
        fake.knobs().set_rate_limit(2, Duration::from_secs(1));

        let tokens: Vec<_> = client
            .list_personal_access_tokens_stream(
                ListPersonalAccessTokensParams::default().per_page(5),
            )
            .try_collect()
            .await
            .expect("every page");

        assert_eq!(tokens.len(), 20);
        let requests = fake.requests();
        assert_eq!(
            count(&requests, "GET", COLLECTION),
            5,
            "4 pages + 1 throttled: {:?}",
            describe(&requests)
        );
    }
}

mod xms {
    use std::pin::pin;

    use apiclient_core::StatusCode;
    use futures::TryStreamExt;
    use xms_tokens::testkit::{FakeXms, NewToken};
    use xms_tokens::{
        AccessTokenCreateReq, AccessTokenCreateReqBody, Client, ListAccessTokensParams,
    };

    use crate::support::{count, describe, fast_retry};

    const COLLECTION: &str = "/v1/access-tokens/";

    fn client(fake: &FakeXms, attempts: u32) -> Client {
        Client::builder()
            .base_url(fake.base_url())
            .token_in_header(fake.token().to_owned())
            .retry_policy(fast_retry(attempts))
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn stream_recovers_from_a_503_between_pages() {
        let fake = FakeXms::start().await;
        fake.seed_tokens(12);
        let client = client(&fake, 3);

        let mut stream =
            pin!(client.list_access_tokens_stream(ListAccessTokensParams::default().limit(5)));
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(stream.try_next().await.expect("item").expect("some"));
        }
        // The first page is consumed: the next request (page two) fails once.
        fake.knobs().fail_next(1, 503);
        while let Some(token) = stream.try_next().await.expect("the stream recovers") {
            seen.push(token);
        }

        assert_eq!(seen.len(), 12);
        let requests = fake.requests();
        assert_eq!(
            count(&requests, "GET", COLLECTION),
            4,
            "{:?}",
            describe(&requests)
        );
        let offsets: Vec<_> = requests.iter().map(|r| r.query_param("offset")).collect();
        assert_eq!(offsets, [Some("0"), Some("5"), Some("5"), Some("10")]);
    }

    #[tokio::test]
    async fn create_hit_by_429_is_retried_once() {
        let fake = FakeXms::start().await;
        let client = client(&fake, 3);

        fake.knobs().throttle_next(1, 0);
        let created = client
            .create_access_token(&AccessTokenCreateReq::new(AccessTokenCreateReqBody::new(
                "after-429",
                vec!["admin".to_owned()],
            )))
            .await
            .expect("retried");

        assert!(created.access_token.uuid.is_some());
        assert_eq!(count(&fake.requests(), "POST", COLLECTION), 2);
        assert_eq!(fake.token_count(), 1);
    }

    #[tokio::test]
    async fn create_hit_by_503_is_not_resent() {
        let fake = FakeXms::start().await;
        let client = client(&fake, 3);

        fake.knobs().fail_next(1, 503);
        let err = client
            .create_access_token(&AccessTokenCreateReq::new(AccessTokenCreateReqBody::new(
                "after-503",
                vec!["admin".to_owned()],
            )))
            .await
            .expect_err("not resent");

        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        let Some(xms_tokens::CreateAccessTokenError::Unknown(json)) = err.model() else {
            panic!("an undocumented status decodes as `Unknown`: {err:?}");
        };
        assert_eq!(json["code"], "ServiceUnavailable");
        assert_eq!(fake.requests().len(), 1);
        assert_eq!(fake.token_count(), 0);
    }

    #[tokio::test]
    async fn regenerate_hit_by_503_is_not_resent() {
        let fake = FakeXms::start().await;
        let seeded = fake.insert_token(NewToken::new("rotating"));
        let client = client(&fake, 3);

        fake.knobs().fail_next(1, 503);
        let err = client
            .regenerate_access_token(seeded.id)
            .await
            .expect_err("not resent");

        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(fake.requests().len(), 1);
        assert_eq!(
            fake.token_secret(seeded.id),
            Some(seeded.uuid),
            "the secret is unchanged"
        );
    }

    #[tokio::test]
    async fn validate_is_safe_to_repeat_so_a_503_is_retried() {
        let fake = FakeXms::start().await;
        let seeded = fake.insert_token(NewToken::new("checked"));
        let client = client(&fake, 3);

        fake.knobs().fail_next(2, 503);
        let valid = client
            .validate_access_token(&seeded.uuid.clone().into())
            .await
            .expect("retried");

        assert_eq!(valid.access_token.id, Some(seeded.id));
        let requests = fake.requests();
        assert_eq!(requests.len(), 3, "{:?}", describe(&requests));
        assert!(requests.iter().all(|r| r.method() == "POST"));
    }

    #[tokio::test]
    async fn too_many_429s_surface_as_rate_limited() {
        let fake = FakeXms::start().await;
        let client = client(&fake, 4);

        fake.knobs().throttle_next(10, 0);
        let err = client
            .list_access_tokens(ListAccessTokensParams::default())
            .await
            .expect_err("attempts run out");

        assert!(err.is_rate_limited(), "{err}");
        let Some(xms_tokens::ListAccessTokensError::Unknown(json)) = err.model() else {
            panic!("an undocumented status decodes as `Unknown`: {err:?}");
        };
        assert_eq!(json["code"], "TooManyRequests");
        assert_eq!(fake.requests().len(), 4, "max_attempts(4)");
    }

    #[tokio::test]
    async fn too_many_503s_surface_the_status() {
        let fake = FakeXms::start().await;
        let seeded = fake.insert_token(NewToken::new("target"));
        let client = client(&fake, 2);

        fake.knobs().fail_next(10, 503);
        let err = client
            .get_access_token(seeded.id)
            .await
            .expect_err("attempts run out");

        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(fake.requests().len(), 2, "max_attempts(2)");
    }
}

#[path = "resilience/sailpoint.rs"]
#[macro_use]
mod sailpoint;

sailpoint_resilience_tests!(sailpoint_v3, sailpoint_pat_v3);
sailpoint_resilience_tests!(sailpoint_v2024, sailpoint_pat_v2024);
