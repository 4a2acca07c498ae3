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

#[path = "operations/update_delete.rs"]
mod update_delete;

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

#[path = "operations/servers.rs"]
mod servers;
