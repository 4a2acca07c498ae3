//! Every operation: the exact request on the wire and the decoded result.

mod common;

use common::*;
use gmodstore_pat::ListPersonalAccessTokensParams;
use gmodstore_pat::chrono::{TimeZone, Utc};
use gmodstore_pat::models::{
    NewPersonalAccessTokenPayload, PersonalAccessTokenScope as Scope,
    UpdatePersonalAccessTokenPayload, XTenant,
};
use gmodstore_pat::prelude::*;
use gmodstore_pat::{Client, DEFAULT_BASE_URL, GMODSTORE_BASE_URL, PIVITY_BASE_URL, Timestamp};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn body_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn list_sends_paging_query_and_tenant_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .and(query_param("perPage", "50"))
        .and(query_param("cursor", "abc"))
        .and(header("x-tenant", "rust.pivity.com"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json_response(200, page_json(&["t1", "t2"], Some("next-1"))))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListPersonalAccessTokensParams::default()
        .per_page(50)
        .cursor("abc")
        .x_tenant(XTenant::RustPivityCom);
    let page = client(&server)
        .list_personal_access_tokens(params)
        .await
        .unwrap();

    assert_eq!(page.data.len(), 2);
    let first = &page.data[0];
    assert_eq!(first.id, "t1");
    assert_eq!(first.name, "token t1");
    assert_eq!(
        first.abilities,
        [Scope::PersonalAccessTokensRead, Scope::ProductsWrite]
    );
    assert_eq!(first.last_used_at, Some(ts("2024-03-04T05:06:07.123456Z")));
    assert_eq!(first.expires_at, Some(ts("2025-01-01T00:00:00Z")));
    assert_eq!(first.created_at, ts("2024-01-02T15:04:05Z"));
    assert_eq!(first.updated_at, ts("2024-02-03T04:05:06Z"));
    assert_eq!(page.cursors.next.as_deref(), Some("next-1"));
    assert_eq!(page.cursors.prev, None);
    assert!(page.connections.is_empty());
    assert_eq!(page.meta.per_page, 2);

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), COLLECTION);
    assert_eq!(request.url.query(), Some("perPage=50&cursor=abc"));
    assert_authenticated(&request);
    assert_eq!(header_of(&request, "x-tenant"), Some("rust.pivity.com"));
    assert!(
        header_of(&request, "user-agent")
            .unwrap()
            .starts_with("gmodstore-pat/")
    );
    assert_eq!(header_of(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn list_without_parameters_sends_no_query_and_no_tenant() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(json_response(200, page_json(&[], None)))
        .mount(&server)
        .await;

    let page = client(&server)
        .list_personal_access_tokens(Default::default())
        .await
        .unwrap();

    assert!(page.data.is_empty());
    assert_eq!(page.cursors.next, None);
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(header_of(&request, "x-tenant"), None);
}

#[tokio::test]
async fn create_posts_the_payload_and_decodes_the_201_with_the_secret() {
    let server = MockServer::start().await;
    let expected = json!({
        "name": "ci-deploy",
        "abilities": ["products:read", "product-versions:write"],
    });
    Mock::given(method("POST"))
        .and(path(COLLECTION))
        .and(header("content-type", "application/json"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(&expected))
        .respond_with(json_response(
            201,
            json!({"data": {
                "personalAccessToken": token_json(ID, "ci-deploy"),
                "plainTextToken": "42|plain-text-secret",
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let payload = NewPersonalAccessTokenPayload::new(
        "ci-deploy",
        vec![Scope::ProductsRead, Scope::ProductVersionsWrite],
    );
    let created = client(&server)
        .create_personal_access_token(&payload, Default::default())
        .await
        .unwrap();

    assert_eq!(created.data.personal_access_token.id, ID);
    assert_eq!(created.data.personal_access_token.name, "ci-deploy");
    assert_eq!(
        created.data.plain_text_token.expose_secret(),
        "42|plain-text-secret"
    );
    assert!(!format!("{created:?}").contains("plain-text-secret"));

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_authenticated(&request);
    assert_eq!(
        header_of(&request, "content-type"),
        Some("application/json")
    );
    assert_eq!(body_of(&request), expected);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn create_with_an_expiry_sends_it_as_rfc3339_utc() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COLLECTION))
        .respond_with(json_response(
            201,
            json!({"data": {"personalAccessToken": token_json(ID, "x"), "plainTextToken": "s"}}),
        ))
        .mount(&server)
        .await;

    let expiry = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();
    let payload =
        NewPersonalAccessTokenPayload::new("temporary", vec![Scope::Star]).with_expires_at(expiry);
    client(&server)
        .create_personal_access_token(&payload, Default::default())
        .await
        .unwrap();

    let request = single_request(&server).await;
    assert_eq!(
        body_of(&request),
        json!({"name": "temporary", "abilities": ["*"], "expiresAt": "2025-06-01T12:00:00Z"})
    );
}

#[tokio::test]
async fn get_requests_the_token_and_decodes_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(item_path(ID)))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json_response(
            200,
            json!({"data": token_json(ID, "deploy")}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let found = client(&server)
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();

    assert_eq!(found.data.id, ID);
    assert_eq!(found.data.name, "deploy");
    assert_eq!(found.data.expires_at, Some(ts("2025-01-01T00:00:00Z")));
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), item_path(ID));
    assert_eq!(request.url.query(), None);
    assert_authenticated(&request);
    assert!(request.body.is_empty());
}

/// Runs an update with `payload` and returns the request the server received.
async fn update_request(payload: Option<&UpdatePersonalAccessTokenPayload>) -> Request {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(item_path(ID)))
        .respond_with(json_response(
            200,
            json!({"data": token_json(ID, "renamed")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let updated = client(&server)
        .update_personal_access_token(ID, payload, Default::default())
        .await
        .unwrap();
    assert_eq!(updated.data.name, "renamed");
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), item_path(ID));
    assert_authenticated(&request);
    request
}

#[tokio::test]
async fn update_with_an_empty_payload_sends_an_empty_object() {
    let request = update_request(Some(&UpdatePersonalAccessTokenPayload::default())).await;
    assert_eq!(
        header_of(&request, "content-type"),
        Some("application/json")
    );
    assert_eq!(request.body, b"{}");
}

#[tokio::test]
async fn update_leaving_the_expiry_unchanged_omits_expires_at() {
    let payload = UpdatePersonalAccessTokenPayload::default()
        .with_name("renamed")
        .with_abilities([Scope::TeamsRead]);
    let request = update_request(Some(&payload)).await;
    assert_eq!(
        body_of(&request),
        json!({"name": "renamed", "abilities": ["teams:read"]})
    );
    assert!(!String::from_utf8_lossy(&request.body).contains("expiresAt"));
}

#[tokio::test]
async fn update_clearing_the_expiry_sends_null() {
    let payload = UpdatePersonalAccessTokenPayload::default().never_expires();
    let request = update_request(Some(&payload)).await;
    assert_eq!(request.body, br#"{"expiresAt":null}"#);
}

#[tokio::test]
async fn update_setting_the_expiry_sends_the_rfc3339_value() {
    let payload = UpdatePersonalAccessTokenPayload::default()
        .with_expires_at(ts("2026-02-03T04:05:06.5+02:00"));
    let request = update_request(Some(&payload)).await;
    assert_eq!(request.body, br#"{"expiresAt":"2026-02-03T02:05:06.500Z"}"#);
}

#[tokio::test]
async fn update_without_a_payload_sends_no_body() {
    let request = update_request(None).await;
    assert!(request.body.is_empty());
    assert_eq!(header_of(&request, "content-type"), None);
}

/// Deletes `ID` against a server answering `response`; returns the result's body.
async fn delete_answered_with(
    response: ResponseTemplate,
) -> Option<gmodstore_pat::models::DeleteTeamResponse> {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(item_path(ID)))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let deleted = client(&server)
        .delete_personal_access_token(ID, Default::default())
        .await
        .expect("delete succeeds");
    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), item_path(ID));
    assert_authenticated(&request);
    assert!(request.body.is_empty());
    deleted
}

#[tokio::test]
async fn delete_accepts_200_with_a_data_body() {
    let deleted = delete_answered_with(json_response(
        200,
        json!({"data": {"id": 7, "name": "team"}}),
    ))
    .await
    .expect("a body");
    assert_eq!(deleted.data, Some(json!({"id": 7, "name": "team"})));
}

#[tokio::test]
async fn delete_accepts_200_with_other_json_objects() {
    let deleted = delete_answered_with(json_response(200, json!({"message": "Deleted"}))).await;
    assert_eq!(deleted.expect("a body").data, None);
    let deleted = delete_answered_with(json_response(200, json!({"data": null}))).await;
    assert_eq!(deleted.expect("a body").data, None);
}

#[tokio::test]
async fn delete_accepts_200_with_an_empty_body() {
    let deleted = delete_answered_with(ResponseTemplate::new(200)).await;
    assert_eq!(deleted, None);
}

#[tokio::test]
async fn delete_accepts_200_with_any_other_body() {
    let not_an_object = json_response(200, json!("ok"));
    assert_eq!(delete_answered_with(not_an_object).await, None);
    let text = ResponseTemplate::new(200).set_body_raw("Deleted", "text/plain");
    assert_eq!(delete_answered_with(text).await, None);
    let truncated = ResponseTemplate::new(200).set_body_raw("{\"data\": {", "application/json");
    assert_eq!(delete_answered_with(truncated).await, None);
}

#[tokio::test]
async fn delete_accepts_204() {
    let deleted = delete_answered_with(ResponseTemplate::new(204)).await;
    assert_eq!(deleted, None);
}

#[tokio::test]
async fn every_result_carries_the_rate_limit_headers() {
    let server = MockServer::start().await;
    let answer = |status: u16, body: Value| {
        with_rate_limit(
            ResponseTemplate::new(status).set_body_json(body),
            300,
            42,
            30,
        )
    };
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(answer(200, page_json(&["t1"], None)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(COLLECTION))
        .respond_with(answer(
            201,
            json!({"data": {"personalAccessToken": token_json(ID, "x"), "plainTextToken": "s"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(item_path(ID)))
        .respond_with(answer(200, json!({"data": token_json(ID, "x")})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(item_path(ID)))
        .respond_with(answer(200, json!({"data": token_json(ID, "x")})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(item_path(ID)))
        .respond_with(with_rate_limit(ResponseTemplate::new(204), 300, 42, 30))
        .mount(&server)
        .await;
    let client = client(&server);
    let payload = NewPersonalAccessTokenPayload::new("name", vec![Scope::UsersRead]);

    let limits = [
        client
            .list_personal_access_tokens_with_response(Default::default())
            .await
            .unwrap()
            .rate_limit,
        client
            .create_personal_access_token_with_response(&payload, Default::default())
            .await
            .unwrap()
            .rate_limit,
        client
            .get_personal_access_token_with_response(ID, Default::default())
            .await
            .unwrap()
            .rate_limit,
        client
            .update_personal_access_token_with_response(ID, None, Default::default())
            .await
            .unwrap()
            .rate_limit,
        client
            .delete_personal_access_token_with_response(ID, Default::default())
            .await
            .unwrap()
            .rate_limit,
    ];
    let now = std::time::SystemTime::now();
    for info in limits {
        assert_eq!(info.limit, Some(300));
        assert_eq!(info.remaining, Some(42));
        let reset_in = info.reset_at.expect("reset").duration_since(now).unwrap();
        assert!(reset_in.as_secs() <= 30, "{reset_in:?}");
    }
}

#[test]
fn the_default_server_is_the_legacy_host_and_pivity_is_one_constant_away() {
    assert_eq!(DEFAULT_BASE_URL, "https://www.gmodstore.com/api");
    assert_eq!(GMODSTORE_BASE_URL, DEFAULT_BASE_URL);
    assert_eq!(PIVITY_BASE_URL, "https://api.pivity.com");
    let pivity = Client::builder()
        .base_url(PIVITY_BASE_URL)
        .personal_access_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        pivity.api_client().config().base_url().as_str(),
        "https://api.pivity.com/"
    );
    let legacy = Client::builder()
        .personal_access_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        legacy.api_client().config().base_url().as_str(),
        "https://www.gmodstore.com/api"
    );
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_keeps_it() {
    // The legacy host serves the API under `/api`, the Pivity host at the root.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api{}", item_path(ID))))
        .respond_with(json_response(200, json!({"data": token_json(ID, "x")})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/api/", server.uri()))
        .personal_access_token(TOKEN)
        .build()
        .unwrap();

    client
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn every_operation_sends_the_tenant_it_is_given() {
    use gmodstore_pat::{
        CreatePersonalAccessTokenParams, DeletePersonalAccessTokenParams,
        GetPersonalAccessTokenParams, UpdatePersonalAccessTokenParams,
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(
            201,
            json!({"data": {"personalAccessToken": token_json(ID, "x"), "plainTextToken": "s"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, json!({"data": token_json(ID, "x")})))
        .mount(&server)
        .await;
    let client = client(&server);
    let tenant = XTenant::GmodstoreCom;
    let payload = NewPersonalAccessTokenPayload::new("name", vec![Scope::UsersRead]);

    client
        .create_personal_access_token(
            &payload,
            CreatePersonalAccessTokenParams::default().x_tenant(tenant.clone()),
        )
        .await
        .unwrap();
    client
        .get_personal_access_token(
            ID,
            GetPersonalAccessTokenParams::default().x_tenant(tenant.clone()),
        )
        .await
        .unwrap();
    client
        .update_personal_access_token(
            ID,
            None,
            UpdatePersonalAccessTokenParams::default().x_tenant(tenant.clone()),
        )
        .await
        .unwrap();
    client
        .delete_personal_access_token(
            ID,
            DeletePersonalAccessTokenParams::default().x_tenant(tenant),
        )
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    let sent: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), header_of(r, "x-tenant")))
        .collect();
    assert_eq!(
        sent,
        [
            ("POST", Some("gmodstore.com")),
            ("GET", Some("gmodstore.com")),
            ("PUT", Some("gmodstore.com")),
            ("DELETE", Some("gmodstore.com")),
        ]
    );
}
