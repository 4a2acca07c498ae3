//! `patctl audit`: each rule, the policy file, the JSON schema and the exit codes.

use chrono::Utc;
use patctl::Provider;
use patctl::fakes::Seed;
use predicates::prelude::*;
use serde_json::json;

use super::support::{World, days, json, stdout};

/// The rules hit by an audit, as `(provider, token name, rule)`, from its JSON.
fn hits(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut hits: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["token"]["provider"].as_str().unwrap().to_owned(),
                f["token"]["name"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    hits.sort();
    hits
}

fn hit(provider: &str, name: &str, rule: &str) -> (String, String, String) {
    (provider.to_owned(), name.to_owned(), rule.to_owned())
}

/// Tokens that each break exactly one rule, plus healthy ones.
async fn seeded() -> World {
    let world = World::start().await;
    let now = Utc::now();
    let fresh = |name: &str, scopes: &[&str]| {
        Seed::new(name, scopes.iter().copied())
            .created(now - days(10))
            .last_used(now - days(1))
    };
    world.seed(
        Provider::Gmodstore,
        fresh("gm-healthy", &["products:read"]).expires(now + days(60)),
    );
    world.seed(
        Provider::Gmodstore,
        fresh("gm-old", &["products:read"]).created(now - days(120)),
    );
    world.seed(
        Provider::Gmodstore,
        fresh("gm-expiring", &["products:read"]).expires(now + days(3)),
    );
    world.seed(
        Provider::Gmodstore,
        fresh("gm-expired", &["products:read"]).expires(now - days(1)),
    );
    world.seed(Provider::Gmodstore, fresh("gm-star", &["*"]));
    world.seed(
        Provider::Xms,
        Seed::new("xms-never-used", ["viewer"]).created(now - days(40)),
    );
    world.seed(
        Provider::Xms,
        fresh("xms-old", &["viewer"]).created(now - days(100)),
    );
    world.seed(Provider::Xms, fresh("xms-healthy", &["viewer"]));
    world.seed(
        Provider::SailpointV3,
        fresh("sp3-idle", &["idn:identity:read"]).last_used(now - days(45)),
    );
    world.seed(Provider::SailpointV3, fresh("sp3-all", &["sp:scopes:all"]));
    world.seed(
        Provider::SailpointV2024,
        fresh("sp24-expiring", &["idn:identity:read"]).expires(now + days(2)),
    );
    world.seed(
        Provider::SailpointV2024,
        fresh("sp24-healthy", &["idn:identity:read"]),
    );
    world.seed(
        Provider::SailpointV2024,
        fresh("sp24-old", &["idn:identity:read"]).created(now - days(200)),
    );
    world
}

#[tokio::test(flavor = "multi_thread")]
async fn max_age_flags_tokens_created_too_long_ago() {
    let world = seeded().await;
    let doc = json(
        &world
            .patctl(&["audit", "--max-age", "90d", "--json"])
            .code(1),
    );
    assert_eq!(doc["schema"], "patctl.audit/v1");
    assert_eq!(
        hits(&doc),
        [
            hit("gmodstore", "gm-old", "max-age"),
            hit("sailpoint-v2024", "sp24-old", "max-age"),
            hit("xms", "xms-old", "max-age")
        ]
    );
    let detail = doc["findings"][0]["detail"].as_str().unwrap();
    assert_eq!(detail, "created 120d ago (limit 90d)");
}

#[tokio::test(flavor = "multi_thread")]
async fn unused_for_counts_never_used_tokens_from_creation() {
    let world = seeded().await;
    let doc = json(
        &world
            .patctl(&["audit", "--unused-for", "30d", "--json"])
            .code(1),
    );
    assert_eq!(
        hits(&doc),
        [
            hit("sailpoint-v3", "sp3-idle", "unused-for"),
            hit("xms", "xms-never-used", "unused-for")
        ]
    );
    let details: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["detail"].as_str().unwrap())
        .collect();
    assert!(
        details.contains(&"never used, created 40d ago (limit 30d)"),
        "{details:?}"
    );
    assert!(
        details.contains(&"last used 45d ago (limit 30d)"),
        "{details:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn expiring_within_flags_expiring_and_expired_tokens() {
    let world = seeded().await;
    let doc = json(
        &world
            .patctl(&["audit", "--expiring-within", "7d", "--json"])
            .code(1),
    );
    assert_eq!(
        hits(&doc),
        [
            hit("gmodstore", "gm-expired", "expiring-within"),
            hit("gmodstore", "gm-expiring", "expiring-within"),
            hit("sailpoint-v2024", "sp24-expiring", "expiring-within"),
        ]
    );
    let expired = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["token"]["name"] == "gm-expired")
        .unwrap();
    assert_eq!(expired["detail"], "expired 1d ago");
}

