//! Types for putting personal access tokens straight into the fake's state.

use apiclient_core::testkit::{SeedTimes, SeedTimestamps};

/// A token to insert with [`FakeSailPoint::insert_token`](super::FakeSailPoint::insert_token).
///
/// No validation applies, so tests can seed states the API would refuse. Of its [`SeedTimes`]
/// (set with the [`SeedTimestamps`] setters) SailPoint shows `created` (default: the time of
/// insertion), `lastUsed` (for `lastUsed` filters; default: never) and `expirationDate`
/// (default: never; a past one keeps the token from getting access tokens); it keeps no time of
/// change.
///
/// ```
/// use chrono::{Duration, Utc};
/// use sailpoint_common::testkit::{NewPat, SeedTimestamps};
///
/// let a_year_ago = Utc::now() - Duration::days(365);
/// let pat = NewPat::new("reporting")
///     .with_scope(["idn:all-personal-access-tokens:read"])
///     .created_at(a_year_ago)
///     .last_used_at(a_year_ago + Duration::days(1))
///     .expiring_at(Utc::now());
/// assert_eq!(pat.times.created, Some(a_year_ago));
/// assert!(pat.times.last_used.is_some() && pat.times.expires.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPat {
    /// Display name.
    pub name: String,
    /// Scopes (default `["sp:scopes:all"]`).
    pub scope: Vec<String>,
    /// Owner `(identity id, name)`; `None` means the fake's own identity.
    pub owner: Option<(String, String)>,
    /// `created`, `lastUsed` (`last_used`) and `expirationDate` (`expires`).
    pub times: SeedTimes,
    /// `accessTokenValiditySeconds` (default 43200).
    pub access_token_validity_seconds: i64,
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
            times: SeedTimes::default(),
            access_token_validity_seconds: 43_200,
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

impl SeedTimestamps for NewPat {
    fn times_mut(&mut self) -> &mut SeedTimes {
        &mut self.times
    }
}
