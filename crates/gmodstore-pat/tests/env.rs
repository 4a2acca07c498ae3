//! Configuration from the environment (`GMODSTORE_TOKEN`, `GMODSTORE_BASE_URL`,
//! `GMODSTORE_TENANT`), read from an injected `EnvSource`: the process environment is never
//! touched.

mod common;

use common::*;
use gmodstore_pat::{Client, ClientBuilder, EnvSource, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

async fn server_with_token() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(item_path(ID)))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json_response(200, json!({"data": token_json(ID, "x")})))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn token_and_base_url_come_from_the_environment() {
    let server = server_with_token().await;
    let env = EnvSource::from_vars([
        ("GMODSTORE_TOKEN", TOKEN.to_owned()),
        ("GMODSTORE_BASE_URL", server.uri()),
    ]);

    let client = Client::from_env_source(&env).unwrap();
    client
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_authenticated(&request);
    assert!(request.headers.get("x-tenant").is_none());
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[tokio::test]
async fn the_tenant_is_sent_as_x_tenant_on_every_request() {
    let server = server_with_token().await;
    let env = EnvSource::from_vars([
        ("GMODSTORE_TOKEN", TOKEN.to_owned()),
        ("GMODSTORE_BASE_URL", server.uri()),
        ("GMODSTORE_TENANT", "rust.pivity.com".to_owned()),
    ]);

    let client = Client::from_env_source(&env).unwrap();
    client
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.headers.get("x-tenant").unwrap(), "rust.pivity.com");
}

#[test]
fn without_a_base_url_the_legacy_host_is_used() {
    let env = EnvSource::from_vars([("GMODSTORE_TOKEN", TOKEN)]);
    let client = Client::from_env_source(&env).unwrap();
    assert_eq!(
        client.api_client().config().base_url().as_str(),
        gmodstore_pat::DEFAULT_BASE_URL
    );
}

#[test]
fn the_pivity_host_can_be_chosen_by_variable() {
    let env = EnvSource::from_vars([
        ("GMODSTORE_TOKEN", TOKEN),
        ("GMODSTORE_BASE_URL", gmodstore_pat::PIVITY_BASE_URL),
    ]);
    let client = Client::from_env_source(&env).unwrap();
    assert_eq!(
        client.api_client().config().base_url().host_str(),
        Some("api.pivity.com")
    );
}

#[tokio::test]
async fn a_builder_from_the_environment_can_be_adjusted_before_building() {
    let server = server_with_token().await;
    let env = EnvSource::from_vars([
        ("GMODSTORE_TOKEN", TOKEN.to_owned()),
        ("GMODSTORE_BASE_URL", "https://api.pivity.com".to_owned()),
    ]);

    let client = ClientBuilder::from_env_source(&env)
        .unwrap()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    client
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();

    assert_authenticated(&single_request(&server).await);
}
