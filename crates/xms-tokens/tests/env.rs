//! Configuration from the environment (`XMS_BASE_URL`, `XMS_ACCESS_TOKEN`,
//! `XMS_TOKEN_LOCATION`), read from an injected `EnvSource`: the process environment is never
//! touched.

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};
use xms_tokens::{Client, ClientBuilder, EnvSource, RetryPolicy};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            200,
            json!({"access_token": token_json(ID, "x")}),
        ))
        .mount(&server)
        .await;
    server
}

fn vars(server: &MockServer, location: Option<&str>) -> EnvSource {
    let mut vars = vec![
        ("XMS_BASE_URL", format!("{}/v1", server.uri())),
        ("XMS_ACCESS_TOKEN", KEY.to_owned()),
    ];
    if let Some(location) = location {
        vars.push(("XMS_TOKEN_LOCATION", location.to_owned()));
    }
    EnvSource::from_vars(vars)
}

#[tokio::test]
async fn by_default_the_key_goes_in_the_header() {
    let server = server().await;
    let client = Client::from_env_source(&vars(&server, None)).unwrap();

    client.get_access_token(ID).await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/v1/access-tokens/42");
    assert_header_key(&request);
    assert!(!format!("{client:?}").contains(KEY));
}

#[tokio::test]
async fn token_location_query_sends_the_key_as_the_token_parameter() {
    let server = server().await;
    let client = Client::from_env_source(&vars(&server, Some("query"))).unwrap();

    client.get_access_token(ID).await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        [("token".to_owned(), KEY.to_owned())]
    );
    assert!(request.headers.get("xms-auth-token").is_none());
    assert!(!format!("{client:?}").contains(KEY));
}

#[tokio::test]
async fn another_token_location_keeps_the_header() {
    let server = server().await;
    let client = Client::from_env_source(&vars(&server, Some("header"))).unwrap();

    client.get_access_token(ID).await.unwrap();

    assert_header_key(&single_request(&server).await);
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let env = EnvSource::from_vars([
        ("XMS_BASE_URL", "http://xms.example.com/v1"),
        ("XMS_ACCESS_TOKEN", KEY),
    ]);
    let err = Client::from_env_source(&env).unwrap_err();
    assert!(err.to_string().contains("http"), "{err}");
    assert!(!err.to_string().contains(KEY), "{err}");
}

#[tokio::test]
async fn a_builder_from_the_environment_can_be_adjusted_before_building() {
    let server = server().await;
    let client = ClientBuilder::from_env_source(&vars(&server, None))
        .unwrap()
        .retry_policy(RetryPolicy::disabled())
        .application("backup-job/1.0")
        .build()
        .unwrap();

    client.get_access_token(ID).await.unwrap();

    let request = single_request(&server).await;
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(
        agent.starts_with("xms-tokens/") && agent.ends_with(" backup-job/1.0"),
        "{agent}"
    );
}
