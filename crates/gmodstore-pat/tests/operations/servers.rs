//! Servers and tenants: the default host, base URLs with a path prefix, and the tenant of every operation.

use super::*;

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
    let found = json_response(200, json!({"data": token_json(ID, "x")}));
    answer_once(&server, "GET", &format!("/api{}", item_path(ID)), found).await;
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
        .respond_with(json_response(201, created_json("x")))
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
        .map(|r| (r.method.as_str(), request_header(r, "x-tenant")))
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
