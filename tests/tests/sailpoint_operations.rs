//! `sailpoint-pat-v3` and `sailpoint-pat-v2024` on the wire, against wiremock on 127.0.0.1.
//!
//! For every operation: the exact request (method, versioned path, query encoding, headers with
//! the bearer token from `/oauth/token`, content type, body) and the decoded answer; every
//! documented error status decoded into the typed error; real-world error shapes, undocumented
//! answers, unknown enum values, nulls and sloppy timestamps; path-parameter safety; the OAuth2
//! token flow (form body, refresh after a 401, one token request for concurrent calls, failures
//! without secrets); configuration by tenant, base URL and environment.
//!
//! The suite is written once, in `sailpoint_suite!`, and instantiated for each crate.

#[path = "common/sailpoint.rs"]
mod common;

/// An operation and what the spec documents for it: `(name, method, path after the version,
/// path template, operationId, error statuses)`.
type Operation = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [u16],
);

/// The four operations.
const OPERATIONS: [Operation; 4] = [
    (
        "list",
        "GET",
        "/personal-access-tokens",
        "/personal-access-tokens",
        "listPersonalAccessTokens",
        &[400, 401, 403, 429, 500],
    ),
    (
        "create",
        "POST",
        "/personal-access-tokens",
        "/personal-access-tokens",
        "createPersonalAccessToken",
        &[400, 401, 403, 429, 500],
    ),
    (
        "patch",
        "PATCH",
        "/personal-access-tokens/86f1dc6fe8f54414950454cbb11278fa",
        "/personal-access-tokens/{id}",
        "patchPersonalAccessToken",
        &[400, 401, 403, 404, 429, 500],
    ),
    (
        "delete",
        "DELETE",
        "/personal-access-tokens/86f1dc6fe8f54414950454cbb11278fa",
        "/personal-access-tokens/{id}",
        "deletePersonalAccessToken",
        &[400, 401, 403, 404, 429, 500],
    ),
];

/// The id the operation table uses.
const PAT_ID: &str = "86f1dc6fe8f54414950454cbb11278fa";

