//! A string that never shows itself in `Debug`, `Display` or logs.

use secrecy::ExposeSecret;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A secret string: an API key, a client secret, or a token's one-time plain text.
///
/// `Debug` and `Display` print `[REDACTED]`; the value is read only through
/// [`expose_secret`](Self::expose_secret), and the memory is zeroed on drop (via `secrecy`).
/// It serializes as the plain string, because generated request bodies must send it.
///
/// ```
/// use apiclient_core::SecretString;
/// let key = SecretString::from("s3cr3t");
/// assert_eq!(format!("{key:?}"), "[REDACTED]");
/// assert_eq!(key.expose_secret(), "s3cr3t");
/// ```
#[derive(Clone)]
pub struct SecretString(secrecy::SecretString);

impl SecretString {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(secrecy::SecretString::from(value.into()))
    }

    /// The plain value. Call it only where the value must leave the program.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.expose_secret().is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for SecretString {}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}
