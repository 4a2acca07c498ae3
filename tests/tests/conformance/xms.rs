//! The `xms-tokens` profile: seven operations under `/v1`, the key in `Xms-Auth-Token`,
//! `{"code", "message"}` error bodies (the code a number or a string), and the XMS-only error
//! shapes.

use apiclient_core::env::EnvSource;
use apiclient_core::{ConfigError, Error};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};
use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq, ErrorResponse};
use xms_tokens::{
    Client, CreateAccessTokenError, DeleteAccessTokenError, GetAccessTokenError,
    ListAccessTokensError, RegenerateAccessTokenError, RetryPolicy, SecretString, StatusCode,
    UpdateAccessTokenError, ValidateAccessTokenError,
};

use super::{Decoded, Operation, Provider, error_of, operation};

/// The XMS API.
pub struct Xms;

const ID: i64 = 42;
const COLLECTION: &str = "/access-tokens/";
const ITEM: &str = "/access-tokens/{access_token_id}";
const REGENERATE: &str = "/access-tokens/{access_token_id}:regenerate";
const VALIDATE: &str = "/access-tokens:validate";
const LIST_ERRORS: &[u16] = &[400, 401, 403, 500];
const CREATE_ERRORS: &[u16] = &[400, 401, 403, 409, 500];
const UPDATE_ERRORS: &[u16] = &[400, 401, 403, 404, 409, 500];
const ITEM_ERRORS: &[u16] = &[400, 401, 403, 404, 500];

/// A record as XMS sends it; with its secret `uuid` when `created`.
fn record(created: bool) -> Value {
    let mut token = json!({"id": ID, "name": "x", "roles": ["admin"], "used": !created});
    if created {
        token["uuid"] = json!("s");
    }
    json!({ "access_token": token })
}

