//! Types for putting tokens straight into the fake's state, bypassing the API.

use apiclient_core::testkit::{SeedTimes, SeedTimestamps};

/// A token to insert with [`FakeGmodstore::insert_token`](super::FakeGmodstore).
///
/// No validation applies, so tests can seed states the API would refuse (e.g. already expired).
/// Its [`SeedTimes`] (set with the [`SeedTimestamps`] setters) are shown as `createdAt` (default:
/// the time of insertion), `updatedAt` (default: the creation time), `lastUsedAt` and
/// `expiresAt` (default: never).
///
/// ```
/// use chrono::Utc;
/// use gmodstore_pat::testkit::{NewToken, SeedTimestamps};
///
/// let token = NewToken::new("ci deploy")
///     .with_abilities(["products:read"])
///     .created_at(Utc::now())
///     .last_used_at(Utc::now())
///     .expiring_at(Utc::now());
/// assert_eq!(token.abilities, vec!["products:read".to_string()]);
/// assert!(token.times.created.is_some() && token.times.expires.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Display name.
    pub name: String,
    /// Granted abilities (default: `personal-access-tokens:read` and `:write`).
    pub abilities: Vec<String>,
    /// Creation, change, last use and expiry.
    pub times: SeedTimes,
}

impl NewToken {
    /// A non-expiring, never-used token allowed to manage personal access tokens.
    ///
    /// ```
    /// let token = gmodstore_pat::testkit::NewToken::new("laptop");
    /// assert!(token.times.expires.is_none());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            abilities: vec![
                "personal-access-tokens:read".to_owned(),
                "personal-access-tokens:write".to_owned(),
            ],
            times: SeedTimes::default(),
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

impl SeedTimestamps for NewToken {
    fn times_mut(&mut self) -> &mut SeedTimes {
        &mut self.times
    }
}
