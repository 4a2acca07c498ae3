//! Timestamps: SailPoint writes `2024-01-02T15:04:05.123Z` and is lenient when reading.

use chrono::{DateTime, Utc};

/// Formats with millisecond precision and a `Z` zone.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    apiclient_core::testkit::vendor_timestamp(at, 3)
}

/// Parses RFC 3339, also without seconds or without a zone (read as UTC).
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    apiclient_core::testkit::parse_timestamp(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_parsing() {
        for text in [
            "2024-01-02T15:04:05.123Z",
            "2024-01-02T15:04:05.123456+00:00",
            "2024-01-02T15:04Z",
            "2024-01-02T15:04:05.123",
            "2024-01-02T15:04",
        ] {
            assert!(parse(text).is_some(), "{text}");
        }
        assert!(parse("yesterday").is_none());
        let at = parse("2024-01-02T15:04:05Z").unwrap();
        assert_eq!(timestamp(at), "2024-01-02T15:04:05.000Z");
    }
}
