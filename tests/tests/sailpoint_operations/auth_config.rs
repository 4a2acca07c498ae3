//! The OAuth2 token flow, and configuration by tenant, base URL and environment.

/// Tests of `sailpoint_suite!`, expanded inside each crate's module (they use its imports and
/// helpers).
macro_rules! auth_config_tests {
    ($krate:ident) => {
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
    };
}
