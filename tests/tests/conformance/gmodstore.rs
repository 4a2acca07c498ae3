//! The `gmodstore-pat` profile: five operations on `/v3/me/personal-access-tokens`, a bearer
//! token, `{"message", "errors"}` error bodies and `X-RateLimit-*` headers on every answer.

use std::time::{SystemTime, UNIX_EPOCH};

use apiclient_core::env::EnvSource;
use apiclient_core::{ConfigError, Error};
use gmodstore_pat::models::{
    self, NewPersonalAccessTokenPayload, PersonalAccessTokenScope, UpdatePersonalAccessTokenPayload,
};
use gmodstore_pat::{
    Client, CreatePersonalAccessTokenError, DeletePersonalAccessTokenError,
    GetPersonalAccessTokenError, ListPersonalAccessTokensError, RetryPolicy,
    UpdatePersonalAccessTokenError,
};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

use super::{Decoded, Operation, Provider};

/// The GModStore API.
pub struct GModStore;

const COLLECTION: &str = "/v3/me/personal-access-tokens";
const ITEM: &str = "/v3/me/personal-access-tokens/9b2c6a3e-1c1f-4d6e-9a52-3f0e8f6d7c10";
const ITEM_TEMPLATE: &str = "/v3/me/personal-access-tokens/{personal_access_token}";
const ID: &str = "9b2c6a3e-1c1f-4d6e-9a52-3f0e8f6d7c10";

/// Field errors a 400 carries.
fn field_errors() -> Value {
    json!({
        "name": ["The name must be at least 3 characters."],
        "abilities.0": ["The selected abilities.0 is invalid.", "Another problem."],
    })
}

/// A token as the API sends it.
fn token() -> Value {
    json!({
        "id": ID, "name": "x", "abilities": ["products:read"],
        "lastUsedAt": null, "expiresAt": null,
        "createdAt": "2024-01-02T15:04:05.000000Z", "updatedAt": "2024-01-02T15:04:05.000000Z",
    })
}

/// `template` with `X-RateLimit-*`: 300 a minute, `remaining` left, reset in `reset_in` s.
fn with_rate_limit(template: ResponseTemplate, remaining: u64, reset_in: u64) -> ResponseTemplate {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    template
        .insert_header("X-RateLimit-Limit", "300")
        .insert_header("X-RateLimit-Remaining", remaining.to_string().as_str())
        .insert_header("X-RateLimit-Reset", (now + reset_in).to_string().as_str())
}

/// The statuses the spec documents: 404 only where a token is named.
const COLLECTION_ERRORS: &[u16] = &[400, 401, 403, 429];
const ITEM_ERRORS: &[u16] = &[400, 401, 403, 404, 429];

