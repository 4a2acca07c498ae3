//! Documented error statuses, real-world and undocumented answers, and path-parameter safety.

/// Tests of `sailpoint_suite!`, expanded inside each crate's module (they use its imports and
/// helpers).
macro_rules! error_tests {
    () => {
        // ---- documented errors ---------------------------------------------------------

        #[tokio::test]
        async fn error_response_dto_statuses_decode_for_every_operation() {
            for (name, verb, rest, template, operation_id, statuses) in OPERATIONS {
                for &status in statuses.iter().filter(|s| ![401, 429].contains(*s)) {
                    let server = server().await;
                    let detail = format!("{status}.1 Detail");
                    let text = format!("{name} failed with {status}");
                    let answer =
                        ResponseTemplate::new(status).set_body_json(error_dto(&detail, &text));
                    mount(&server, verb, &versioned(rest), answer).await;

                    let err = call(&client(&server), name).await.unwrap_err();

                    let status = StatusCode::from_u16(status).unwrap();
                    assert_eq!(err.status(), Some(status), "{name}");
                    assert_eq!(
                        err.to_string(),
                        format!(
                            "{verb} {template}: {status}: {text} (request id {TRACKING_ID})"
                        )
                    );
                    assert_eq!(err.request_id(), Some(TRACKING_ID));
                    let Some(crate::Decoded::Dto(decoded, model)) = err.model() else {
                        panic!("{name} {status}: the documented ErrorResponseDto: {err:?}");
                    };
                    assert_eq!(*decoded, status.as_u16(), "{name}: the variant of the status");
                    assert_eq!(model.detail_code.as_deref(), Some(detail.as_str()));
                    assert_eq!(model.tracking_id.as_deref(), Some(TRACKING_ID));
                    let messages = model.messages.as_deref().unwrap();
                    assert_eq!(messages[0].locale.as_deref(), Some("en-US"));
                    assert_eq!(
                        messages[0].locale_origin,
                        Some(ErrorMessageDtoLocaleOrigin::Default)
                    );
                    assert_eq!(messages[0].text.as_deref(), Some(text.as_str()));
                    assert_eq!(
                        model.causes.as_deref().unwrap()[0].text.as_deref(),
                        Some("a cause")
                    );
                    let api = err.api_error().unwrap();
                    assert_eq!(api.operation_id, operation_id);
                    assert_eq!(api.path_template, template);
                    assert_eq!(err.is_not_found(), status == StatusCode::NOT_FOUND);
                    assert_eq!(err.is_unauthorized(), status == StatusCode::FORBIDDEN);
                    // Error answers are not retried (500 is not retryable, 4xx never).
                    assert_eq!(api_requests(&server).await.len(), 1, "{name} {status}");
                }
            }
        }

        #[tokio::test]
        async fn status_401_gives_the_error_message_after_one_new_token_and_one_resend() {
            for (name, verb, rest, template, _, _) in OPERATIONS {
                let server = server().await;
                let body = json!({"error": "JWT validation failed: JWT is expired"});
                mount(
                    &server,
                    verb,
                    &versioned(rest),
                    ResponseTemplate::new(401).set_body_json(body),
                )
                .await;

                let err = call(&client(&server), name).await.unwrap_err();

                assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
                assert!(err.is_unauthorized());
                assert_eq!(
                    err.to_string(),
                    format!(
                        "{verb} {template}: 401 Unauthorized: JWT validation failed: JWT is expired"
                    )
                );
                let body: serde_json::Value = err.api_error().unwrap().body_json().unwrap();
                assert_eq!(body["error"], "JWT validation failed: JWT is expired");
                // The documented 401 has its own shape (`{error}`).
                let Some(crate::Decoded::Other(401, model)) = err.model() else {
                    panic!("{name}: the documented 401: {err:?}");
                };
                assert_eq!(model["error"], "JWT validation failed: JWT is expired");
                assert_eq!(
                    token_requests(&server).await.len(),
                    2,
                    "{name}: one new token"
                );
                assert_eq!(api_requests(&server).await.len(), 2, "{name}: one resend");
            }
        }

        #[tokio::test]
        async fn status_429_gives_the_message_and_retry_after() {
            for (name, verb, rest, template, _, _) in OPERATIONS {
                let server = server().await;
                let answer = ResponseTemplate::new(429)
                    .insert_header("Retry-After", "7")
                    .set_body_json(json!({"message": "Rate Limit Exceeded"}));
                mount(&server, verb, &versioned(rest), answer).await;

                let err = call(&client(&server), name).await.unwrap_err();

                assert!(err.is_rate_limited(), "{name}");
                assert_eq!(
                    err.to_string(),
                    format!("{verb} {template}: 429 Too Many Requests: Rate Limit Exceeded")
                );
                let wait = err.retry_after().expect("Retry-After");
                assert!(
                    wait > Duration::from_secs(5) && wait <= Duration::from_secs(7),
                    "{wait:?}"
                );
                // The documented 429 has its own shape (`{message}`).
                let Some(crate::Decoded::Other(429, model)) = err.model() else {
                    panic!("{name}: the documented 429: {err:?}");
                };
                assert_eq!(model["message"], "Rate Limit Exceeded");
            }
        }

        #[tokio::test]
        async fn an_undocumented_status_or_a_body_fitting_no_schema_decodes_as_unknown() {
            let server = server().await;
            // 418 is documented by no operation.
            mount_json(&server, "GET", &collection(), 418, json!({"error": "teapot"})).await;
            // A documented 404 whose body is not an `ErrorResponseDto` (a string).
            mount_json(&server, "DELETE", &item(PAT_ID), 404, json!("gone")).await;
            let client = client(&server);

            let err = call(&client, "list").await.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(418));
            let Some(crate::Decoded::Unknown(json)) = err.model() else {
                panic!("an undocumented status is `Unknown`: {err:?}");
            };
            assert_eq!(json["error"], "teapot");

            let err = call(&client, "delete").await.unwrap_err();
            assert!(err.is_not_found());
            let Some(crate::Decoded::Unknown(json)) = err.model() else {
                panic!("a body fitting no schema is `Unknown`: {err:?}");
            };
            assert_eq!(json, &json!("gone"));
        }

        #[tokio::test]
        async fn a_429_is_retried_after_its_retry_after() {
            let server = server().await;
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(429)
                        .insert_header("Retry-After", "1")
                        .set_body_json(json!({"message": "slow down"})),
                )
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            mount_json(&server, "GET", &collection(), 200, json!([])).await;
            let client = builder(&server).build().unwrap();

            let started = std::time::Instant::now();
            list_all(&client).await;

            assert!(
                started.elapsed() >= Duration::from_millis(900),
                "{:?}",
                started.elapsed()
            );
            assert_eq!(api_requests(&server).await.len(), 2);
        }

        // ---- real-world and undocumented answers ---------------------------------------

        #[tokio::test]
        async fn other_real_error_shapes_give_readable_messages() {
            let server = server().await;
            let detail = json!({
                "detailMessage": "The filter 'name' is not supported",
                "errorCode": 400,
            });
            mount_json(&server, "GET", &collection(), 400, detail).await;
            let named = json!({
                "errorName": "ObjectNotFound",
                "errorMessage": "Token 86f1 was not found",
                "trackingId": "t-9",
            });
            mount_json(&server, "DELETE", &item(PAT_ID), 404, named).await;
            let client = client(&server);

            let err = call(&client, "list").await.unwrap_err();
            assert_eq!(
                err.to_string(),
                "GET /personal-access-tokens: 400 Bad Request: The filter 'name' is not supported"
            );
            let err = call(&client, "delete").await.unwrap_err();
            assert_eq!(
                err.to_string(),
                "DELETE /personal-access-tokens/{id}: 404 Not Found: Token 86f1 was not found (request id t-9)"
            );
            assert_eq!(err.request_id(), Some("t-9"));
            assert!(err.is_not_found());
        }

        #[tokio::test]
        async fn undocumented_answers_give_clear_errors() {
            let server = server().await;
            let html =
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
            mount_raw(&server, "GET", &collection(), 502, html, "text/html").await;
            let cut = r#"{"detailCode":"500.0 Internal Fault","trackingId":"ab"#;
            mount_raw(
                &server,
                "DELETE",
                &item(PAT_ID),
                500,
                cut,
                "application/json",
            )
            .await;
            let truncated = r#"[{"id":"86f1","name":"x","scope":nu"#;
            mount_raw(
                &server,
                "PATCH",
                &item(PAT_ID),
                200,
                truncated,
                "application/json",
            )
            .await;
            let login = "<!DOCTYPE html><html><body>Please log in</body></html>";
            mount_raw(&server, "POST", &collection(), 200, login, "text/html").await;
            let client = client(&server);

            let err = call(&client, "list").await.unwrap_err();
            assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
            assert!(err.model().is_none());
            assert!(
                err.to_string()
                    .starts_with("GET /personal-access-tokens: 502 Bad Gateway: <html>"),
                "{err}"
            );
            assert_eq!(err.api_error().unwrap().body_text(), html);

            let err = call(&client, "delete").await.unwrap_err();
            assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
            assert!(err.model().is_none());
            assert!(
                err.to_string().contains("500 Internal Server Error"),
                "{err}"
            );

            let err = call(&client, "patch").await.unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{err:?}");
            assert!(
                err.to_string().starts_with(
                    "PATCH /personal-access-tokens/{id}: 200 OK: could not decode the response"
                ),
                "{err}"
            );

            let err = call(&client, "create").await.unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{err:?}");
            assert!(err.to_string().contains("Please log in"), "{err}");
        }

        #[tokio::test]
        async fn unknown_enum_values_extra_fields_nulls_and_lenient_timestamps_decode() {
            let server = server().await;
            let answer = json!([
                {
                    "id": "t1", "name": "machine", "scope": null,
                    "owner": {"type": "MACHINE", "id": "m1", "name": "Robot", "tenant": "acme"},
                    "created": "2024-01-02T15:04Z", "lastUsed": null, "expirationDate": null,
                    "managed": true, "futureField": {"nested": [1, 2]},
                },
                {
                    "id": "t2", "name": "identity", "scope": ["sp:scopes:all"],
                    "owner": {"type": "IDENTITY"},
                    "created": "2024-01-02T15:04:05.123",
                    "lastUsed": "2024-01-02T15:04:05.123456Z",
                    "expirationDate": "2024-01-02T17:04:05.123456+02:00",
                    "accessTokenValiditySeconds": 43200,
                },
                {"id": "t3", "name": "bare", "owner": {}, "created": "2024-01-02T15:04:05Z"},
            ]);
            mount_json(&server, "GET", &collection(), 200, answer).await;

            let tokens = list_all(&client(&server)).await;

            let [t1, t2, t3] = &tokens[..] else {
                panic!("{tokens:?}")
            };
            assert!(
                matches!(&t1.owner.r#type, Some(PatOwnerType::Unknown(raw)) if raw.as_str() == "MACHINE"),
                "{:?}",
                t1.owner.r#type
            );
            assert_eq!(serde_json::to_value(&t1.owner).unwrap()["type"], "MACHINE");
            assert_eq!(t1.scope, None);
            assert_eq!(t1.last_used, None);
            assert_eq!(t1.expiration_date, None);
            assert_eq!(t1.created.0, utc("2024-01-02T15:04:00Z"));
            assert_eq!(t1.managed, Some(true));
            assert_eq!(t2.created.0, utc("2024-01-02T15:04:05.123Z"));
            assert_eq!(
                t2.last_used.map(|t| t.0),
                Some(utc("2024-01-02T15:04:05.123456Z"))
            );
            assert_eq!(
                t2.expiration_date.map(|t| t.0),
                Some(utc("2024-01-02T15:04:05.123456Z"))
            );
            assert_eq!(t2.created.to_string(), "2024-01-02T15:04:05.123Z");
            assert_eq!(t3.owner, Default::default());
            assert_eq!(
                (t3.scope.as_ref(), t3.last_used, t3.managed),
                (None, None, None)
            );
            assert_eq!(t3.access_token_validity_seconds, None);
        }

        #[tokio::test]
        async fn unknown_locale_origin_and_null_locale_in_an_error_decode() {
            let server = server().await;
            let body = json!({
                "detailCode": "400.1.3 Illegal value", "trackingId": "t-1",
                "messages": [{"locale": null, "localeOrigin": "TENANT", "text": "Bad filter"}],
                "causes": [], "extra": true,
            });
            mount_json(&server, "GET", &collection(), 400, body).await;

            let err = call(&client(&server), "list").await.unwrap_err();

            let Some(crate::Decoded::Dto(400, model)) = err.model() else {
                panic!("the documented 400: {err:?}");
            };
            let message = &model.messages.as_deref().unwrap()[0];
            assert_eq!(message.locale, None);
            assert!(
                matches!(
                    &message.locale_origin,
                    Some(ErrorMessageDtoLocaleOrigin::Unknown(raw)) if raw.as_str() == "TENANT"
                ),
                "{:?}",
                message.locale_origin
            );
            assert!(
                err.to_string().ends_with(": Bad filter (request id t-1)"),
                "{err}"
            );
        }

        // ---- path parameters -----------------------------------------------------------

        #[tokio::test]
        async fn path_parameters_stay_one_encoded_segment() {
            let cases = [
                ("a/b", "a%2Fb"),
                ("a?owner-id=me", "a%3Fowner-id%3Dme"),
                ("a#frag", "a%23frag"),
                ("100%", "100%25"),
                ("%2e%2e", "%252e%252e"),
                ("a b", "a%20b"),
                ("../admin", "..%2Fadmin"),
            ];
            for (id, encoded) in cases {
                let server = server().await;
                Mock::given(method("DELETE"))
                    .respond_with(ResponseTemplate::new(204))
                    .mount(&server)
                    .await;
                Mock::given(method("PATCH"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(pat_json()))
                    .mount(&server)
                    .await;
                let client = client(&server);

                client.delete_personal_access_token(id).await.unwrap();
                client
                    .patch_personal_access_token(id, &[JsonPatchOperation::replace("/name", "n")])
                    .await
                    .unwrap();

                for request in api_requests(&server).await {
                    assert_eq!(request.url.path(), item(encoded), "{id:?}");
                    assert_eq!(request.url.query(), None, "{id:?}");
                    assert_eq!(request.url.fragment(), None, "{id:?}");
                }
            }
        }

        #[tokio::test]
        async fn dot_segments_are_refused_before_anything_is_sent() {
            let server = server().await;
            let client = client(&server);
            for id in ["..", "."] {
                let err = client.delete_personal_access_token(id).await.unwrap_err();
                assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
                let err = client
                    .patch_personal_access_token(id, &[])
                    .await
                    .unwrap_err();
                assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
                assert!(err.to_string().starts_with("invalid request"), "{err}");
            }
            assert!(server.received_requests().await.unwrap().is_empty());
        }
    };
}
