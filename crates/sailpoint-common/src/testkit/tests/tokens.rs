//! The personal-access-token routes: create, list, patch, delete and their rules, over raw
//! HTTP.

use super::*;

#[tokio::test]
async fn create_list_patch_delete_lifecycle() {
    let fake = FakeSailPoint::start().await;
    let http = as_bearer(&fake, &access_token(&fake).await);

    let created = http
        .post(PATS, &json!({"name": "NodeJS Integration"}))
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

    let listed = http.get(PATS).await;
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

    let path = format!("{PATS}/{id}");
    let rename = json!([
        {"op": "replace", "path": "/name", "value": "Renamed"},
        {"op": "replace", "path": "/scope", "value": ["sp:scopes:default"]}
    ]);
    let patched = patch_ops(&http, &path, &rename).await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["name"], "Renamed");
    assert_eq!(patched.body["scope"], json!(["sp:scopes:default"]));

    let deleted = http.delete(&path).await;
    assert_eq!(deleted.status, 204);
    let gone = [
        http.delete(&path).await,
        patch_ops(
            &http,
            &path,
            &json!([{"op": "replace", "path": "/name", "value": "x"}]),
        )
        .await,
    ];
    for resp in gone {
        assert_eq!(resp.status, 404);
        assert_error_dto(&resp.body, "404 Not found");
    }
    assert_eq!(token_with(&fake, &id, &secret).await.status, 401);
}

#[tokio::test]
async fn create_validation() {
    let fake = FakeSailPoint::start().await;
    let http = as_bearer(&fake, &access_token(&fake).await);
    let first = http
        .post(
            PATS,
            &json!({"name": "dup", "scope": null, "accessTokenValiditySeconds": 15}),
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

    let invalid = [
        json!({"name": "dup"}),
        json!({}),
        json!({"name": ""}),
        json!({"name": "a", "accessTokenValiditySeconds": 14}),
        json!({"name": "b", "accessTokenValiditySeconds": 43201}),
        json!({"name": "c", "accessTokenValiditySeconds": "60"}),
        json!({"name": "d", "scope": "sp:scopes:all"}),
        json!({"name": "e", "expirationDate": "someday"}),
        json!([1]),
    ];
    let refused = http
        .assert_statuses(invalid.map(|body| ("POST", PATS, Some(body), 400)))
        .await;
    for resp in refused {
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
    let json = [("content-type", "application/json")];
    let malformed = http.send_bytes("POST", PATS, &json, "{\"name\"").await;
    assert_eq!(malformed.status, 400);

    let with_expiry = http
        .post(
            PATS,
            &json!({"name": "expiring", "expirationDate": "2030-01-02T15:04Z"}),
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
    let http = as_bearer(&fake, &fake.issue_access_token());
    let a = fake.insert_token(NewPat::new("alpha"));
    fake.insert_token(NewPat::new("beta"));
    let path = format!("{PATS}/{}", a.id);
    for ops in [
        json!([{"op": "add", "path": "/name", "value": "x"}]),
        json!([{"op": "replace", "path": "/owner", "value": {}}]),
        json!([{"op": "replace", "path": "/name", "value": "beta"}]),
        json!({"op": "replace", "path": "/name", "value": "x"}),
    ] {
        let resp = patch_ops(&http, &path, &ops).await;
        assert_eq!(resp.status, 400, "{ops}");
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
    let wrong_type = http
        .patch(
            &path,
            &json!([{"op": "replace", "path": "/name", "value": "x"}]),
        )
        .await;
    assert_eq!(wrong_type.status, 415);
    assert_eq!(fake.token_record(&a.id).unwrap()["name"], "alpha");
    let scope_null = json!([{"op": "replace", "path": "/scope", "value": null}]);
    let scope_null = patch_ops(&http, &path, &scope_null).await;
    assert_eq!(scope_null.body["scope"], json!(["sp:scopes:all"]));
}

#[tokio::test]
async fn list_owner_and_filters() {
    let fake = FakeSailPoint::start().await;
    let http = as_bearer(&fake, &access_token(&fake).await);
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

    let names = |resp: &RawResponse| -> Vec<String> {
        resp.body
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = http.get(PATS).await;
    assert_eq!(names(&all).len(), 4);
    let mine = http.get(&format!("{PATS}?owner-id=me")).await;
    assert_eq!(names(&mine), vec!["never used", "old", "recent"]);
    let janes = http
        .get(&format!("{PATS}?owner-id=2c9180867b50d088017b554662fb281e"))
        .await;
    assert_eq!(names(&janes), vec!["someone else's"]);
    assert_eq!(janes.body[0]["owner"]["name"], "jane.doe");

    let cutoff = (Utc::now() - ChronoDuration::days(7))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    let cutoff = format!("lastUsed le {cutoff}");
    let le = http
        .get(&with_query(
            PATS,
            &[("owner-id", "me"), ("filters", &cutoff)],
        ))
        .await;
    assert_eq!(names(&le), vec!["old"]);
    let isnull = http
        .get(&with_query(PATS, &[("filters", "lastUsed isnull")]))
        .await;
    assert_eq!(names(&isnull), vec!["never used"]);
    let bad = [
        "name eq \"x\"",
        "lastUsed gt 2020-01-01T00:00:00Z",
        "lastUsed le never",
    ];
    let refused = http
        .assert_statuses(
            bad.map(|filter| ("GET", with_query(PATS, &[("filters", filter)]), None, 400)),
        )
        .await;
    for resp in refused {
        assert_error_dto(&resp.body, "400.1 Bad Request Content");
    }
}

#[tokio::test]
async fn seeded_creation_time_is_listed() {
    let fake = FakeSailPoint::start().await;
    let bearer = access_token(&fake).await;
    let created = "2023-02-05T10:59:27.214Z"
        .parse::<chrono::DateTime<Utc>>()
        .unwrap();
    let last_used = created + ChronoDuration::days(2);
    fake.insert_token(
        NewPat::new("aged")
            .created_at(created)
            .last_used_at(last_used),
    );
    let before = Utc::now();
    fake.insert_token(NewPat::new("fresh"));

    let listed = as_bearer(&fake, &bearer).get(PATS).await;
    assert_eq!(listed.status, 200);
    let items = listed.body.as_array().unwrap();
    assert_eq!(items[0]["name"], "aged");
    assert_eq!(items[0]["created"], "2023-02-05T10:59:27.214Z");
    assert_eq!(items[0]["lastUsed"], "2023-02-07T10:59:27.214Z");
    assert_eq!(items[1]["name"], "fresh");
    let fresh = items[1]["created"].as_str().unwrap();
    let fresh = chrono::DateTime::parse_from_rfc3339(fresh).unwrap();
    assert!(fresh >= before - ChronoDuration::milliseconds(1));
    assert!(fresh <= Utc::now());
}
