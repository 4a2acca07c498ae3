//! The fake's personal-access-token table.

use apiclient_core::testkit::random_hex;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::time::timestamp;

/// The scope a token gets when none is given.
pub(crate) const DEFAULT_SCOPE: &str = "sp:scopes:all";
/// Default and maximum `accessTokenValiditySeconds`.
pub(crate) const MAX_VALIDITY: i64 = 43_200;
/// Minimum `accessTokenValiditySeconds`.
pub(crate) const MIN_VALIDITY: i64 = 15;

/// An identity (token owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) id: String,
    pub(crate) name: String,
}

impl Identity {
    fn to_json(&self) -> Value {
        json!({"type": "IDENTITY", "id": self.id, "name": self.name})
    }
}

/// One stored personal access token.
#[derive(Debug, Clone)]
pub(crate) struct Pat {
    pub(crate) id: String,
    pub(crate) secret: String,
    pub(crate) name: String,
    pub(crate) scope: Vec<String>,
    pub(crate) owner: Identity,
    pub(crate) created: DateTime<Utc>,
    pub(crate) last_used: Option<DateTime<Utc>>,
    pub(crate) managed: bool,
    pub(crate) validity_secs: i64,
    pub(crate) expiration: Option<DateTime<Utc>>,
}

impl Pat {
    /// A new token with a fresh id (32 hex) and secret (64 hex).
    pub(crate) fn new(name: String, owner: Identity) -> Self {
        Self {
            id: random_hex(32),
            secret: random_hex(64),
            name,
            scope: vec![DEFAULT_SCOPE.to_owned()],
            owner,
            created: Utc::now(),
            last_used: None,
            managed: false,
            validity_secs: MAX_VALIDITY,
            expiration: None,
        }
    }

    /// `GetPersonalAccessTokenResponse`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "scope": self.scope,
            "owner": self.owner.to_json(),
            "created": timestamp(self.created),
            "lastUsed": self.last_used.map(timestamp),
            "managed": self.managed,
            "accessTokenValiditySeconds": self.validity_secs,
            "expirationDate": self.expiration.map(timestamp),
        })
    }

    /// `CreatePersonalAccessTokenResponse` (the only place the secret appears).
    pub(crate) fn to_created_json(&self) -> Value {
        json!({
            "id": self.id,
            "secret": self.secret,
            "scope": self.scope,
            "name": self.name,
            "owner": self.owner.to_json(),
            "created": timestamp(self.created),
            "accessTokenValiditySeconds": self.validity_secs,
            "expirationDate": self.expiration.map(timestamp),
        })
    }

    pub(crate) fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expiration.is_some_and(|at| at <= now)
    }
}

/// All tokens in creation order.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pats: Vec<Pat>,
}

impl Store {
    pub(crate) fn insert(&mut self, pat: Pat) {
        self.pats.push(pat);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Pat> {
        self.pats.iter().find(|pat| pat.id == id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Pat> {
        self.pats.iter_mut().find(|pat| pat.id == id)
    }

    /// Whether `owner` already has a token called `name` (other than `except`).
    pub(crate) fn name_taken(&self, owner: &str, name: &str, except: Option<&str>) -> bool {
        self.pats
            .iter()
            .any(|pat| pat.owner.id == owner && pat.name == name && Some(pat.id.as_str()) != except)
    }

    pub(crate) fn remove(&mut self, id: &str) -> bool {
        let before = self.pats.len();
        self.pats.retain(|pat| pat.id != id);
        before != self.pats.len()
    }

    pub(crate) fn all(&self) -> &[Pat] {
        &self.pats
    }
}
