//! The `blocking` clients of gmodstore-pat, xms-tokens and both SailPoint crates from plain
//! `#[test]`s with no runtime of their own (built with `new` and with `from_env_source`): each fake runs on a multi-thread runtime the test owns, the client
//! calls run on the blocking client's runtime; the decoded results and the requests on the wire
//! are checked, and a call from inside a runtime panics with the documented message.

mod support;

use std::future::Future;

use apiclient_core::StatusCode;
use gmodstore_pat::testkit::FakeGmodstore;
use gmodstore_pat::{GetPersonalAccessTokenParams, ListPersonalAccessTokensParams};
use support::{count, fast_retry};
use xms_tokens::ListAccessTokensParams;
use xms_tokens::testkit::FakeXms;

/// A fake started on a runtime of its own, whose worker thread serves it while the test
/// thread blocks in the client.
struct Served<F> {
    runtime: tokio::runtime::Runtime,
    fake: Option<F>,
}

impl<F> Served<F> {
    fn start(start: impl Future<Output = F>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let fake = runtime.block_on(start);
        Self {
            runtime,
            fake: Some(fake),
        }
    }

    fn fake(&self) -> &F {
        self.fake.as_ref().expect("present until drop")
    }
}

impl<F> Drop for Served<F> {
    fn drop(&mut self) {
        // The fake's server shuts down within its own runtime.
        let fake = self.fake.take();
        self.runtime.block_on(async move { drop(fake) });
    }
}

fn gmodstore_client(fake: &FakeGmodstore) -> gmodstore_pat::blocking::Client {
    let client = gmodstore_pat::Client::builder()
        .base_url(fake.base_url())
        .personal_access_token(fake.token().to_owned())
        .retry_policy(fast_retry(1))
        .build()
        .expect("client");
    gmodstore_pat::blocking::Client::new(client).expect("blocking client")
}

#[test]
fn gmodstore_get_and_list_all_without_a_runtime() {
    let served = Served::start(FakeGmodstore::start());
    let fake = served.fake();
    let seeded = fake.seed_tokens(3);
    let client = gmodstore_client(fake);

    let got = client
        .get_personal_access_token_with_response(
            &seeded[1].id,
            GetPersonalAccessTokenParams::default(),
        )
        .expect("get");
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.into_body().data.id, seeded[1].id);
    let requests = fake.requests();
    let sent = requests.last().expect("logged");
    assert_eq!(sent.method(), "GET");
    assert_eq!(
        sent.path(),
        format!("/api/v3/me/personal-access-tokens/{}", seeded[1].id)
    );
    assert_eq!(sent.bearer_token(), Some(fake.token()));

    fake.clear_requests();
    let all = client
        .list_all_personal_access_tokens(ListPersonalAccessTokensParams::default().per_page(2))
        .expect("list all");
    let mut ids: Vec<String> = all.into_iter().map(|t| t.id).collect();
    ids.sort();
    let mut expected: Vec<String> = seeded.iter().map(|t| t.id.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    let requests = fake.requests();
    assert_eq!(
        count(&requests, "GET", "/api/v3/me/personal-access-tokens"),
        2,
        "two pages of two"
    );
    assert_eq!(requests[0].query_param("perPage"), Some("2"));

    let err = client
        .get_personal_access_token("no-such-id", GetPersonalAccessTokenParams::default())
        .expect_err("unknown id");
    assert!(err.is_not_found(), "{err}");
}

#[test]
fn xms_get_and_list_all_without_a_runtime() {
    let served = Served::start(FakeXms::start());
    let fake = served.fake();
    let seeded = fake.seed_tokens(3);
    let client = xms_tokens::Client::builder()
        .base_url(fake.base_url())
        .token_in_header(fake.token().to_owned())
        .retry_policy(fast_retry(1))
        .build()
        .expect("client");
    let client = xms_tokens::blocking::Client::new(client).expect("blocking client");

    let got = client.get_access_token(seeded[0].id).expect("get");
    assert_eq!(got.access_token.id, Some(seeded[0].id));
    let requests = fake.requests();
    let sent = requests.last().expect("logged");
    assert_eq!(sent.method(), "GET");
    assert_eq!(sent.path(), format!("/v1/access-tokens/{}", seeded[0].id));
    assert_eq!(sent.header("xms-auth-token"), Some(fake.token()));

    fake.clear_requests();
    let all = client
        .list_all_access_tokens(ListAccessTokensParams::default().limit(2))
        .expect("list all");
    let mut ids: Vec<i64> = all.into_iter().filter_map(|t| t.id).collect();
    ids.sort_unstable();
    let mut expected: Vec<i64> = seeded.iter().map(|t| t.id).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    let requests = fake.requests();
    assert_eq!(count(&requests, "GET", "/v1/access-tokens/"), 2);
    assert_eq!(requests[1].query_param("offset"), Some("2"));
}

