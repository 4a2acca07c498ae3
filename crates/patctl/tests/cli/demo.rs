//! `patctl demo` on a fresh checkout: no variables, no config file, no network.

use super::support::{World, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn demo_shows_findings_revocations_and_a_rotation() {
    let world = World::start().await;
    let assert = world.bare().arg("demo").assert().code(0);
    let out = stdout(&assert);
    for expected in [
        "$ patctl list",
        "legacy-admin",
        "created 400d ago (limit 90d)",
        "never used, created 200d ago (limit 30d)",
        "has forbidden scope \"sp:scopes:all\"",
        "last used 45d ago (limit 30d)",
        "dry run: 6 tokens would be revoked",
        "6 revoked, 0 failed",
        "verified that the new secret works",
        "mode 600",
        "429 with Retry-After: 1; the list was retried and succeeded after 1.",
        "(2 requests)",
        "access token expired; the next list fetched a new one (token requests 1 -> 2) and succeeded",
        "the call stopped with a typed timeout error",
        "demo done",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from\n{out}");
    }
    assert_eq!(stderr(&assert), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_api_calls_without_secrets() {
    let world = World::start().await;
    world.fakes.xms.knobs().fail_next(1, 503);
    let assert = world
        .patctl(&["--verbose", "list", "--provider", "xms"])
        .code(0);
    let err = stderr(&assert);
    assert!(
        err.contains("api_call") && err.contains("listAccessTokens"),
        "{err}"
    );
    assert!(err.contains("retrying"), "{err}");
    assert!(!err.contains(world.fakes.xms.token()), "{err}");
}
