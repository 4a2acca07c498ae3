//! The requests of the four operations on the wire and their decoded answers: list, create, patch, delete.

/// Tests of `sailpoint_suite!`, expanded inside each crate's module (they use its imports and
/// helpers).
macro_rules! request_tests {
    () => {
        // ---- list ----------------------------------------------------------------------

        #[tokio::test]
        async fn list_sends_owner_id_and_filters_with_the_bearer_token_and_decodes_every_field()
        {
            let server = server().await;
            mount_json(&server, "GET", &collection(), 200, json!([pat_json()])).await;
            let cutoff: Timestamp = "2023-02-05T10:59:27.214Z".parse().unwrap();
            let params = ListPersonalAccessTokensParams::default()
                .owner_id("me")
                .filters(Filter::field("lastUsed").le(cutoff));

            let tokens = client(&server)
                .list_personal_access_tokens(params)
                .await
                .unwrap();

            let tokens_sent = token_requests(&server).await;
            assert_eq!(tokens_sent.len(), 1);
            assert_token_request(&tokens_sent[0], CLIENT_ID, CLIENT_SECRET);
            let request = only_api_request(&server).await;
            assert_eq!(request.method.as_str(), "GET");
            assert_eq!(request.url.path(), collection());
            assert_eq!(
                request.url.query(),
                Some("owner-id=me&filters=lastUsed+le+2023-02-05T10%3A59%3A27.214Z")
            );
            assert_api_headers(&request, ACCESS_TOKEN);
            assert_eq!(header_of(&request, "content-type"), "");
            assert!(request.body.is_empty());

            assert_eq!(tokens.len(), 1);
            let t = &tokens[0];
            assert_eq!(t.id, "86f1dc6fe8f54414950454cbb11278fa");
            assert_eq!(t.name, "NodeJS Integration");
            assert_eq!(
                t.scope.as_deref(),
                Some(
                    &[
                        "demo:personal-access-token-scope:first".to_owned(),
                        "demo:personal-access-token-scope:second".to_owned()
                    ][..]
                )
            );
            assert_eq!(t.owner.r#type, Some(PatOwnerType::Identity));
            assert_eq!(
                t.owner.id.as_deref(),
                Some("2c9180a46faadee4016fb4e018c20639")
            );
            assert_eq!(t.owner.name.as_deref(), Some("Support"));
            assert_eq!(t.created.0, utc("2017-07-11T18:45:37.098Z"));
            assert_eq!(
                t.last_used.map(|l| l.0),
                Some(utc("2017-07-11T18:45:37.098Z"))
            );
            assert_eq!(t.managed, Some(false));
            assert_eq!(t.access_token_validity_seconds, Some(36900));
            assert_eq!(
                t.expiration_date.map(|e| e.0),
                Some(utc("2018-01-11T18:45:37.098Z"))
            );
        }

        #[tokio::test]
        async fn list_takes_a_raw_filter_string_and_sends_no_query_without_parameters() {
            let server = server().await;
            mount_json(&server, "GET", &collection(), 200, json!([])).await;
            let client = client(&server);

            let raw = ListPersonalAccessTokensParams::default().filters("lastUsed isnull");
            assert!(
                client
                    .list_personal_access_tokens(raw)
                    .await
                    .unwrap()
                    .is_empty()
            );
            let typed = ListPersonalAccessTokensParams::default()
                .filters(Filter::field("lastUsed").is_null());
            client.list_personal_access_tokens(typed).await.unwrap();
            list_all(&client).await;

            let queries: Vec<Option<String>> = api_requests(&server)
                .await
                .iter()
                .map(|r| r.url.query().map(str::to_owned))
                .collect();
            assert_eq!(
                queries,
                [
                    Some("filters=lastUsed+isnull".to_owned()),
                    Some("filters=lastUsed+isnull".to_owned()),
                    None
                ]
            );
            // The access token is cached across calls.
            assert_eq!(token_requests(&server).await.len(), 1);
        }

        #[test]
        fn filter_builder_writes_the_documented_filters() {
            let cutoff: Timestamp = "2023-02-05T12:59:27.214+02:00".parse().unwrap();
            assert_eq!(
                String::from(Filter::field("lastUsed").le(cutoff)),
                "lastUsed le 2023-02-05T10:59:27.214Z"
            );
            assert_eq!(
                Filter::field("lastUsed").is_null().to_string(),
                "lastUsed isnull"
            );
            let params = ListPersonalAccessTokensParams::default()
                .filters(Filter::field("lastUsed").is_null());
            assert_eq!(params.filters.as_deref(), Some("lastUsed isnull"));
        }

        // ---- create --------------------------------------------------------------------

        #[tokio::test]
        async fn create_sends_the_json_body_and_decodes_the_secret_redacted_in_debug() {
            let server = server().await;
            let secret = "fe2b5a7c44d6b1c9e0a1f3d5b7c9e1a3";
            mount_json(&server, "POST", &collection(), 200, created_json(secret)).await;
            let mut body = CreatePersonalAccessTokenRequest::new("NodeJS Integration");
            body.scope = Nullable::Value(vec!["sp:scopes:all".to_owned()]);
            body.access_token_validity_seconds = Some(36900);
            body.expiration_date =
                Nullable::Value("2018-01-11T20:45:37.098+02:00".parse().unwrap());

            let created = client(&server)
                .create_personal_access_token(&body)
                .await
                .unwrap();

            let request = only_api_request(&server).await;
            assert_eq!(request.method.as_str(), "POST");
            assert_eq!(request.url.path(), collection());
            assert_eq!(request.url.query(), None);
            assert_api_headers(&request, ACCESS_TOKEN);
            assert_eq!(header_of(&request, "content-type"), "application/json");
            assert_eq!(
                request.body_json::<serde_json::Value>().unwrap(),
                json!({
                    "name": "NodeJS Integration",
                    "scope": ["sp:scopes:all"],
                    "accessTokenValiditySeconds": 36900,
                    "expirationDate": "2018-01-11T18:45:37.098Z",
                })
            );

            assert_eq!(created.id, "86f1dc6fe8f54414950454cbb11278fa");
            assert_eq!(created.secret.expose_secret(), secret);
            assert_eq!(created.name, "NodeJS Integration");
            assert_eq!(created.scope, Some(vec!["sp:scopes:all".to_owned()]));
            assert_eq!(created.owner.r#type, Some(PatOwnerType::Identity));
            assert_eq!(created.owner.name.as_deref(), Some("Support"));
            assert_eq!(created.created.0, utc("2017-07-11T18:45:37.098Z"));
            assert_eq!(created.access_token_validity_seconds, Some(36900));
            assert_eq!(
                created.expiration_date.map(|e| e.0),
                Some(utc("2018-01-11T18:45:37.098Z"))
            );
            let debug = format!("{created:?}");
            assert!(!debug.contains(secret), "{debug}");
            assert!(debug.contains("[REDACTED]"), "{debug}");
        }

        #[tokio::test]
        async fn create_omits_absent_fields_and_sends_explicit_nulls() {
            let server = server().await;
            mount_json(&server, "POST", &collection(), 200, created_json("s")).await;
            let client = client(&server);

            client
                .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("minimal"))
                .await
                .unwrap();
            let mut nulls = CreatePersonalAccessTokenRequest::new("nulls");
            nulls.scope = Nullable::Null;
            nulls.expiration_date = Nullable::Null;
            client.create_personal_access_token(&nulls).await.unwrap();

            let bodies: Vec<serde_json::Value> = api_requests(&server)
                .await
                .iter()
                .map(|r| r.body_json().unwrap())
                .collect();
            assert_eq!(bodies[0], json!({"name": "minimal"}));
            assert_eq!(
                bodies[1],
                json!({"name": "nulls", "scope": null, "expirationDate": null})
            );
        }

        #[tokio::test]
        async fn create_answer_with_nulls_and_missing_fields_decodes() {
            let server = server().await;
            let answer = json!({
                "id": "a1", "secret": "s3", "scope": null, "name": "n",
                "owner": {"type": "IDENTITY", "id": "o", "name": "O"},
                "created": "2024-01-02T15:04:05.123456Z", "expirationDate": null,
            });
            mount_json(&server, "POST", &collection(), 200, answer).await;

            let created = client(&server)
                .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("n"))
                .await
                .unwrap();

            assert_eq!(created.scope, None);
            assert_eq!(created.access_token_validity_seconds, None);
            assert_eq!(created.expiration_date, None);
            assert_eq!(created.created.0, utc("2024-01-02T15:04:05.123456Z"));
        }

        // ---- patch ---------------------------------------------------------------------

        #[tokio::test]
        async fn patch_sends_json_patch_content_type_and_the_operations() {
            let server = server().await;
            let mut updated = pat_json();
            updated["name"] = json!("renamed");
            updated["scope"] = json!(["sp:scopes:default"]);
            mount_json(&server, "PATCH", &item(PAT_ID), 200, updated).await;
            let mut raw = JsonPatchOperation::new(JsonPatchOperationOp::Test, "/name");
            raw.value = Some(JsonPatchOperationValue::String(
                "NodeJS Integration".to_owned(),
            ));
            let ops = [
                raw,
                JsonPatchOperation::replace("/name", "renamed"),
                JsonPatchOperation::replace("/scope", vec!["sp:scopes:default"]),
            ];

            let token = client(&server)
                .patch_personal_access_token(PAT_ID, &ops)
                .await
                .unwrap();

            let request = only_api_request(&server).await;
            assert_eq!(request.method.as_str(), "PATCH");
            assert_eq!(request.url.path(), item(PAT_ID));
            assert_eq!(request.url.query(), None);
            assert_api_headers(&request, ACCESS_TOKEN);
            assert_eq!(
                header_of(&request, "content-type"),
                "application/json-patch+json"
            );
            assert_eq!(
                request.body_json::<serde_json::Value>().unwrap(),
                json!([
                    {"op": "test", "path": "/name", "value": "NodeJS Integration"},
                    {"op": "replace", "path": "/name", "value": "renamed"},
                    {"op": "replace", "path": "/scope", "value": ["sp:scopes:default"]},
                ])
            );
            assert_eq!(token.id, PAT_ID);
            assert_eq!(token.name, "renamed");
            assert_eq!(token.scope, Some(vec!["sp:scopes:default".to_owned()]));
        }

        #[test]
        fn patch_helpers_build_replace_operations() {
            let name = JsonPatchOperation::replace("/name", "ci");
            assert_eq!(name.op, JsonPatchOperationOp::Replace);
            assert_eq!(name.path, "/name");
            assert_eq!(
                name.value,
                Some(JsonPatchOperationValue::String("ci".to_owned()))
            );
            let scope =
                JsonPatchOperation::replace("/scope", vec![String::from("a"), String::from("b")]);
            assert_eq!(
                serde_json::to_value(&scope).unwrap(),
                json!({"op": "replace", "path": "/scope", "value": ["a", "b"]})
            );
            let raw = JsonPatchOperation::replace(
                "/name",
                JsonPatchOperationValue::String("x".into()),
            );
            assert_eq!(raw, JsonPatchOperation::replace("/name", "x"));
        }

        // ---- delete --------------------------------------------------------------------

        #[tokio::test]
        async fn delete_sends_delete_and_accepts_204() {
            let server = server().await;
            mount(&server, "DELETE", &item(PAT_ID), ResponseTemplate::new(204)).await;

            let client = client(&server);
            client.delete_personal_access_token(PAT_ID).await.unwrap();
            let answer = client
                .delete_personal_access_token_with_response(PAT_ID)
                .await
                .unwrap();
            assert_eq!(answer.status, StatusCode::NO_CONTENT);

            let requests = api_requests(&server).await;
            assert_eq!(requests.len(), 2);
            let request = &requests[0];
            assert_eq!(request.method.as_str(), "DELETE");
            assert_eq!(request.url.path(), item(PAT_ID));
            assert_eq!(request.url.query(), None);
            assert_api_headers(request, ACCESS_TOKEN);
            assert!(request.body.is_empty());
        }
    };
}
