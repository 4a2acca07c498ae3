//! Drives [`FakeXms`] over raw HTTP.

use std::time::{Duration, Instant};

use reqwest::{Client, Method};
use serde_json::{Value, json};

use super::*;

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
    let mut req = Client::new().request(method, format!("{}{path}", fake.base_url()));
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

#[tokio::test]
async fn validation_conflicts_and_bad_input() {
    let fake = FakeXms::start().await;
    let key = fake.token().to_owned();
    let bodies = [
        json!({"access_token": {"roles": ["admin"]}}),
        json!({"access_token": {"name": "", "roles": ["admin"]}}),
        json!({"access_token": {"name": "x"}}),
        json!({"access_token": {"name": "x", "roles": "admin"}}),
        json!({"name": "x", "roles": ["admin"]}),
        json!([1, 2]),
    ];
    for body in bodies {
        let resp = call(
            &fake,
            Method::POST,
            "/access-tokens/",
            Auth::Header(&key),
            Some(body.clone()),
        )
        .await;
        assert_eq!(resp.status, 400, "{body}");
        assert_eq!(resp.body["code"], "InvalidParameter");
    }
    let malformed = Client::new()
        .post(format!("{}/access-tokens/", fake.base_url()))
        .header("Xms-Auth-Token", &key)
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    let first = call(
        &fake,
        Method::POST,
        "/access-tokens/",
        Auth::Header(&key),
        Some(create_body("dup")),
    )
    .await;
    assert_eq!(first.status, 201);
    let again = call(
        &fake,
        Method::POST,
        "/access-tokens/",
        Auth::Header(&key),
        Some(create_body("dup")),
    )
    .await;
    assert_eq!(again.status, 409);
    let other = fake.insert_token(NewToken::new("other"));
    let clash = call(
        &fake,
        Method::PATCH,
        &format!("/access-tokens/{}", other.id),
        Auth::Header(&key),
        Some(json!({"access_token": {"name": "dup"}})),
    )
    .await;
    assert_eq!(clash.status, 409);
    let no_name = call(
        &fake,
        Method::PATCH,
        &format!("/access-tokens/{}", other.id),
        Auth::Header(&key),
        Some(json!({"access_token": {}})),
    )
    .await;
    assert_eq!(no_name.status, 400);

    let bad_id = call(
        &fake,
        Method::GET,
        "/access-tokens/abc",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(bad_id.status, 400);
    let no_slash = call(
        &fake,
        Method::GET,
        "/access-tokens",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(no_slash.status, 404);
    let wrong_method = call(
        &fake,
        Method::PUT,
        "/access-tokens/1",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(fake.token_count(), 2);
}

#[tokio::test]
async fn limit_offset_paging() {
    let fake = FakeXms::start().await;
    let key = fake.token().to_owned();
    let seeded = fake.seed_tokens(23);
    fake.insert_token(
        NewToken::new("alice's")
            .owned_by(2, "alice")
            .with_roles(["viewer"]),
    );

    let mut ids = Vec::new();
    let mut offset = 0;
    let mut pages = 0;
    loop {
        let page = call(
            &fake,
            Method::GET,
            &format!("/access-tokens/?limit=10&offset={offset}"),
            Auth::Header(&key),
            None,
        )
        .await;
        assert_eq!(page.status, 200);
        let items = page.body["access_tokens"].as_array().unwrap().clone();
        let paging = &page.body["paging"];
        assert_eq!(paging["count"], items.len());
        assert_eq!(paging["limit"], 10);
        assert_eq!(paging["offset"], offset);
        assert_eq!(paging["total_count"], 23);
        ids.extend(items.iter().map(|item| item["id"].as_i64().unwrap()));
        pages += 1;
        offset += items.len();
        if items.len() < 10 {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids, seeded.iter().map(|s| s.id).collect::<Vec<_>>());

    let default = call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(default.body["paging"]["limit"], 100);
    assert_eq!(default.body["access_tokens"].as_array().unwrap().len(), 23);
    let all = call(
        &fake,
        Method::GET,
        "/access-tokens/?all=true",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(all.body["paging"]["total_count"], 24);
    let by_role = call(
        &fake,
        Method::GET,
        "/access-tokens/?all=true&role=viewer",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(by_role.body["paging"]["total_count"], 1);
    let by_user = call(
        &fake,
        Method::GET,
        "/access-tokens/?user_id=2",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(by_user.body["access_tokens"][0]["user"]["name"], "alice");

    for bad in ["limit=0", "limit=x", "offset=-1", "all=maybe", "user_id=me"] {
        let resp = call(
            &fake,
            Method::GET,
            &format!("/access-tokens/?{bad}"),
            Auth::Header(&key),
            None,
        )
        .await;
        assert_eq!(resp.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn knobs_apply() {
    let fake = FakeXms::start().await;
    let key = fake.token().to_owned();
    fake.knobs().set_rate_limit(1, Duration::from_secs(30));
    assert_eq!(
        call(
            &fake,
            Method::GET,
            "/access-tokens/",
            Auth::Header(&key),
            None
        )
        .await
        .status,
        200
    );
    let limited = call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(limited.body["code"], "TooManyRequests");
    fake.knobs().clear_rate_limit();

    fake.knobs().fail_next(1, 500);
    let failed = call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.body["code"], "InternalServerError");

    fake.knobs().set_latency(Duration::from_millis(200));
    let started = Instant::now();
    call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(&key),
        None,
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(200));

    let log = fake.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].path(), "/v1/access-tokens/");
    assert_eq!(log[0].header("xms-auth-token"), Some(key.as_str()));
}

#[tokio::test]
async fn seeded_times_and_use_are_served_as_given() {
    let fake = FakeXms::start().await;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let created = fake.insert_token(
        NewToken::new("aged")
            .with_roles(["viewer"])
            .created_at(at("2020-01-02T03:04:05Z"))
            .with_used(true),
    );
    let updated = fake.insert_token(
        NewToken::new("touched")
            .created_at(at("2020-01-02T03:04:05Z"))
            .updated_at(at("2021-02-03T04:05:06Z")),
    );
    let listed = call(
        &fake,
        Method::GET,
        "/access-tokens/",
        Auth::Header(fake.token()),
        None,
    )
    .await;
    assert_eq!(listed.status, 200);
    let tokens = &listed.body["access_tokens"];
    assert_eq!(tokens[0]["id"], created.id);
    assert_eq!(tokens[0]["create"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(tokens[0]["update"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(tokens[0]["used"], true);
    assert_eq!(tokens[0]["roles"], json!(["viewer"]));
    assert_eq!(tokens[1]["id"], updated.id);
    assert_eq!(tokens[1]["update"], "2021-02-03T04:05:06.000000Z");
    assert_eq!(tokens[1]["used"], false);
}
