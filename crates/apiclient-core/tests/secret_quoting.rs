//! Errors that would quote a secret from their input: a bad base URL (user info, query,
//! fragment), and a success body that fails to decode next to a field the API marks secret.

use apiclient_core::{ClientConfig, DecodeError, Error, Method, RawResponse, StatusCode};
use http::HeaderMap;

const SECRET: &str = "k3y_5b/2Rr+Lp";

#[test]
fn bad_base_url_errors_quote_no_user_info_query_or_fragment() {
    let encoded: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
    for value in [SECRET.to_owned(), encoded] {
        for url in [
            format!("https://api.example.com/v1?token={value}"),
            format!("https://api.example.com/v1#{value}"),
            format!("https://user:{value}@api.example.com"),
            format!("https://user:{value}@api example.com"),
            format!("ftp://user:{value}@api.example.com"),
            format!("https://api.example.com:99999/?key={value}"),
            format!("not a url?{value}"),
        ] {
            let error = ClientConfig::builder("x/1")
                .base_url(&url)
                .build()
                .expect_err(&url);
            let text = format!("{error} {error:?}");
            assert!(!text.contains("5b"), "{url}: {text}");
        }
    }
    // What is wrong is still said, with the parts that are safe to show.
    let error = ClientConfig::builder("x/1")
        .base_url(format!("https://api.example.com/v1?token={SECRET}"))
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains("https://api.example.com/v1"),
        "{error}"
    );
    assert!(error.to_string().contains("query or fragment"), "{error}");
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Created {
    id: i64,
    uuid: String,
}

#[test]
fn decode_errors_never_quote_fields_named_sensitive() {
    let body = format!(r#"{{"id":"seven","uuid":"{SECRET}"}}"#);
    // Without the field named, `uuid` does not look secret.
    let plain =
        DecodeError::decode::<Created>(&Method::POST, "/t", StatusCode::CREATED, body.as_bytes())
            .unwrap_err();
    assert!(plain.to_string().contains(SECRET), "{plain}");

    let hidden = DecodeError::decode_hiding::<Created>(
        &Method::POST,
        "/t",
        StatusCode::CREATED,
        body.as_bytes(),
        &["uuid"],
    )
    .unwrap_err();
    assert_eq!(hidden.json_path, "id");
    assert!(!format!("{hidden} {hidden:?}").contains(SECRET), "{hidden}");

    // The secret itself of the wrong type: the serde message is hidden too.
    let body = r#"{"id":7,"uuid":["k3y_5b/2Rr+Lp"]}"#;
    let raw = RawResponse::new(
        Method::POST,
        "/t",
        StatusCode::CREATED,
        HeaderMap::new(),
        body.into(),
    )
    .sensitive_fields(&["uuid"]);
    let error = raw.json::<Created, ()>().unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains(SECRET), "{error}");
}
