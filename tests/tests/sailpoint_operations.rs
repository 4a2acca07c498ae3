//! `sailpoint-pat-v3` and `sailpoint-pat-v2024` on the wire, against wiremock on 127.0.0.1.
//!
//! For every operation: the exact request (method, versioned path, query encoding, headers with
//! the bearer token from `/oauth/token`, content type, body) and the decoded answer; every
//! documented error status decoded into the typed error; real-world error shapes, undocumented
//! answers, unknown enum values, nulls and sloppy timestamps; path-parameter safety; the OAuth2
//! token flow (form body, refresh after a 401, one token request for concurrent calls, failures
//! without secrets); configuration by tenant, base URL and environment.
//!
//! The suite is written once, in `sailpoint_suite!` (its tests in `request_tests!`,
//! `error_tests!` and `auth_config_tests!`, one file each), and instantiated for each crate.

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

/// What an operation's error model decoded a body into, the same for every operation.
#[derive(Debug)]
enum Decoded<Dto> {
    /// A documented status answered with an `ErrorResponseDto` (400, 403, 404, 500).
    Dto(u16, Dto),
    /// A documented status with another shape (401, 429): the status and the body as JSON.
    Other(u16, serde_json::Value),
    /// `Unknown`: the body's JSON.
    Unknown(serde_json::Value),
}

/// Converts the error model `$model` of one operation into [`Decoded`]; `$extra` names the
/// variants beyond those of every operation (`Status404 = 404`).
macro_rules! decoded {
    ($model:ident $(, $extra:ident = $status:literal)*) => {
        |model: $model| match model {
            $model::Status400(dto) => crate::Decoded::Dto(400, dto),
            $model::Status403(dto) => crate::Decoded::Dto(403, dto),
            $model::Status500(dto) => crate::Decoded::Dto(500, dto),
            $($model::$extra(dto) => crate::Decoded::Dto($status, dto),)*
            $model::Status401(body) => crate::Decoded::Other(401, serde_json::to_value(body).unwrap()),
            $model::Status429(body) => crate::Decoded::Other(429, serde_json::to_value(body).unwrap()),
            $model::Unknown(json) => crate::Decoded::Unknown(json),
            other => panic!("a variant the suite does not know: {other:?}"),
        }
    };
}

#[path = "sailpoint_operations/requests.rs"]
#[macro_use]
mod requests;

#[path = "sailpoint_operations/errors.rs"]
#[macro_use]
mod errors;

#[path = "sailpoint_operations/auth_config.rs"]
#[macro_use]
mod auth_config;

macro_rules! sailpoint_suite {
    ($module:ident, $krate:ident, $version:literal) => {
        mod $module {
            use std::time::Duration;

            use serde_json::json;
            use wiremock::matchers::{header, method};
            use wiremock::{Mock, MockServer, ResponseTemplate};

            use $krate::{
                Client, ClientBuilder, CreatePersonalAccessTokenRequest, EnvSource, Error,
                ErrorMessageDtoLocaleOrigin, ErrorResponseDto, Filter,
                GetPersonalAccessTokenResponse, JsonPatchOperation, JsonPatchOperationOp,
                JsonPatchOperationValue, ListPersonalAccessTokensParams, Nullable, PatOwnerType,
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

            /// Calls the operation named in [`OPERATIONS`] with valid input; its error model
            /// converted with [`decoded!`].
            async fn call(
                client: &Client,
                name: &str,
            ) -> Result<(), Error<crate::Decoded<ErrorResponseDto>>> {
                use $krate::{
                    CreatePersonalAccessTokenError, DeletePersonalAccessTokenError,
                    ListPersonalAccessTokensError, PatchPersonalAccessTokenError,
                };
                match name {
                    "list" => client
                        .list_personal_access_tokens(Default::default())
                        .await
                        .map(drop)
                        .map_err(|e| e.map_model(decoded!(ListPersonalAccessTokensError))),
                    "create" => client
                        .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("x"))
                        .await
                        .map(drop)
                        .map_err(|e| e.map_model(decoded!(CreatePersonalAccessTokenError))),
                    "patch" => client
                        .patch_personal_access_token(
                            PAT_ID,
                            &[JsonPatchOperation::replace("/name", "y")],
                        )
                        .await
                        .map(drop)
                        .map_err(|e| {
                            e.map_model(decoded!(PatchPersonalAccessTokenError, Status404 = 404))
                        }),
                    "delete" => client
                        .delete_personal_access_token(PAT_ID)
                        .await
                        .map_err(|e| {
                            e.map_model(decoded!(DeletePersonalAccessTokenError, Status404 = 404))
                        }),
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

            request_tests!();

            error_tests!();

            auth_config_tests!($krate);
        }
    };
}

sailpoint_suite!(v3, sailpoint_pat_v3, "v3");
sailpoint_suite!(v2024, sailpoint_pat_v2024, "v2024");
