//! Requests: path parameters become exactly one percent-encoded segment (filled by name, or put
//! together from literal parts), query values are form-encoded, arrays and objects follow their
//! style, and bodies carry their content type. Asserted on
//! the wire.

mod common;

use apiclient_core::path::{PathBuilder, PathError, encode_segment, fill};
use apiclient_core::{ApiClient, Method, ObjectStyle, Request};
use serde_json::json;
use wiremock::matchers::{body_json, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn sent(server: &MockServer) -> wiremock::Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .base_url(format!("{}/api/v3", server.uri()))
        .build()
        .unwrap();
    let client = ApiClient::unauthenticated(config);
    for (value, encoded) in [
        ("plain-id_1.2~", "plain-id_1.2~"),
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("x?y=1#z", "x%3Fy%3D1%23z"),
        ("50% off", "50%25%20off"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("a:b@c", "a%3Ab%40c"),
    ] {
        client
            .execute::<()>(
                Request::new(Method::GET, "/tokens/{id}:rotate", "rotateToken")
                    .path_param("id", value),
            )
            .await
            .unwrap();
        let request = sent(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/api/v3/tokens/{encoded}:rotate"),
            "{value}"
        );
        assert_eq!(request.url.query(), None);
    }
    assert_eq!(encode_segment("a b"), "a%20b");
    assert_eq!(fill("/t/{id}", "id", "."), Err(PathError::DotSegment));
}

#[tokio::test]
async fn query_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let filter = r#"name sw "a&b=c" and x eq "100%""#;
    client
        .execute::<()>(
            Request::new(Method::GET, "/items", "listItems")
                .query("filters", filter)
                .query_opt("limit", Some(10))
                .query_opt("offset", None::<u32>)
                .query_array("ids", ["1", "2,3"], true)
                .query_array("tags", ["a", "b"], false)
                .query_array("none", Vec::<String>::new(), true),
        )
        .await
        .unwrap();
    let request = sent(&server).await;
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let expected = [
        ("filters", filter),
        ("limit", "10"),
        ("ids", "1"),
        ("ids", "2,3"),
        ("tags", "a,b"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected);
    // Reserved characters never appear raw in the query.
    let raw = request.url.query().unwrap();
    assert!(raw.contains("a%26b%3Dc"), "{raw}");
    assert!(raw.contains("100%25"), "{raw}");
}

#[tokio::test]
async fn bodies_carry_their_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"name": "ci", "scope": ["all"]})))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(header("content-type", "application/json-patch+json"))
        .and(body_json(
            json!([{"op": "replace", "path": "/name", "value": "x"}]),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    client
        .execute::<()>(
            Request::new(Method::POST, "/tokens", "createToken")
                .json_body(&json!({"name": "ci", "scope": ["all"]})),
        )
        .await
        .unwrap();
    client
        .execute::<()>(
            Request::new(Method::PATCH, "/tokens/1", "patchToken").json_body_as(
                "application/json-patch+json",
                &json!([{"op": "replace", "path": "/name", "value": "x"}]),
            ),
        )
        .await
        .unwrap();
    client
        .execute::<()>(Request::new(Method::PUT, "/form", "putForm").form_body(&[("a", "1 2")]))
        .await
        .unwrap();
    assert_eq!(sent(&server).await.body, b"a=1+2");
}

#[test]
fn request_accessors() {
    let request = Request::new(Method::PATCH, "/a/{b}", "opId").path_param("b", "c d");
    assert_eq!(request.path(), "/a/c%20d");
    assert_eq!(request.path_template(), "/a/{b}");
    assert_eq!(request.operation_id(), "opId");
    assert_eq!(request.method(), &Method::PATCH);
    assert!(!request.is_retry_safe());
    assert!(Request::new(Method::PUT, "/", "x").is_retry_safe());
}

#[tokio::test]
async fn paths_from_literal_parts_encode_each_value_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let config = common::builder(&server)
        .base_url(format!("{}/api/v3", server.uri()))
        .build()
        .unwrap();
    let client = ApiClient::unauthenticated(config);
    let path = PathBuilder::new()
        .literal("/owners/")
        .param("owner", "me/../admin")
        .literal("/tokens/")
        .param("id", "a b?c")
        .literal(":revoke");
    let request = Request::with_path(
        Method::DELETE,
        "/owners/{owner}/tokens/{id}:revoke",
        "revokeToken",
        path,
    );
    client.execute::<()>(request).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(
        request.url.path(),
        "/api/v3/owners/me%2F..%2Fadmin/tokens/a%20b%3Fc:revoke"
    );
    assert_eq!(request.url.query(), None);

    // Refused values never reach the server, and the error names the parameter.
    for (value, message) in [
        ("", "path parameter id cannot be empty"),
        ("..", "path parameter id cannot be `.` or `..`"),
        (".", "path parameter id cannot be `.` or `..`"),
    ] {
        let path = PathBuilder::new().literal("/tokens/").param("id", value);
        let request = Request::with_path(Method::DELETE, "/tokens/{id}", "deleteToken", path);
        let err = client.execute::<()>(request).await.unwrap_err();
        let apiclient_core::Error::InvalidRequest(invalid) = &err else {
            panic!("expected an invalid-request error, got {err:?}");
        };
        assert_eq!(invalid.message, message, "{value:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn object_query_parameters_follow_their_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = ApiClient::unauthenticated(common::config(&server));
    let filter = json!({ "name": "ci tokens", "skip": null });
    for (style, query) in [
        (ObjectStyle::DeepObject, "filter%5Bname%5D=ci+tokens"),
        (ObjectStyle::FormExplode, "name=ci+tokens"),
        (ObjectStyle::Form, "filter=name%2Cci+tokens"),
    ] {
        let request = Request::new(Method::GET, "/tokens", "listTokens")
            .query_object("filter", &filter, style);
        client.execute::<()>(request).await.unwrap();
        assert_eq!(sent(&server).await.url.query(), Some(query), "{style:?}");
    }
    // Not an object: nothing is added.
    let request = Request::new(Method::GET, "/tokens", "listTokens").query_object(
        "filter",
        &json!([1, 2]),
        ObjectStyle::Form,
    );
    client.execute::<()>(request).await.unwrap();
    assert_eq!(sent(&server).await.url.query(), None);
}
