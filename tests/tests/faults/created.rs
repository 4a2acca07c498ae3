//! A create answer that fails to decode must not quote the token it just created: whichever
//! sibling field is wrong, and wherever the body is cut.

use super::harness::{leaks_in, matrix, play};
use super::providers::{CREATED_SECRET, Kind, Op, Provider, Setup};
use super::server::{Reply, json};

/// Ways to break a valid create answer `body` around its secret.
fn broken(provider: Provider, body: &str) -> Vec<String> {
    let at = body
        .find(CREATED_SECRET)
        .expect("the body holds the secret")
        + CREATED_SECRET.len();
    let mut out = vec![
        // Cut right after the secret's closing quote, and just before the end.
        body[..at + 1].to_owned(),
        body[..body.len() - 2].to_owned(),
    ];
    // A sibling field of the wrong type.
    out.push(match provider {
        Provider::Gmodstore => {
            body.replace(r#""createdAt":"2024-01-02T15:04:05Z""#, r#""createdAt":5"#)
        }
        Provider::XmsHeader | Provider::XmsQuery => body.replace(r#""id":7"#, r#""id":"seven""#),
        _ => body.replace(r#""created":"2024-01-02T15:04:05.123Z""#, r#""created":[]"#),
    });
    out
}

/// Plays every broken create answer against `providers`; the created secrets found.
async fn created_leaks(providers: &[Provider]) -> Vec<String> {
    let mut found = Vec::new();
    for variant in 0..3 {
        let cells = play(
            &Setup::default(),
            &matrix(providers, &[Op::Create]),
            move |p, op, _| {
                let (status, body) = p.success(op);
                Reply::Send(json(status, &broken(p, &body)[variant]))
            },
        )
        .await;
        for cell in &cells {
            assert_eq!(
                cell.failure().kind,
                Kind::Decode,
                "{} variant {variant}",
                cell.name()
            );
        }
        found.extend(
            leaks_in(&cells, true)
                .into_iter()
                .map(|l| format!("variant {variant}: {l}")),
        );
    }
    found
}

#[tokio::test]
async fn gmodstore_and_sailpoint_decode_errors_do_not_quote_the_created_secret() {
    let found = created_leaks(&[
        Provider::Gmodstore,
        Provider::SailpointV3,
        Provider::SailpointV2024,
    ])
    .await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn xms_decode_errors_do_not_quote_the_created_secret() {
    let found = created_leaks(&[Provider::XmsHeader, Provider::XmsQuery]).await;
    assert!(found.is_empty(), "{found:#?}");
}
