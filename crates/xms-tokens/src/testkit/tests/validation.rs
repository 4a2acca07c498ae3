//! Validation, conflicts and bad input.

use super::*;

#[tokio::test]
async fn validation_conflicts_and_bad_input() {
    let fake = FakeXms::start().await;
    let http = admin(&fake);
    let bodies = [
        json!({"access_token": {"roles": ["admin"]}}),
        json!({"access_token": {"name": "", "roles": ["admin"]}}),
        json!({"access_token": {"name": "x"}}),
        json!({"access_token": {"name": "x", "roles": "admin"}}),
        json!({"name": "x", "roles": ["admin"]}),
        json!([1, 2]),
    ];
    let invalid = http
        .assert_statuses(bodies.map(|body| ("POST", TOKENS, Some(body), 400)))
        .await;
    for resp in invalid {
        assert_eq!(resp.body["code"], "InvalidParameter");
    }
    let malformed = http.send_bytes("POST", TOKENS, &[], "{oops").await;
    assert_eq!(malformed.status, 400);

    http.assert_statuses([
        ("POST", TOKENS, Some(create_body("dup")), 201),
        ("POST", TOKENS, Some(create_body("dup")), 409),
    ])
    .await;
    let other = fake.insert_token(NewToken::new("other"));
    http.assert_statuses([
        (
            "PATCH",
            item(other.id),
            Some(json!({"access_token": {"name": "dup"}})),
            409,
        ),
        (
            "PATCH",
            item(other.id),
            Some(json!({"access_token": {}})),
            400,
        ),
        ("GET", item("abc"), None, 400),
        ("GET", "/access-tokens".to_owned(), None, 404),
        ("PUT", item(1), None, 405),
    ])
    .await;
    assert_eq!(fake.token_count(), 2);
}
