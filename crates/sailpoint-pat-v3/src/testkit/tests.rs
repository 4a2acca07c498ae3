//! Drives [`FakeSailPoint`] over raw HTTP.

use std::time::Duration;

use chrono::{Duration as ChronoDuration, Utc};
use reqwest::{Client, Method};
use serde_json::{Value, json};

use super::*;

struct Resp {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn read(resp: reqwest::Response) -> Resp {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body");
    Resp {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

async fn token_with(fake: &FakeSailPoint, client_id: &str, secret: &str) -> Resp {
    let resp = Client::new()
        .post(fake.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .expect("request");
    read(resp).await
}

async fn access_token(fake: &FakeSailPoint) -> String {
    let resp = token_with(fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    resp.body["access_token"].as_str().unwrap().to_owned()
}

async fn api(
    fake: &FakeSailPoint,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Resp {
    let mut req = Client::new().request(method.clone(), format!("{}{path}", fake.base_url()));
    if let Some(bearer) = bearer {
        req = req.bearer_auth(bearer);
    }
    if let Some(body) = body {
        let content_type = if method == Method::PATCH {
            "application/json-patch+json"
        } else {
            "application/json"
        };
        req = req
            .header("content-type", content_type)
            .body(body.to_string());
    }
    read(req.send().await.expect("request")).await
}

fn assert_error_dto(body: &Value, detail_code: &str) {
    assert_eq!(body["detailCode"], detail_code, "{body}");
    let tracking = body["trackingId"].as_str().unwrap();
    assert!(tracking.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(body["messages"][0]["locale"], "en-US");
    assert_eq!(body["messages"][0]["localeOrigin"], "DEFAULT");
    assert!(body["messages"][0]["text"].is_string());
    assert_eq!(body["causes"], json!([]));
}

fn is_millis_timestamp(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.len() == 24
            && text.ends_with('Z')
            && chrono::DateTime::parse_from_rfc3339(text).is_ok()
    })
}

#[tokio::test]
async fn token_endpoint_grants_and_rejects() {
    let fake = FakeSailPoint::start().await;
    assert!(fake.base_url().ends_with("/v3"));
    let ok = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body["token_type"], "bearer");
    assert_eq!(ok.body["expires_in"], 750);
    assert_eq!(
        ok.body["access_token"].as_str().unwrap().split('.').count(),
        3
    );

    let bad = token_with(&fake, fake.client_id(), "wrong").await;
    assert_eq!(bad.status, 401);
    assert_eq!(bad.body["error"], "invalid_client");
    assert!(bad.body["error_description"].is_string());

    let grant = read(
        Client::new()
            .post(fake.token_url())
            .form(&[("grant_type", "password")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(grant.status, 400);
    assert_eq!(grant.body["error"], "unsupported_grant_type");

    let query_style = read(
        Client::new()
            .post(fake.token_url())
            .query(&[
                ("grant_type", "client_credentials"),
                ("client_id", fake.client_id()),
                ("client_secret", fake.client_secret()),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(query_style.status, 200);
    let basic = read(
        Client::new()
            .post(fake.token_url())
            .basic_auth(fake.client_id(), Some(fake.client_secret()))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(basic.status, 200);
    assert_eq!(fake.token_request_count(), 5);

    fake.set_access_token_lifetime(Duration::from_secs(30));
    let short = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(short.body["expires_in"], 30);
}

#[tokio::test]
async fn bearer_expiry_and_knob() {
    let fake = FakeSailPoint::start().await;
    let missing = api(&fake, Method::GET, "/personal-access-tokens", None, None).await;
    assert_eq!(missing.status, 401);
    assert!(missing.body["error"].is_string());
    let invalid = api(
        &fake,
        Method::GET,
        "/personal-access-tokens",
        Some("x.y.z"),
        None,
    )
    .await;
    assert_eq!(invalid.status, 401);

    let bearer = access_token(&fake).await;
    let ok = api(
        &fake,
        Method::GET,
        "/personal-access-tokens",
        Some(&bearer),
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    fake.expire_access_tokens();
    let expired = api(
        &fake,
        Method::GET,
        "/personal-access-tokens",
        Some(&bearer),
        None,
    )
    .await;
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.body,
        json!({"error": "JWT validation failed: JWT is expired"})
    );

    fake.set_access_token_lifetime(Duration::from_secs(1));
    let short = access_token(&fake).await;
    assert_eq!(
        api(
            &fake,
            Method::GET,
            "/personal-access-tokens",
            Some(&short),
            None
        )
        .await
        .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        api(
            &fake,
            Method::GET,
            "/personal-access-tokens",
            Some(&short),
            None
        )
        .await
        .status,
        401
    );
    let fresh = access_token(&fake).await;
    assert_eq!(
        api(
            &fake,
            Method::GET,
            "/personal-access-tokens",
            Some(&fresh),
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(fake.token_request_count(), 3);
}

#[tokio::test]
async fn create_list_patch_delete_lifecycle() {
    let fake = FakeSailPoint::start().await;
    let bearer = access_token(&fake).await;
    let b = Some(bearer.as_str());

    let created = api(
        &fake,
        Method::POST,
        "/personal-access-tokens",
        b,
        Some(json!({"name": "NodeJS Integration"})),
    )
    .await;
    assert_eq!(created.status, 200);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(created.body["scope"], json!(["sp:scopes:all"]));
    assert_eq!(created.body["accessTokenValiditySeconds"], 43200);
    assert!(created.body["expirationDate"].is_null());
    assert_eq!(created.body["owner"]["type"], "IDENTITY");
    assert_eq!(created.body["owner"]["id"], fake.identity().0);
    assert_eq!(created.body["owner"]["name"], fake.identity().1);
    assert!(is_millis_timestamp(&created.body["created"]));

    let listed = api(&fake, Method::GET, "/personal-access-tokens", b, None).await;
    assert_eq!(listed.status, 200);
    let items = listed.body.as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert!(items[0].get("secret").is_none());
    assert!(items[0]["lastUsed"].is_null());
    assert_eq!(items[0]["managed"], false);

    let pat_token = token_with(&fake, &id, &secret).await;
    assert_eq!(pat_token.status, 200);
    assert!(is_millis_timestamp(
        &fake.token_record(&id).unwrap()["lastUsed"]
    ));

    let patched = api(
        &fake,
        Method::PATCH,
        &format!("/personal-access-tokens/{id}"),
        b,
        Some(json!([
            {"op": "replace", "path": "/name", "value": "Renamed"},
            {"op": "replace", "path": "/scope", "value": ["sp:scopes:default"]}
        ])),
    )
    .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["name"], "Renamed");
    assert_eq!(patched.body["scope"], json!(["sp:scopes:default"]));

    let deleted = api(
        &fake,
        Method::DELETE,
        &format!("/personal-access-tokens/{id}"),
        b,
        None,
    )
    .await;
    assert_eq!(deleted.status, 204);
    for method in [Method::DELETE, Method::PATCH] {
        let body = (method == Method::PATCH)
            .then(|| json!([{"op": "replace", "path": "/name", "value": "x"}]));
        let gone = api(
            &fake,
            method,
            &format!("/personal-access-tokens/{id}"),
            b,
            body,
        )
        .await;
        assert_eq!(gone.status, 404);
        assert_error_dto(&gone.body, "404 Not found");
    }
    assert_eq!(token_with(&fake, &id, &secret).await.status, 401);
}

#[tokio::test]
async fn create_validation() {
    let fake = FakeSailPoint::start().await;
    let bearer = access_token(&fake).await;
    let b = Some(bearer.as_str());
    let first = api(
        &fake,
        Method::POST,
        "/personal-access-tokens",
        b,
        Some(json!({"name": "dup", "scope": null, "accessTokenValiditySeconds": 15})),
    )
    .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["scope"], json!(["sp:scopes:all"]));
    assert_eq!(first.body["accessTokenValiditySeconds"], 15);

    let short_lived = token_with(
        &fake,
        first.body["id"].as_str().unwrap(),
        first.body["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(short_lived.body["expires_in"], 15);

    for body in [
        json!({"name": "dup"}),
        json!({}),
        json!({"name": ""}),
        json!({"name": "a", "accessTokenValiditySeconds": 14}),
        json!({"name": "b", "accessTokenValiditySeconds": 43201}),
        json!({"name": "c", "accessTokenValiditySeconds": "60"}),
        json!({"name": "d", "scope": "sp:scopes:all"}),
        json!({"name": "e", "expirationDate": "someday"}),
        json!([1]),
    ] {
        let resp = api(
            &fake,
            Method::POST,
            "/personal-access-tokens",
            b,
            Some(body.clone()),
        )
        .await;
        assert_eq!(resp.status, 400, "{body}");
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
    let malformed = read(
        Client::new()
            .post(format!("{}/personal-access-tokens", fake.base_url()))
            .bearer_auth(&bearer)
            .header("content-type", "application/json")
            .body("{\"name\"")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(malformed.status, 400);

    let with_expiry = api(
        &fake,
        Method::POST,
        "/personal-access-tokens",
        b,
        Some(json!({"name": "expiring", "expirationDate": "2030-01-02T15:04Z"})),
    )
    .await;
    assert_eq!(with_expiry.status, 200);
    assert_eq!(
        with_expiry.body["expirationDate"],
        "2030-01-02T15:04:00.000Z"
    );
    assert_eq!(fake.token_count(), 2);
}

#[tokio::test]
async fn patch_rules() {
    let fake = FakeSailPoint::start().await;
    let bearer = fake.issue_access_token();
    let b = Some(bearer.as_str());
    let a = fake.insert_token(NewPat::new("alpha"));
    fake.insert_token(NewPat::new("beta"));
    let path = format!("/personal-access-tokens/{}", a.id);
    for ops in [
        json!([{"op": "add", "path": "/name", "value": "x"}]),
        json!([{"op": "replace", "path": "/owner", "value": {}}]),
        json!([{"op": "replace", "path": "/name", "value": "beta"}]),
        json!({"op": "replace", "path": "/name", "value": "x"}),
    ] {
        let resp = api(&fake, Method::PATCH, &path, b, Some(ops.clone())).await;
        assert_eq!(resp.status, 400, "{ops}");
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
    let wrong_type = read(
        Client::new()
            .patch(format!("{}{path}", fake.base_url()))
            .bearer_auth(&bearer)
            .json(&json!([{"op": "replace", "path": "/name", "value": "x"}]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(wrong_type.status, 415);
    assert_eq!(fake.token_record(&a.id).unwrap()["name"], "alpha");
    let scope_null = api(
        &fake,
        Method::PATCH,
        &path,
        b,
        Some(json!([{"op": "replace", "path": "/scope", "value": null}])),
    )
    .await;
    assert_eq!(scope_null.body["scope"], json!(["sp:scopes:all"]));
}

#[tokio::test]
async fn list_owner_and_filters() {
    let fake = FakeSailPoint::start().await;
    let bearer = access_token(&fake).await;
    let b = Some(bearer.as_str());
    let old = Utc::now() - ChronoDuration::days(30);
    let recent = Utc::now() - ChronoDuration::hours(1);
    fake.insert_token(NewPat::new("never used"));
    fake.insert_token(NewPat::new("old").last_used_at(old));
    fake.insert_token(NewPat::new("recent").last_used_at(recent));
    fake.insert_token(
        NewPat::new("someone else's")
            .owned_by("2c9180867b50d088017b554662fb281e", "jane.doe")
            .last_used_at(old),
    );

    let names = |resp: &Resp| -> Vec<String> {
        resp.body
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = api(&fake, Method::GET, "/personal-access-tokens", b, None).await;
    assert_eq!(names(&all).len(), 4);
    let mine = api(
        &fake,
        Method::GET,
        "/personal-access-tokens?owner-id=me",
        b,
        None,
    )
    .await;
    assert_eq!(names(&mine), vec!["never used", "old", "recent"]);
    let janes = api(
        &fake,
        Method::GET,
        "/personal-access-tokens?owner-id=2c9180867b50d088017b554662fb281e",
        b,
        None,
    )
    .await;
    assert_eq!(names(&janes), vec!["someone else's"]);
    assert_eq!(janes.body[0]["owner"]["name"], "jane.doe");

    let cutoff = (Utc::now() - ChronoDuration::days(7))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    let le = Client::new()
        .get(format!("{}/personal-access-tokens", fake.base_url()))
        .bearer_auth(&bearer)
        .query(&[
            ("owner-id", "me"),
            ("filters", &format!("lastUsed le {cutoff}")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(names(&read(le).await), vec!["old"]);
    let isnull = Client::new()
        .get(format!("{}/personal-access-tokens", fake.base_url()))
        .bearer_auth(&bearer)
        .query(&[("filters", "lastUsed isnull")])
        .send()
        .await
        .unwrap();
    assert_eq!(names(&read(isnull).await), vec!["never used"]);
    for bad in [
        "name eq \"x\"",
        "lastUsed gt 2020-01-01T00:00:00Z",
        "lastUsed le never",
    ] {
        let resp = Client::new()
            .get(format!("{}/personal-access-tokens", fake.base_url()))
            .bearer_auth(&bearer)
            .query(&[("filters", bad)])
            .send()
            .await
            .unwrap();
        let resp = read(resp).await;
        assert_eq!(resp.status, 400, "{bad}");
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
}

#[tokio::test]
async fn knobs_and_vendor_429() {
    let fake = FakeSailPoint::start().await;
    let bearer = fake.issue_access_token();
    let b = Some(bearer.as_str());
    fake.knobs().set_rate_limit(2, Duration::from_secs(10));
    assert_eq!(
        api(&fake, Method::GET, "/personal-access-tokens", b, None)
            .await
            .status,
        200
    );
    assert_eq!(
        api(&fake, Method::GET, "/personal-access-tokens", b, None)
            .await
            .status,
        200
    );
    let limited = api(&fake, Method::GET, "/personal-access-tokens", b, None).await;
    assert_eq!(limited.status, 429);
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry_after));
    assert!(limited.body["message"].is_string());
    assert!(
        !limited
            .headers
            .keys()
            .any(|name| name.as_str().starts_with("x-ratelimit"))
    );
    fake.knobs().reset();

    fake.knobs().fail_next(1, 500);
    let failed = api(&fake, Method::GET, "/personal-access-tokens", b, None).await;
    assert_eq!(failed.status, 500);
    assert_error_dto(&failed.body, "500.0 Internal Fault");

    fake.knobs().throttle_next(1, 4);
    let forced = token_with(&fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(forced.status, 429);
    assert_eq!(forced.headers["retry-after"], "4");
    assert_eq!(fake.token_request_count(), 0);

    let unknown = api(&fake, Method::GET, "/other", b, None).await;
    assert_eq!(unknown.status, 404);
    assert_error_dto(&unknown.body, "404 Not found");
    let log = fake.requests();
    assert_eq!(log.len(), 6);
    assert_eq!(log[4].path(), "/oauth/token");
    assert_eq!(log[4].form()[0].0, "grant_type");
}

#[tokio::test]
async fn other_versions_are_served_by_the_same_code() {
    let fake = FakeSailPoint::start_with_version("v2024").await;
    assert!(fake.base_url().ends_with("/v2024"));
    let bearer = access_token(&fake).await;
    let ok = api(
        &fake,
        Method::GET,
        "/personal-access-tokens",
        Some(&bearer),
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    let v3 = read(
        Client::new()
            .get(format!("{}/v3/personal-access-tokens", fake.tenant_url()))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v3.status, 404);
}
