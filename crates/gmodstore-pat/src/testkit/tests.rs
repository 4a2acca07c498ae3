//! Drives [`FakeGmodstore`] over raw HTTP.

use std::time::{Duration, Instant};

use chrono::{Duration as ChronoDuration, Utc};
use reqwest::{Client, Method};
use serde_json::{Value, json};

/// A plain HTTP client for talking to the fake directly.
pub(crate) fn client() -> Client {
    apiclient_core::testkit::install_tls_provider();
    Client::new()
}

use super::*;

struct Resp {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn call(
    fake: &FakeGmodstore,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Resp {
    let mut req = client().request(method, format!("{}{path}", fake.base_url()));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        body,
    }
}

const BASE: &str = "/v3/me/personal-access-tokens";

fn is_vendor_timestamp(value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    text.len() == 27
        && text.ends_with('Z')
        && text.as_bytes()[19] == b'.'
        && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

#[tokio::test]
async fn create_get_update_delete_lifecycle() {
    let fake = FakeGmodstore::start().await;
    let t = Some(fake.token());
    let created = call(
        &fake,
        Method::POST,
        BASE,
        t,
        Some(json!({"name": "deploy bot", "abilities": ["products:read", "teams:write"]})),
    )
    .await;
    assert_eq!(created.status, 201);
    let pat = &created.body["data"]["personalAccessToken"];
    let secret = created.body["data"]["plainTextToken"].as_str().unwrap();
    assert!(!secret.is_empty());
    let id = pat["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(pat["name"], "deploy bot");
    assert_eq!(pat["abilities"], json!(["products:read", "teams:write"]));
    assert!(pat["lastUsedAt"].is_null());
    assert!(pat["expiresAt"].is_null());
    assert!(is_vendor_timestamp(&pat["createdAt"]));
    assert!(is_vendor_timestamp(&pat["updatedAt"]));

    let got = call(&fake, Method::GET, &format!("{BASE}/{id}"), t, None).await;
    assert_eq!(got.status, 200);
    assert_eq!(&got.body["data"], pat);
    assert!(got.body["data"].get("plainTextToken").is_none());

    let expiry = (Utc::now() + ChronoDuration::days(30)).to_rfc3339();
    let updated = call(
        &fake,
        Method::PUT,
        &format!("{BASE}/{id}"),
        t,
        Some(json!({"name": "renamed", "expiresAt": expiry})),
    )
    .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["data"]["name"], "renamed");
    assert!(is_vendor_timestamp(&updated.body["data"]["expiresAt"]));
    assert_eq!(
        updated.body["data"]["abilities"],
        json!(["products:read", "teams:write"])
    );

    let cleared = call(
        &fake,
        Method::PUT,
        &format!("{BASE}/{id}"),
        t,
        Some(json!({"expiresAt": null})),
    )
    .await;
    assert_eq!(cleared.status, 200);
    assert!(cleared.body["data"]["expiresAt"].is_null());
    assert_eq!(cleared.body["data"]["name"], "renamed");

    let no_body = call(&fake, Method::PUT, &format!("{BASE}/{id}"), t, None).await;
    assert_eq!(no_body.status, 200);
    assert_eq!(no_body.body["data"], cleared.body["data"]);

    let deleted = call(&fake, Method::DELETE, &format!("{BASE}/{id}"), t, None).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, json!({"data": {}}));

    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let gone = call(&fake, method, &format!("{BASE}/{id}"), t, None).await;
        assert_eq!(gone.status, 404);
        assert!(gone.body["message"].as_str().unwrap().contains(&id));
    }
    assert_eq!(fake.token_count(), 0);
}

