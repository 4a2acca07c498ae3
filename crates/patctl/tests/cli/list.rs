//! `patctl list`: every provider in one table, JSON and CSV, environment configuration,
//! provider selection and errors.

use chrono::Utc;
use patctl::Provider;
use patctl::fakes::Seed;
use predicates::prelude::*;
use serde_json::{Value, json};

use super::support::{LABEL, World, days, json, stderr, stdout};

async fn seeded() -> (World, Vec<String>) {
    let world = World::start().await;
    let now = Utc::now();
    let ids = vec![
        world.seed(
            Provider::Gmodstore,
            Seed::new("gm-token", ["products:read", "*"])
                .created(now - days(10))
                .last_used(now - days(2))
                .expires(now + days(30)),
        ),
        world.seed(
            Provider::Xms,
            Seed::new("xms-token", ["admin"]).created(now - days(5)),
        ),
        world.seed(
            Provider::SailpointV3,
            Seed::new("sp3-token", ["sp:scopes:all"]),
        ),
        world.seed(
            Provider::SailpointV2024,
            Seed::new("sp24-token", ["idn:identity:read"]).last_used(now - days(1)),
        ),
    ];
    (world, ids)
}

#[tokio::test(flavor = "multi_thread")]
async fn table_lists_all_four_providers() {
    let (world, ids) = seeded().await;
    let assert = world.patctl(&["list"]).success();
    let out = stdout(&assert);
    for (provider, id, name) in [
        ("gmodstore", &ids[0], "gm-token"),
        ("xms", &ids[1], "xms-token"),
        ("sailpoint-v3", &ids[2], "sp3-token"),
        ("sailpoint-v2024", &ids[3], "sp24-token"),
    ] {
        let line = out
            .lines()
            .find(|line| line.contains(name))
            .unwrap_or_else(|| panic!("{name} missing from\n{out}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&cells[1..5], [provider, LABEL, id.as_str(), name], "{line}");
    }
    assert!(out.contains("4 tokens"), "{out}");
    // Secrets of the configured credentials never show.
    assert!(!out.contains(world.fakes.gmodstore.token()));
    assert!(!stderr(&assert).contains(world.fakes.sailpoint_v3.client_secret()));
}

#[tokio::test(flavor = "multi_thread")]
async fn json_follows_the_documented_schema() {
    let (world, ids) = seeded().await;
    let doc = json(&world.patctl(&["list", "--json"]).success());
    assert_eq!(doc["schema"], "patctl.list/v1");
    assert_eq!(doc["errors"], json!([]));
    let tokens = doc["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 4);
    let keys = [
        "created",
        "expires",
        "id",
        "last_used",
        "name",
        "provider",
        "scopes",
        "tenant",
        "used",
    ];
    for token in tokens {
        let mut found: Vec<&str> = token
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        found.sort_unstable();
        assert_eq!(found, keys, "{token}");
    }
    let gm = &tokens[0];
    assert_eq!(gm["provider"], "gmodstore");
    assert_eq!(gm["tenant"], LABEL);
    assert_eq!(gm["id"], ids[0].as_str());
    assert_eq!(gm["scopes"], json!(["products:read", "*"]));
    assert_eq!(gm["used"], true);
    for field in ["created", "last_used", "expires"] {
        let text = gm[field].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.ends_with('Z'));
    }
    // XMS: no expiry and no last-use time, only whether it was used.
    let xms = &tokens[1];
    assert_eq!(
        (
            &xms["provider"],
            &xms["id"],
            &xms["expires"],
            &xms["last_used"],
            &xms["used"]
        ),
        (
            &json!("xms"),
            &json!(ids[1]),
            &Value::Null,
            &Value::Null,
            &json!(false)
        )
    );
    assert_eq!(tokens[2]["provider"], "sailpoint-v3");
    assert_eq!(tokens[2]["used"], false);
    assert_eq!(tokens[3]["provider"], "sailpoint-v2024");
    assert_eq!(tokens[3]["scopes"], json!(["idn:identity:read"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_has_a_header_and_a_row_per_token() {
    let (world, ids) = seeded().await;
    let out = stdout(
        &world
            .patctl(&["list", "--csv", "--provider", "gmodstore"])
            .success(),
    );
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("provider,tenant,id,name,scopes,created,last_used,expires")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with(&format!(
            "gmodstore,{LABEL},{},gm-token,products:read *,",
            ids[0]
        )),
        "{row}"
    );
    assert_eq!(lines.next(), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn providers_come_from_their_own_variables_without_a_config_file() {
    let (world, ids) = seeded().await;
    let mut command = world.bare();
    for provider in [Provider::Gmodstore, Provider::Xms, Provider::SailpointV3] {
        command.envs(world.fakes.env_vars(provider));
    }
    let doc = json(&command.args(["list", "--json"]).assert().success());
    let got: Vec<(String, String)> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["provider"].as_str().unwrap().to_owned(),
                t["tenant"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let env = |p: &str| (p.to_owned(), "env".to_owned());
    assert_eq!(got, [env("gmodstore"), env("xms"), env("sailpoint-v3")]);
    assert_eq!(doc["tokens"][2]["id"], ids[2].as_str());

    // The SAIL_* variables reach v2024 when it is asked for.
    let mut v2024 = world.bare();
    v2024.envs(world.fakes.env_vars(Provider::SailpointV2024));
    let doc = json(
        &v2024
            .args(["list", "--json", "--provider", "sailpoint-v2024"])
            .assert()
            .success(),
    );
    assert_eq!(doc["tokens"][0]["id"], ids[3].as_str());
    assert_eq!(doc["tokens"][0]["provider"], "sailpoint-v2024");
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_errors_exit_2_and_name_the_provider() {
    let world = World::start().await;
    world
        .bare()
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no provider is configured"));
    world
        .bare()
        .args(["list", "--provider", "xms"])
        .env("GMODSTORE_TOKEN", "x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "xms is not configured: set XMS_BASE_URL",
        ));
    world
        .bare()
        .args(["list"])
        .env("XMS_ACCESS_TOKEN", "x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("xms/env").and(predicate::str::contains("XMS_BASE_URL")));
    std::fs::write(
        world.dir.path().join("bad.toml"),
        "[[gitlab]]\nlabel = 'x'\n",
    )
    .unwrap();
    world
        .bare()
        .args(["--config", "bad.toml", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml").and(predicate::str::contains("gitlab")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_provider_is_reported_and_the_others_still_listed() {
    let (world, ids) = seeded().await;
    world.fakes.xms.knobs().fail_next(1, 500);
    let assert = world.patctl(&["list", "--json"]).code(2);
    let doc = json(&assert);
    assert_eq!(doc["tokens"].as_array().unwrap().len(), 3);
    assert!(!stdout(&assert).contains(&format!("\"id\": \"{}\"", ids[1])));
    assert_eq!(doc["errors"][0]["provider"], "xms");
    assert_eq!(doc["errors"][0]["tenant"], LABEL);
    let message = doc["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("xms/test: list failed:") && message.contains("500"),
        "{message}"
    );
    assert!(stderr(&assert).contains("error: xms/test: list failed"));
}

#[tokio::test(flavor = "multi_thread")]
async fn providers_are_queried_concurrently() {
    let (world, _) = seeded().await;
    let latency = std::time::Duration::from_millis(500);
    let fakes = &world.fakes;
    let knobs = [
        fakes.gmodstore.knobs(),
        fakes.xms.knobs(),
        fakes.sailpoint_v3.knobs(),
        fakes.sailpoint_v2024.knobs(),
    ];
    for knobs in knobs {
        knobs.set_latency(latency);
    }
    world.patctl(&["list", "--json"]).success();
    // Each fake answers only after the latency: had they been queried one after the other,
    // their first requests would be at least that far apart.
    let firsts = [
        fakes.gmodstore.requests()[0].received_at(),
        fakes.xms.requests()[0].received_at(),
        fakes.sailpoint_v3.requests()[0].received_at(),
        fakes.sailpoint_v2024.requests()[0].received_at(),
    ];
    let earliest = firsts.iter().min().unwrap();
    let latest = firsts.iter().max().unwrap();
    let spread = latest.duration_since(*earliest).unwrap();
    assert!(spread < latency * 4 / 5, "first requests {spread:?} apart");
}
