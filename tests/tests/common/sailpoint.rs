//! Setup for `sailpoint_operations.rs`, shared by the v3 and v2024 suites: a wiremock server on
//! 127.0.0.1 with SailPoint's token endpoint, JSON fixtures shaped like the vendor's answers, and
//! queries over the requests the server received. Nothing here names a crate; the
//! crate-specific part (building a `Client`) lives in the suite macro.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The PAT the client runs as (client id and secret).
pub const CLIENT_ID: &str = "2c9180835d2e5168015d32f890ca1581";
pub const CLIENT_SECRET: &str = "pat-secret-5a8f3c1e9b7d4f2a";
/// The access token the token endpoint hands out.
pub const ACCESS_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.access-token-one.sig";
/// Where the token endpoint is: `/oauth/token`, without the API version.
pub const TOKEN_PATH: &str = "/oauth/token";
/// The `trackingId` of the error fixtures.
pub const TRACKING_ID: &str = "b3d5a4c0f9e64f1b8d2e7a6c5b4a3f21";

/// A token endpoint answer with this access token, as SailPoint sends it.
pub fn token_answer(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": 749,
        "scope": "sp:scopes:all",
        "tenant_id": "3a5b7c9d",
        "jti": "d4e5f6",
    }))
}

/// A mock server whose token endpoint hands out [`ACCESS_TOKEN`].
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, token_answer(ACCESS_TOKEN)).await;
    server
}

/// Answers `POST /oauth/token` with `answer`.
pub async fn mount_token(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// Answers `verb` requests to exactly `route` with `answer`.
pub async fn mount(server: &MockServer, verb: &str, route: &str, answer: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// Answers `verb` requests to exactly `route` with `status` and a JSON body.
pub async fn mount_json(server: &MockServer, verb: &str, route: &str, status: u16, body: Value) {
    let answer = ResponseTemplate::new(status).set_body_json(body);
    mount(server, verb, route, answer).await;
}

/// Answers `verb` requests to exactly `route` with `status` and a body of type `mime`.
pub async fn mount_raw(
    server: &MockServer,
    verb: &str,
    route: &str,
    status: u16,
    raw: &str,
    mime: &str,
) {
    let answer = ResponseTemplate::new(status).set_body_raw(raw.to_owned(), mime);
    mount(server, verb, route, answer).await;
}

/// The requests the server received for the token endpoint.
pub async fn token_requests(server: &MockServer) -> Vec<Request> {
    received(server)
        .await
        .into_iter()
        .filter(is_token)
        .collect()
}

/// The requests the server received for the API (everything but the token endpoint).
pub async fn api_requests(server: &MockServer) -> Vec<Request> {
    let all = received(server).await;
    all.into_iter().filter(|r| !is_token(r)).collect()
}

/// The single API request the server received.
pub async fn only_api_request(server: &MockServer) -> Request {
    let mut requests = api_requests(server).await;
    assert_eq!(requests.len(), 1, "exactly one API request: {requests:?}");
    requests.remove(0)
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn is_token(request: &Request) -> bool {
    request.url.path() == TOKEN_PATH
}

/// A header of a received request, as text ("" when absent).
pub fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
        .unwrap_or("")
}

/// The form fields of a token request.
pub fn form(request: &Request) -> BTreeMap<String, String> {
    let body = std::str::from_utf8(&request.body).expect("a UTF-8 form");
    let url = apiclient_core::Url::parse(&format!("http://form.invalid/?{body}")).expect("a form");
    url.query_pairs().into_owned().collect()
}

/// Checks the token request: a form POST to `/oauth/token` with the client credentials.
pub fn assert_token_request(request: &Request, client_id: &str, client_secret: &str) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), TOKEN_PATH);
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    let expected: BTreeMap<String, String> = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", client_secret),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(form(request), expected);
}

/// The `Authorization` header an API request must carry.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A token as `GET /personal-access-tokens` and `PATCH` answer it, with every field set.
pub fn pat_json() -> Value {
    json!({
        "id": "86f1dc6fe8f54414950454cbb11278fa",
        "name": "NodeJS Integration",
        "scope": ["demo:personal-access-token-scope:first", "demo:personal-access-token-scope:second"],
        "owner": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Support"},
        "created": "2017-07-11T18:45:37.098Z",
        "lastUsed": "2017-07-11T18:45:37.098Z",
        "managed": false,
        "accessTokenValiditySeconds": 36900,
        "expirationDate": "2018-01-11T18:45:37.098Z",
    })
}

/// The create answer, with the one-time secret.
pub fn created_json(secret: &str) -> Value {
    json!({
        "id": "86f1dc6fe8f54414950454cbb11278fa",
        "secret": secret,
        "scope": ["sp:scopes:all"],
        "name": "NodeJS Integration",
        "owner": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Support"},
        "created": "2017-07-11T18:45:37.098Z",
        "accessTokenValiditySeconds": 36900,
        "expirationDate": "2018-01-11T18:45:37.098Z",
    })
}

/// An `ErrorResponseDto` as SailPoint sends it on 400, 403, 404 and 500.
pub fn error_dto(detail_code: &str, text: &str) -> Value {
    json!({
        "detailCode": detail_code,
        "trackingId": TRACKING_ID,
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
        "causes": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "a cause"}],
    })
}

/// Parses a timestamp the test expects, as chrono's strict RFC 3339.
pub fn utc(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid RFC 3339")
        .with_timezone(&chrono::Utc)
}
