//! Three-state optional fields: absent, explicitly `null`, or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that can be left out, sent as `null`, or sent with a value.
///
/// Generated request models use it for properties that are both optional and nullable, such as
/// an expiry date where "leave unchanged", "never expires" and "expires then" differ. Pair it
/// with `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
///
/// ```
/// use apiclient_core::Nullable;
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Update {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     expires_at: Nullable<String>,
/// }
/// let body = |v| serde_json::to_string(&Update { expires_at: v }).unwrap();
/// assert_eq!(body(Nullable::Absent), "{}");
/// assert_eq!(body(Nullable::Null), r#"{"expires_at":null}"#);
/// assert_eq!(body(Nullable::Value("x".into())), r#"{"expires_at":"x"}"#);
/// let parsed: Update = serde_json::from_str("{}").unwrap();
/// assert_eq!(parsed.expires_at, Nullable::Absent);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Nullable<T> {
    /// Not sent at all (the server keeps its current value).
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `None` for absent, `Some(None)` for null, `Some(Some(v))` for a value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Self::Absent => None,
            Self::Null => Some(None),
            Self::Value(v) => Some(Some(v)),
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null` (an explicit clear), `Some(v)` becomes `Value(v)`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => v.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Self::Null, Self::Value))
    }
}