#[test]
fn a_call_inside_a_runtime_panics_with_the_documented_message() {
    let served = Served::start(FakeGmodstore::start());
    let client = gmodstore_client(served.fake());
    let outer = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        outer.block_on(async {
            client.list_personal_access_tokens(ListPersonalAccessTokensParams::default())
        })
    }))
    .expect_err("a blocking call inside a runtime panics");
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .expect("a formatted message");
    assert_eq!(message, apiclient_core::blocking::INSIDE_RUNTIME);
    assert!(served.fake().requests().is_empty(), "nothing was sent");

    // Outside the runtime the same client still works.
    drop(outer);
    let listed = client
        .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
        .expect("list");
    assert!(listed.data.is_empty());
}

#[test]
fn a_blocking_client_can_be_dropped_inside_a_runtime() {
    let served = Served::start(FakeGmodstore::start());
    let client = gmodstore_client(served.fake());
    let outer = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    // Dropping the client's runtime there must not panic (a plain tokio runtime would).
    outer.block_on(async move { drop(client) });
}

#[test]
fn gmodstore_from_env_source_builds_a_working_client_and_names_what_is_missing() {
    let served = Served::start(FakeGmodstore::start());
    let fake = served.fake();
    let seeded = fake.seed_tokens(1);
    let source = apiclient_core::env::EnvSource::from_vars([
        ("GMODSTORE_BASE_URL", fake.base_url()),
        ("GMODSTORE_TOKEN", fake.token().to_owned()),
    ]);
    let client = gmodstore_pat::blocking::Client::from_env_source(&source).expect("from env");
    let got = client
        .get_personal_access_token(&seeded[0].id, GetPersonalAccessTokenParams::default())
        .expect("get");
    assert_eq!(got.data.id, seeded[0].id);
    let requests = fake.requests();
    let sent = requests.last().expect("logged");
    assert_eq!(sent.bearer_token(), Some(fake.token()));

    let empty = apiclient_core::env::EnvSource::from_vars(Vec::<(String, String)>::new());
    let err = gmodstore_pat::blocking::Client::from_env_source(&empty).expect_err("no token");
    match err.kind() {
        apiclient_core::ConfigErrorKind::MissingVariable { names } => {
            assert!(names.iter().any(|n| n == "GMODSTORE_TOKEN"), "{names:?}");
        }
        other => panic!("unexpected kind {other:?}: {err}"),
    }
}

/// The same run for both SailPoint versions: a client from `SAIL_*` variables creates, lists,
/// renames and deletes a PAT through its own runtime, with one access token for all calls.
macro_rules! sailpoint_blocking_tests {
    ($module:ident, $krate:ident) => {
        mod $module {
            use super::Served;
            use $krate::testkit::FakeSailPoint;
            use $krate::{
                CreatePersonalAccessTokenRequest, JsonPatchOperation, JsonPatchOperationOp,
                JsonPatchOperationValue, ListPersonalAccessTokensParams,
            };

            #[test]
            fn lifecycle_without_a_runtime() {
                let served = Served::start(FakeSailPoint::start());
                let fake = served.fake();
                let source = apiclient_core::env::EnvSource::from_vars([
                    ("SAIL_BASE_URL", fake.tenant_url()),
                    ("SAIL_CLIENT_ID", fake.client_id().to_owned()),
                    ("SAIL_CLIENT_SECRET", fake.client_secret().to_owned()),
                ]);
                let client = $krate::blocking::Client::from_env_source(&source).expect("from env");
                let collection = format!("/{}/personal-access-tokens", fake.version());

                let created = client
                    .create_personal_access_token_with_response(
                        &CreatePersonalAccessTokenRequest::new("blocking-bot"),
                    )
                    .expect("create");
                assert_eq!(created.status, apiclient_core::StatusCode::OK);
                let created = created.into_body();
                assert_eq!(created.name, "blocking-bot");
                assert!(!created.secret.expose_secret().is_empty());
                let requests = fake.requests();
                let sent = requests.last().expect("logged");
                assert_eq!(sent.method(), "POST");
                assert_eq!(sent.path(), collection);
                let body: serde_json::Value = sent.json().expect("a JSON body");
                assert_eq!(body["name"], "blocking-bot");

                let listed = client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .expect("list");
                assert!(
                    listed
                        .iter()
                        .any(|t| t.id == created.id && t.name == "blocking-bot")
                );

                let mut rename = JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/name");
                rename.value = Some(JsonPatchOperationValue::from("renamed-bot".to_owned()));
                let patched = client
                    .patch_personal_access_token(&created.id, &[rename])
                    .expect("patch");
                assert_eq!(patched.name, "renamed-bot");

                client
                    .delete_personal_access_token(&created.id)
                    .expect("delete");
                let requests = fake.requests();
                let sent = requests.last().expect("logged");
                assert_eq!(sent.method(), "DELETE");
                assert_eq!(sent.path(), format!("{collection}/{}", created.id));
                let err = client
                    .delete_personal_access_token(&created.id)
                    .expect_err("gone");
                assert!(err.is_not_found(), "{err}");
                assert_eq!(
                    fake.token_request_count(),
                    1,
                    "one access token for every call"
                );
            }
        }
    };
}

sailpoint_blocking_tests!(sailpoint_v3, sailpoint_pat_v3);
sailpoint_blocking_tests!(sailpoint_v2024, sailpoint_pat_v2024);
