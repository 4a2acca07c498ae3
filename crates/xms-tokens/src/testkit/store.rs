//! The fake's access-token table.

use apiclient_core::testkit::{
    TableRecord, TokenColumns, TokenRow, TokenTable, random_uuid, vendor_timestamp,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The user every fake starts with; the admin key acts as this user.
pub(crate) const ADMIN: (i64, &str) = (1, "admin");

/// One access token in the fake's table: the [`AccountApi::Record`] of
/// [`XmsApi`](super::XmsApi), read as `AccessToken` JSON through [`TableRecord::to_json`].
///
/// [`AccountApi::Record`]: apiclient_core::testkit::AccountApi::Record
pub type StoredToken = TokenRow<i64, AccessTokenColumns>;

/// The XMS columns of a [`StoredToken`] besides id, secret and name (the fake's own).
#[derive(Debug, Clone)]
pub struct AccessTokenColumns {
    pub(crate) description: String,
    pub(crate) roles: Vec<String>,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) used: bool,
    pub(crate) user: (i64, String),
}

impl TokenColumns for AccessTokenColumns {
    /// The `AccessToken` members after `id` and `name`; times like
    /// `2024-01-02T15:04:05.123456Z`.
    fn to_json(&self) -> Value {
        json!({
            "description": self.description,
            "roles": self.roles,
            "create": vendor_timestamp(self.created, 6),
            "update": vendor_timestamp(self.updated, 6),
            "used": self.used,
            "user": {"id": self.user.0, "name": self.user.1},
        })
    }
}

/// The `AccessTokenCreateRecord` JSON: the token plus its secret as `uuid`.
pub(crate) fn to_json_with_secret(token: &StoredToken) -> Value {
    let mut value = token.to_json();
    if let Some(map) = value.as_object_mut() {
        map.insert("uuid".to_owned(), Value::String(token.secret.clone()));
    }
    value
}

/// All tokens, by ascending id.
pub(crate) type Store = TokenTable<StoredToken>;

/// Adds a token owned by `user` and returns it (with its secret).
pub(crate) fn insert_token(
    store: &mut Store,
    name: String,
    description: String,
    roles: Vec<String>,
    user: (i64, String),
) -> StoredToken {
    let now = Utc::now();
    store.insert_with(|seq| StoredToken {
        id: i64::try_from(seq).unwrap_or(i64::MAX),
        secret: random_uuid(),
        name,
        columns: AccessTokenColumns {
            description,
            roles,
            created: now,
            updated: now,
            used: false,
            user,
        },
    })
}

/// Whether another token (not `except`) already has `name`.
pub(crate) fn name_taken(store: &Store, name: &str, except: Option<i64>) -> bool {
    store
        .all()
        .iter()
        .any(|token| token.name == name && Some(token.id) != except)
}
