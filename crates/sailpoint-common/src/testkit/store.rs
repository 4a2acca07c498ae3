//! The fake's personal-access-token table.

use apiclient_core::testkit::{TokenColumns, TokenRow, TokenTable, random_hex};
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

/// One stored personal access token; its JSON (`TableRecord::to_json`) is
/// `GetPersonalAccessTokenResponse`.
pub(crate) type Pat = TokenRow<String, PatColumns>;

/// The SailPoint columns of a [`Pat`] besides id, secret and name.
#[derive(Debug, Clone)]
pub(crate) struct PatColumns {
    pub(crate) scope: Vec<String>,
    pub(crate) owner: Identity,
    pub(crate) created: DateTime<Utc>,
    pub(crate) last_used: Option<DateTime<Utc>>,
    pub(crate) managed: bool,
    pub(crate) validity_secs: i64,
    pub(crate) expiration: Option<DateTime<Utc>>,
}

impl TokenColumns for PatColumns {
    /// The `GetPersonalAccessTokenResponse` members after `id` and `name`.
    fn to_json(&self) -> Value {
        json!({
            "scope": self.scope,
            "owner": self.owner.to_json(),
            "created": timestamp(self.created),
            "lastUsed": self.last_used.map(timestamp),
            "managed": self.managed,
            "accessTokenValiditySeconds": self.validity_secs,
            "expirationDate": self.expiration.map(timestamp),
        })
    }
}

impl PatColumns {
    pub(crate) fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expiration.is_some_and(|at| at <= now)
    }
}

/// A new token with a fresh id (32 hex) and secret (64 hex).
pub(crate) fn new_pat(name: String, owner: Identity) -> Pat {
    TokenRow {
        id: random_hex(32),
        secret: random_hex(64),
        name,
        columns: PatColumns {
            scope: vec![DEFAULT_SCOPE.to_owned()],
            owner,
            created: Utc::now(),
            last_used: None,
            managed: false,
            validity_secs: MAX_VALIDITY,
            expiration: None,
        },
    }
}

/// `CreatePersonalAccessTokenResponse` (the only place the secret appears).
pub(crate) fn created_json(pat: &Pat) -> Value {
    let columns = &pat.columns;
    json!({
        "id": pat.id,
        "secret": pat.secret,
        "scope": columns.scope,
        "name": pat.name,
        "owner": columns.owner.to_json(),
        "created": timestamp(columns.created),
        "accessTokenValiditySeconds": columns.validity_secs,
        "expirationDate": columns.expiration.map(timestamp),
    })
}

/// All tokens in creation order.
pub(crate) type Store = TokenTable<Pat>;

/// Whether `owner` already has a token called `name` (other than `except`).
pub(crate) fn name_taken(store: &Store, owner: &str, name: &str, except: Option<&str>) -> bool {
    store.all().iter().any(|pat| {
        pat.columns.owner.id == owner && pat.name == name && Some(pat.id.as_str()) != except
    })
}
