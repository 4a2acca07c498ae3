//! Forward-compatible decoding of GModStore records, and path parameters that try to escape.
//! (Undocumented answers in general are the runtime's: `apiclient-core/tests/undocumented_answers.rs`.)

mod common;

use common::*;
use gmodstore_pat::models::PersonalAccessTokenScope as Scope;
use gmodstore_pat::{Error, GetPersonalAccessTokenError};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Gets `ID` from a server answering `response` to exactly that request.
async fn get_answered_with(
    response: ResponseTemplate,
) -> Result<gmodstore_pat::models::PersonalAccessToken, Error<GetPersonalAccessTokenError>> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(item_path(ID)))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .get_personal_access_token(ID, Default::default())
        .await
        .map(|found| found.data)
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

    assert_eq!(found.abilities.len(), 3);
    assert_eq!(found.abilities[0], Scope::PersonalAccessTokensRead);
    assert!(
        matches!(&found.abilities[1], Scope::Unknown(raw) if raw.as_str() == "webhooks:admin"),
        "{:?}",
        found.abilities[1]
    );
    assert_eq!(found.abilities[2], Scope::Star);
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
    let server = MockServer::start().await;
    let no_content = ResponseTemplate::new(204);
    Mock::given(any())
        .respond_with(no_content)
        .mount(&server)
        .await;
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
