//! Timestamps: read leniently, written as strict RFC 3339 UTC.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// A point in time as it appears in API models.
///
/// Parsing accepts what real servers send: fractional seconds of any length, a missing seconds
/// field (`2024-01-02T15:04Z`), a missing zone (read as UTC), a space instead of `T`, and any
/// offset (converted to UTC). Output is always strict RFC 3339 in UTC, e.g.
/// `2024-01-02T15:04:05.123Z` (fraction only when non-zero).
///
/// ```
/// use apiclient_core::datetime::Timestamp;
/// let t: Timestamp = "2024-01-02T15:04Z".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-01-02T15:04:00Z");
/// let t: Timestamp = "2024-01-02T15:04:05.123456789".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-01-02T15:04:05.123456789Z");
/// let t: Timestamp = "2024-01-02T17:04:05+02:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-01-02T15:04:05Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

/// A timestamp string that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimestampError {
    /// The text that was given.
    pub input: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a date-time: {:?}", self.input)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        Self(Utc::now())
    }

    /// The inner `chrono` value.
    pub fn into_inner(self) -> DateTime<Utc> {
        self.0
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        parse_lenient(raw.trim())
            .map(Self)
            .ok_or_else(|| TimestampError {
                input: raw.to_owned(),
            })
    }
}

fn parse_lenient(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let s: Cow<'_, str> = if s.contains(' ') {
        Cow::Owned(s.replacen(' ', "T", 1))
    } else {
        Cow::Borrowed(s)
    };
    // With a zone: `Z`, `+hh:mm`, `+hhmm` (seconds optional).
    const ZONED: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%MZ",
    ];
    for format in ZONED {
        if let Ok(t) = DateTime::parse_from_str(&s, format) {
            return Some(t.with_timezone(&Utc));
        }
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, format) {
            return Some(t.and_utc());
        }
    }
    // Without a zone: read as UTC.
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, format) {
            return Some(t.and_utc());
        }
    }
    None
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl Deref for Timestamp {
    type Target = DateTime<Utc>;
    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Self(t)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// Parses the string where the deserializer holds it (borrowed from the input, or its scratch
/// buffer for an escaped string): reading a timestamp allocates nothing.
struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, raw: &str) -> Result<Timestamp, E> {
        raw.parse().map_err(E::custom)
    }
}
