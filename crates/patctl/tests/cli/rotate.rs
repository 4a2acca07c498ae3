//! `patctl rotate`: success on every provider kind, every failure point with its rollback,
//! and the secret sinks.

use chrono::Utc;
use patctl::Provider;
use patctl::fakes::Seed;
use predicates::prelude::*;

use super::support::{World, days, stderr, stdout};

/// A GModStore world with one token to rotate (and one bystander); returns its id.
async fn gmodstore_world(name: &str) -> (World, String) {
    let world = World::start().await;
    let now = Utc::now();
    world.seed(Provider::Gmodstore, Seed::new("bystander", ["users:read"]));
    let id = world.seed(
        Provider::Gmodstore,
        Seed::new(name, ["personal-access-tokens:read", "products:read"])
            .created(now - days(30))
            .expires(now + days(60)),
    );
    (world, id)
}

fn ids(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Reads the token's own record with `secret`, proving the secret works.
async fn gmodstore_secret_works(world: &World, secret: &str, id: &str) -> bool {
    let client = gmodstore_pat::Client::builder()
        .base_url(world.fakes.gmodstore.base_url())
        .personal_access_token(secret.to_owned())
        .build()
        .unwrap();
    client
        .get_personal_access_token(id, Default::default())
        .await
        .is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn gmodstore_rotation_replaces_the_token_and_writes_a_0600_file() {
    let (world, old) = gmodstore_world("ci-deploy").await;
    let before = world.fakes.gmodstore.token_record(&old).unwrap();
    let file = world.dir.path().join("secret");
    let assert = world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--write-secret",
            file.to_str().unwrap(),
        ])
        .code(0);
    let out = stdout(&assert);
    assert!(out.contains("verified that the new secret works"), "{out}");
    assert!(
        out.contains(&format!("revoked the old token {old}")),
        "{out}"
    );

    assert!(
        world.fakes.gmodstore.token_record(&old).is_none(),
        "old token still exists"
    );
    let records = world.fakes.gmodstore.token_records();
    assert_eq!(records.len(), 2);
    let new = records.iter().find(|r| r["name"] == "ci-deploy").unwrap();
    let new_id = new["id"].as_str().unwrap();
    assert_ne!(new_id, old);
    assert!(
        out.contains(&format!("rotated: {old} is now {new_id}")),
        "{out}"
    );
    assert_eq!(new["abilities"], before["abilities"]);
    // Same lifetime: 90 days from now, as the old one had 90 days from its creation.
    let expires = chrono::DateTime::parse_from_rfc3339(new["expiresAt"].as_str().unwrap()).unwrap();
    let lifetime = expires.with_timezone(&Utc) - Utc::now();
    assert!((days(89)..=days(90)).contains(&lifetime), "{lifetime}");

    // On the wire: list, create, verify with the new secret, delete the old token.
    let requests = world.fakes.gmodstore.requests();
    let calls: Vec<(&str, &str)> = requests.iter().map(|r| (r.method(), r.path())).collect();
    let item = |id: &str| format!("/api/v3/me/personal-access-tokens/{id}");
    let (verify_path, delete_path) = (item(new_id), item(&old));
    assert_eq!(
        calls,
        [
            ("GET", "/api/v3/me/personal-access-tokens"),
            ("POST", "/api/v3/me/personal-access-tokens"),
            ("GET", verify_path.as_str()),
            ("DELETE", delete_path.as_str()),
        ]
    );
    let body = requests[1].json().unwrap();
    assert_eq!(body["name"], "ci-deploy");
    assert_eq!(body["abilities"], before["abilities"]);
    assert!(body["expiresAt"].is_string(), "{body}");
    let admin = world.fakes.gmodstore.token();
    assert_eq!(requests[1].bearer_token(), Some(admin));

    let secret = std::fs::read_to_string(&file).unwrap();
    let secret = secret.strip_suffix('\n').unwrap();
    assert_eq!(requests[2].bearer_token(), Some(secret));
    assert!(gmodstore_secret_works(&world, secret, new_id).await);
    assert!(!out.contains(secret) && !stderr(&assert).contains(secret));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Nothing else was left in the directory (the temporary file was renamed).
    let leftovers: Vec<_> = std::fs::read_dir(world.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".patctl"))
        .collect();
    assert!(leftovers.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_file_is_refused_before_anything_changes_unless_forced() {
    let (world, old) = gmodstore_world("ci-deploy").await;
    let file = world.dir.path().join("secret");
    std::fs::write(&file, "previous\n").unwrap();
    let path = file.to_str().unwrap();
    world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--write-secret",
            path,
        ])
        .code(2)
        .stderr(predicate::str::contains("exists (use --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "previous\n");
    assert_eq!(world.fakes.gmodstore.token_count(), 2);
    assert!(
        !world
            .fakes
            .gmodstore
            .requests()
            .iter()
            .any(|r| r.method() == "POST")
    );

    world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--write-secret",
            path,
            "--force",
        ])
        .code(0);
    assert_ne!(std::fs::read_to_string(&file).unwrap(), "previous\n");
    assert!(world.fakes.gmodstore.token_record(&old).is_none());
}

