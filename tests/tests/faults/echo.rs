//! Servers that echo the request back in their error body (error pages and proxies do), in
//! the encodings the value had on the wire or that servers like: as is, percent-, form- and
//! JSON-escaped, `\u`-escaped (which decodes back into the typed error model), base64 and
//! HTTP Basic. No credential may show in `Display`, `Debug` (the model included) or the kept
//! body, whichever encoding it came back in.

use super::harness::{Cell, bounded, leaks_in, matrix, play};
use super::providers::{
    ALL, Failure, Kind, Op, Provider, SP_CLIENT_ID, SP_CLIENT_SECRET, Setup, TOKEN_PATH,
};
use super::secrets::{Encoding, leaks};
use super::server::{FaultServer, Recorded, Reply, json, response};

/// How the server echoes the request.
#[derive(Debug, Clone, Copy)]
enum Echo {
    /// The request as it arrived (request line, headers, body) as a text/plain body.
    AsSent,
    /// Every value of the request (header values, the credential after its scheme, query
    /// values and form fields decoded) in this encoding, inside `{"message": "..."}`.
    Values(Encoding),
}

/// Every value an echoing server may quote, decoded from the wire.
fn values(request: &Recorded) -> Vec<String> {
    let mut out = Vec::new();
    for (_, value) in &request.headers {
        out.push(value.clone());
        if let Some((_, credential)) = value.split_once(' ') {
            out.push(credential.to_owned());
        }
    }
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    let form = String::from_utf8_lossy(&request.body).into_owned();
    for pairs in [query, form.as_str()] {
        for pair in pairs.split('&').filter(|p| !p.is_empty()) {
            let value = pair.split_once('=').map_or(pair, |(_, v)| v);
            out.push(form_decode(value));
        }
    }
    out
}

/// Decodes `application/x-www-form-urlencoded`.
fn form_decode(value: &str) -> String {
    let bytes = value.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The echo of `request` as an error answer with `status`.
fn echo(status: u16, how: Echo, request: &Recorded) -> Vec<u8> {
    match how {
        Echo::AsSent => response(status, &[("content-type", "text/plain")], request.as_text()),
        Echo::Values(encoding) => {
            let echoed: Vec<String> = values(request).iter().map(|v| encoding.apply(v)).collect();
            json(
                status,
                format!(
                    r#"{{"message":"rejected: {}","error":"invalid_client","error_description":"{}"}}"#,
                    echoed.join(" "),
                    echoed.join(" ")
                ),
            )
        }
    }
}

/// Plays every echo in `hows` against `cells` (API requests answered 400) and returns the
/// credentials found in the errors.
async fn api_echo_leaks(cells: &[(Provider, Op)], hows: &[Echo]) -> Vec<String> {
    let mut found = Vec::new();
    for &how in hows {
        let played: Vec<Cell> = play(&Setup::default(), cells, move |_, _, request| {
            Reply::Send(echo(400, how, request))
        })
        .await;
        for cell in &played {
            let failure = cell.failure();
            assert_eq!(
                failure.status,
                Some(400),
                "{}: {}",
                cell.name(),
                failure.display
            );
            assert_eq!(
                cell.requests.len(),
                1,
                "{}: a 400 is not retried",
                cell.name()
            );
        }
        found.extend(
            leaks_in(&played, false)
                .into_iter()
                .map(|l| format!("echo {how:?}: {l}")),
        );
    }
    found
}

/// The providers whose credential travels in a header, with a GET.
fn header_credentials() -> Vec<(Provider, Op)> {
    matrix(
        &[
            Provider::Gmodstore,
            Provider::XmsHeader,
            Provider::SailpointV3,
            Provider::SailpointV2024,
        ],
        &[Op::Get],
    )
}

/// Every provider with a GET, and the XMS validate (a secret query parameter).
fn every_credential() -> Vec<(Provider, Op)> {
    let mut cells = matrix(&ALL, &[Op::Get]);
    cells.push((Provider::XmsHeader, Op::Validate));
    cells
}

#[tokio::test]
async fn echoed_credentials_as_sent_or_percent_encoded_are_redacted() {
    let mut found = api_echo_leaks(&header_credentials(), &[Echo::AsSent]).await;
    found.extend(
        api_echo_leaks(
            &every_credential(),
            &[Echo::Values(Encoding::Raw), Echo::Values(Encoding::Percent)],
        )
        .await,
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn echoed_request_lines_with_query_credentials_are_redacted() {
    let cells = [
        (Provider::XmsQuery, Op::Get),
        (Provider::XmsHeader, Op::Validate),
    ];
    let found = api_echo_leaks(&cells, &[Echo::AsSent]).await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn form_encoded_echoes_of_credentials_are_redacted() {
    let found = api_echo_leaks(&every_credential(), &[Echo::Values(Encoding::Form)]).await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn json_escaped_echoes_of_credentials_are_redacted_in_body_and_model() {
    let found = api_echo_leaks(
        &every_credential(),
        &[
            Echo::Values(Encoding::JsonSlash),
            Echo::Values(Encoding::JsonUnicode),
        ],
    )
    .await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn base64_echoes_of_credentials_are_redacted() {
    let found = api_echo_leaks(
        &every_credential(),
        &[
            Echo::Values(Encoding::Base64),
            Echo::Values(Encoding::Basic),
        ],
    )
    .await;
    assert!(found.is_empty(), "{found:#?}");
}

/// A token endpoint that echoes the form (client id and secret) in `error_description`.
async fn token_echo_leaks(encodings: &[Encoding]) -> Vec<String> {
    let mut found = Vec::new();
    for &encoding in encodings {
        for provider in [Provider::SailpointV3, Provider::SailpointV2024] {
            let server = FaultServer::start(move |request, _| {
                assert_eq!(request.path(), TOKEN_PATH, "no API call without a token");
                Reply::Send(echo(401, Echo::Values(encoding), request))
            })
            .await;
            let client = provider.client(&server.url(), &Setup::default());
            let failure: Failure = bounded("token echo", client.call(Op::Get))
                .await
                .expect_err("the token endpoint refuses");
            assert_eq!(failure.kind, Kind::Auth, "{}", failure.display);
            assert!(
                failure.display.contains("invalid_client"),
                "the OAuth2 error code is shown: {}",
                failure.display
            );
            let sent = &server.requests()[0];
            assert!(
                String::from_utf8_lossy(&sent.body).contains(&format!("client_id={SP_CLIENT_ID}")),
                "the form was sent"
            );
            found.extend(
                leaks(&[SP_CLIENT_SECRET], &failure)
                    .into_iter()
                    .map(|l| format!("{provider:?} token endpoint echo {encoding:?}: {l}")),
            );
        }
    }
    found
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_client_secret_as_sent_is_redacted() {
    let found = token_echo_leaks(&[Encoding::Raw]).await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_client_secret_encoded_is_redacted() {
    let found = token_echo_leaks(&[
        Encoding::Percent,
        Encoding::Form,
        Encoding::JsonSlash,
        Encoding::JsonUnicode,
        Encoding::Base64,
        Encoding::Basic,
    ])
    .await;
    assert!(found.is_empty(), "{found:#?}");
}
