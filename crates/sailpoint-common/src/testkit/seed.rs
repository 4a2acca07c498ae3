//! Types for putting personal access tokens straight into the fake's state.

use chrono::{DateTime, Utc};

/// A token to insert with [`FakeSailPoint::insert_token`](super::FakeSailPoint::insert_token).
///
/// No validation applies, so tests can seed states the API would refuse.
///
/// ```
/// use sailpoint_common::testkit::NewPat;
///
/// let pat = NewPat::new("reporting")
///     .with_scope(["idn:all-personal-access-tokens:read"])
///     .last_used_at(chrono::Utc::now());
/// assert!(pat.last_used.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPat {
    /// Display name.
    pub name: String,
    /// Scopes (default `["sp:scopes:all"]`).
    pub scope: Vec<String>,
    /// Owner `(identity id, name)`; `None` means the fake's own identity.
    pub owner: Option<(String, String)>,
    /// Creation time (`created`); `None` means the time it is inserted.
    pub created: Option<DateTime<Utc>>,
    /// Last use, `None` for a never-used token.
    pub last_used: Option<DateTime<Utc>>,
    /// `accessTokenValiditySeconds` (default 43200).
    pub access_token_validity_seconds: i64,
    /// `expirationDate`, `None` for a never-expiring token.
    pub expiration_date: Option<DateTime<Utc>>,
    /// `managed` flag.
    pub managed: bool,
}

impl NewPat {
    /// A never-used, never-expiring token of the fake's identity with scope `sp:scopes:all`.
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("ci");
    /// assert_eq!(pat.access_token_validity_seconds, 43_200);
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            scope: vec!["sp:scopes:all".to_owned()],
            owner: None,
            created: None,
            last_used: None,
            access_token_validity_seconds: 43_200,
            expiration_date: None,
            managed: false,
        }
    }

    /// Replaces the scopes.
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("x").with_scope(["sp:scopes:default"]);
    /// assert_eq!(pat.scope.len(), 1);
    /// ```
    #[must_use]
    pub fn with_scope(mut self, scope: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scope = scope.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the owner identity.
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("x").owned_by("2c91808a", "jane.doe");
    /// assert_eq!(pat.owner.unwrap().1, "jane.doe");
    /// ```
    #[must_use]
    pub fn owned_by(mut self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.owner = Some((id.into(), name.into()));
        self
    }

    /// Sets the creation time, e.g. to seed an aged token (default: when it is inserted).
    ///
    /// ```
    /// use chrono::{Duration, Utc};
    /// use sailpoint_common::testkit::NewPat;
    ///
    /// let a_year_ago = Utc::now() - Duration::days(365);
    /// let pat = NewPat::new("old")
    ///     .created_at(a_year_ago)
    ///     .last_used_at(a_year_ago + Duration::days(1));
    /// assert_eq!(pat.created, Some(a_year_ago));
    /// ```
    #[must_use]
    pub fn created_at(mut self, at: DateTime<Utc>) -> Self {
        self.created = Some(at);
        self
    }

    /// Sets the last-use time (for `lastUsed` filters).
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("x").last_used_at(chrono::Utc::now());
    /// assert!(pat.last_used.is_some());
    /// ```
    #[must_use]
    pub fn last_used_at(mut self, at: DateTime<Utc>) -> Self {
        self.last_used = Some(at);
        self
    }

    /// Sets the expiration date (may be in the past: the token then cannot get access tokens).
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("x").expiring_at(chrono::Utc::now());
    /// assert!(pat.expiration_date.is_some());
    /// ```
    #[must_use]
    pub fn expiring_at(mut self, at: DateTime<Utc>) -> Self {
        self.expiration_date = Some(at);
        self
    }

    /// Sets `accessTokenValiditySeconds` (caps the lifetime of its access tokens).
    ///
    /// ```
    /// let pat = sailpoint_common::testkit::NewPat::new("x").with_validity_seconds(60);
    /// assert_eq!(pat.access_token_validity_seconds, 60);
    /// ```
    #[must_use]
    pub fn with_validity_seconds(mut self, secs: i64) -> Self {
        self.access_token_validity_seconds = secs;
        self
    }
}

/// A token inserted into the fake: its id (= OAuth client id) and secret (= client secret).
///
/// ```no_run
/// # async fn f() {
/// # use sailpoint_common::testkit::{ApiVersion, FakeSailPoint, NewPat};
/// # struct V3;
/// # impl ApiVersion for V3 { const SEGMENT: &'static str = "v3"; }
/// let fake = FakeSailPoint::<V3>::start().await;
/// let seeded = fake.insert_token(NewPat::new("ci"));
/// println!("client_id={} client_secret={}", seeded.id, seeded.secret);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededPat {
    /// Token id, usable as OAuth `client_id`.
    pub id: String,
    /// Token secret, usable as OAuth `client_secret`.
    pub secret: String,
}
