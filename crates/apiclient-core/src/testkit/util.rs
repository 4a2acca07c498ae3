//! Small helpers shared by the API fakes: poison-tolerant locking and random identifiers.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`, recovering the data if a previous holder panicked.
///
/// A fake must keep answering after a test thread panicked while holding its state, so a
/// poisoned lock is treated as a normal one.
///
/// ```
/// use std::sync::Mutex;
/// use apiclient_core::testkit::lock;
///
/// let state = Mutex::new(1);
/// *lock(&state) += 1;
/// assert_eq!(*lock(&state), 2);
/// ```
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A random lower-case hexadecimal string of `len` characters.
///
/// ```
/// let id = apiclient_core::testkit::random_hex(32);
/// assert_eq!(id.len(), 32);
/// assert!(id.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
/// ```
pub fn random_hex(len: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..len)
        .map(|_| char::from(HEX[fastrand::usize(..HEX.len())]))
        .collect()
}

/// A random string of `len` ASCII letters and digits, suitable for secrets.
///
/// ```
/// let secret = apiclient_core::testkit::random_alphanumeric(40);
/// assert_eq!(secret.len(), 40);
/// assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
/// ```
pub fn random_alphanumeric(len: usize) -> String {
    (0..len).map(|_| fastrand::alphanumeric()).collect()
}

/// A random version-4 UUID in its hyphenated lower-case form.
///
/// ```
/// let id = apiclient_core::testkit::random_uuid();
/// assert_eq!(id.len(), 36);
/// assert_eq!(&id[14..15], "4");
/// ```
pub fn random_uuid() -> String {
    let mut bytes: [u8; 16] = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Encodes `bytes` as unpadded base64url (the alphabet of JWT segments).
///
/// ```
/// assert_eq!(apiclient_core::testkit::base64url_encode(b"hi?"), "aGk_");
/// ```
pub fn base64url_encode(bytes: &[u8]) -> String {
    encode_with(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    )
}

fn encode_with(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for sextet in sextets.iter().take(chunk.len() + 1) {
            out.push(char::from(alphabet[*sextet as usize]));
        }
    }
    out
}

/// Decodes standard or url-safe base64, padded or not; `None` when the input is not base64.
///
/// ```
/// use apiclient_core::testkit::base64_decode;
///
/// assert_eq!(base64_decode("dXNlcjpwYXNz").as_deref(), Some(&b"user:pass"[..]));
/// assert_eq!(base64_decode("aGk_").as_deref(), Some(&b"hi?"[..]));
/// assert_eq!(base64_decode("not base64!"), None);
/// ```
pub fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let trimmed = input.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in trimmed.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

/// Formats `at` the way a vendor's server writes time: RFC 3339 in UTC with exactly
/// `fraction_digits` (3, 6 or 9; anything else means 0) digits of fractional seconds.
///
/// ```
/// use apiclient_core::chrono::{TimeZone, Utc};
/// use apiclient_core::testkit::vendor_timestamp;
/// let at = Utc.with_ymd_and_hms(2024, 1, 2, 15, 4, 5).unwrap();
/// assert_eq!(vendor_timestamp(at, 6), "2024-01-02T15:04:05.000000Z");
/// assert_eq!(vendor_timestamp(at, 3), "2024-01-02T15:04:05.000Z");
/// assert_eq!(vendor_timestamp(at, 0), "2024-01-02T15:04:05Z");
/// ```
pub fn vendor_timestamp(at: chrono::DateTime<chrono::Utc>, fraction_digits: u8) -> String {
    let fraction = match fraction_digits {
        3 => "%.3f",
        6 => "%.6f",
        9 => "%.9f",
        _ => "",
    };
    at.format(&format!("%Y-%m-%dT%H:%M:%S{fraction}Z"))
        .to_string()
}

/// Reads a date-time as leniently as the clients do ([`Timestamp`](crate::Timestamp)):
/// any fraction length, missing seconds, missing zone (UTC).
///
/// ```
/// use apiclient_core::testkit::parse_timestamp;
/// assert!(parse_timestamp("2024-01-02T15:04Z").is_some());
/// assert!(parse_timestamp("yesterday").is_none());
/// ```
pub fn parse_timestamp(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    text.parse::<crate::Timestamp>()
        .ok()
        .map(crate::Timestamp::into_inner)
}

/// Makes the rustls crypto provider this crate uses (*ring*) the process default, once, so
/// that HTTP clients a test builds itself (a plain `reqwest::Client` talking to a fake) find
/// one: this crate builds reqwest without a provider of its own. Harmless when one is already
/// installed; without a rustls feature it does nothing.
///
/// ```
/// apiclient_core::testkit::install_tls_provider();
/// apiclient_core::testkit::install_tls_provider();
/// ```
pub fn install_tls_provider() {
    #[cfg(any(feature = "rustls", feature = "rustls-native-roots"))]
    {
        // `Err` only when a provider is installed already, which is what is wanted.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for len in 0..20 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let encoded = base64url_encode(&data);
            assert_eq!(base64_decode(&encoded), Some(data));
        }
    }

    #[test]
    fn uuids_are_distinct_and_well_formed() {
        let a = random_uuid();
        let b = random_uuid();
        assert_ne!(a, b);
        assert_eq!(a.matches('-').count(), 4);
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn poisoned_lock_is_recovered() {
        let m = std::sync::Arc::new(Mutex::new(5));
        let m2 = m.clone();
        let _ = std::thread::spawn(move || {
            let _guard = m2.lock();
            panic!("poison");
        })
        .join();
        assert!(m.is_poisoned());
        assert_eq!(*lock(&m), 5);
    }
}
