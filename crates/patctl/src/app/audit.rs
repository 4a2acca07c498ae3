//! `patctl list` and `patctl audit`.

use patctl::{Error, Inventory, Policy, Rules};

use super::cli::{AuditArgs, ListArgs, PolicyArgs};
use super::{CLEAN, ERROR, FINDINGS, io_error, output};

/// `patctl list`.
pub async fn list(inventory: &Inventory, args: &ListArgs) -> Result<u8, Error> {
    let listing = inventory.list(true).await;
    output::tokens(&listing.tokens, &listing.errors, args.format).map_err(io_error)?;
    output::errors(&listing.errors);
    Ok(if listing.errors.is_empty() {
        CLEAN
    } else {
        ERROR
    })
}

/// The policy from `--policy` with the rule flags on top of its general rules.
pub fn policy(args: &PolicyArgs) -> Result<Policy, Error> {
    let mut policy = match &args.policy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
            Policy::from_toml(&text)?
        }
        None => Policy::default(),
    };
    let flags = Rules {
        max_age: args.max_age,
        unused_for: args.unused_for,
        expiring_within: args.expiring_within,
        forbid_scopes: args.forbid_scopes.clone(),
    };
    policy.general = policy.general.overlaid(&flags);
    if policy.is_empty() {
        return Err(Error::Config(
            "no rule given: use --max-age, --unused-for, --expiring-within, --forbid-scope or --policy".to_owned(),
        ));
    }
    Ok(policy)
}

/// `patctl audit`.
pub async fn audit(inventory: &Inventory, args: &AuditArgs) -> Result<u8, Error> {
    let policy = policy(&args.policy)?;
    let listing = inventory.list(true).await;
    let findings = patctl::audit(&listing.tokens, &policy, chrono::Utc::now());
    output::findings(&findings, &listing.errors, args.format).map_err(io_error)?;
    output::errors(&listing.errors);
    Ok(match (listing.errors.is_empty(), findings.is_empty()) {
        (false, _) => ERROR,
        (true, false) => FINDINGS,
        (true, true) => CLEAN,
    })
}
