//! The `Unknown` variant of a string enum holds an opaque `UnknownValue`: it only ever comes
//! from a string no known variant matches, and it round-trips unchanged.

use apiclient_core::{UnknownValue, string_enum};

string_enum! {
    /// A token's state.
    pub enum TokenState {
        /// Usable.
        Active = "ACTIVE",
        /// Revoked.
        Revoked = "REVOKED",
        /// A wire value with characters JSON escapes.
        Quoted = "a\"b",
    }
}

fn raw(state: &TokenState) -> Option<&UnknownValue> {
    match state {
        TokenState::Unknown(value) => Some(value),
        _ => None,
    }
}

#[test]
fn a_known_string_never_decodes_into_unknown() {
    for known in TokenState::KNOWN {
        let json = serde_json::to_string(known).unwrap();
        // Borrowed, owned (through a `Value`), read from a reader, parsed and converted.
        let borrowed: TokenState = serde_json::from_str(&json).unwrap();
        let owned: TokenState =
            serde_json::from_value(serde_json::Value::from(known.as_str())).unwrap();
        let read: TokenState = serde_json::from_reader(json.as_bytes()).unwrap();
        let parsed: TokenState = known.as_str().parse().unwrap();
        let converted = TokenState::from(known.as_str());
        for decoded in [borrowed, owned, read, parsed, converted] {
            assert_eq!(&decoded, known, "{json}");
            assert!(!decoded.is_unknown(), "{json}");
        }
    }
}

#[test]
fn an_unknown_string_keeps_its_exact_text_and_round_trips() {
    for wire in ["SUSPENDED", "active", "ACTIVE ", "", "ünïcode \"quoted\""] {
        let json = serde_json::to_string(wire).unwrap();
        for decoded in [
            serde_json::from_str::<TokenState>(&json).unwrap(),
            serde_json::from_value(serde_json::Value::from(wire)).unwrap(),
            serde_json::from_reader(json.as_bytes()).unwrap(),
            wire.parse().unwrap(),
        ] {
            let value = raw(&decoded).unwrap_or_else(|| panic!("{wire:?} is unknown"));
            assert_eq!(value.as_str(), wire);
            assert_eq!(value.to_string(), wire);
            assert_eq!(AsRef::<str>::as_ref(value), wire);
            assert_eq!(decoded.as_str(), wire);
            assert_eq!(decoded.to_string(), wire);
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
    }
}

#[test]
fn unknown_values_compare_by_their_text() {
    let a: TokenState = "PAUSED".parse().unwrap();
    let b: TokenState = serde_json::from_str("\"PAUSED\"").unwrap();
    let c: TokenState = "PENDING".parse().unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(a, TokenState::Active);
    assert!(raw(&a) < raw(&c));
}

#[test]
fn values_that_are_not_strings_are_errors() {
    for json in ["5", "null", "[]", "{}", "true"] {
        let err = serde_json::from_str::<TokenState>(json).unwrap_err();
        assert!(err.to_string().contains("a string"), "{json}: {err}");
    }
}
