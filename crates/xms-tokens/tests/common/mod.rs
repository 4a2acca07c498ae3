//! Shared setup for the integration tests: clients pointed at a local wiremock server (key in
//! the header or in the query), response fixtures, and a table of the API's operations.
#![allow(dead_code)] // each test crate uses a different part of this module

use serde_json::{Value, json};
use std::time::Duration;
use wiremock::{MockServer, Request, ResponseTemplate};
use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq};
use xms_tokens::{Client, ClientBuilder, Error, RetryPolicy, SecretString};

/// The access key the client authenticates with.
pub const KEY: &str = "xms-key-5f0c2b7e9a11d4";
/// The token being validated (a secret of someone else).
pub const SUBJECT: &str = "subject-token-8d3e6a90c2f1";
/// An access token id.
pub const ID: i64 = 42;
/// The path prefix of the API root (`<base>/v1`).
pub const V1: &str = "/v1";

/// The path of `rest` under the API root, e.g. `/v1/access-tokens/`.
pub fn v1(rest: &str) -> String {
    format!("{V1}{rest}")
}

/// A builder for `server`'s API root, without credentials and without retries.
pub fn bare_builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}{V1}", server.uri()))
        .retry_policy(RetryPolicy::disabled())
}

/// A client sending the key in the `Xms-Auth-Token` header, without retries.
pub fn client(server: &MockServer) -> Client {
    bare_builder(server).token_in_header(KEY).build().unwrap()
}

/// A client sending the key in the `token` query parameter, without retries.
pub fn query_client(server: &MockServer) -> Client {
    bare_builder(server).token_in_query(KEY).build().unwrap()
}

/// A header-key client that retries quickly (default policy, 1 ms initial back-off).
pub fn retrying_client(server: &MockServer) -> Client {
    bare_builder(server)
        .token_in_header(KEY)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

/// The subject token as the API takes it.
pub fn subject() -> SecretString {
    SecretString::from(SUBJECT)
}

/// A JSON response.
pub fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// An access token record as XMS sends it (Go timestamps with zone offsets).
pub fn token_json(id: i64, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "used by the backup job",
        "roles": ["admin", "storage_viewer"],
        "create": "2024-01-02T15:04:05.123456+08:00",
        "update": "2024-02-03T04:05:06Z",
        "used": true,
        "user": {"id": 1, "name": "admin"},
    })
}

/// A record with its secret value, as create and regenerate send it.
pub fn created_json(id: i64, name: &str, uuid: &str) -> Value {
    let mut record = token_json(id, name);
    record["uuid"] = json!(uuid);
    record["used"] = json!(false);
    json!({ "access_token": record })
}

/// A list page with tokens `ids`, and `paging` when given.
pub fn page_json(ids: &[i64], paging: Option<Value>) -> Value {
    let tokens: Vec<Value> = ids
        .iter()
        .map(|id| token_json(*id, &format!("token-{id}")))
        .collect();
    let mut page = json!({ "access_tokens": tokens });
    if let Some(paging) = paging {
        page["paging"] = paging;
    }
    page
}

#[allow(unused_imports)] // each test binary uses a different part of this module
pub use apiclient_core::testkit::{
    answer_once, assert_json_request, request_count, request_header, request_json, single_request,
};

/// The request's query as (name, value) pairs.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

/// Asserts the key travels in the `Xms-Auth-Token` header only (no `Bearer`, no `token`).
pub fn assert_header_key(request: &Request) {
    assert_eq!(request.headers.get("xms-auth-token").unwrap(), KEY);
    assert!(request.headers.get("authorization").is_none());
    assert!(query_pairs(request).iter().all(|(name, _)| name != "token"));
    assert_eq!(request.headers.get("accept").unwrap(), "application/json");
}

/// The seven documented operations, to run the same check against each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    List,
    Create,
    Get,
    Update,
    Delete,
    Regenerate,
    Validate,
}

impl Op {
    pub const ALL: [Op; 7] = [
        Op::List,
        Op::Create,
        Op::Get,
        Op::Update,
        Op::Delete,
        Op::Regenerate,
        Op::Validate,
    ];

    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Op::List | Op::Get => "GET",
            Op::Create | Op::Regenerate | Op::Validate => "POST",
            Op::Update => "PATCH",
            Op::Delete => "DELETE",
        }
    }

    /// The path template errors name.
    pub fn template(self) -> &'static str {
        match self {
            Op::List | Op::Create => "/access-tokens/",
            Op::Get | Op::Update | Op::Delete => "/access-tokens/{access_token_id}",
            Op::Regenerate => "/access-tokens/{access_token_id}:regenerate",
            Op::Validate => "/access-tokens:validate",
        }
    }

    /// The full path the call below requests.
    pub fn path(self) -> String {
        v1(&self
            .template()
            .replace("{access_token_id}", &ID.to_string()))
    }

    /// The error statuses the spec declares for the operation (401 on all: it happens in
    /// practice for a bad key).
    pub fn documented_errors(self) -> &'static [u16] {
        match self {
            Op::List => &[400, 401, 403, 500],
            Op::Create => &[400, 401, 403, 409, 500],
            Op::Update => &[400, 401, 403, 404, 409, 500],
            Op::Get | Op::Delete | Op::Regenerate | Op::Validate => &[400, 401, 403, 404, 500],
        }
    }

    /// Calls the operation through the API trait, discarding the result; its error as the
    /// plain `Error` (the body as JSON).
    pub async fn call(self, client: &Client) -> Result<(), Error> {
        match self {
            Op::List => client
                .list_access_tokens(Default::default())
                .await
                .map(drop)
                .map_err(Into::into),
            Op::Create => client
                .create_access_token(&AccessTokenCreateReq::named("backup", ["admin"]))
                .await
                .map(drop)
                .map_err(Into::into),
            Op::Get => client
                .get_access_token(ID)
                .await
                .map(drop)
                .map_err(Into::into),
            Op::Update => client
                .update_access_token(ID, &AccessTokenUpdateReq::rename("renamed"))
                .await
                .map(drop)
                .map_err(Into::into),
            Op::Delete => client.delete_access_token(ID).await.map_err(Into::into),
            Op::Regenerate => client
                .regenerate_access_token(ID)
                .await
                .map(drop)
                .map_err(Into::into),
            Op::Validate => client
                .validate_access_token(&subject())
                .await
                .map(drop)
                .map_err(Into::into),
        }
    }
}