#[tokio::test]
async fn auth_failures_and_token_abilities() {
    let fake = FakeGmodstore::start_with_token("account-token").await;
    assert_eq!(fake.token(), "account-token");
    for token in [None, Some("wrong")] {
        let resp = call(&fake, Method::GET, BASE, token, None).await;
        assert_eq!(resp.status, 401);
        assert_eq!(resp.body, json!({"message": "Unauthenticated."}));
    }

    let reader =
        fake.insert_token(NewToken::new("reader").with_abilities(["personal-access-tokens:read"]));
    let ok = call(
        &fake,
        Method::GET,
        BASE,
        Some(&reader.plain_text_token),
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    let record = fake.token_record(&reader.id).unwrap();
    assert!(is_vendor_timestamp(&record["lastUsedAt"]));
    let forbidden = call(
        &fake,
        Method::POST,
        BASE,
        Some(&reader.plain_text_token),
        Some(json!({"name": "abc", "abilities": ["*"]})),
    )
    .await;
    assert_eq!(forbidden.status, 403);

    let expired =
        fake.insert_token(NewToken::new("old").expiring_at(Utc::now() - ChronoDuration::hours(1)));
    let resp = call(
        &fake,
        Method::GET,
        BASE,
        Some(&expired.plain_text_token),
        None,
    )
    .await;
    assert_eq!(resp.status, 401);

    let created = call(
        &fake,
        Method::POST,
        BASE,
        Some("account-token"),
        Some(json!({"name": "all powerful", "abilities": ["*"]})),
    )
    .await;
    let secret = created.body["data"]["plainTextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = created.body["data"]["personalAccessToken"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        call(&fake, Method::GET, BASE, Some(&secret), None)
            .await
            .status,
        200
    );
    call(
        &fake,
        Method::DELETE,
        &format!("{BASE}/{id}"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(
        call(&fake, Method::GET, BASE, Some(&secret), None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn validation_errors_look_like_the_vendor() {
    let fake = FakeGmodstore::start().await;
    let t = Some(fake.token());
    let cases = [
        (
            json!({"abilities": ["*"]}),
            "name",
            "The name field is required.",
        ),
        (
            json!({"name": "ab", "abilities": ["*"]}),
            "name",
            "The name field must be at least 3 characters.",
        ),
        (
            json!({"name": "x".repeat(101), "abilities": ["*"]}),
            "name",
            "The name field must not be greater than 100 characters.",
        ),
        (
            json!({"name": "abc"}),
            "abilities",
            "The abilities field is required.",
        ),
        (
            json!({"name": "abc", "abilities": []}),
            "abilities",
            "The abilities field is required.",
        ),
        (
            json!({"name": "abc", "abilities": ["teams:fly"]}),
            "abilities.0",
            "The selected abilities.0 is invalid.",
        ),
        (
            json!({"name": "abc", "abilities": ["users:read", "users:read"]}),
            "abilities.1",
            "The abilities.1 field has a duplicate value.",
        ),
        (
            json!({"name": "abc", "abilities": ["*"], "expiresAt": "2001-01-01T00:00:00Z"}),
            "expiresAt",
            "The expires at field must be a date after now.",
        ),
        (
            json!({"name": "abc", "abilities": ["*"], "expiresAt": "tomorrow"}),
            "expiresAt",
            "The expires at field must be a valid date.",
        ),
    ];
    for (body, field, message) in cases {
        let resp = call(&fake, Method::POST, BASE, t, Some(body.clone())).await;
        assert_eq!(resp.status, 400, "{body}");
        assert_eq!(resp.body["errors"][field][0], message, "{body}");
        assert!(resp.body["message"].as_str().unwrap().starts_with("The "));
    }

    let malformed = client()
        .post(format!("{}{BASE}", fake.base_url()))
        .bearer_auth(fake.token())
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let body: Value = malformed.json().await.unwrap();
    assert!(body["errors"]["body"].is_array());

    let seeded = fake.seed_tokens(1).remove(0);
    let bad_update = call(
        &fake,
        Method::PUT,
        &format!("{BASE}/{}", seeded.id),
        t,
        Some(json!({"name": "no", "abilities": "products:read"})),
    )
    .await;
    assert_eq!(bad_update.status, 400);
    assert_eq!(
        bad_update.body["message"],
        "The name field must be at least 3 characters. (and 1 more error)"
    );
    assert_eq!(fake.token_count(), 1);
}

#[tokio::test]
async fn cursor_pagination_across_pages() {
    let fake = FakeGmodstore::start().await;
    let seeded = fake.seed_tokens(60);
    let t = Some(fake.token());

    let default = call(&fake, Method::GET, BASE, t, None).await;
    assert_eq!(default.body["data"].as_array().unwrap().len(), 24);
    assert_eq!(default.body["meta"]["perPage"], 24);
    assert_eq!(default.body["connections"], json!([]));
    assert!(default.body["cursors"]["prev"].is_null());

    let mut ids = Vec::new();
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{BASE}?perPage=25&cursor={c}"),
            None => format!("{BASE}?perPage=25"),
        };
        let page = call(&fake, Method::GET, &path, t, None).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body["meta"]["perPage"], 25);
        let data = page.body["data"].as_array().unwrap();
        ids.extend(
            data.iter()
                .map(|item| item["id"].as_str().unwrap().to_owned()),
        );
        pages.push(page.body.clone());
        match page.body["cursors"]["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages
            .iter()
            .map(|p| p["data"].as_array().unwrap().len())
            .collect::<Vec<_>>(),
        vec![25, 25, 10]
    );
    let expected: Vec<String> = seeded.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, expected);

    let prev = pages[2]["cursors"]["prev"].as_str().unwrap();
    let back = call(
        &fake,
        Method::GET,
        &format!("{BASE}?perPage=25&cursor={prev}"),
        t,
        None,
    )
    .await;
    assert_eq!(back.body["data"], pages[1]["data"]);

    for bad in ["0", "101", "abc", "-1"] {
        let resp = call(
            &fake,
            Method::GET,
            &format!("{BASE}?perPage={bad}"),
            t,
            None,
        )
        .await;
        assert_eq!(resp.status, 400, "perPage={bad}");
        assert!(resp.body["errors"]["perPage"].is_array());
    }
    let resp = call(
        &fake,
        Method::GET,
        &format!("{BASE}?cursor=garbage"),
        t,
        None,
    )
    .await;
    assert_eq!(resp.status, 400);
    let resp = call(&fake, Method::GET, &format!("{BASE}?perPage=100"), t, None).await;
    assert_eq!(resp.body["data"].as_array().unwrap().len(), 60);
    assert!(resp.body["cursors"]["next"].is_null());
}

#[tokio::test]
async fn rate_limit_headers_and_knobs() {
    let fake = FakeGmodstore::start().await;
    let t = Some(fake.token());
    let first = call(&fake, Method::GET, BASE, t, None).await;
    assert_eq!(first.headers["x-ratelimit-limit"], "300");
    assert_eq!(first.headers["x-ratelimit-remaining"], "299");
    let reset: u64 = first.headers["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset >= u64::try_from(Utc::now().timestamp()).unwrap());
    let unauth = call(&fake, Method::GET, BASE, None, None).await;
    assert!(unauth.headers.contains_key("x-ratelimit-remaining"));

    fake.knobs().set_rate_limit(2, Duration::from_secs(60));
    let a = call(&fake, Method::GET, BASE, t, None).await;
    let b = call(&fake, Method::GET, BASE, t, None).await;
    let c = call(&fake, Method::GET, BASE, t, None).await;
    assert_eq!((a.status, b.status, c.status), (200, 200, 429));
    assert_eq!(a.headers["x-ratelimit-limit"], "2");
    assert_eq!(a.headers["x-ratelimit-remaining"], "1");
    assert_eq!(b.headers["x-ratelimit-remaining"], "0");
    assert_eq!(c.headers["x-ratelimit-remaining"], "0");
    assert!(c.headers.contains_key("retry-after"));
    assert!(c.headers.contains_key("x-ratelimit-reset"));
    assert_eq!(c.body["message"], "Too Many Attempts.");
    fake.knobs().clear_rate_limit();

    fake.knobs().fail_next(2, 503);
    assert_eq!(call(&fake, Method::GET, BASE, t, None).await.status, 503);
    let failed = call(&fake, Method::GET, BASE, t, None).await;
    assert_eq!(failed.status, 503);
    assert!(failed.body["message"].is_string());
    assert!(failed.headers.contains_key("x-ratelimit-limit"));
    assert_eq!(call(&fake, Method::GET, BASE, t, None).await.status, 200);

    fake.knobs().set_latency(Duration::from_millis(250));
    let started = Instant::now();
    call(&fake, Method::GET, BASE, t, None).await;
    assert!(started.elapsed() >= Duration::from_millis(250));
    fake.knobs().reset();

    let log = fake.requests();
    assert_eq!(log.len(), 9);
    assert_eq!(log[0].method(), "GET");
    assert_eq!(log[0].path(), format!("/api{BASE}"));
    assert_eq!(
        log[0].header("authorization"),
        Some(format!("Bearer {}", fake.token()).as_str())
    );
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let fake = FakeGmodstore::start().await;
    let t = Some(fake.token());
    let resp = call(&fake, Method::GET, "/v3/me/other", t, None).await;
    assert_eq!(resp.status, 404);
    assert!(resp.body["message"].is_string());
    let resp = call(&fake, Method::PATCH, &format!("{BASE}/x"), t, None).await;
    assert_eq!(resp.status, 405);
    let resp = call(&fake, Method::GET, &format!("{BASE}/not-a-token"), t, None).await;
    assert_eq!(resp.status, 404);
}

#[tokio::test]
async fn seeded_times_are_served_as_given() {
    let fake = FakeGmodstore::start().await;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    };
    let seeded = fake.insert_token(
        NewToken::new("aged")
            .with_abilities(["*"])
            .created_at(at("2020-01-02T03:04:05Z"))
            .last_used_at(at("2021-02-03T04:05:06Z"))
            .expiring_at(at("2030-03-04T05:06:07Z")),
    );
    let listed = call(&fake, Method::GET, BASE, Some(fake.token()), None).await;
    assert_eq!(listed.status, 200);
    let token = &listed.body["data"][0];
    assert_eq!(token["id"], seeded.id.as_str());
    assert_eq!(token["createdAt"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(token["updatedAt"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(token["lastUsedAt"], "2021-02-03T04:05:06.000000Z");
    assert_eq!(token["expiresAt"], "2030-03-04T05:06:07.000000Z");
    assert_eq!(token["abilities"], json!(["*"]));
}