/// After a failed rotation: exit 1, the old token untouched, no new token left.
fn assert_rolled_back(world: &World, assert: &assert_cmd::assert::Assert, old: &str, stage: &str) {
    let err = stderr(assert);
    assert!(
        err.contains(&format!("rotation failed at {stage}:")),
        "{err}"
    );
    assert!(
        err.contains("was revoked again; the old token is untouched"),
        "{err}"
    );
    let records = world.fakes.gmodstore.token_records();
    assert_eq!(ids(&records).len(), 2, "{records:?}");
    assert!(ids(&records).contains(&old.to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn create_failure_changes_nothing() {
    // The fake refuses names shorter than 3 characters, so the replacement cannot be created.
    let (world, old) = gmodstore_world("ci").await;
    let assert = world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--print-secret",
        ])
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.contains("rotation failed at create:") && err.contains("400"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(stdout(&assert), "");
    assert_eq!(world.fakes.gmodstore.token_count(), 2);
    assert!(world.fakes.gmodstore.token_record(&old).is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn sink_failure_revokes_the_new_token() {
    let (world, old) = gmodstore_world("ci-deploy").await;
    let got = world.dir.path().join("got");
    let command = format!("cat > '{}'; exit 3", got.display());
    let assert = world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--exec",
            &command,
        ])
        .code(1);
    assert_rolled_back(&world, &assert, &old, "deliver");
    assert!(stderr(&assert).contains("exit status: 3"));
    // The command did get the new secret on stdin; it no longer works.
    let secret = std::fs::read_to_string(&got).unwrap();
    let new_id = secret.split('|').next().unwrap();
    assert!(!gmodstore_secret_works(&world, secret.trim_end(), new_id).await);
    let deletes: Vec<String> = world
        .fakes
        .gmodstore
        .requests()
        .iter()
        .filter(|r| r.method() == "DELETE")
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(
        deletes,
        [format!("/api/v3/me/personal-access-tokens/{new_id}")]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_failure_revokes_the_new_token() {
    let (world, old) = gmodstore_world("ci-deploy").await;
    let fake = &world.fakes.gmodstore;
    let file = world.dir.path().join("secret");
    let assert = world.patctl_when(
        &[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--write-secret",
            file.to_str().unwrap(),
        ],
        fake,
        |r| r.method() == "POST",
        || fake.knobs().fail_next(1, 401),
    );
    let assert = assert.code(1);
    assert_rolled_back(&world, &assert, &old, "verify");
    assert!(stderr(&assert).contains("the new secret does not work"));
    assert!(
        !file.exists(),
        "the secret file was written for a revoked token"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn revoke_old_failure_revokes_the_new_token() {
    let (world, old) = gmodstore_world("ci-deploy").await;
    let fake = &world.fakes.gmodstore;
    let file = world.dir.path().join("secret");
    // The verification is the first GET of a single token; the old token's DELETE follows.
    let assert = world.patctl_when(
        &[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            &old,
            "--write-secret",
            file.to_str().unwrap(),
        ],
        fake,
        |r| r.method() == "GET" && r.path().starts_with("/api/v3/me/personal-access-tokens/"),
        || fake.knobs().fail_next(1, 500),
    );
    let assert = assert.code(1);
    assert_rolled_back(&world, &assert, &old, "revoke-old");
    assert!(!file.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn sailpoint_rotation_keeps_the_name_and_prints_only_the_secret() {
    let world = World::start().await;
    let old = world.seed(
        Provider::SailpointV2024,
        Seed::new("reporting", ["idn:identity:read"]).expires(Utc::now() + days(30)),
    );
    let assert = world
        .patctl(&[
            "rotate",
            "--provider",
            "sailpoint-v2024",
            "--id",
            &old,
            "--print-secret",
        ])
        .code(0);
    let requests = world.fakes.sailpoint_v2024.requests();
    let create = requests
        .iter()
        .find(|r| r.method() == "POST" && r.path() == "/v2024/personal-access-tokens")
        .unwrap();
    let body = create.json().unwrap();
    assert_eq!(body["name"], "reporting (rotating)");
    assert_eq!(body["scope"], serde_json::json!(["idn:identity:read"]));
    assert_eq!(body["accessTokenValiditySeconds"], 43_200);
    let patch = requests.iter().find(|r| r.method() == "PATCH").unwrap();
    assert_eq!(
        patch.content_type().as_deref(),
        Some("application/json-patch+json")
    );
    assert_eq!(
        patch.json().unwrap(),
        serde_json::json!([{"op": "replace", "path": "/name", "value": "reporting"}])
    );
    let delete = requests.iter().find(|r| r.method() == "DELETE").unwrap();
    assert_eq!(
        delete.path(),
        format!("/v2024/personal-access-tokens/{old}")
    );
    let records = world.fakes.sailpoint_v2024.token_records();
    assert_eq!(records.len(), 1);
    let new = &records[0];
    assert_ne!(new["id"], old.as_str());
    assert_eq!(new["name"], "reporting");
    assert_eq!(new["scope"], serde_json::json!(["idn:identity:read"]));
    assert!(!new["expirationDate"].is_null());
    // Standard output is the secret alone; the steps went to standard error.
    let secret = stdout(&assert);
    let secret = secret.trim_end();
    assert_eq!(secret.len(), 64, "{secret}");
    let err = stderr(&assert);
    assert!(
        err.contains("renamed the new token to \"reporting\"") && !err.contains(secret),
        "{err}"
    );
    // The printed secret is the new PAT's client secret.
    let client = sailpoint_pat_v2024::Client::builder()
        .base_url(world.fakes.sailpoint_v2024.base_url())
        .oauth2(new["id"].as_str().unwrap().to_owned(), secret.to_owned())
        .build()
        .unwrap();
    client
        .list_personal_access_tokens(Default::default())
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn xms_rotation_regenerates_in_place() {
    let world = World::start().await;
    let id = world.seed(Provider::Xms, Seed::new("backup", ["admin"]));
    let old_secret = world.fakes.xms.token_secret(id.parse().unwrap()).unwrap();
    let file = world.dir.path().join("xms.token");
    let out = stdout(
        &world
            .patctl(&[
                "rotate",
                "--provider",
                "xms",
                "--id",
                &id,
                "--write-secret",
                file.to_str().unwrap(),
            ])
            .code(0),
    );
    assert!(
        out.contains("regenerated the secret of 1 in place"),
        "{out}"
    );
    assert!(!out.contains("revoked the old token"), "{out}");
    let requests = world.fakes.xms.requests();
    let calls: Vec<(&str, &str)> = requests.iter().map(|r| (r.method(), r.path())).collect();
    assert_eq!(
        calls,
        [
            ("GET", "/v1/access-tokens/"),
            ("POST", "/v1/access-tokens/1:regenerate"),
            ("POST", "/v1/access-tokens:validate"),
            ("GET", "/v1/access-tokens/1"),
        ]
    );
    assert_eq!(requests[0].query_param("all"), Some("true"));
    let new_secret = world.fakes.xms.token_secret(1).unwrap();
    assert_ne!(new_secret, old_secret);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("{new_secret}\n")
    );
    assert_eq!(
        requests[2].query_param("subject_access_token"),
        Some(new_secret.as_str())
    );
    assert_eq!(
        requests[3].header("xms-auth-token"),
        Some(new_secret.as_str())
    );
    assert_eq!(world.fakes.xms.token_count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn xms_failures_before_and_after_regenerate() {
    let world = World::start().await;
    let id = world.seed(Provider::Xms, Seed::new("backup", ["admin"]));
    let old_secret = world.fakes.xms.token_secret(1).unwrap();
    // Regenerate fails: the old secret is untouched.
    let fake = &world.fakes.xms;
    let assert = world.patctl_when(
        &["rotate", "--provider", "xms", "--id", &id, "--print-secret"],
        fake,
        |r| r.method() == "GET",
        || fake.knobs().fail_next(1, 500),
    );
    let err = stderr(&assert.code(1));
    assert!(
        err.contains("rotation failed at create:") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(world.fakes.xms.token_secret(1).unwrap(), old_secret);

    // The sink fails after the regenerate: no rollback is possible, exit 2 says so.
    let assert = world
        .patctl(&[
            "rotate",
            "--provider",
            "xms",
            "--id",
            &id,
            "--exec",
            "exit 1",
        ])
        .code(2);
    let err = stderr(&assert);
    assert!(
        err.contains("rotation failed at deliver:") && err.contains("regenerated in place"),
        "{err}"
    );
    assert_ne!(world.fakes.xms.token_secret(1).unwrap(), old_secret);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_tokens_and_missing_sinks_are_errors() {
    let (world, _) = gmodstore_world("ci-deploy").await;
    world
        .patctl(&[
            "rotate",
            "--provider",
            "gmodstore",
            "--id",
            "nope",
            "--print-secret",
        ])
        .code(2)
        .stderr(predicate::str::contains("no token with id \"nope\""));
    world
        .patctl(&["rotate", "--provider", "gmodstore", "--id", "nope"])
        .code(2)
        .stderr(predicate::str::contains("--write-secret"));
}
