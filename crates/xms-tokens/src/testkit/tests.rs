//! Drives [`FakeXms`] over raw HTTP.

use std::time::{Duration, Instant};

use reqwest::{Client, Method};
use serde_json::{Value, json};

/// A plain HTTP client for talking to the fake directly.
pub(crate) fn client() -> Client {
    apiclient_core::testkit::install_tls_provider();
    Client::new()
}

use super::*;

mod paging_knobs;
mod validation;

struct Resp {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

enum Auth<'a> {
    Header(&'a str),
    Query(&'a str),
    None,
}

async fn call(
    fake: &FakeXms,
    method: Method,
    path: &str,
    auth: Auth<'_>,
    body: Option<Value>,
) -> Resp {
    let mut req = client().request(method, format!("{}{path}", fake.base_url()));
    match auth {
        Auth::Header(key) => req = req.header("Xms-Auth-Token", key),
        Auth::Query(key) => req = req.query(&[("token", key)]),
        Auth::None => {}
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body");
    Resp {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn create_body(name: &str) -> Value {
    json!({"access_token": {"name": name, "roles": ["admin"], "description": "d"}})
}

#[tokio::test]
async fn lifecycle_with_header_and_query_auth() {
    let fake = FakeXms::start().await;
    assert!(fake.base_url().ends_with("/v1"));
    let key = fake.token().to_owned();

    let created = call(
        &fake,
        Method::POST,
        "/access-tokens/",
        Auth::Header(&key),
        Some(create_body("ci")),
    )
    .await;
    assert_eq!(created.status, 201);
    let token = &created.body["access_token"];
    let id = token["id"].as_i64().unwrap();
    assert!(!token["uuid"].as_str().unwrap().is_empty());
    assert_eq!(token["name"], "ci");
    assert_eq!(token["roles"], json!(["admin"]));
    assert_eq!(token["description"], "d");
    assert_eq!(token["used"], false);
    assert_eq!(token["user"], json!({"id": 1, "name": "admin"}));
    assert!(chrono::DateTime::parse_from_rfc3339(token["create"].as_str().unwrap()).is_ok());
    assert!(chrono::DateTime::parse_from_rfc3339(token["update"].as_str().unwrap()).is_ok());

    let got = call(
        &fake,
        Method::GET,
        &format!("/access-tokens/{id}"),
        Auth::Query(&key),
        None,
    )
    .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["access_token"]["name"], "ci");
    assert!(got.body["access_token"].get("uuid").is_none());

    let renamed = call(
        &fake,
        Method::PATCH,
        &format!("/access-tokens/{id}"),
        Auth::Header(&key),
        Some(json!({"access_token": {"name": "ci-renamed"}})),
    )
    .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["access_token"]["name"], "ci-renamed");
    assert_eq!(renamed.body["access_token"]["roles"], json!(["admin"]));

    let deleted = call(
        &fake,
        Method::DELETE,
        &format!("/access-tokens/{id}"),
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.body, Value::Null);

    for method in [Method::GET, Method::DELETE] {
        let gone = call(
            &fake,
            method,
            &format!("/access-tokens/{id}"),
            Auth::Header(&key),
            None,
        )
        .await;
        assert_eq!(gone.status, 404);
        assert_eq!(gone.body["code"], "NotFound");
        assert!(gone.body["message"].is_string());
    }
}

#[tokio::test]
async fn auth_failures_and_issued_tokens() {
    let fake = FakeXms::start_with_token("admin-key").await;
    for auth in [Auth::None, Auth::Header("nope"), Auth::Query("nope")] {
        let resp = call(&fake, Method::GET, "/access-tokens/", auth, None).await;
        assert_eq!(resp.status, 401);
        assert_eq!(resp.body["code"], "Unauthorized");
        assert!(resp.body["message"].is_string());
    }
    let seeded = fake.insert_token(NewToken::new("robot"));
    let resp = call(
        &fake,
        Method::GET,
        &format!("/access-tokens/{}", seeded.id),
        Auth::Header(&seeded.uuid),
        None,
    )
    .await;
    assert_eq!(resp.status, 200);
    assert_eq!(fake.token_record(seeded.id).unwrap()["used"], true);
}

#[tokio::test]
async fn regenerate_replaces_the_secret() {
    let fake = FakeXms::start().await;
    let key = fake.token().to_owned();
    let seeded = fake.insert_token(NewToken::new("rotating"));

    let valid = call(
        &fake,
        Method::POST,
        &format!(
            "/access-tokens:validate?subject_access_token={}",
            seeded.uuid
        ),
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(valid.status, 200);
    assert_eq!(valid.body["access_token"]["id"], seeded.id);
    assert!(valid.body["access_token"].get("uuid").is_none());

    let regenerated = call(
        &fake,
        Method::POST,
        &format!("/access-tokens/{}:regenerate", seeded.id),
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(regenerated.status, 200);
    let fresh = regenerated.body["access_token"]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, seeded.uuid);
    assert_eq!(
        fake.token_secret(seeded.id).as_deref(),
        Some(fresh.as_str())
    );

    let old = call(
        &fake,
        Method::POST,
        &format!(
            "/access-tokens:validate?subject_access_token={}",
            seeded.uuid
        ),
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(old.status, 404);
    assert_eq!(old.body["code"], "NotFound");
    let new = call(
        &fake,
        Method::POST,
        &format!("/access-tokens:validate?subject_access_token={fresh}"),
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(new.status, 200);

    let old_auth = call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(&seeded.uuid),
        None,
    )
    .await;
    assert_eq!(old_auth.status, 401);
    let encoded = call(
        &fake,
        Method::POST,
        &format!("/access-tokens/{}%3Aregenerate", seeded.id),
        Auth::Header(&fresh),
        None,
    )
    .await;
    assert_eq!(encoded.status, 200);

    let missing = call(
        &fake,
        Method::POST,
        "/access-tokens:validate",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(missing.status, 400);
    let unknown = call(
        &fake,
        Method::POST,
        "/access-tokens/999:regenerate",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);
}
