//! Mutated error bodies through every client over HTTP: typed errors that hide the credential.

use super::*;

/// Error bodies as the vendors send them; `{CRED}` is the provider's credential, echoed.
const ERROR_DOCS: [&str; 4] = [
    r#"{"message":"The given data was invalid ({CRED}).","errors":{"name":["too short"]}}"#,
    r#"{"code":"NotFound","message":"token {CRED} unknown"}"#,
    r#"{"detailCode":"400.1 Bad request content","trackingId":"a1b2","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"bad {CRED}"}],"causes":[]}"#,
    r#"{"errorName":"Invalid","errorMessage":"{CRED} refused","trackingId":"t-1"}"#,
];

#[test]
fn mutated_error_bodies_through_every_client_are_typed_and_hide_credentials() {
    use providers::{ALL, Kind, Op, Setup, TOKEN_PATH, token_answer};
    use std::sync::{Arc, Mutex};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let body = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = runtime.block_on(async {
        let mut clients = Vec::new();
        for provider in ALL {
            let body = Arc::clone(&body);
            let server = server::FaultServer::start(move |request, _| {
                if request.path() == TOKEN_PATH {
                    server::Reply::Send(token_answer())
                } else {
                    let body = body.lock().expect("body").clone();
                    server::Reply::Send(server::json(400, body))
                }
            })
            .await;
            let client = provider.client(&server.url(), &Setup::default());
            clients.push((provider, client, server));
        }
        clients
    });
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let result = runner.run(&(0..ERROR_DOCS.len(), mutations()), |(i, mutations)| {
        for (provider, client, _) in &clients {
            let credential = provider.secrets()[0];
            let credential = if provider.uses_oauth() {
                providers::SP_ACCESS_TOKEN
            } else {
                credential
            };
            let value: Value = serde_json::from_str(&ERROR_DOCS[i].replace("{CRED}", credential))
                .expect("valid JSON");
            let doc = Doc {
                name: "error",
                value,
                decode: discard::<Value>,
                secret_key: None,
            };
            *body.lock().expect("body") = mutated(&doc, &mutations);
            let failure = runtime
                .block_on(async {
                    tokio::time::timeout(std::time::Duration::from_secs(10), client.call(Op::Get))
                        .await
                })
                .map_err(|_| TestCaseError::fail("a call ran past 10 s"))?
                .expect_err("a 400");
            prop_assert_eq!(failure.kind, Kind::Api);
            prop_assert_eq!(failure.status, Some(400));
            for encoding in [secrets::Encoding::Raw, secrets::Encoding::Percent] {
                let leaks = secrets::leaks(&[credential], &failure)
                    .into_iter()
                    .filter(|l| l.contains(&format!("as {encoding:?} ")))
                    .collect::<Vec<_>>();
                prop_assert!(leaks.is_empty(), "{provider:?}: {leaks:?}");
            }
        }
        Ok(())
    });
    drop(clients);
    if let Err(e) = result {
        panic!("{e}");
    }
}
