//! The client builder generated clients delegate to: server templates and their variables,
//! the base URL, OAuth2 token URLs resolved against it, request-id headers from the spec, and
//! configuration errors callers can match on. Asserted on the wire.

mod common;

use apiclient_core::auth::BearerToken;
use apiclient_core::{ClientBuilder, ConfigErrorKind, Method, Request};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "bu1lder-s3cret-VALUE";

fn token_response(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": 600,
    }))
}

fn paths(requests: &[wiremock::Request]) -> Vec<String> {
    requests.iter().map(|r| r.url.path().to_owned()).collect()
}

#[test]
fn server_variables_fill_the_template_and_a_base_url_replaces_it() {
    let builder = || {
        ClientBuilder::new(common::PRODUCT).server(
            "https://{tenant}.api.example.com/{version}",
            &[("tenant", "demo"), ("version", "v3")],
        )
    };
    let client = builder().build().unwrap();
    assert_eq!(
        client.config().base_url().as_str(),
        "https://demo.api.example.com/v3"
    );
    let client = builder().server_variable("tenant", "acme").build().unwrap();
    assert_eq!(
        client.config().base_url().as_str(),
        "https://acme.api.example.com/v3"
    );
    let client = builder()
        .server_variable("tenant", "acme")
        .base_url("https://proxy.example.com/sp/")
        .build()
        .unwrap();
    assert_eq!(
        client.config().base_url().as_str(),
        "https://proxy.example.com/sp"
    );
    assert_eq!(client.config().user_agent(), common::PRODUCT);
}

#[test]
fn configuration_errors_have_a_kind_to_match_on() {
    let kind = |builder: ClientBuilder| builder.build().unwrap_err().kind().clone();
    let new = || ClientBuilder::new("x/1");
    assert_eq!(kind(new()), ConfigErrorKind::MissingBaseUrl);
    let server = || new().server("https://{tenant}.example.com", &[("tenant", "demo")]);
    assert_eq!(
        kind(server().server_variable("tenant", "evil.com/")),
        ConfigErrorKind::InvalidServerVariable {
            name: "tenant".into()
        }
    );
    assert_eq!(
        kind(server().server_variable("region", "eu")),
        ConfigErrorKind::InvalidServerVariable {
            name: "region".into()
        }
    );
    assert_eq!(
        kind(new().server("https://{tenant}.example.com", &[])),
        ConfigErrorKind::InvalidServerVariable {
            name: "tenant".into()
        }
    );
    assert_eq!(
        kind(new().base_url("ftp://example.com")),
        ConfigErrorKind::InvalidUrl
    );
    assert_eq!(
        kind(new().base_url("not a url")),
        ConfigErrorKind::InvalidUrl
    );
    let bad_header = new()
        .base_url("https://example.com")
        .default_header("X-A", "a\r\nb");
    assert_eq!(kind(bad_header), ConfigErrorKind::InvalidHeader);
    let bad_id_header = new()
        .base_url("https://example.com")
        .request_id_header("no spaces");
    assert_eq!(kind(bad_id_header), ConfigErrorKind::InvalidHeader);

    let remote = || {
        new()
            .base_url("http://api.example.com")
            .auth(BearerToken::new("t0ken-value"))
    };
    let err = remote().build().unwrap_err();
    assert_eq!(err.kind(), &ConfigErrorKind::InsecureUrl);
    assert!(err.to_string().contains("api.example.com"), "{err}");
    assert!(!err.to_string().contains("t0ken-value"), "{err}");
    assert!(remote().allow_insecure_http(true).build().is_ok());
    let oauth = new()
        .base_url("http://api.example.com")
        .oauth2_client_credentials("/oauth/token", "id", SECRET);
    assert_eq!(kind(oauth), ConfigErrorKind::InsecureUrl);
}

#[tokio::test]
async fn oauth2_token_url_is_resolved_against_the_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_id=my-client"))
        .and(body_string_contains("scope=read+write"))
        .respond_with(token_response("t-1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/tokens"))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let builder = ClientBuilder::new(common::PRODUCT)
        .base_url(format!("{}/v3", server.uri()))
        .oauth2_client_credentials("/oauth/token", "my-client", SECRET)
        .scopes(["read", "write"])
        .retry_policy(common::fast_retries(1));
    assert!(!format!("{builder:?}").contains(SECRET));
    let client = builder.build().unwrap();
    let response = client
        .execute::<()>(Request::new(Method::GET, "/tokens", "listTokens"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(paths(&sent), ["/oauth/token", "/v3/tokens"]);
    let form = String::from_utf8(sent[0].body.clone()).unwrap();
    assert!(form.contains(&format!("client_secret={SECRET}")), "{form}");
}

#[tokio::test]
async fn token_url_overrides_the_spec_and_may_be_relative_or_absolute() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/custom/token"))
        .respond_with(token_response("t-2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer t-2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    for token_url in [
        "custom/token".to_owned(),
        format!("{}/custom/token", server.uri()),
    ] {
        let client = ClientBuilder::new(common::PRODUCT)
            .base_url(format!("{}/api", server.uri()))
            .oauth2_client_credentials("/oauth/token", "my-client", SECRET)
            .token_url(token_url.clone())
            .build()
            .unwrap();
        client
            .execute::<()>(Request::new(Method::GET, "/ping", "ping"))
            .await
            .unwrap();
        let sent = server.received_requests().await.unwrap();
        assert_eq!(
            paths(&sent[sent.len() - 2..]),
            ["/custom/token", "/api/ping"],
            "{token_url}"
        );
    }
}

#[tokio::test]
async fn request_id_headers_named_by_the_spec_are_read_first() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("slpt-request-id", "sp-1")
                .insert_header("x-request-id", "generic-1")
                .set_body_json(json!({ "trackingId": "body-1" })),
        )
        .mount(&server)
        .await;
    let request_id = |builder: ClientBuilder| {
        let client = builder.base_url(server.uri()).build().unwrap();
        async move {
            let err = client
                .execute::<serde_json::Value>(Request::new(Method::GET, "/t", "getT"))
                .await
                .unwrap_err();
            err.request_id().map(str::to_owned)
        }
    };
    let new = || ClientBuilder::new(common::PRODUCT);
    assert_eq!(request_id(new()).await.as_deref(), Some("generic-1"));
    let vendor = new().request_id_header("slpt-request-id");
    assert_eq!(request_id(vendor).await.as_deref(), Some("sp-1"));
    let absent = new().request_id_header("x-other-id");
    assert_eq!(request_id(absent).await.as_deref(), Some("generic-1"));
}
