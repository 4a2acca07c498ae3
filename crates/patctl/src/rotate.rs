//! [`rotate`]: replace a token's secret without a moment where no valid secret is delivered.
//!
//! The steps, each reported in [`Rotation::steps`]:
//!
//! 1. find the old token and [prepare](SecretSink::prepare) the sink (nothing changed yet);
//! 2. create the replacement with the same name, scopes and lifetime (GModStore, SailPoint),
//!    or regenerate the secret in place (XMS);
//! 3. [deliver](SecretSink::deliver) the new secret to the sink;
//! 4. verify the new secret works (it authenticates and makes one read call);
//! 5. revoke the old token (XMS: nothing left to do, regenerate already retired the old secret);
//! 6. finish (SailPoint: rename the new token, created under a temporary name, to the old name)
//!    and [commit](SecretSink::commit) the sink.
//!
//! A failure in steps 3 to 5 rolls back: the sink is aborted and the new token revoked, so the
//! old one is left as it was. XMS cannot roll back a regenerate (the old secret no longer
//! exists), which [`Rollback::Impossible`] reports.

use std::fmt;

use crate::error::Error;
use crate::inventory::Inventory;
use crate::providers::Replacement;
use crate::record::{Provider, TokenRecord};
use crate::sink::SecretSink;

/// The step of a rotation that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding the tenant or the old token.
    Find,
    /// Preparing the sink (before anything changed).
    Prepare,
    /// Creating the replacement (or regenerating the secret).
    Create,
    /// Handing the secret to the sink.
    Deliver,
    /// Checking that the new secret works.
    Verify,
    /// Revoking the old token.
    RevokeOld,
    /// Making the sink's delivery final (after the old token was revoked).
    Commit,
}

impl Stage {
    /// The stage's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Find => "find",
            Stage::Prepare => "prepare",
            Stage::Create => "create",
            Stage::Deliver => "deliver",
            Stage::Verify => "verify",
            Stage::RevokeOld => "revoke-old",
            Stage::Commit => "commit",
        }
    }
}

/// What was done about the new token after a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollback {
    /// Nothing had changed yet.
    NotNeeded,
    /// The new token was revoked; the old one is untouched.
    RevokedNew {
        /// The revoked new token's id.
        id: String,
    },
    /// Revoking the new token failed: it still exists and must be deleted by hand.
    Failed {
        /// The new token's id.
        id: String,
        /// Why revoking it failed.
        message: String,
    },
    /// The secret was replaced in place (XMS regenerate): the old secret no longer works and
    /// the new one was not delivered; rotating again issues a fresh one.
    Impossible,
    /// The old token was already revoked when the failure happened.
    TooLate,
}

impl Rollback {
    /// Whether the old token is left as it was and no new token remains.
    pub fn is_clean(&self) -> bool {
        matches!(self, Rollback::NotNeeded | Rollback::RevokedNew { .. })
    }
}

impl fmt::Display for Rollback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rollback::NotNeeded => f.write_str("nothing was changed"),
            Rollback::RevokedNew { id } => {
                write!(f, "the new token {id} was revoked again; the old token is untouched")
            }
            Rollback::Failed { id, message } => write!(
                f,
                "the new token {id} could not be revoked ({message}): delete it yourself; the old token is untouched"
            ),
            Rollback::Impossible => f.write_str(
                "the secret was regenerated in place, so the old secret no longer works and the new one was discarded: fix the problem and rotate again",
            ),
            Rollback::TooLate => f.write_str(
                "the old token was already revoked; the new token exists but its secret was not delivered: rotate it again",
            ),
        }
    }
}

/// A failed rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotateError {
    /// The step that failed.
    pub stage: Stage,
    /// Why.
    pub message: String,
    /// What was done about it.
    pub rollback: Rollback,
}

impl fmt::Display for RotateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rotation failed at {}: {}; {}",
            self.stage.name(),
            self.message,
            self.rollback
        )
    }
}

