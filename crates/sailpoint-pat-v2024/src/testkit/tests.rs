//! The v2024 fake serves `/v2024/...` with the shared implementation.

use reqwest::Client;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn serves_the_v2024_segment() {
    let fake = FakeSailPoint::start().await;
    assert!(fake.base_url().ends_with("/v2024"));
    fake.insert_token(NewPat::new("seeded"));

    let grant: Value = Client::new()
        .post(fake.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", fake.client_id()),
            ("client_secret", fake.client_secret()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = grant["access_token"].as_str().unwrap();

    let created = Client::new()
        .post(format!("{}/personal-access-tokens", fake.base_url()))
        .bearer_auth(bearer)
        .json(&json!({"name": "v2024 token", "scope": ["sp:scopes:all"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);

    let listed: Value = Client::new()
        .get(format!("{}/personal-access-tokens", fake.base_url()))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);

    let v3 = Client::new()
        .get(format!("{}/v3/personal-access-tokens", fake.tenant_url()))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(v3.status(), 404);
    assert_eq!(fake.token_request_count(), 1);
}
