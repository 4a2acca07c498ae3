//! Drives [`FakeSailPoint`] over raw HTTP.

use std::time::Duration;

use chrono::{Duration as ChronoDuration, Utc};
use reqwest::{Client, Method};
use serde_json::{Value, json};

/// A plain HTTP client for talking to the fake directly.
pub(crate) fn client() -> Client {
    apiclient_core::testkit::install_tls_provider();
    Client::new()
}

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

async fn token_with<V: ApiVersion>(
    fake: &super::FakeSailPoint<V>,
    client_id: &str,
    secret: &str,
) -> Resp {
    let resp = client()
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

async fn access_token<V: ApiVersion>(fake: &super::FakeSailPoint<V>) -> String {
    let resp = token_with(fake, fake.client_id(), fake.client_secret()).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    resp.body["access_token"].as_str().unwrap().to_owned()
}

async fn api<V: ApiVersion>(
    fake: &super::FakeSailPoint<V>,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Resp {
    let mut req = client().request(method.clone(), format!("{}{path}", fake.base_url()));
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
async fn other_versions_are_served_by_the_same_code() {
    let fake = super::FakeSailPoint::<V2024>::start().await;
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
        client()
            .get(format!("{}/v3/personal-access-tokens", fake.tenant_url()))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v3.status, 404);
}
