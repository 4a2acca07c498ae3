//! Drives [`FakeSailPoint`] over raw HTTP.

use std::time::Duration;

use apiclient_core::testkit::{RawHttp, RawResponse, with_query};
use chrono::{Duration as ChronoDuration, Utc};
use serde_json::{Value, json};

use super::*;

mod oauth;
mod tokens;

/// The versions the fake is driven at here.
struct V3;
impl ApiVersion for V3 {
    const SEGMENT: &'static str = "v3";
}
struct V2024;
impl ApiVersion for V2024 {
    const SEGMENT: &'static str = "v2024";
}
type FakeSailPoint = super::FakeSailPoint<V3>;

/// Asks the fake's token endpoint for a token with the client-credentials grant.
async fn token_with<V: ApiVersion>(
    fake: &super::FakeSailPoint<V>,
    client_id: &str,
    secret: &str,
) -> RawResponse {
    RawHttp::new(fake.token_url())
        .post_form(
            "",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ],
        )
        .await
}

async fn access_token<V: ApiVersion>(fake: &super::FakeSailPoint<V>) -> String {
    let resp = token_with(fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    resp.body["access_token"].as_str().unwrap().to_owned()
}

/// A raw caller of the fake's API presenting `bearer`.
fn as_bearer<V: ApiVersion>(fake: &super::FakeSailPoint<V>, bearer: &str) -> RawHttp {
    RawHttp::new(fake.base_url()).with_bearer(bearer)
}

/// `PATCH path` with `ops` as `application/json-patch+json`, as the API wants it.
async fn patch_ops(http: &RawHttp, path: &str, ops: &Value) -> RawResponse {
    let content_type = [("content-type", "application/json-patch+json")];
    http.send_bytes("PATCH", path, &content_type, ops.to_string())
        .await
}

const PATS: &str = "/personal-access-tokens";

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
async fn other_versions_are_served_by_the_same_code() {
    let fake = super::FakeSailPoint::<V2024>::start().await;
    assert!(fake.base_url().ends_with("/v2024"));
    let bearer = access_token(&fake).await;
    assert_eq!(as_bearer(&fake, &bearer).get(PATS).await.status, 200);
    let v3 = RawHttp::new(fake.tenant_url())
        .with_bearer(&bearer)
        .get("/v3/personal-access-tokens")
        .await;
    assert_eq!(v3.status, 404);
}
