//! `patctl demo`: the whole flow (list, audit, revoke dry run and for real, rotate) against the
//! four providers' embedded fakes, seeded with aged, unused, expiring and over-scoped tokens;
//! then the runtime's retry after `Retry-After`, token refresh and timeout on the same fakes.

mod resilience;

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use patctl::fakes::{Fakes, Seed};
use patctl::{Error, Inventory, Provider};

use super::cli::{AuditArgs, Format, ListArgs, PolicyArgs, RevokeArgs, RotateArgs, Selection};

/// The label of every demo tenant.
const LABEL: &str = "demo";

const DAY: Duration = Duration::from_secs(86_400);

fn heading(command: &str) {
    println!();
    println!("$ patctl {command}");
}

fn note(text: &str) {
    println!("# {text}");
}

/// Seeds the fakes; returns the id of the GModStore token the demo rotates.
fn seed(fakes: &Fakes) -> String {
    let now = Utc::now();
    let days = TimeDelta::days;
    let rotated = fakes.seed(
        Provider::Gmodstore,
        &Seed::new("ci-deploy", ["products:read", "product-versions:download"])
            .created(now - days(20))
            .last_used(now - days(1))
            .expires(now + days(70)),
    );
    fakes.seed(
        Provider::Gmodstore,
        &Seed::new("legacy-admin", ["*"])
            .created(now - days(400))
            .last_used(now - days(200)),
    );
    fakes.seed(
        Provider::Gmodstore,
        &Seed::new("release-bot", ["products:write"])
            .created(now - days(60))
            .last_used(now - TimeDelta::hours(2))
            .expires(now + days(3)),
    );
    fakes.seed(
        Provider::Xms,
        &Seed::new("backup-job", ["viewer"])
            .created(now - days(10))
            .last_used(now),
    );
    fakes.seed(
        Provider::Xms,
        &Seed::new("old-monitoring", ["admin"]).created(now - days(200)),
    );
    fakes.seed(
        Provider::SailpointV3,
        &Seed::new("reporting", ["idn:identity:read"])
            .created(now - days(120))
            .last_used(now - days(1)),
    );
    fakes.seed(
        Provider::SailpointV3,
        &Seed::new("forgotten-sync", ["sp:scopes:all"])
            .last_used(now - days(5))
            .expires(now + days(2)),
    );
    fakes.seed(
        Provider::SailpointV2024,
        &Seed::new("hr-import", ["idn:accounts:manage"]).last_used(now - days(45)),
    );
    fakes.seed(
        Provider::SailpointV2024,
        &Seed::new("ops-automation", ["idn:workflows:manage"]).last_used(now - days(3)),
    );
    rotated
}

fn rules() -> PolicyArgs {
    PolicyArgs {
        policy: None,
        max_age: Some(90 * DAY),
        unused_for: Some(30 * DAY),
        expiring_within: Some(7 * DAY),
        forbid_scopes: vec!["*".to_owned(), "sp:scopes:all".to_owned()],
    }
}

const RULE_FLAGS: &str = "--max-age 90d --unused-for 30d --expiring-within 7d --forbid-scope '*' --forbid-scope sp:scopes:all";

fn everything() -> Selection {
    Selection {
        providers: Vec::new(),
    }
}

const TABLE: Format = Format {
    json: false,
    csv: false,
};

/// Runs the demo; exits 0 when every step did what it should.
pub async fn run() -> Result<u8, Error> {
    let fakes = Fakes::start().await;
    let rotated = seed(&fakes);
    let inventory = Inventory::connect(fakes.tenants(LABEL))?;
    println!(
        "patctl demo: GModStore, XMS, SailPoint v3 and SailPoint v2024 run as embedded fakes on 127.0.0.1,"
    );
    println!("seeded with tokens that are old, unused, about to expire or too broad.");

    heading("list");
    super::list(
        &inventory,
        &ListArgs {
            selection: everything(),
            format: TABLE,
        },
    )
    .await?;

    heading(&format!("audit {RULE_FLAGS}"));
    let audit = AuditArgs {
        selection: everything(),
        policy: rules(),
        format: TABLE,
    };
    let audited = super::audit(&inventory, &audit).await?;
    note(&format!(
        "exit status {audited}: 1 means findings, so a CI job gating on it fails"
    ));

    let mut revoke = RevokeArgs {
        ids: Vec::new(),
        from_audit: true,
        selection: everything(),
        policy: rules(),
        yes: false,
        dry_run: false,
    };
    heading(&format!("revoke --from-audit {RULE_FLAGS}"));
    super::revoke(&inventory, &revoke).await?;
    heading(&format!("revoke --from-audit {RULE_FLAGS} --yes"));
    revoke.yes = true;
    let revoked = super::revoke(&inventory, &revoke).await?;

    let dir = tempfile::tempdir()
        .map_err(|e| Error::Io(format!("cannot create a temporary directory: {e}")))?;
    let secret_file = dir.path().join("ci-deploy.token");
    heading(&format!(
        "rotate --provider gmodstore --id {rotated} --write-secret {}",
        secret_file.display()
    ));
    let rotate = RotateArgs {
        provider: Provider::Gmodstore,
        tenant: None,
        id: rotated,
        write_secret: Some(secret_file.clone()),
        force: false,
        exec: None,
        print_secret: false,
    };
    let rotation = super::rotate(&inventory, &rotate, &mut std::io::stdout()).await?;
    if let Ok(metadata) = std::fs::metadata(&secret_file) {
        note(&format!(
            "{} holds the new secret ({} bytes, mode {}); it is never printed",
            secret_file.display(),
            metadata.len(),
            mode(&metadata)
        ));
    }

    heading("list");
    super::list(
        &inventory,
        &ListArgs {
            selection: everything(),
            format: TABLE,
        },
    )
    .await?;

    let resilient = resilience::show(&fakes, &inventory).await?;

    let ok = audited == super::FINDINGS
        && revoked == super::CLEAN
        && rotation == super::CLEAN
        && resilient;
    println!();
    if ok {
        println!(
            "demo done: findings, revocations, a rotation, a retry, a token refresh and a timeout, all offline."
        );
        Ok(super::CLEAN)
    } else {
        eprintln!(
            "demo failed: audit {audited}, revoke {revoked}, rotate {rotation}, runtime behaviours {}",
            if resilient {
                "as promised"
            } else {
                "not as promised"
            }
        );
        Ok(super::ERROR)
    }
}

#[cfg(unix)]
fn mode(metadata: &std::fs::Metadata) -> String {
    use std::os::unix::fs::PermissionsExt;
    format!("{:o}", metadata.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> String {
    "n/a".to_owned()
}
