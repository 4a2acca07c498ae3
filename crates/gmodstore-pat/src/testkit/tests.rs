//! Drives [`FakeGmodstore`] over raw HTTP.

use std::time::{Duration, Instant};

use apiclient_core::testkit::{RawHttp, parse_timestamp};
use chrono::{Duration as ChronoDuration, Utc};
use serde_json::{Value, json};

use super::*;

const BASE: &str = "/v3/me/personal-access-tokens";

/// A raw caller of `fake` presenting `token` as the bearer token.
fn as_bearer(fake: &FakeGmodstore, token: &str) -> RawHttp {
    RawHttp::new(fake.base_url()).with_bearer(token)
}

/// A raw caller of `fake` with the account token.
fn account(fake: &FakeGmodstore) -> RawHttp {
    as_bearer(fake, fake.token())
}

fn item(id: &str) -> String {
    format!("{BASE}/{id}")
}

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
    let http = account(&fake);
    let abilities = json!(["products:read", "teams:write"]);
    let created = http
        .post(BASE, &json!({"name": "deploy bot", "abilities": abilities}))
        .await;
    assert_eq!(created.status, 201);
    let pat = &created.body["data"]["personalAccessToken"];
    let secret = created.body["data"]["plainTextToken"].as_str().unwrap();
    assert!(!secret.is_empty());
    let id = pat["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(pat["name"], "deploy bot");
    assert_eq!(pat["abilities"], abilities);
    assert!(pat["lastUsedAt"].is_null());
    assert!(pat["expiresAt"].is_null());
    assert!(is_vendor_timestamp(&pat["createdAt"]));
    assert!(is_vendor_timestamp(&pat["updatedAt"]));

    let got = http.get(&item(&id)).await;
    assert_eq!(got.status, 200);
    assert_eq!(&got.body["data"], pat);
    assert!(got.body["data"].get("plainTextToken").is_none());

    let expiry = (Utc::now() + ChronoDuration::days(30)).to_rfc3339();
    let updated = http
        .put(&item(&id), &json!({"name": "renamed", "expiresAt": expiry}))
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["data"]["name"], "renamed");
    assert!(is_vendor_timestamp(&updated.body["data"]["expiresAt"]));
    assert_eq!(updated.body["data"]["abilities"], abilities);

    let cleared = http.put(&item(&id), &json!({"expiresAt": null})).await;
    assert_eq!(cleared.status, 200);
    assert!(cleared.body["data"]["expiresAt"].is_null());
    assert_eq!(cleared.body["data"]["name"], "renamed");

    let no_body = http.send("PUT", &item(&id), None).await;
    assert_eq!(no_body.status, 200);
    assert_eq!(no_body.body["data"], cleared.body["data"]);

    let deleted = http.delete(&item(&id)).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, json!({"data": {}}));

    let gone = http
        .assert_statuses(["GET", "PUT", "DELETE"].map(|m| (m, item(&id), None, 404)))
        .await;
    for answer in gone {
        assert!(answer.body["message"].as_str().unwrap().contains(&id));
    }
    assert_eq!(fake.token_count(), 0);
}

#[tokio::test]
async fn auth_failures_and_token_abilities() {
    let fake = FakeGmodstore::start_with_token("account-token").await;
    assert_eq!(fake.token(), "account-token");
    for http in [RawHttp::new(fake.base_url()), as_bearer(&fake, "wrong")] {
        let resp = http.get(BASE).await;
        assert_eq!(resp.status, 401);
        assert_eq!(resp.body, json!({"message": "Unauthenticated."}));
    }

    let reader =
        fake.insert_token(NewToken::new("reader").with_abilities(["personal-access-tokens:read"]));
    let reader_http = as_bearer(&fake, &reader.plain_text_token);
    assert_eq!(reader_http.get(BASE).await.status, 200);
    let record = fake.token_record(&reader.id).unwrap();
    assert!(is_vendor_timestamp(&record["lastUsedAt"]));
    let forbidden = reader_http
        .post(BASE, &json!({"name": "abc", "abilities": ["*"]}))
        .await;
    assert_eq!(forbidden.status, 403);

    let expired =
        fake.insert_token(NewToken::new("old").expiring_at(Utc::now() - ChronoDuration::hours(1)));
    let resp = as_bearer(&fake, &expired.plain_text_token).get(BASE).await;
    assert_eq!(resp.status, 401);

    let created = as_bearer(&fake, "account-token")
        .post(BASE, &json!({"name": "all powerful", "abilities": ["*"]}))
        .await;
    let secret = created.body["data"]["plainTextToken"].as_str().unwrap();
    let id = created.body["data"]["personalAccessToken"]["id"]
        .as_str()
        .unwrap();
    let own = as_bearer(&fake, secret);
    assert_eq!(own.get(BASE).await.status, 200);
    own.delete(&item(id)).await;
    assert_eq!(own.get(BASE).await.status, 401);
}

