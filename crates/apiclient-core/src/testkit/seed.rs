//! [`SeedTimes`] and [`SeedTimestamps`]: the times a test gives a token it seeds into a fake.

use chrono::{DateTime, Utc};

/// When a seeded token was created, last changed, last used and expires; `None` leaves each
/// to the fake (creation: the time of insertion; change: the creation; use: never; expiry:
/// never). A fake keeps the times its vendor shows and documents what it makes of the others.
///
/// ```
/// use apiclient_core::testkit::SeedTimes;
///
/// let times = SeedTimes::default();
/// assert!(times.created.is_none() && times.expires.is_none());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedTimes {
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// Time of the last change.
    pub updated: Option<DateTime<Utc>>,
    /// Time of the last use.
    pub last_used: Option<DateTime<Utc>>,
    /// Expiry (may be in the past).
    pub expires: Option<DateTime<Utc>>,
}

/// The time setters of a token to seed, over its [`SeedTimes`].
///
/// ```
/// use apiclient_core::testkit::{SeedTimes, SeedTimestamps};
/// use chrono::{Duration, Utc};
///
/// #[derive(Default)]
/// struct Seed { times: SeedTimes }
/// impl SeedTimestamps for Seed {
///     fn times_mut(&mut self) -> &mut SeedTimes { &mut self.times }
/// }
///
/// let a_year_ago = Utc::now() - Duration::days(365);
/// let seed = Seed::default()
///     .created_at(a_year_ago)
///     .updated_at(a_year_ago)
///     .last_used_at(a_year_ago + Duration::days(1))
///     .expiring_at(a_year_ago + Duration::days(2));
/// assert_eq!(seed.times.created, Some(a_year_ago));
/// assert_eq!(seed.times.updated, Some(a_year_ago));
/// assert_eq!(seed.times.last_used, Some(a_year_ago + Duration::days(1)));
/// assert_eq!(seed.times.expires, Some(a_year_ago + Duration::days(2)));
/// ```
pub trait SeedTimestamps: Sized {
    /// The times, for change.
    fn times_mut(&mut self) -> &mut SeedTimes;

    /// Sets the creation time (e.g. long ago, for tests of token age).
    #[must_use]
    fn created_at(mut self, at: DateTime<Utc>) -> Self {
        self.times_mut().created = Some(at);
        self
    }

    /// Sets the time of the last change.
    #[must_use]
    fn updated_at(mut self, at: DateTime<Utc>) -> Self {
        self.times_mut().updated = Some(at);
        self
    }

    /// Sets the time of the last use.
    #[must_use]
    fn last_used_at(mut self, at: DateTime<Utc>) -> Self {
        self.times_mut().last_used = Some(at);
        self
    }

    /// Sets the expiry (may be in the past).
    #[must_use]
    fn expiring_at(mut self, at: DateTime<Utc>) -> Self {
        self.times_mut().expires = Some(at);
        self
    }
}