impl std::error::Error for RotateError {}

/// What a rotation did, step by step, and how it ended.
#[derive(Debug)]
pub struct Rotation {
    /// One line per step done (no secrets).
    pub steps: Vec<String>,
    /// The old token, when it was found.
    pub old: Option<TokenRecord>,
    /// The new token's id, on success.
    pub result: Result<String, RotateError>,
}

/// Rotates the token `id` of `provider`'s tenant `tenant` (the only one when `None`), handing
/// the new secret to `sink`; see the [module docs](self).
pub async fn rotate(
    inventory: &Inventory,
    provider: Provider,
    tenant: Option<&str>,
    id: &str,
    sink: &mut dyn SecretSink,
) -> Rotation {
    let mut steps = Vec::new();
    let mut old = None;
    let result = run(inventory, provider, tenant, id, sink, &mut steps, &mut old).await;
    Rotation { steps, old, result }
}

fn fail(stage: Stage, message: impl fmt::Display, rollback: Rollback) -> RotateError {
    RotateError {
        stage,
        message: message.to_string(),
        rollback,
    }
}

async fn run(
    inventory: &Inventory,
    provider: Provider,
    tenant: Option<&str>,
    id: &str,
    sink: &mut dyn SecretSink,
    steps: &mut Vec<String>,
    found: &mut Option<TokenRecord>,
) -> Result<String, RotateError> {
    let find = |e: Error| fail(Stage::Find, e, Rollback::NotNeeded);
    let tenant = inventory.tenant(provider, tenant).map_err(find)?;
    let old = tenant.find(id).await.map_err(find)?;
    steps.push(format!("found {} {:?}", old.reference(), old.name));
    *found = Some(old.clone());
    sink.prepare()
        .map_err(|e| fail(Stage::Prepare, e, Rollback::NotNeeded))?;

    let connection = &tenant.connection;
    let new = connection
        .replace(&old)
        .await
        .map_err(|e| fail(Stage::Create, e, Rollback::NotNeeded))?;
    steps.push(if new.in_place {
        format!(
            "regenerated the secret of {} in place (the old secret stopped working)",
            old.id
        )
    } else {
        format!(
            "created the replacement {} with the same scopes and lifetime",
            new.id
        )
    });

    let after_create = async {
        sink.deliver(&old, &new.secret)
            .map_err(|e| (Stage::Deliver, e))?;
        steps.push(format!("handed the new secret to {}", sink.describe()));
        connection
            .verify(&new)
            .await
            .map_err(|e| (Stage::Verify, e))?;
        steps.push("verified that the new secret works".to_owned());
        if !new.in_place {
            connection
                .revoke(&old.id)
                .await
                .map_err(|e| (Stage::RevokeOld, e))?;
            steps.push(format!("revoked the old token {}", old.id));
        }
        Ok::<(), (Stage, String)>(())
    };
    if let Err((stage, message)) = after_create.await {
        sink.abort();
        let rollback = roll_back(tenant, &new).await;
        return Err(fail(stage, message, rollback));
    }

    match connection.finish(&old, &new).await {
        Ok(done) => steps.extend(done),
        Err(message) => steps.push(format!(
            "warning: could not give the new token the old name {:?}: {message}",
            old.name
        )),
    }
    sink.commit()
        .map_err(|e| fail(Stage::Commit, e, Rollback::TooLate))?;
    steps.push(format!("delivered the new secret to {}", sink.describe()));
    Ok(new.id)
}

async fn roll_back(tenant: &crate::inventory::Tenant, new: &Replacement) -> Rollback {
    if new.in_place {
        return Rollback::Impossible;
    }
    match tenant.revoke(&new.id).await {
        Ok(()) => Rollback::RevokedNew { id: new.id.clone() },
        Err(e) => Rollback::Failed {
            id: new.id.clone(),
            message: e.to_string(),
        },
    }
}
