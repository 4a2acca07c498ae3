//! Item 8: Serde support for generated models: lenient date-time parsing with strict RFC 3339
//! output, forward-compatible string enums, and three-state optional-and-nullable fields.

use apiclient_core::datetime::{Timestamp, TimestampError};
use apiclient_core::{Nullable, string_enum};
use serde::{Deserialize, Serialize};

fn ts(s: &str) -> String {
    s.parse::<Timestamp>()
        .unwrap_or_else(|e| panic!("{s:?}: {e}"))
        .to_string()
}

#[test]
fn date_times_are_read_leniently() {
    // Fractional seconds of any length.
    assert_eq!(ts("2024-01-02T15:04:05Z"), "2024-01-02T15:04:05Z");
    assert_eq!(ts("2024-01-02T15:04:05.1Z"), "2024-01-02T15:04:05.100Z");
    assert_eq!(ts("2024-01-02T15:04:05.12Z"), "2024-01-02T15:04:05.120Z");
    assert_eq!(ts("2023-02-05T10:59:27.214Z"), "2023-02-05T10:59:27.214Z");
    assert_eq!(
        ts("2024-01-02T15:04:05.1234Z"),
        "2024-01-02T15:04:05.123400Z"
    );
    assert_eq!(
        ts("2024-01-02T15:04:05.123456Z"),
        "2024-01-02T15:04:05.123456Z"
    );
    assert_eq!(
        ts("2024-01-02T15:04:05.123456789Z"),
        "2024-01-02T15:04:05.123456789Z"
    );
    // Missing seconds.
    assert_eq!(ts("2024-01-02T15:04Z"), "2024-01-02T15:04:00Z");
    assert_eq!(ts("2024-01-02T15:04+01:00"), "2024-01-02T14:04:00Z");
    // Missing zone: UTC.
    assert_eq!(ts("2024-01-02T15:04:05"), "2024-01-02T15:04:05Z");
    assert_eq!(ts("2024-01-02T15:04:05.5"), "2024-01-02T15:04:05.500Z");
    assert_eq!(ts("2024-01-02T15:04"), "2024-01-02T15:04:00Z");
    // Offsets in several spellings, converted to UTC; a space instead of `T`.
    assert_eq!(ts("2024-01-02T17:04:05+02:00"), "2024-01-02T15:04:05Z");
    assert_eq!(ts("2024-01-02T17:04:05+0200"), "2024-01-02T15:04:05Z");
    assert_eq!(
        ts("2024-01-02T10:04:05.25-05:00"),
        "2024-01-02T15:04:05.250Z"
    );
    assert_eq!(ts("2024-01-02 15:04:05Z"), "2024-01-02T15:04:05Z");
    assert_eq!(ts("  2024-01-02T15:04:05Z "), "2024-01-02T15:04:05Z");
}

#[test]
fn invalid_date_times_are_errors() {
    for bad in [
        "",
        "yesterday",
        "2024-13-01T00:00:00Z",
        "2024-01-02",
        "2024-01-02T25:00Z",
    ] {
        let err: TimestampError = bad.parse::<Timestamp>().unwrap_err();
        assert_eq!(err.input, bad);
        assert!(err.to_string().contains("not a date-time"));
    }
    let err = serde_json::from_str::<Timestamp>("\"nope\"").unwrap_err();
    assert!(err.to_string().contains("nope"));
}

#[test]
fn date_times_round_trip_through_serde_strictly() {
    #[derive(Serialize, Deserialize)]
    struct Token {
        #[serde(rename = "expiresAt")]
        expires_at: Timestamp,
        #[serde(rename = "lastUsed")]
        last_used: Option<Timestamp>,
    }
    let token: Token =
        serde_json::from_str(r#"{"expiresAt":"2024-01-02T15:04","lastUsed":null}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&token).unwrap(),
        r#"{"expiresAt":"2024-01-02T15:04:00Z","lastUsed":null}"#
    );
    // Output is strict RFC 3339: chrono's parser accepts it back unchanged.
    let out = token.expires_at.to_string();
    let strict = chrono::DateTime::parse_from_rfc3339(&out).unwrap();
    assert_eq!(
        Timestamp::from(strict.with_timezone(&chrono::Utc)),
        token.expires_at
    );
    // Conversions.
    let inner: chrono::DateTime<chrono::Utc> = token.expires_at.into();
    assert_eq!(inner.timestamp(), token.expires_at.timestamp());
    assert!(Timestamp::now() > token.expires_at);
}

string_enum! {
    /// A token's state.
    pub enum TokenState {
        /// Usable.
        Active = "ACTIVE",
        /// Revoked.
        Revoked = "REVOKED",
    }
}

#[test]
fn string_enums_keep_unknown_values_and_round_trip() {
    let known: TokenState = serde_json::from_str("\"ACTIVE\"").unwrap();
    assert_eq!(known, TokenState::Active);
    assert!(!known.is_unknown());
    let unknown: TokenState = serde_json::from_str("\"SUSPENDED\"").unwrap();
    assert!(matches!(&unknown, TokenState::Unknown(raw) if raw.as_str() == "SUSPENDED"));
    assert!(unknown.is_unknown());
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"SUSPENDED\"");
    assert_eq!(unknown.to_string(), "SUSPENDED");
    assert_eq!(TokenState::Revoked.as_str(), "REVOKED");
    assert_eq!(
        "REVOKED".parse::<TokenState>().unwrap(),
        TokenState::Revoked
    );
    assert_eq!(TokenState::from("ACTIVE"), TokenState::Active);
    assert_eq!(
        TokenState::KNOWN,
        &[TokenState::Active, TokenState::Revoked]
    );
    // Case matters: the wire value is kept exactly.
    let lower: TokenState = serde_json::from_str("\"active\"").unwrap();
    assert_eq!(serde_json::to_string(&lower).unwrap(), "\"active\"");
    // In a list, inside a model.
    let list: Vec<TokenState> = serde_json::from_str(r#"["ACTIVE","NEW","REVOKED"]"#).unwrap();
    assert_eq!(
        serde_json::to_string(&list).unwrap(),
        r#"["ACTIVE","NEW","REVOKED"]"#
    );
    // Not a string: an error, not a panic.
    assert!(serde_json::from_str::<TokenState>("5").is_err());
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct UpdateToken {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    name: Nullable<String>,
    #[serde(
        rename = "expiresAt",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    expires_at: Nullable<Timestamp>,
}

#[test]
fn nullable_fields_have_three_states() {
    let t: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
    let cases = [
        (Nullable::Absent, "{}"),
        (Nullable::Null, r#"{"expiresAt":null}"#),
        (
            Nullable::Value(t),
            r#"{"expiresAt":"2030-01-01T00:00:00Z"}"#,
        ),
    ];
    for (state, json) in cases {
        let update = UpdateToken {
            name: Nullable::Absent,
            expires_at: state,
        };
        assert_eq!(serde_json::to_string(&update).unwrap(), json);
        assert_eq!(serde_json::from_str::<UpdateToken>(json).unwrap(), update);
    }
    let parsed: UpdateToken = serde_json::from_str(r#"{"name":"x"}"#).unwrap();
    assert_eq!(parsed.name.as_value().map(String::as_str), Some("x"));
    assert_eq!(
        parsed.name.clone().into_option(),
        Some(Some("x".to_owned()))
    );
    assert_eq!(Nullable::<u8>::Null.into_option(), Some(None));
    assert_eq!(Nullable::<u8>::Absent.into_option(), None);
    assert_eq!(Nullable::from(None::<u8>), Nullable::Null);
    assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
}