impl Provider for Xms {
    type Client = Client;
    type Model = ErrorResponse;
    // GET and DELETE are idempotent; validate is a POST the spec marks safe to retry.
    const OPERATIONS: &'static [Operation] = &[
        Operation::new(
            "list",
            "GET",
            "/v1/access-tokens/",
            COLLECTION,
            LIST_ERRORS,
            true,
        ),
        Operation::new(
            "create",
            "POST",
            "/v1/access-tokens/",
            COLLECTION,
            CREATE_ERRORS,
            false,
        ),
        Operation::new(
            "get",
            "GET",
            "/v1/access-tokens/42",
            ITEM,
            ITEM_ERRORS,
            true,
        ),
        Operation::new(
            "update",
            "PATCH",
            "/v1/access-tokens/42",
            ITEM,
            UPDATE_ERRORS,
            false,
        ),
        Operation::new(
            "delete",
            "DELETE",
            "/v1/access-tokens/42",
            ITEM,
            ITEM_ERRORS,
            true,
        ),
        Operation::new(
            "regenerate",
            "POST",
            "/v1/access-tokens/42:regenerate",
            REGENERATE,
            ITEM_ERRORS,
            false,
        ),
        Operation::new(
            "validate",
            "POST",
            "/v1/access-tokens:validate",
            VALIDATE,
            ITEM_ERRORS,
            true,
        ),
    ];
    const SECRET: &'static str = "xms-key-5f0c2b7e9a11d4";

    const ENV: &'static [(&'static str, &'static str)] = &[
        ("XMS_BASE_URL", "https://xms.example.com/v1"),
        ("XMS_ACCESS_TOKEN", Self::SECRET),
        ("XMS_TOKEN_LOCATION", "query"),
    ];
    const REQUIRED_ENV: &'static [&'static str] = &["XMS_BASE_URL", "XMS_ACCESS_TOKEN"];
    const BASE_URL_ENV: &'static str = "XMS_BASE_URL";

    fn from_env(env: &EnvSource) -> Result<Client, ConfigError> {
        Client::from_env_source(env)
    }

    fn client(server: &MockServer, retries: RetryPolicy) -> Client {
        let builder = Client::builder().base_url(format!("{}/v1", server.uri()));
        let builder = builder.token_in_header(Self::SECRET);
        builder.retry_policy(retries).build().unwrap()
    }

    async fn call(op: &Operation, client: &Client) -> Result<(), Error<Decoded<ErrorResponse>>> {
        match op.name {
            "list" => client
                .list_access_tokens(Default::default())
                .await
                .map(drop)
                .map_err(|e| e.map_model(decoded!(ListAccessTokensError: Status400 = 400, Status401 = 401, Status403 = 403, Status500 = 500))),
            "create" => {
                let body = AccessTokenCreateReq::named("backup", ["admin"]);
                let result = client.create_access_token(&body).await.map(drop);
                result.map_err(|e| e.map_model(decoded!(CreateAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status409 = 409, Status500 = 500)))
            }
            "get" => {
                let result = client.get_access_token(ID).await.map(drop);
                result.map_err(|e| e.map_model(decoded!(GetAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status500 = 500)))
            }
            "update" => {
                let body = AccessTokenUpdateReq::rename("renamed");
                let result = client.update_access_token(ID, &body).await.map(drop);
                result.map_err(|e| e.map_model(decoded!(UpdateAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status409 = 409, Status500 = 500)))
            }
            "delete" => {
                let result = client.delete_access_token(ID).await;
                result.map_err(|e| e.map_model(decoded!(DeleteAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status500 = 500)))
            }
            "regenerate" => {
                let result = client.regenerate_access_token(ID).await.map(drop);
                result.map_err(|e| e.map_model(decoded!(RegenerateAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status500 = 500)))
            }
            _ => {
                let subject = SecretString::from("subject-token-8d3e6a90c2f1");
                let result = client.validate_access_token(&subject).await.map(drop);
                result.map_err(|e| e.map_model(decoded!(ValidateAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status500 = 500)))
            }
        }
    }

    fn success(op: &Operation) -> ResponseTemplate {
        match op.name {
            "list" => ResponseTemplate::new(200).set_body_json(json!({"access_tokens": []})),
            "create" => ResponseTemplate::new(201).set_body_json(record(true)),
            "regenerate" => ResponseTemplate::new(200).set_body_json(record(true)),
            "delete" => ResponseTemplate::new(204),
            _ => ResponseTemplate::new(200).set_body_json(record(false)),
        }
    }

    fn error_response(status: u16, message: &str) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_json(json!({"code": status, "message": message}))
    }

    fn message(model: &ErrorResponse) -> Option<&str> {
        model.message.as_deref()
    }

    fn check_error(err: &Error<Decoded<ErrorResponse>>, status: u16) {
        let Some(Decoded::Documented(_, model)) = err.model() else {
            panic!("the documented variant: {err:?}");
        };
        assert_eq!(model.code, Some(json!(status)));
    }
}

#[tokio::test]
async fn a_string_error_code_decodes() {
    let body = json!({"code": "AccessTokenNameDuplicated", "message": "name already used"});
    let response = ResponseTemplate::new(409).set_body_json(body);
    let err = error_of::<Xms>(operation::<Xms>("update"), response).await;
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    let Some(Decoded::Documented(409, model)) = err.model() else {
        panic!("the documented 409: {err:?}");
    };
    assert_eq!(model.code, Some(json!("AccessTokenNameDuplicated")));
}

#[tokio::test]
async fn an_error_without_a_message_still_has_status_and_raw_body() {
    let body = json!({"code": 4041, "detail": {"id": 42}});
    let response = ResponseTemplate::new(404).set_body_json(body);
    let err = error_of::<Xms>(operation::<Xms>("get"), response).await;
    let Some(Decoded::Documented(404, model)) = err.model() else {
        panic!("the documented 404, decoded leniently: {err:?}");
    };
    assert_eq!(model.message, None);
    let api = err.api_error().unwrap();
    assert_eq!(api.body_json::<Value>().unwrap()["detail"]["id"], 42);
    assert_eq!(err.to_string(), format!("GET {ITEM}: 404 Not Found"));
}