macro_rules! sailpoint_suite {
    ($module:ident, $krate:ident, $version:literal) => {
        mod $module {
            use std::time::Duration;

            use serde_json::json;
            use wiremock::matchers::{header, method};
            use wiremock::{Mock, MockServer, ResponseTemplate};

            use $krate::{
                Client, ClientBuilder, CreatePersonalAccessTokenRequest, EnvSource, Error,
                ErrorMessageDtoLocaleOrigin, Filter, GetPersonalAccessTokenResponse,
                JsonPatchOperation, JsonPatchOperationOp, JsonPatchOperationValue,
                ListPersonalAccessTokensParams, Nullable, PatOwnerType, PersonalAccessTokensApi,
                RetryPolicy, StatusCode, Timestamp,
            };

            use crate::common::header as header_of;
            use crate::common::*;
            use crate::{OPERATIONS, PAT_ID};

            const VERSION: &str = $version;

            /// `/{version}{rest}`: the path the server must receive.
            fn versioned(rest: &str) -> String {
                format!("/{VERSION}{rest}")
            }

            fn collection() -> String {
                versioned("/personal-access-tokens")
            }

            fn item(id: &str) -> String {
                versioned(&format!("/personal-access-tokens/{id}"))
            }

            /// The base URL a user would give for this server: host plus version.
            fn base_url(server: &MockServer) -> String {
                format!("{}/{VERSION}", server.uri())
            }

            /// A builder for `server` with the test PAT.
            fn builder(server: &MockServer) -> ClientBuilder {
                Client::builder()
                    .base_url(base_url(server))
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
            }

            /// A client for `server` without retries (one request per attempt keeps the wire
            /// assertions exact).
            fn client(server: &MockServer) -> Client {
                let builder = builder(server).retry_policy(RetryPolicy::disabled());
                builder.build().expect("client")
            }

            /// Lists every token, without parameters.
            async fn list_all(client: &Client) -> Vec<GetPersonalAccessTokenResponse> {
                let params = ListPersonalAccessTokensParams::default();
                client
                    .list_personal_access_tokens(params)
                    .await
                    .expect("list")
            }

            /// Calls the operation named in [`OPERATIONS`] with valid input.
            async fn call(client: &Client, name: &str) -> Result<(), Error> {
                match name {
                    "list" => client
                        .list_personal_access_tokens(Default::default())
                        .await
                        .map(drop),
                    "create" => client
                        .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("x"))
                        .await
                        .map(drop),
                    "patch" => client
                        .patch_personal_access_token(
                            PAT_ID,
                            &[JsonPatchOperation::replace("/name", "y")],
                        )
                        .await
                        .map(drop),
                    "delete" => client.delete_personal_access_token(PAT_ID).await,
                    other => unreachable!("no operation {other}"),
                }
            }

            /// The API requests carry the bearer token and ask for JSON.
            fn assert_api_headers(request: &wiremock::Request, token: &str) {
                assert_eq!(header_of(request, "authorization"), bearer(token));
                assert_eq!(header_of(request, "accept"), "application/json");
                let agent = header_of(request, "user-agent");
                assert!(
                    agent.starts_with(&format!("sailpoint-pat-{VERSION}/")),
                    "{agent}"
                );
            }

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
                        let model = err.model().expect("ErrorResponseDto");
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
                }
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

                let message = &err.model().unwrap().messages.as_deref().unwrap()[0];
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

            // ---- OAuth2 --------------------------------------------------------------------

            #[tokio::test]
            async fn a_401_fetches_one_new_token_and_resends_once() {
                let server = MockServer::start().await;
                Mock::given(method("POST"))
                    .respond_with(token_answer("expired-token"))
                    .up_to_n_times(1)
                    .with_priority(1)
                    .mount(&server)
                    .await;
                mount_token(&server, token_answer("fresh-token")).await;
                Mock::given(method("GET"))
                    .and(header("authorization", "Bearer expired-token"))
                    .respond_with(
                        ResponseTemplate::new(401).set_body_json(
                            json!({"error": "JWT validation failed: JWT is expired"}),
                        ),
                    )
                    .mount(&server)
                    .await;
                Mock::given(method("GET"))
                    .and(header("authorization", "Bearer fresh-token"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(json!([pat_json()])))
                    .mount(&server)
                    .await;
                let client = client(&server);

                let tokens = list_all(&client).await;
                assert_eq!(tokens.len(), 1);
                list_all(&client).await;

                let sent = token_requests(&server).await;
                assert_eq!(sent.len(), 2);
                for request in &sent {
                    assert_token_request(request, CLIENT_ID, CLIENT_SECRET);
                }
                let api = api_requests(&server).await;
                let auth: Vec<&str> = api.iter().map(|r| header_of(r, "authorization")).collect();
                assert_eq!(
                    auth,
                    [
                        "Bearer expired-token",
                        "Bearer fresh-token",
                        "Bearer fresh-token"
                    ]
                );
            }

            #[tokio::test]
            async fn concurrent_first_calls_make_one_token_request() {
                let server = MockServer::start().await;
                mount_token(
                    &server,
                    token_answer(ACCESS_TOKEN).set_delay(Duration::from_millis(200)),
                )
                .await;
                mount_json(&server, "GET", &collection(), 200, json!([])).await;
                let client = client(&server);

                let calls =
                    (0..100).map(|_| client.list_personal_access_tokens(Default::default()));
                let results = futures::future::join_all(calls).await;

                assert!(results.iter().all(Result::is_ok));
                assert_eq!(token_requests(&server).await.len(), 1);
                let api = api_requests(&server).await;
                assert_eq!(api.len(), 100);
                assert!(
                    api.iter()
                        .all(|r| header_of(r, "authorization") == bearer(ACCESS_TOKEN))
                );
            }

            #[tokio::test]
            async fn failing_token_endpoint_gives_an_auth_error_without_the_secret() {
                let server = MockServer::start().await;
                let refusal = json!({
                    "error": "invalid_client",
                    "error_description": format!("Bad client credentials (secret {CLIENT_SECRET})"),
                });
                mount_token(&server, ResponseTemplate::new(401).set_body_json(refusal)).await;
                let client = client(&server);

                let err = call(&client, "list").await.unwrap_err();

                let Error::Auth(auth) = &err else {
                    panic!("{err:?}")
                };
                assert_eq!(auth.status, Some(StatusCode::UNAUTHORIZED));
                assert_eq!(auth.error.as_deref(), Some("invalid_client"));
                assert_eq!(
                    auth.error_description.as_deref(),
                    Some("Bad client credentials (secret [REDACTED])")
                );
                assert!(err.is_unauthorized());
                let (display, debug) = (err.to_string(), format!("{err:?}"));
                for text in [&display, &debug] {
                    assert!(!text.contains(CLIENT_SECRET), "{text}");
                }
                assert!(
                    display.contains("401 Unauthorized") && display.contains("invalid_client"),
                    "{display}"
                );
                assert!(display.contains("Bad client credentials"), "{display}");
                assert!(
                    api_requests(&server).await.is_empty(),
                    "no API call without a token"
                );
            }

            #[tokio::test]
            async fn token_answers_without_a_token_are_auth_errors_and_send_nothing() {
                for answer in [
                    ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"),
                    ResponseTemplate::new(200).set_body_json(json!({"token_type": "bearer"})),
                    ResponseTemplate::new(200).set_body_raw("not json", "text/plain"),
                ] {
                    let server = MockServer::start().await;
                    mount_token(&server, answer).await;

                    let err = call(&client(&server), "delete").await.unwrap_err();

                    assert!(matches!(err, Error::Auth(_)), "{err:?}");
                    assert!(
                        err.to_string().starts_with("authentication failed"),
                        "{err}"
                    );
                    assert!(
                        api_requests(&server).await.is_empty(),
                        "no empty bearer is sent"
                    );
                }
            }

            #[tokio::test]
            async fn debug_of_a_configured_client_shows_no_secret_or_access_token() {
                let server = server().await;
                mount_json(&server, "GET", &collection(), 200, json!([])).await;
                let configured = builder(&server);
                let builder_debug = format!("{configured:?}");
                let client = configured.build().unwrap();
                list_all(&client).await;

                let client_debug = format!("{client:?} {:#?}", client.clone());
                for text in [&builder_debug, &client_debug] {
                    assert!(!text.contains(CLIENT_SECRET), "{text}");
                    assert!(!text.contains(ACCESS_TOKEN), "{text}");
                }
                assert!(client_debug.contains(CLIENT_ID), "{client_debug}");
            }

            // ---- configuration -------------------------------------------------------------

            #[tokio::test]
            async fn token_url_is_oauth_token_on_the_base_url_host_on_the_wire() {
                // A base URL with a path before the version: the token URL still drops it.
                let server = server().await;
                mount_json(
                    &server,
                    "GET",
                    &format!("/api/{VERSION}/personal-access-tokens"),
                    200,
                    json!([]),
                )
                .await;
                let client = Client::builder()
                    .base_url(format!("{}/api/{VERSION}/", server.uri()))
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
                    .build()
                    .unwrap();

                list_all(&client).await;

                assert_token_request(&token_requests(&server).await[0], CLIENT_ID, CLIENT_SECRET);
                assert_eq!(
                    only_api_request(&server).await.url.path(),
                    format!("/api/{VERSION}/personal-access-tokens")
                );
            }

            #[tokio::test]
            async fn token_url_can_be_overridden() {
                let server = MockServer::start().await;
                mount(
                    &server,
                    "POST",
                    "/custom/token",
                    token_answer("custom-token"),
                )
                .await;
                mount_json(&server, "GET", &collection(), 200, json!([])).await;
                let client = builder(&server)
                    .token_url(format!("{}/custom/token", server.uri()))
                    .build()
                    .unwrap();

                list_all(&client).await;

                let requests = api_requests(&server).await;
                let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
                assert_eq!(paths, ["/custom/token", collection().as_str()]);
                assert_eq!(form(&requests[0])["client_secret"], CLIENT_SECRET);
                assert_eq!(
                    header_of(&requests[1], "authorization"),
                    "Bearer custom-token"
                );
            }

            /// The client talks to tenant `acme`: API and token URL (seen in `Debug`, which
            /// shows no secret).
            fn assert_is_acme(client: &Client) {
                let base_url = client.api_client().config().base_url().as_str();
                assert_eq!(
                    base_url,
                    format!("https://acme.api.identitynow.com/{VERSION}")
                );
                let debug = format!("{client:?}");
                let token_url = "\"https://acme.api.identitynow.com/oauth/token\"";
                assert!(debug.contains(token_url), "{debug}");
                assert!(!debug.contains(CLIENT_SECRET), "{debug}");
            }

            #[test]
            fn tenant_or_base_url_sets_the_server_and_the_token_url() {
                let by_tenant = Client::builder()
                    .tenant("acme")
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
                    .build()
                    .unwrap();
                let by_url = Client::builder()
                    .base_url(format!("https://acme.api.identitynow.com/{VERSION}"))
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
                    .build()
                    .unwrap();
                for client in [&by_tenant, &by_url] {
                    assert_is_acme(client);
                }
                let default = Client::builder()
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
                    .build()
                    .unwrap();
                assert_eq!(
                    default.api_client().config().base_url().as_str(),
                    format!("https://sailpoint.api.identitynow.com/{VERSION}")
                );
                assert_eq!(
                    $krate::DEFAULT_BASE_URL,
                    format!("https://sailpoint.api.identitynow.com/{VERSION}")
                );
            }

            #[test]
            fn plain_http_to_a_remote_host_is_refused() {
                let err = Client::builder()
                    .base_url(format!("http://acme.api.identitynow.com/{VERSION}"))
                    .oauth2(CLIENT_ID, CLIENT_SECRET)
                    .build()
                    .unwrap_err();
                assert!(!err.to_string().contains(CLIENT_SECRET));
            }

            // ---- from_env ------------------------------------------------------------------

            /// The vendor's variables, pointing at `server` (a host without the version).
            fn sail_vars(server: &MockServer) -> EnvSource {
                EnvSource::from_vars([
                    ("SAIL_BASE_URL", server.uri()),
                    ("SAIL_CLIENT_ID", CLIENT_ID.to_owned()),
                    ("SAIL_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
                ])
            }

            /// Lists once with a client from `env` and returns the form of the token request.
            async fn list_from_env(server: &MockServer, env: &EnvSource) -> wiremock::Request {
                mount_json(server, "GET", &collection(), 200, json!([])).await;
                list_all(&Client::from_env_source(env).expect("from_env_source")).await;
                assert_eq!(only_api_request(server).await.url.path(), collection());
                token_requests(server).await.remove(0)
            }

            #[tokio::test]
            async fn from_env_reads_the_sail_variables_and_appends_the_version() {
                let server = server().await;

                let token_request = list_from_env(&server, &sail_vars(&server)).await;

                assert_token_request(&token_request, CLIENT_ID, CLIENT_SECRET);
                let _: fn() -> Result<Client, $krate::ConfigError> = Client::from_env;
                let _: fn() -> Result<ClientBuilder, $krate::ConfigError> =
                    ClientBuilder::from_env;
            }

            #[tokio::test]
            async fn from_env_variables_win_over_config_json() {
                let server = server().await;
                let env = sail_vars(&server).config_json(json!({
                    "BaseURL": "https://file.api.identitynow.com",
                    "ClientId": "file-client-id",
                    "ClientSecret": "file-client-secret",
                }));

                let token_request = list_from_env(&server, &env).await;

                assert_token_request(&token_request, CLIENT_ID, CLIENT_SECRET);
            }

            #[tokio::test]
            async fn from_env_falls_back_to_config_json_per_setting() {
                let server = server().await;
                let env = EnvSource::from_vars([("SAIL_CLIENT_ID", "env-client-id")]).config_json(
                    json!({
                        "BaseURL": server.uri(),
                        "ClientId": "file-client-id",
                        "ClientSecret": "file-client-secret",
                    }),
                );

                let token_request = list_from_env(&server, &env).await;

                assert_token_request(&token_request, "env-client-id", "file-client-secret");
            }

            #[tokio::test]
            async fn builder_from_env_can_be_adjusted_before_build() {
                let server = server().await;
                mount_json(
                    &server,
                    "GET",
                    &collection(),
                    503,
                    json!({"message": "busy"}),
                )
                .await;
                let builder = ClientBuilder::from_env_source(&sail_vars(&server)).unwrap();
                assert!(!format!("{builder:?}").contains(CLIENT_SECRET));
                let client = builder
                    .retry_policy(RetryPolicy::disabled())
                    .build()
                    .unwrap();

                let err = call(&client, "list").await.unwrap_err();

                assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
                assert_eq!(
                    api_requests(&server).await.len(),
                    1,
                    "retries were turned off"
                );
            }

            #[test]
            fn from_env_names_the_missing_settings_without_showing_secrets() {
                let host = ("SAIL_BASE_URL", "https://acme.api.identitynow.com");
                let cases = [
                    (
                        vec![host, ("SAIL_CLIENT_SECRET", CLIENT_SECRET)],
                        "SAIL_CLIENT_ID",
                        "ClientId",
                    ),
                    (
                        vec![host, ("SAIL_CLIENT_ID", CLIENT_ID)],
                        "SAIL_CLIENT_SECRET",
                        "ClientSecret",
                    ),
                ];
                for (vars, var, key) in cases {
                    let env = EnvSource::from_vars(vars).config_json(json!({"BaseURL": "x"}));
                    let err = Client::from_env_source(&env).unwrap_err().to_string();
                    assert!(err.contains(var) && err.contains(key), "{err}");
                    assert!(!err.contains(CLIENT_SECRET), "{err}");
                }
            }

            #[test]
            fn from_env_appends_the_version_to_the_tenant_host() {
                let env = EnvSource::from_vars([
                    ("SAIL_BASE_URL", "https://acme.api.identitynow.com"),
                    ("SAIL_CLIENT_ID", CLIENT_ID),
                    ("SAIL_CLIENT_SECRET", CLIENT_SECRET),
                ]);
                let client = Client::from_env_source(&env).unwrap();
                assert_is_acme(&client);
            }
        }
    };
}

sailpoint_suite!(v3, sailpoint_pat_v3, "v3");
sailpoint_suite!(v2024, sailpoint_pat_v2024, "v2024");
