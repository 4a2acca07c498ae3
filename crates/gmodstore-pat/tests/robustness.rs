//! Undocumented answers, forward-compatible decoding, and path parameters that try to escape.

mod common;

use common::*;
use gmodstore_pat::models::PersonalAccessTokenScope as Scope;
use gmodstore_pat::prelude::*;
use gmodstore_pat::{Error, StatusCode};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `response`.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Gets `ID` from a server answering `response`.
async fn get_answered_with(
    response: ResponseTemplate,
) -> Result<gmodstore_pat::models::PersonalAccessToken, Error> {
    let server = server_answering(response).await;
    client(&server)
        .get_personal_access_token(ID, Default::default())
        .await
        .map(|found| found.data)
}

fn assert_one_line_naming_the_operation(err: &Error, status: &str) {
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(
        shown.starts_with(&format!("GET {ITEM_TEMPLATE}: {status}")),
        "{shown}"
    );
}

#[tokio::test]
async fn a_502_with_an_html_body_is_an_api_error_quoting_the_page() {
    let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>";
    let err = get_answered_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(err.model().is_none());
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body_text(), html);
    assert_one_line_naming_the_operation(&err, "502 Bad Gateway");
    assert!(err.to_string().contains("nginx"));
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let err = get_answered_with(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"data":{"id":"abc","name":"dep"#, "application/json"),
    )
    .await
    .unwrap_err();

    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert_eq!(decode.path_template, ITEM_TEMPLATE);
    assert!(decode.snippet.contains(r#""id":"abc""#));
    assert_one_line_naming_the_operation(&err, "200 OK");
}

#[tokio::test]
async fn an_html_page_instead_of_json_is_a_decode_error() {
    let err = get_answered_with(
        ResponseTemplate::new(200).set_body_raw("<!doctype html><p>Maintenance</p>", "text/html"),
    )
    .await
    .unwrap_err();

    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_one_line_naming_the_operation(&err, "200 OK");
    assert!(err.to_string().contains("Maintenance"));
}

#[tokio::test]
async fn an_empty_body_where_one_is_required_is_a_decode_error() {
    let err = get_answered_with(ResponseTemplate::new(200))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_one_line_naming_the_operation(&err, "200 OK");

    let server = server_answering(ResponseTemplate::new(201)).await;
    let err = Op::Create.call(&client(&server)).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_reported_with_its_json_path() {
    let mut token = token_json(ID, "x");
    token["name"] = json!(5);
    let err = get_answered_with(json_response(200, json!({ "data": token })))
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.json_path, "data.name");
}

#[tokio::test]
async fn an_oversized_error_body_is_cut() {
    let page = "x".repeat(gmodstore_pat::MAX_ERROR_BODY + 10_000);
    let err = get_answered_with(ResponseTemplate::new(500).set_body_string(page))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(api.body_truncated);
    assert_eq!(api.body.len(), gmodstore_pat::MAX_ERROR_BODY);
    assert!(err.to_string().len() < 1_000);
}

#[tokio::test]
async fn unknown_abilities_and_extra_fields_decode() {
    let mut token = token_json(ID, "x");
    token["abilities"] = json!(["personal-access-tokens:read", "webhooks:admin", "*"]);
    token["team"] = json!({"id": 3, "name": "extra"});
    token["scopeCount"] = json!(3);
    let found = get_answered_with(json_response(
        200,
        json!({"data": token, "meta": {"server": "v3.2"}, "included": []}),
    ))
    .await
    .unwrap();

    assert_eq!(
        found.abilities,
        [
            Scope::PersonalAccessTokensRead,
            Scope::Unknown("webhooks:admin".into()),
            Scope::Star,
        ]
    );
    assert!(found.abilities[1].is_unknown());
    // An unknown ability is sent back unchanged.
    assert_eq!(
        serde_json::to_value(&found.abilities).unwrap(),
        json!(["personal-access-tokens:read", "webhooks:admin", "*"])
    );
}

#[tokio::test]
async fn never_used_and_never_expiring_tokens_decode_with_null_or_absent_dates() {
    let mut with_nulls = token_json(ID, "x");
    with_nulls["lastUsedAt"] = json!(null);
    with_nulls["expiresAt"] = json!(null);
    let found = get_answered_with(json_response(200, json!({ "data": with_nulls })))
        .await
        .unwrap();
    assert_eq!((found.last_used_at, found.expires_at), (None, None));

    let mut without = token_json(ID, "x");
    let fields = without.as_object_mut().unwrap();
    fields.remove("lastUsedAt");
    fields.remove("expiresAt");
    let found = get_answered_with(json_response(200, json!({ "data": without })))
        .await
        .unwrap();
    assert_eq!((found.last_used_at, found.expires_at), (None, None));
}

#[tokio::test]
async fn timestamps_with_any_fraction_length_decode() {
    let mut token = token_json(ID, "x");
    token["createdAt"] = json!("2024-01-02T15:04:05.1Z");
    token["updatedAt"] = json!("2024-01-02T15:04:05.123456789+00:00");
    let found = get_answered_with(json_response(200, json!({ "data": token })))
        .await
        .unwrap();
    assert_eq!(found.created_at.to_string(), "2024-01-02T15:04:05.100Z");
    assert_eq!(
        found.updated_at.to_string(),
        "2024-01-02T15:04:05.123456789Z"
    );
}

#[tokio::test]
async fn ids_with_reserved_characters_stay_one_path_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("../../teams", "..%2F..%2Fteams"),
        ("..%2F", "..%252F"),
        ("...", "..."),
    ];
    for (id, encoded) in cases {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path(format!("{COLLECTION}/{encoded}")))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;

        client(&server)
            .delete_personal_access_token(id, Default::default())
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));

        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("{COLLECTION}/{encoded}"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");
        assert_eq!(request.url.fragment(), None, "{id:?}");
    }
}

#[tokio::test]
async fn dot_segments_are_refused_and_nothing_is_sent() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client(&server);
    for id in ["..", "."] {
        let err = client
            .delete_personal_access_token(id, Default::default())
            .await
            .unwrap_err();
        let Error::InvalidRequest(invalid) = &err else {
            panic!("{id:?}: {err:?}")
        };
        assert!(
            invalid.message.contains("personal_access_token"),
            "{invalid}"
        );
        let err = client
            .get_personal_access_token(id, Default::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert_eq!(request_count(&server).await, 0);
}
