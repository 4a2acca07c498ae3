//! `patctl revoke`: by reference or from the audit; bulk revokes are dry runs until `--yes`.

use patctl::{Error, Inventory, Tenant};

use super::cli::RevokeArgs;
use super::{CLEAN, ERROR, FINDINGS, audit::policy, output};

/// A token to revoke: its tenant, id and (when known) name.
struct Target<'a> {
    tenant: &'a Tenant,
    id: String,
    name: Option<String>,
}

impl Target<'_> {
    fn describe(&self) -> String {
        let reference = format!(
            "{}/{}:{}",
            self.tenant.provider(),
            self.tenant.label(),
            self.id
        );
        match &self.name {
            Some(name) => format!("{reference} {name:?}"),
            None => reference,
        }
    }
}

/// `patctl revoke`.
pub async fn revoke(inventory: &Inventory, args: &RevokeArgs) -> Result<u8, Error> {
    let mut status = CLEAN;
    let mut targets: Vec<Target<'_>> = Vec::new();
    if args.from_audit {
        let policy = policy(&args.policy)?;
        let listing = inventory.list(true).await;
        output::errors(&listing.errors);
        if !listing.errors.is_empty() {
            status = ERROR;
        }
        for finding in patctl::audit(&listing.tokens, &policy, chrono::Utc::now()) {
            let token = finding.token;
            let tenant = inventory.tenant(token.provider, Some(&token.tenant))?;
            let seen = targets.iter().any(|t| {
                t.id == token.id
                    && t.tenant.provider() == tenant.provider()
                    && t.tenant.label() == tenant.label()
            });
            if !seen {
                targets.push(Target {
                    tenant,
                    id: token.id,
                    name: Some(token.name),
                });
            }
        }
    } else {
        for reference in &args.ids {
            targets.push(Target {
                tenant: inventory.tenant_of(reference)?,
                id: reference.id.clone(),
                name: None,
            });
        }
    }
    let bulk = args.from_audit || targets.len() > 1;
    if args.dry_run || (bulk && !args.yes) {
        for target in &targets {
            println!("would revoke {}", target.describe());
        }
        println!(
            "dry run: {} tokens would be revoked; add --yes to revoke them",
            targets.len()
        );
        return Ok(status);
    }
    let mut failed = 0;
    for target in &targets {
        match target.tenant.revoke(&target.id).await {
            Ok(()) => println!("revoked {}", target.describe()),
            Err(e) => {
                failed += 1;
                println!("FAILED  {}: {e}", target.describe());
            }
        }
    }
    println!("{} revoked, {failed} failed", targets.len() - failed);
    if failed > 0 {
        status = status.max(FINDINGS);
    }
    Ok(status)
}