#[tokio::test(flavor = "multi_thread")]
async fn forbid_scope_is_repeatable_and_exact() {
    let world = seeded().await;
    let doc = json(
        &world
            .patctl(&[
                "audit",
                "--forbid-scope",
                "*",
                "--forbid-scope",
                "sp:scopes:all",
                "--json",
            ])
            .code(1),
    );
    assert_eq!(
        hits(&doc),
        [
            hit("gmodstore", "gm-star", "forbid-scope"),
            hit("sailpoint-v3", "sp3-all", "forbid-scope")
        ]
    );
    assert_eq!(doc["findings"][0]["detail"], "has forbidden scope \"*\"");
    // The finding carries the whole token record.
    assert_eq!(doc["findings"][0]["token"]["scopes"], json!(["*"]));
    assert_eq!(doc["errors"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_audit_exits_0_and_table_names_rules() {
    let world = seeded().await;
    world
        .patctl(&["audit", "--max-age", "1000d", "--provider", "gmodstore"])
        .code(0)
        .stdout(predicate::str::contains("no findings"));
    let out = stdout(
        &world
            .patctl(&["audit", "--max-age", "90d", "--provider", "xms"])
            .code(1),
    );
    let line = out.lines().find(|l| l.contains("xms-old")).unwrap();
    assert!(
        line.contains("max-age") && line.contains("created 100d ago"),
        "{out}"
    );
    assert!(out.contains("1 findings on 1 tokens"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_has_rule_and_detail_columns() {
    let world = seeded().await;
    let out = stdout(
        &world
            .patctl(&[
                "audit",
                "--max-age",
                "90d",
                "--provider",
                "gmodstore",
                "--csv",
            ])
            .code(1),
    );
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("provider,tenant,id,name,scopes,created,last_used,expires,rule,detail")
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(",gm-old,") && row.ends_with(",max-age,created 120d ago (limit 90d)"),
        "{row}"
    );
    assert_eq!(lines.next(), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn policy_file_rules_apply_per_provider() {
    let world = seeded().await;
    let policy = world.dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "max-age = \"90d\"\n\n[provider.xms]\nmax-age = \"365d\"\nforbid-scopes = [\"viewer\"]\n",
    )
    .unwrap();
    let doc = json(
        &world
            .patctl(&["audit", "--policy", policy.to_str().unwrap(), "--json"])
            .code(1),
    );
    assert_eq!(
        hits(&doc),
        [
            hit("gmodstore", "gm-old", "max-age"),
            hit("sailpoint-v2024", "sp24-old", "max-age"),
            hit("xms", "xms-healthy", "forbid-scope"),
            hit("xms", "xms-never-used", "forbid-scope"),
            hit("xms", "xms-old", "forbid-scope"),
        ]
    );
    // A flag overrides the file's general rule.
    let doc = json(
        &world
            .patctl(&[
                "audit",
                "--policy",
                policy.to_str().unwrap(),
                "--max-age",
                "200d",
                "--provider",
                "gmodstore",
                "--json",
            ])
            .code(0),
    );
    assert_eq!(doc["findings"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_exit_2() {
    let world = seeded().await;
    world
        .patctl(&["audit"])
        .code(2)
        .stderr(predicate::str::contains("no rule given"));
    world
        .patctl(&["audit", "--max-age", "soon"])
        .code(2)
        .stderr(predicate::str::contains("not a duration"));
    let policy = world.dir.path().join("bad-policy.toml");
    std::fs::write(&policy, "[provider.github]\nmax-age = \"1d\"\n").unwrap();
    world
        .patctl(&["audit", "--policy", policy.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("unknown provider \"github\""));
    // A provider that cannot be listed makes the audit incomplete: 2 even with findings.
    world.fakes.xms.knobs().fail_next(1, 500);
    let doc = json(
        &world
            .patctl(&["audit", "--max-age", "90d", "--json"])
            .code(2),
    );
    assert_eq!(
        hits(&doc),
        [
            hit("gmodstore", "gm-old", "max-age"),
            hit("sailpoint-v2024", "sp24-old", "max-age")
        ]
    );
    assert_eq!(doc["errors"][0]["provider"], "xms");
}