impl Provider for GModStore {
    type Client = Client;
    type Model = models::Error;
    const OPERATIONS: &'static [Operation] = &[
        Operation::new(
            "list",
            "GET",
            COLLECTION,
            COLLECTION,
            COLLECTION_ERRORS,
            true,
        ),
        Operation::new(
            "create",
            "POST",
            COLLECTION,
            COLLECTION,
            COLLECTION_ERRORS,
            false,
        ),
        Operation::new("get", "GET", ITEM, ITEM_TEMPLATE, ITEM_ERRORS, true),
        Operation::new("update", "PUT", ITEM, ITEM_TEMPLATE, ITEM_ERRORS, true),
        Operation::new("delete", "DELETE", ITEM, ITEM_TEMPLATE, ITEM_ERRORS, true),
    ];
    const SECRET: &'static str = "pat-0123456789abcdef-secret";

    const ENV: &'static [(&'static str, &'static str)] = &[
        ("GMODSTORE_TOKEN", Self::SECRET),
        ("GMODSTORE_BASE_URL", "https://api.pivity.com"),
        ("GMODSTORE_TENANT", "rust.pivity.com"),
    ];
    const REQUIRED_ENV: &'static [&'static str] = &["GMODSTORE_TOKEN"];
    const BASE_URL_ENV: &'static str = "GMODSTORE_BASE_URL";

    fn from_env(env: &EnvSource) -> Result<Client, ConfigError> {
        Client::from_env_source(env)
    }

    fn client(server: &MockServer, retries: RetryPolicy) -> Client {
        let builder = Client::builder().base_url(server.uri());
        let builder = builder.personal_access_token(Self::SECRET);
        builder.retry_policy(retries).build().unwrap()
    }

    async fn call(op: &Operation, client: &Client) -> Result<(), Error<Decoded<models::Error>>> {
        match op.name {
            "list" => client
                .list_personal_access_tokens(Default::default())
                .await
                .map(drop)
                .map_err(|e| e.map_model(decoded!(ListPersonalAccessTokensError: Status400 = 400, Status401 = 401, Status403 = 403, Status429 = 429))),
            "create" => {
                let scopes = vec![PersonalAccessTokenScope::ProductsRead];
                let body = NewPersonalAccessTokenPayload::new("ci-deploy", scopes);
                client
                    .create_personal_access_token(&body, Default::default())
                    .await
                    .map(drop)
                    .map_err(|e| e.map_model(decoded!(CreatePersonalAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status429 = 429)))
            }
            "get" => client
                .get_personal_access_token(ID, Default::default())
                .await
                .map(drop)
                .map_err(|e| e.map_model(decoded!(GetPersonalAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status429 = 429))),
            "update" => {
                let body = UpdatePersonalAccessTokenPayload::default().with_name("renamed");
                client
                    .update_personal_access_token(ID, Some(&body), Default::default())
                    .await
                    .map(drop)
                    .map_err(|e| e.map_model(decoded!(UpdatePersonalAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status429 = 429)))
            }
            _ => client
                .delete_personal_access_token(ID, Default::default())
                .await
                .map(drop)
                .map_err(|e| e.map_model(decoded!(DeletePersonalAccessTokenError: Status400 = 400, Status401 = 401, Status403 = 403, Status404 = 404, Status429 = 429))),
        }
    }

    fn success(op: &Operation) -> ResponseTemplate {
        let body = match op.name {
            "list" => {
                json!({"data": [token()], "cursors": {"prev": null, "next": null}, "connections": [], "meta": {"perPage": 1}})
            }
            "create" => json!({"data": {"personalAccessToken": token(), "plainTextToken": "s"}}),
            "delete" => return ResponseTemplate::new(204),
            _ => json!({"data": token()}),
        };
        let status = if op.name == "create" { 201 } else { 200 };
        with_rate_limit(ResponseTemplate::new(status).set_body_json(body), 299, 60)
    }

    fn error_response(status: u16, message: &str) -> ResponseTemplate {
        let mut body = json!({"message": message});
        if status == 400 {
            body["errors"] = field_errors();
        }
        let template = ResponseTemplate::new(status).set_body_json(body);
        match status {
            429 => with_rate_limit(template, 0, 600),
            _ => with_rate_limit(template, 299, 60),
        }
    }

    fn message(model: &models::Error) -> Option<&str> {
        Some(&model.message)
    }

    fn check_error(err: &Error<Decoded<models::Error>>, status: u16) {
        let limits = err
            .rate_limit()
            .expect("rate-limit information on every error");
        let remaining = if status == 429 { 0 } else { 299 };
        assert_eq!(
            (limits.limit, limits.remaining),
            (Some(300), Some(remaining))
        );
        assert!(limits.reset_at.is_some());
        let Some(Decoded::Documented(_, model)) = err.model() else {
            panic!("the documented variant: {err:?}");
        };
        if status == 400 {
            let errors = model.errors.as_ref().expect("field errors");
            assert_eq!(errors["name"], ["The name must be at least 3 characters."]);
            assert_eq!(errors["abilities.0"].len(), 2);
        } else {
            assert_eq!(model.errors, None);
        }
        if status == 429 {
            let wait = err.retry_after().expect("a wait until the window resets");
            assert!((590..=600).contains(&wait.as_secs()), "{wait:?}");
        }
    }
}
