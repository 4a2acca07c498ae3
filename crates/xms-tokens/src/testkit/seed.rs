//! Types for putting access tokens straight into the fake's state, bypassing the API.

use chrono::{DateTime, Utc};

/// A token to insert with [`FakeXms::insert_token`](super::FakeXms::insert_token).
///
/// No validation applies (duplicate names are allowed here).
///
/// ```
/// use xms_tokens::testkit::NewToken;
///
/// let token = NewToken::new("backup job").with_roles(["admin"]).owned_by(7, "ops");
/// assert_eq!(token.user, (7, "ops".to_string()));
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
    /// `create` time, `None` for the time of insertion.
    pub create: Option<DateTime<Utc>>,
    /// `update` time, `None` for the `create` time.
    pub update: Option<DateTime<Utc>>,
    /// `used` flag (default `false`).
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
            create: None,
            update: None,
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
}

impl NewToken {
    /// Sets the `create` time (e.g. long ago, for tests of token age).
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").created_at(chrono::Utc::now());
    /// assert!(token.create.is_some());
    /// ```
    #[must_use]
    pub fn created_at(mut self, at: DateTime<Utc>) -> Self {
        self.create = Some(at);
        self
    }

    /// Sets the `update` time.
    ///
    /// ```
    /// let token = xms_tokens::testkit::NewToken::new("x").updated_at(chrono::Utc::now());
    /// assert!(token.update.is_some());
    /// ```
    #[must_use]
    pub fn updated_at(mut self, at: DateTime<Utc>) -> Self {
        self.update = Some(at);
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
