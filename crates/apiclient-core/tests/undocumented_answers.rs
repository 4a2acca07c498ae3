//! Answers no spec documents (a proxy's HTML page, a cut-off or missing body) become typed
//! errors with a one-line `Display` that names the operation, never a panic.

mod common;

use apiclient_core::{ApiClient, Error, Method, Request, RetryPolicy, StatusCode};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A record like the generated models.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Token {
    id: String,
    name: String,
}

/// The template every request here uses, as errors show it.
const TEMPLATE: &str = "/tokens/{id}";

/// Sends `method` to `/tokens/abc` on a server answering `response` and decodes a [`Token`].
async fn call_answered_with(method: Method, response: ResponseTemplate) -> Error<()> {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let config = common::builder(&server).retry_policy(RetryPolicy::disabled());
    let client = ApiClient::unauthenticated(config.build().unwrap());
    let request = Request::new(method, TEMPLATE, "tokenCall").path_param("id", "abc");
    let result = match client.execute::<()>(request).await {
        Ok(raw) => raw.json::<Token, ()>().map(drop),
        Err(err) => Err(err),
    };
    result.expect_err("an undocumented answer")
}

fn assert_one_line_naming_the_operation(err: &Error<()>, method: &str, status: &str) {
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(
        shown.starts_with(&format!("{method} {TEMPLATE}: {status}")),
        "{shown}"
    );
}

#[tokio::test]
async fn a_502_with_an_html_body_is_an_api_error_quoting_the_page() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>";
    let err = call_answered_with(
        Method::GET,
        ResponseTemplate::new(502).set_body_raw(html, "text/html"),
    )
    .await;

    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(err.model().is_none());
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body_text(), html);
    assert_one_line_naming_the_operation(&err, "GET", "502 Bad Gateway");
    assert!(err.to_string().contains("nginx"), "{err}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_a_snippet() {
    let err = call_answered_with(
        Method::GET,
        ResponseTemplate::new(200).set_body_raw(r#"{"id":"abc","name":"dep"#, "application/json"),
    )
    .await;

    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert_eq!(decode.path_template, TEMPLATE);
    assert!(
        decode.snippet.contains(r#""id":"abc""#),
        "{}",
        decode.snippet
    );
    assert_one_line_naming_the_operation(&err, "GET", "200 OK");
}

#[tokio::test]
async fn a_page_or_text_instead_of_json_is_a_decode_error_quoting_it() {
    for (body, kind) in [
        ("<!doctype html><p>Maintenance</p>", "text/html"),
        ("OK Maintenance", "text/plain"),
    ] {
        let err = call_answered_with(
            Method::GET,
            ResponseTemplate::new(200).set_body_raw(body, kind),
        )
        .await;
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        assert_one_line_naming_the_operation(&err, "GET", "200 OK");
        assert!(err.to_string().contains("Maintenance"), "{err}");
    }
}

#[tokio::test]
async fn an_empty_body_where_one_is_required_is_a_decode_error() {
    let err = call_answered_with(Method::GET, ResponseTemplate::new(200)).await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_one_line_naming_the_operation(&err, "GET", "200 OK");

    let err = call_answered_with(Method::POST, ResponseTemplate::new(201)).await;
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::CREATED);
    assert_eq!(decode.method, Method::POST);
    assert_one_line_naming_the_operation(&err, "POST", "201 Created");
}
