//! Every operation: the exact request on the wire and the decoded result.

mod common;

use common::*;
use gmodstore_pat::ListPersonalAccessTokensParams;
use gmodstore_pat::chrono::{TimeZone, Utc};
use gmodstore_pat::models::{
    NewPersonalAccessTokenPayload, PersonalAccessTokenScope as Scope,
    UpdatePersonalAccessTokenPayload, XTenant,
};
use gmodstore_pat::{Client, DEFAULT_BASE_URL, GMODSTORE_BASE_URL, PIVITY_BASE_URL, Timestamp};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[tokio::test]
async fn list_sends_paging_query_and_tenant_and_decodes_the_page() {
    let server = MockServer::start().await;
    let page = page_json(&["t1", "t2"], Some("next-1"));
    answer_once(&server, "GET", COLLECTION, json_response(200, page)).await;

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
    assert_bodiless(&request, "GET", COLLECTION, Some("perPage=50&cursor=abc"));
    assert_authenticated(&request);
    assert_eq!(
        request_header(&request, "x-tenant"),
        Some("rust.pivity.com")
    );
    assert!(
        request_header(&request, "user-agent")
            .unwrap()
            .starts_with("gmodstore-pat/")
    );
}

#[tokio::test]
async fn list_without_parameters_sends_no_query_and_no_tenant() {
    let server = MockServer::start().await;
    let empty = json_response(200, page_json(&[], None));
    answer_once(&server, "GET", COLLECTION, empty).await;

    let page = client(&server)
        .list_personal_access_tokens(Default::default())
        .await
        .unwrap();

    assert!(page.data.is_empty());
    assert_eq!(page.cursors.next, None);
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(request_header(&request, "x-tenant"), None);
}

#[tokio::test]
async fn create_posts_the_payload_and_decodes_the_201_with_the_secret() {
    let server = MockServer::start().await;
    let expected = json!({
        "name": "ci-deploy",
        "abilities": ["products:read", "product-versions:write"],
    });
    let created = json!({"data": {
        "personalAccessToken": token_json(ID, "ci-deploy"),
        "plainTextToken": "42|plain-text-secret",
    }});
    answer_once(&server, "POST", COLLECTION, json_response(201, created)).await;

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
    assert_json_request(&request, "POST", COLLECTION, &expected);
    assert_authenticated(&request);
}

#[tokio::test]
async fn create_with_an_expiry_sends_it_as_rfc3339_utc() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        "POST",
        COLLECTION,
        json_response(201, created_json("x")),
    )
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
        request_json(&request),
        json!({"name": "temporary", "abilities": ["*"], "expiresAt": "2025-06-01T12:00:00Z"})
    );
}

#[tokio::test]
async fn get_requests_the_token_and_decodes_it() {
    let server = MockServer::start().await;
    let found = json_response(200, json!({"data": token_json(ID, "deploy")}));
    answer_once(&server, "GET", &item_path(ID), found).await;

    let found = client(&server)
        .get_personal_access_token(ID, Default::default())
        .await
        .unwrap();

    assert_eq!(found.data.id, ID);
    assert_eq!(found.data.name, "deploy");
    assert_eq!(found.data.expires_at, Some(ts("2025-01-01T00:00:00Z")));
    let request = single_request(&server).await;
    assert_bodiless(&request, "GET", &item_path(ID), None);
    assert_authenticated(&request);
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
    let answers = [
        (
            "GET",
            COLLECTION.to_owned(),
            answer(200, page_json(&["t1"], None)),
        ),
        (
            "POST",
            COLLECTION.to_owned(),
            answer(201, created_json("x")),
        ),
        (
            "GET",
            item_path(ID),
            answer(200, json!({"data": token_json(ID, "x")})),
        ),
        (
            "PUT",
            item_path(ID),
            answer(200, json!({"data": token_json(ID, "x")})),
        ),
        (
            "DELETE",
            item_path(ID),
            with_rate_limit(ResponseTemplate::new(204), 300, 42, 30),
        ),
    ];
    for (method, path, response) in answers {
        answer_once(&server, method, &path, response).await;
    }
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
