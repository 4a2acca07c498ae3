//! Types for putting access tokens straight into the fake's state, bypassing the API.

use apiclient_core::testkit::{SeedTimes, SeedTimestamps};

/// A token to insert with [`FakeXms::insert_token`](super::FakeXms::insert_token).
///
/// No validation applies (duplicate names are allowed here). Of its [`SeedTimes`] (set with
/// the [`SeedTimestamps`] setters) XMS shows `create` (default: the time of insertion) and
/// `update` (default: the creation time); a time of last use marks the token `used` (XMS keeps
/// only the flag), and an expiry is not kept (XMS tokens do not expire).
///
/// ```
/// use chrono::Utc;
/// use xms_tokens::testkit::{NewToken, SeedTimestamps};
///
/// let token = NewToken::new("backup job")
///     .with_roles(["admin"])
///     .owned_by(7, "ops")
///     .created_at(Utc::now())
///     .updated_at(Utc::now());
/// assert_eq!(token.user, (7, "ops".to_string()));
/// assert!(token.times.created.is_some() && token.times.updated.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Unique name.
    pub name: String,
    /// Free-form description.
    pub description: String,
    /// Roles (free-form strings; default `["admin"]`).
    pub roles: Vec<String>,
    /// Owner `(id, name)`; default the admin user `(1, "admin")`.
    pub user: (i64, String),
    /// `create` (`created`), `update` (`updated`); a `last_used` time sets `used`.
    pub times: SeedTimes,
    /// `used` flag (default `false`; also set by a time of last use).
    pub used: bool,
}

impl NewToken {
    /// A token owned by the admin user with role `admin`.
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("ci");
    /// assert_eq!(token.roles, vec!["admin".to_string()]);
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            roles: vec!["admin".to_owned()],
            user: (1, "admin".to_owned()),
            times: SeedTimes::default(),
            used: false,
        }
    }

    /// Replaces the roles.
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").with_roles(["viewer"]);
    /// assert_eq!(token.roles, vec!["viewer".to_string()]);
    /// ```
    #[must_use]
    pub fn with_roles(mut self, roles: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the description.
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").with_description("nightly");
    /// assert_eq!(token.description, "nightly");
    /// ```
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Sets the owner (lists without `all=true` show only the caller's tokens).
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").owned_by(2, "alice");
    /// assert_eq!(token.user.0, 2);
    /// ```
    #[must_use]
    pub fn owned_by(mut self, id: i64, name: impl Into<String>) -> Self {
        self.user = (id, name.into());
        self
    }

    /// Marks the token as used (or not).
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").with_used(true);
    /// assert!(token.used);
    /// ```
    #[must_use]
    pub fn with_used(mut self, used: bool) -> Self {
        self.used = used;
        self
    }
}

/// A token inserted into the fake: its id and secret (`uuid`, usable as `Xms-Auth-Token`).
///
/// ```no_run
/// # async fn f() {
/// let fake = xms_tokens::testkit::FakeXms::start().await;
/// let seeded = fake.insert_token(xms_tokens::testkit::NewToken::new("ci"));
/// println!("{} {}", seeded.id, seeded.uuid);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededToken {
    /// The token's id.
    pub id: i64,
    /// The secret token value.
    pub uuid: String,
}

impl SeedTimestamps for NewToken {
    fn times_mut(&mut self) -> &mut SeedTimes {
        &mut self.times
    }
}
