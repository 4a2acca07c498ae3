//! `patctl revoke`: by id and from the audit, dry runs, `--yes`, partial failures.

use chrono::Utc;
use patctl::Provider;
use patctl::fakes::Seed;
use predicates::prelude::*;

use super::support::{LABEL, World, days, names, stdout};

const AUDIT: [&str; 5] = ["--from-audit", "--max-age", "90d", "--forbid-scope", "*"];

async fn seeded() -> World {
    let world = World::start().await;
    let now = Utc::now();
    world.seed(Provider::Gmodstore, Seed::new("gm-keep", ["products:read"]));
    world.seed(
        Provider::Gmodstore,
        Seed::new("gm-old", ["products:read"]).created(now - days(100)),
    );
    world.seed(
        Provider::Xms,
        Seed::new("xms-old", ["viewer"]).created(now - days(100)),
    );
    world.seed(Provider::Xms, Seed::new("xms-keep", ["viewer"]));
    world.seed(Provider::SailpointV3, Seed::new("sp3-star", ["*"]));
    world.seed(
        Provider::SailpointV2024,
        Seed::new("sp24-keep", ["idn:identity:read"]),
    );
    world
}

fn all_names(world: &World) -> Vec<String> {
    let fakes = &world.fakes;
    let mut all = names(&fakes.gmodstore.token_records(), "name");
    all.extend(names(&fakes.xms.token_records(), "name"));
    all.extend(names(&fakes.sailpoint_v3.token_records(), "name"));
    all.extend(names(&fakes.sailpoint_v2024.token_records(), "name"));
    all
}

const EVERYTHING: [&str; 6] = [
    "gm-keep",
    "gm-old",
    "xms-keep",
    "xms-old",
    "sp3-star",
    "sp24-keep",
];

#[tokio::test(flavor = "multi_thread")]
async fn from_audit_is_a_dry_run_until_yes() {
    let world = seeded().await;
    let mut args = vec!["revoke"];
    args.extend(AUDIT);
    let out = stdout(&world.patctl(&args).code(0));
    for name in ["gm-old", "xms-old", "sp3-star"] {
        let line = out.lines().find(|l| l.contains(name)).unwrap();
        assert!(line.starts_with("would revoke "), "{out}");
    }
    assert!(
        out.contains("dry run: 3 tokens would be revoked; add --yes"),
        "{out}"
    );
    assert_eq!(all_names(&world), EVERYTHING);
    let deletes = world
        .fakes
        .gmodstore
        .requests()
        .iter()
        .filter(|r| r.method() == "DELETE")
        .count();
    assert_eq!(deletes, 0);

    args.push("--yes");
    let out = stdout(&world.patctl(&args).code(0));
    assert_eq!(out.matches("revoked ").count(), 3, "{out}");
    assert!(
        out.contains(&format!("revoked xms/{LABEL}:1 \"xms-old\"")),
        "{out}"
    );
    assert!(out.contains("3 revoked, 0 failed"), "{out}");
    assert_eq!(all_names(&world), ["gm-keep", "xms-keep", "sp24-keep"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_single_id_acts_and_several_are_a_bulk_dry_run() {
    let world = seeded().await;
    let gm_old = world.fakes.gmodstore.token_records()[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sp24 = world.fakes.sailpoint_v2024.token_records()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let several = [
        "revoke".to_owned(),
        "--id".to_owned(),
        format!("gmodstore:{gm_old}"),
        "--id".to_owned(),
        format!("sailpoint-v2024/{LABEL}:{sp24}"),
    ];
    let several: Vec<&str> = several.iter().map(String::as_str).collect();
    world
        .patctl(&several)
        .code(0)
        .stdout(predicate::str::contains(
            "dry run: 2 tokens would be revoked",
        ));
    assert_eq!(all_names(&world), EVERYTHING);

    world
        .patctl(&[
            "revoke",
            "--id",
            &format!("gmodstore:{gm_old}"),
            "--dry-run",
        ])
        .code(0)
        .stdout(predicate::str::contains("would revoke"));
    assert_eq!(all_names(&world), EVERYTHING);

    world
        .patctl(&["revoke", "--id", &format!("gmodstore:{gm_old}")])
        .code(0)
        .stdout(predicate::str::contains(format!(
            "revoked gmodstore/{LABEL}:{gm_old}"
        )));
    assert!(!all_names(&world).contains(&"gm-old".to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn partial_failures_do_not_stop_the_rest_and_exit_1() {
    let world = seeded().await;
    let sp3 = world.fakes.sailpoint_v3.token_records()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let missing = "xms:999".to_owned();
    let present = format!("sailpoint-v3:{sp3}");
    let out = stdout(
        &world
            .patctl(&[
                "revoke", "--id", &missing, "--id", "xms:1", "--id", &present, "--yes",
            ])
            .code(1),
    );
    let failed = out.lines().find(|l| l.starts_with("FAILED")).unwrap();
    assert!(
        failed.contains("xms/test:999") && failed.contains("404"),
        "{out}"
    );
    assert!(out.contains("revoked xms/test:1"), "{out}");
    assert!(
        out.contains(&format!("revoked sailpoint-v3/test:{sp3}")),
        "{out}"
    );
    assert!(out.contains("2 revoked, 1 failed"), "{out}");
    assert_eq!(
        all_names(&world),
        ["gm-keep", "gm-old", "xms-keep", "sp24-keep"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_references_are_refused_before_anything_is_revoked() {
    let world = seeded().await;
    world
        .patctl(&["revoke", "--id", "github:1"])
        .code(2)
        .stderr(predicate::str::contains("unknown provider"));
    world
        .patctl(&["revoke", "--id", "xms/nope:1", "--id", "xms:2", "--yes"])
        .code(2)
        .stderr(predicate::str::contains(
            "no xms tenant is labelled \"nope\"",
        ));
    world
        .patctl(&["revoke"])
        .code(2)
        .stderr(predicate::str::contains("--id"));
    assert_eq!(all_names(&world), EVERYTHING);
}
