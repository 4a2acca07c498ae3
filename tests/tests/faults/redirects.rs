//! Redirects (301, 302, 307, 308) from the API or the token endpoint to a second origin (a
//! second listener on 127.0.0.1: another port is another origin). The built-in HTTP client
//! follows none of them, so the other origin sees nothing. With a caller-supplied HTTP client
//! (built from a `reqwest::ClientBuilder` whose own policy would follow them), or the default
//! client of `OAuth2ClientCredentials::new`, it must still see no credential and no re-sent
//! POST/PATCH body.

use apiclient_core::auth::OAuth2ClientCredentials;
use apiclient_core::{HttpClient, reqwest};
use futures::future::join_all;

use super::harness::{bounded, matrix};
use super::providers::{
    ALL, Failure, Kind, OPS, Op, Provider, SP_CLIENT_ID, SP_CLIENT_SECRET, Setup, TOKEN_PATH,
    token_answer,
};
use super::secrets::{Encoding, form_encode};
use super::server::{FaultServer, Recorded, Reply, response};

const STATUSES: [u16; 4] = [301, 302, 307, 308];

/// What one redirected call did, and what the other origin received.
struct Redirected {
    name: String,
    provider: Provider,
    result: Result<(), Failure>,
    elsewhere: Vec<Recorded>,
}

/// Where credentials would go: the API, or the token endpoint.
#[derive(Clone, Copy, PartialEq)]
enum Redirecting {
    Api,
    TokenEndpoint,
}

/// Each call of `cells` against an origin that answers `status` with a `Location` on a second
/// origin (same path and query), which answers everything with success.
async fn redirect_all(
    cells: &[(Provider, Op)],
    from: Redirecting,
    http: impl Fn(Provider) -> Setup,
) -> Vec<Redirected> {
    let runs = cells.iter().flat_map(|&(provider, op)| {
        STATUSES.map(|status| {
            let setup = http(provider);
            async move {
                let other = FaultServer::start(move |request, _| {
                    if request.path() == TOKEN_PATH {
                        Reply::Send(token_answer())
                    } else {
                        Reply::Send(provider.success_answer(op))
                    }
                })
                .await;
                let location = other.url();
                let origin = FaultServer::start(move |request, _| {
                    let redirect = match from {
                        Redirecting::Api => request.path() != TOKEN_PATH,
                        Redirecting::TokenEndpoint => request.path() == TOKEN_PATH,
                    };
                    if redirect {
                        let to = format!("{location}{}", request.target);
                        Reply::Send(response(status, &[("location", &to)], ""))
                    } else if request.path() == TOKEN_PATH {
                        Reply::Send(token_answer())
                    } else {
                        Reply::Send(provider.success_answer(op))
                    }
                })
                .await;
                let client = provider.client(&origin.url(), &setup);
                let name = format!("{provider:?} {op:?} {status}");
                let result = bounded(&name, client.call(op)).await;
                Redirected {
                    name,
                    provider,
                    result,
                    elsewhere: other.requests(),
                }
            }
        })
    });
    bounded("redirects", join_all(runs)).await
}

