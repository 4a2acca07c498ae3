//! Timestamps: SailPoint writes `2024-01-02T15:04:05.123Z` and is lenient when reading.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Formats with millisecond precision and a `Z` zone.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Parses RFC 3339, also without seconds or without a zone (read as UTC).
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%#z") {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
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
