//! The fake's access-token table.

use apiclient_core::testkit::random_uuid;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The user every fake starts with; the admin key acts as this user.
pub(crate) const ADMIN: (i64, &str) = (1, "admin");

/// One stored access token.
#[derive(Debug, Clone)]
pub(crate) struct StoredToken {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) roles: Vec<String>,
    pub(crate) secret: String,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) used: bool,
    pub(crate) user: (i64, String),
}

/// Formats like `2024-01-02T15:04:05.123456Z`.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    apiclient_core::testkit::vendor_timestamp(at, 6)
}

impl StoredToken {
    /// The `AccessToken` JSON (no secret).
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "roles": self.roles,
            "create": timestamp(self.created),
            "update": timestamp(self.updated),
            "used": self.used,
            "user": {"id": self.user.0, "name": self.user.1},
        })
    }

    /// The `AccessTokenCreateRecord` JSON: the token plus its secret as `uuid`.
    pub(crate) fn to_json_with_secret(&self) -> Value {
        let mut value = self.to_json();
        if let Some(map) = value.as_object_mut() {
            map.insert("uuid".to_owned(), Value::String(self.secret.clone()));
        }
        value
    }
}

/// All tokens, by ascending id.
#[derive(Debug, Default)]
pub(crate) struct Store {
    last_id: i64,
    tokens: Vec<StoredToken>,
}

impl Store {
    pub(crate) fn insert(
        &mut self,
        name: String,
        description: String,
        roles: Vec<String>,
        user: (i64, String),
    ) -> StoredToken {
        self.last_id += 1;
        let now = Utc::now();
        let token = StoredToken {
            id: self.last_id,
            name,
            description,
            roles,
            secret: random_uuid(),
            created: now,
            updated: now,
            used: false,
            user,
        };
        self.tokens.push(token.clone());
        token
    }

    pub(crate) fn get(&self, id: i64) -> Option<&StoredToken> {
        self.tokens.iter().find(|token| token.id == id)
    }

    pub(crate) fn get_mut(&mut self, id: i64) -> Option<&mut StoredToken> {
        self.tokens.iter_mut().find(|token| token.id == id)
    }

    pub(crate) fn by_secret(&self, secret: &str) -> Option<&StoredToken> {
        self.tokens.iter().find(|token| token.secret == secret)
    }

    pub(crate) fn by_secret_mut(&mut self, secret: &str) -> Option<&mut StoredToken> {
        self.tokens.iter_mut().find(|token| token.secret == secret)
    }

    /// Whether another token (not `except`) already has `name`.
    pub(crate) fn name_taken(&self, name: &str, except: Option<i64>) -> bool {
        self.tokens
            .iter()
            .any(|token| token.name == name && Some(token.id) != except)
    }

    pub(crate) fn remove(&mut self, id: i64) -> bool {
        let before = self.tokens.len();
        self.tokens.retain(|token| token.id != id);
        before != self.tokens.len()
    }

    pub(crate) fn all(&self) -> &[StoredToken] {
        &self.tokens
    }
}