/// What the other origin must never have received: a credential (in any header or in the
/// target, as sent) or the body of a POST/PATCH.
fn violations(runs: &[Redirected]) -> Vec<String> {
    let mut found = Vec::new();
    for run in runs {
        for request in &run.elsewhere {
            let mut secrets: Vec<&str> = run.provider.secrets().to_vec();
            if run.provider.uses_oauth() {
                secrets.push(SP_CLIENT_SECRET);
            }
            for secret in secrets {
                for encoding in [Encoding::Raw, Encoding::Form] {
                    let needle = encoding.apply(secret);
                    if request.as_text().contains(&needle) {
                        found.push(format!(
                            "{}: {secret:?} sent to the other origin in {} {}",
                            run.name, request.method, request.target
                        ));
                    }
                }
            }
            if matches!(request.method.as_str(), "POST" | "PATCH") && !request.body.is_empty() {
                found.push(format!(
                    "{}: {} body re-sent to the other origin at {}",
                    run.name, request.method, request.target
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_built_in_client_follows_no_redirect_to_another_origin() {
    let runs = redirect_all(&matrix(&ALL, &OPS), Redirecting::Api, |_| Setup::default()).await;
    for run in &runs {
        assert!(run.elsewhere.is_empty(), "{}: followed", run.name);
        let failure = run.result.as_ref().expect_err(&run.name);
        assert_eq!(failure.kind, Kind::Api, "{}: {}", run.name, failure.display);
        assert!(
            matches!(failure.status, Some(301 | 302 | 307 | 308)),
            "{}: the redirect is the answer: {}",
            run.name,
            failure.display
        );
    }
    let sailpoint = matrix(
        &[Provider::SailpointV3, Provider::SailpointV2024],
        &[Op::Get],
    );
    let runs = redirect_all(&sailpoint, Redirecting::TokenEndpoint, |_| Setup::default()).await;
    for run in &runs {
        assert!(run.elsewhere.is_empty(), "{}: followed", run.name);
        let failure = run.result.as_ref().expect_err(&run.name);
        assert_eq!(
            failure.kind,
            Kind::Auth,
            "{}: {}",
            run.name,
            failure.display
        );
    }
}

#[tokio::test]
async fn a_caller_supplied_client_sends_no_credential_or_body_to_another_origin() {
    // reqwest's default policy follows up to 10 redirects anywhere; the SDK replaces it, on its
    // own builder and on the unstable reqwest-builder escape hatch alike.
    let with_callers_client = |_| Setup {
        http: Some(
            HttpClient::from_reqwest_builder(reqwest::Client::builder()).expect("HTTP client"),
        ),
        ..Setup::default()
    };
    let mut runs = redirect_all(&matrix(&ALL, &OPS), Redirecting::Api, with_callers_client).await;
    let sailpoint = matrix(
        &[Provider::SailpointV3, Provider::SailpointV2024],
        &[Op::Get],
    );
    runs.extend(redirect_all(&sailpoint, Redirecting::TokenEndpoint, with_callers_client).await);
    let found = violations(&runs);
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn the_default_token_client_sends_no_client_secret_to_another_origin() {
    let runs = STATUSES.map(|status| async move {
        let other = FaultServer::always(|| Reply::Send(token_answer())).await;
        let location = format!("{}{TOKEN_PATH}", other.url());
        let origin = FaultServer::start(move |request, _| {
            if request.path() == TOKEN_PATH {
                Reply::Send(response(status, &[("location", &location)], ""))
            } else {
                Reply::Send(Provider::SailpointV3.success_answer(Op::Get))
            }
        })
        .await;
        let auth = OAuth2ClientCredentials::new(
            &format!("{}{TOKEN_PATH}", origin.url()),
            SP_CLIENT_ID,
            SP_CLIENT_SECRET,
        )
        .expect("token URL");
        let client = sailpoint_pat_v3::Client::builder()
            .base_url(format!("{}/v3", origin.url()))
            .auth(auth)
            .retry_policy(Setup::default().policy())
            .build()
            .expect("client");
        let _ = bounded(
            "token redirect",
            sailpoint_pat_v3::PersonalAccessTokensApi::list_personal_access_tokens(
                &client,
                Default::default(),
            ),
        )
        .await;
        let secret = form_encode(SP_CLIENT_SECRET);
        other
            .requests()
            .iter()
            .filter(|r| String::from_utf8_lossy(&r.body).contains(&secret))
            .map(|r| {
                format!(
                    "{status}: client secret re-sent to {} {}",
                    r.method, r.target
                )
            })
            .collect::<Vec<_>>()
    });
    let found: Vec<String> = join_all(runs).await.into_iter().flatten().collect();
    assert!(found.is_empty(), "{found:#?}");
}
