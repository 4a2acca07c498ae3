//! Update (what the payload sends for the expiry) and delete (every answer it accepts).

use super::*;

/// Runs an update with `payload` and returns the request the server received.
async fn update_request(payload: Option<&UpdatePersonalAccessTokenPayload>) -> Request {
    let server = MockServer::start().await;
    let renamed = json_response(200, json!({"data": token_json(ID, "renamed")}));
    answer_once(&server, "PUT", &item_path(ID), renamed).await;
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
        request_header(&request, "content-type"),
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
        request_json(&request),
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
    assert_eq!(request_header(&request, "content-type"), None);
}

/// Deletes `ID` against a server answering `response`; returns the result's body.
async fn delete_answered_with(
    response: ResponseTemplate,
) -> Option<gmodstore_pat::models::DeleteTeamResponse> {
    let server = MockServer::start().await;
    answer_once(&server, "DELETE", &item_path(ID), response).await;
    let deleted = client(&server)
        .delete_personal_access_token(ID, Default::default())
        .await
        .expect("delete succeeds");
    let request = single_request(&server).await;
    assert_bodiless(&request, "DELETE", &item_path(ID), None);
    assert_authenticated(&request);
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