#[tokio::test]
async fn validation_errors_look_like_the_vendor() {
    let fake = FakeGmodstore::start().await;
    let http = account(&fake);
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
        let resp = http.post(BASE, &body).await;
        assert_eq!(resp.status, 400, "{body}");
        assert_eq!(resp.body["errors"][field][0], message, "{body}");
        assert!(resp.body["message"].as_str().unwrap().starts_with("The "));
    }

    let malformed = http
        .send_bytes(
            "POST",
            BASE,
            &[("content-type", "application/json")],
            "{\"name\": ",
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.body["errors"]["body"].is_array());

    let seeded = fake.seed_tokens(1).remove(0);
    let bad_body = json!({"name": "no", "abilities": "products:read"});
    let [bad_update] = http
        .assert_statuses([("PUT", item(&seeded.id), Some(bad_body), 400)])
        .await
        .try_into()
        .unwrap();
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
    let http = account(&fake);

    let default = http.get(BASE).await;
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
        let page = http.get(&path).await;
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
    let back = http.get(&format!("{BASE}?perPage=25&cursor={prev}")).await;
    assert_eq!(back.body["data"], pages[1]["data"]);

    let bad_pages =
        ["0", "101", "abc", "-1"].map(|bad| ("GET", format!("{BASE}?perPage={bad}"), None, 400));
    for resp in http.assert_statuses(bad_pages).await {
        assert!(resp.body["errors"]["perPage"].is_array());
    }
    http.assert_statuses([("GET", format!("{BASE}?cursor=garbage"), None, 400)])
        .await;
    let resp = http.get(&format!("{BASE}?perPage=100")).await;
    assert_eq!(resp.body["data"].as_array().unwrap().len(), 60);
    assert!(resp.body["cursors"]["next"].is_null());
}

#[tokio::test]
async fn rate_limit_headers_and_knobs() {
    let fake = FakeGmodstore::start().await;
    let http = account(&fake);
    let first = http.get(BASE).await;
    assert_eq!(first.header("x-ratelimit-limit"), Some("300"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("299"));
    let reset: u64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    assert!(reset >= u64::try_from(Utc::now().timestamp()).unwrap());
    let unauth = RawHttp::new(fake.base_url()).get(BASE).await;
    assert!(unauth.headers.contains_key("x-ratelimit-remaining"));

    fake.knobs().set_rate_limit(2, Duration::from_secs(60));
    let [a, b, c] = http
        .assert_statuses([200, 200, 429].map(|status| ("GET", BASE, None, status)))
        .await
        .try_into()
        .unwrap();
    assert_eq!(a.header("x-ratelimit-limit"), Some("2"));
    assert_eq!(a.header("x-ratelimit-remaining"), Some("1"));
    assert_eq!(b.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(c.header("x-ratelimit-remaining"), Some("0"));
    assert!(c.headers.contains_key("retry-after"));
    assert!(c.headers.contains_key("x-ratelimit-reset"));
    assert_eq!(c.body["message"], "Too Many Attempts.");
    fake.knobs().clear_rate_limit();

    fake.knobs().fail_next(2, 503);
    let answers = http
        .assert_statuses([503, 503, 200].map(|status| ("GET", BASE, None, status)))
        .await;
    assert!(answers[1].body["message"].is_string());
    assert!(answers[1].headers.contains_key("x-ratelimit-limit"));

    fake.knobs().set_latency(Duration::from_millis(250));
    let started = Instant::now();
    http.get(BASE).await;
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
    let answers = account(&fake)
        .assert_statuses([
            ("GET", "/v3/me/other".to_owned(), None, 404),
            ("PATCH", item("x"), None, 405),
            ("GET", item("not-a-token"), None, 404),
        ])
        .await;
    assert!(answers[0].body["message"].is_string());
}

#[tokio::test]
async fn seeded_times_are_served_as_given() {
    let at = |text: &str| parse_timestamp(text).unwrap();
    let aged = NewToken::new("aged")
        .with_abilities(["*"])
        .created_at(at("2020-01-02T03:04:05Z"))
        .last_used_at(at("2021-02-03T04:05:06Z"))
        .expiring_at(at("2030-03-04T05:06:07Z"));
    let fake = FakeGmodstore::start().await;
    let seeded = fake.insert_token(aged);
    let listed = account(&fake).get(BASE).await;
    assert_eq!(listed.status, 200);
    let token = &listed.body["data"][0];
    assert_eq!(token["id"], seeded.id.as_str());
    assert_eq!(token["createdAt"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(token["updatedAt"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(token["lastUsedAt"], "2021-02-03T04:05:06.000000Z");
    assert_eq!(token["expiresAt"], "2030-03-04T05:06:07.000000Z");
    assert_eq!(token["abilities"], json!(["*"]));
}
