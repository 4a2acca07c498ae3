//! Validation, conflicts and bad input.

use super::*;

#[tokio::test]
async fn validation_conflicts_and_bad_input() {
    let fake = FakeXms::start().await;
    let key = fake.token().to_owned();
    let bodies = [
        json!({"access_token": {"roles": ["admin"]}}),
        json!({"access_token": {"name": "", "roles": ["admin"]}}),
        json!({"access_token": {"name": "x"}}),
        json!({"access_token": {"name": "x", "roles": "admin"}}),
        json!({"name": "x", "roles": ["admin"]}),
        json!([1, 2]),
    ];
    for body in bodies {
        let resp = call(
            &fake,
            Method::POST,
            "/access-tokens/",
            Auth::Header(&key),
            Some(body.clone()),
        )
        .await;
        assert_eq!(resp.status, 400, "{body}");
        assert_eq!(resp.body["code"], "InvalidParameter");
    }
    let malformed = client()
        .post(format!("{}/access-tokens/", fake.base_url()))
        .header("Xms-Auth-Token", &key)
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    let first = call(
        &fake,
        Method::POST,
        "/access-tokens/",
        Auth::Header(&key),
        Some(create_body("dup")),
    )
    .await;
    assert_eq!(first.status, 201);
    let again = call(
        &fake,
        Method::POST,
        "/access-tokens/",
        Auth::Header(&key),
        Some(create_body("dup")),
    )
    .await;
    assert_eq!(again.status, 409);
    let other = fake.insert_token(NewToken::new("other"));
    let clash = call(
        &fake,
        Method::PATCH,
        &format!("/access-tokens/{}", other.id),
        Auth::Header(&key),
        Some(json!({"access_token": {"name": "dup"}})),
    )
    .await;
    assert_eq!(clash.status, 409);
    let no_name = call(
        &fake,
        Method::PATCH,
        &format!("/access-tokens/{}", other.id),
        Auth::Header(&key),
        Some(json!({"access_token": {}})),
    )
    .await;
    assert_eq!(no_name.status, 400);

    let bad_id = call(
        &fake,
        Method::GET,
        "/access-tokens/abc",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(bad_id.status, 400);
    let no_slash = call(
        &fake,
        Method::GET,
        "/access-tokens",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(no_slash.status, 404);
    let wrong_method = call(
        &fake,
        Method::PUT,
        "/access-tokens/1",
        Auth::Header(&key),
        None,
    )
    .await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(fake.token_count(), 2);
}
