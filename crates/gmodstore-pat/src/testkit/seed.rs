//! Types for putting tokens straight into the fake's state, bypassing the API.

use chrono::{DateTime, Utc};

/// A token to insert with [`FakeGmodstore::insert_token`](super::FakeGmodstore::insert_token).
///
/// No validation applies, so tests can seed states the API would refuse (e.g. already expired).
///
/// ```
/// use gmodstore_pat::testkit::NewToken;
///
/// let token = NewToken::new("ci deploy").with_abilities(["products:read"]);
/// assert_eq!(token.abilities, vec!["products:read".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Display name.
    pub name: String,
    /// Granted abilities (default: `personal-access-tokens:read` and `:write`).
    pub abilities: Vec<String>,
    /// Expiry, `None` for a token that never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Last use, `None` for a never-used token.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Creation time (also the `updatedAt`), `None` for the time of insertion.
    pub created_at: Option<DateTime<Utc>>,
}

impl NewToken {
    /// A non-expiring, never-used token allowed to manage personal access tokens.
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("laptop");
    /// assert!(token.expires_at.is_none());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            abilities: vec![
                "personal-access-tokens:read".to_owned(),
                "personal-access-tokens:write".to_owned(),
            ],
            expires_at: None,
            last_used_at: None,
            created_at: None,
        }
    }

    /// Replaces the abilities.
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("x").with_abilities(["*"]);
    /// assert_eq!(token.abilities, vec!["*".to_string()]);
    /// ```
    #[must_use]
    pub fn with_abilities(
        mut self,
        abilities: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.abilities = abilities.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the expiry (may be in the past).
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("x").expiring_at(chrono::Utc::now());
    /// assert!(token.expires_at.is_some());
    /// ```
    #[must_use]
    pub fn expiring_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// Sets the last-use time.
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("x").last_used_at(chrono::Utc::now());
    /// assert!(token.last_used_at.is_some());
    /// ```
    #[must_use]
    pub fn last_used_at(mut self, at: DateTime<Utc>) -> Self {
        self.last_used_at = Some(at);
        self
    }
}

impl NewToken {
    /// Sets the creation time (e.g. long ago, for tests of token age).
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("x").created_at(chrono::Utc::now());
    /// assert!(token.created_at.is_some());
    /// ```
    #[must_use]
    pub fn created_at(mut self, at: DateTime<Utc>) -> Self {
        self.created_at = Some(at);
        self
    }
}

/// A token inserted into the fake: its id and the secret usable as a bearer token.
///
/// ```no_run
/// # async fn f() {
/// let fake = gmodstore_pat::testkit::FakeGmodstore::start().await;
/// let seeded = fake.insert_token(gmodstore_pat::testkit::NewToken::new("ci"));
/// let auth = format!("Bearer {}", seeded.plain_text_token);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededToken {
    /// The token's uuid.
    pub id: String,
    /// The secret, accepted by the fake as `Authorization: Bearer <secret>`.
    pub plain_text_token: String,
}
