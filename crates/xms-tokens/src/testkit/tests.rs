//! Drives [`FakeXms`] over raw HTTP.

use std::time::{Duration, Instant};

use apiclient_core::testkit::{RawHttp, parse_timestamp};
use serde_json::{Value, json};

use super::*;

mod paging_knobs;
mod validation;

const TOKENS: &str = "/access-tokens/";

/// A raw caller of `fake` sending `key` in the `Xms-Auth-Token` header.
fn keyed(fake: &FakeXms, key: &str) -> RawHttp {
    RawHttp::new(fake.base_url()).with_header("Xms-Auth-Token", key)
}

/// A raw caller of `fake` with the admin key in the header.
fn admin(fake: &FakeXms) -> RawHttp {
    keyed(fake, fake.token())
}

fn item(id: impl std::fmt::Display) -> String {
    format!("{TOKENS}{id}")
}

fn validate(secret: &str) -> String {
    format!("/access-tokens:validate?subject_access_token={secret}")
}

fn create_body(name: &str) -> Value {
    json!({"access_token": {"name": name, "roles": ["admin"], "description": "d"}})
}

#[tokio::test]
async fn lifecycle_with_header_and_query_auth() {
    let fake = FakeXms::start().await;
    assert!(fake.base_url().ends_with("/v1"));
    let http = admin(&fake);

    let created = http.post(TOKENS, &create_body("ci")).await;
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

    let query_auth = RawHttp::new(fake.base_url());
    let got = query_auth
        .get(&format!("{}?token={}", item(id), fake.token()))
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["access_token"]["name"], "ci");
    assert!(got.body["access_token"].get("uuid").is_none());

    let renamed = http
        .patch(&item(id), &json!({"access_token": {"name": "ci-renamed"}}))
        .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["access_token"]["name"], "ci-renamed");
    assert_eq!(renamed.body["access_token"]["roles"], json!(["admin"]));

    let deleted = http.delete(&item(id)).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.body, Value::Null);

    let gone = http
        .assert_statuses(["GET", "DELETE"].map(|m| (m, item(id), None, 404)))
        .await;
    for answer in gone {
        assert_eq!(answer.body["code"], "NotFound");
        assert!(answer.body["message"].is_string());
    }
}

#[tokio::test]
async fn auth_failures_and_issued_tokens() {
    let fake = FakeXms::start_with_token("admin-key").await;
    let anonymous = RawHttp::new(fake.base_url());
    let refused = [
        anonymous.get(TOKENS).await,
        keyed(&fake, "nope").get(TOKENS).await,
        anonymous.get(&format!("{TOKENS}?token=nope")).await,
    ];
    for resp in refused {
        assert_eq!(resp.status, 401);
        assert_eq!(resp.body["code"], "Unauthorized");
        assert!(resp.body["message"].is_string());
    }
    let seeded = fake.insert_token(NewToken::new("robot"));
    let resp = keyed(&fake, &seeded.uuid).get(&item(seeded.id)).await;
    assert_eq!(resp.status, 200);
    assert_eq!(fake.token_record(seeded.id).unwrap()["used"], true);
}

#[tokio::test]
async fn regenerate_replaces_the_secret() {
    let fake = FakeXms::start().await;
    let http = admin(&fake);
    let seeded = fake.insert_token(NewToken::new("rotating"));

    let valid = http.send("POST", &validate(&seeded.uuid), None).await;
    assert_eq!(valid.status, 200);
    assert_eq!(valid.body["access_token"]["id"], seeded.id);
    assert!(valid.body["access_token"].get("uuid").is_none());

    let regenerate = format!("{}:regenerate", item(seeded.id));
    let regenerated = http.send("POST", &regenerate, None).await;
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

    let [old, _new, _missing, _unknown] = http
        .assert_statuses([
            ("POST", validate(&seeded.uuid), None, 404),
            ("POST", validate(&fresh), None, 200),
            ("POST", "/access-tokens:validate".to_owned(), None, 400),
            (
                "POST",
                "/access-tokens/999:regenerate".to_owned(),
                None,
                404,
            ),
        ])
        .await
        .try_into()
        .unwrap();
    assert_eq!(old.body["code"], "NotFound");

    let old_auth = keyed(&fake, &seeded.uuid).get(TOKENS).await;
    assert_eq!(old_auth.status, 401);
    keyed(&fake, &fresh)
        .assert_statuses([(
            "POST",
            format!("{}%3Aregenerate", item(seeded.id)),
            None,
            200,
        )])
        .await;
}
