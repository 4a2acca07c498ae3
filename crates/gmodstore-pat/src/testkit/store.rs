//! The fake's token table and its cursor pagination.

use apiclient_core::testkit::{
    TableRecord, TokenColumns, TokenRow, TokenTable, base64_decode, base64url_encode,
    random_alphanumeric, random_uuid, vendor_timestamp,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// One personal access token in the fake's table: the [`AccountApi::Record`] of
/// [`GmodstoreApi`](super::GmodstoreApi), read as `PersonalAccessToken` JSON through
/// [`TableRecord::to_json`].
///
/// [`AccountApi::Record`]: apiclient_core::testkit::AccountApi::Record
pub type StoredToken = TokenRow<String, PatColumns>;

/// The GModStore columns of a [`StoredToken`] besides id, secret and name (the fake's own).
#[derive(Debug, Clone)]
pub struct PatColumns {
    pub(crate) seq: u64,
    pub(crate) abilities: Vec<String>,
    pub(crate) last_used_at: Option<DateTime<Utc>>,
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
}

impl TokenColumns for PatColumns {
    /// The `PersonalAccessToken` members after `id` and `name`.
    fn to_json(&self) -> Value {
        json!({
            "abilities": self.abilities,
            "lastUsedAt": self.last_used_at.map(timestamp),
            "expiresAt": self.expires_at.map(timestamp),
            "createdAt": timestamp(self.created_at),
            "updatedAt": timestamp(self.updated_at),
        })
    }
}

/// Formats like the vendor: `2024-01-02T15:04:05.000000Z`.
fn timestamp(at: DateTime<Utc>) -> String {
    vendor_timestamp(at, 6)
}

impl PatColumns {
    pub(crate) fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// A position in the list: after (`next`) or before (`prev`) the token with sequence `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor {
    seq: u64,
    points_to_next: bool,
}

impl Cursor {
    /// The opaque wire form (base64url of a small JSON object, like Laravel's cursors).
    fn encode(self) -> String {
        let raw = json!({"seq": self.seq, "_pointsToNextItems": self.points_to_next});
        base64url_encode(raw.to_string().as_bytes())
    }

    /// Parses the wire form; `None` for anything this fake did not issue.
    pub(crate) fn decode(text: &str) -> Option<Self> {
        let value: Value = serde_json::from_slice(&base64_decode(text)?).ok()?;
        Some(Self {
            seq: value.get("seq")?.as_u64()?,
            points_to_next: value.get("_pointsToNextItems")?.as_bool()?,
        })
    }
}

/// One page of the list, already in wire form.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) items: Vec<Value>,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
}

/// All tokens, in creation order.
pub(crate) type Store = TokenTable<StoredToken>;

/// Adds a token and returns it (with its plain-text secret).
pub(crate) fn insert_token(
    store: &mut Store,
    name: String,
    abilities: Vec<String>,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoredToken {
    store.insert_with(|seq| {
        let id = random_uuid();
        StoredToken {
            secret: format!("{id}|{}", random_alphanumeric(40)),
            id,
            name,
            columns: PatColumns {
                seq,
                abilities,
                last_used_at: None,
                expires_at,
                created_at: now,
                updated_at: now,
            },
        }
    })
}

/// The page of at most `per_page` tokens at `cursor` (the first page without one).
pub(crate) fn list_page(store: &Store, cursor: Option<Cursor>, per_page: usize) -> Page {
    let slice: Vec<&StoredToken> = match cursor {
        None => store.all().iter().take(per_page).collect(),
        Some(Cursor {
            seq,
            points_to_next: true,
        }) => store
            .all()
            .iter()
            .filter(|token| token.columns.seq > seq)
            .take(per_page)
            .collect(),
        Some(Cursor {
            seq,
            points_to_next: false,
        }) => {
            let before: Vec<&StoredToken> = store
                .all()
                .iter()
                .filter(|token| token.columns.seq < seq)
                .collect();
            let skip = before.len().saturating_sub(per_page);
            before.into_iter().skip(skip).collect()
        }
    };
    let (first, last) = match (slice.first(), slice.last()) {
        (Some(first), Some(last)) => (first.columns.seq, last.columns.seq),
        _ => {
            return Page {
                items: Vec::new(),
                prev: None,
                next: None,
            };
        }
    };
    let has_before = store.all().iter().any(|token| token.columns.seq < first);
    let has_after = store.all().iter().any(|token| token.columns.seq > last);
    Page {
        items: slice.iter().map(|token| token.to_json()).collect(),
        prev: has_before.then(|| {
            Cursor {
                seq: first,
                points_to_next: false,
            }
            .encode()
        }),
        next: has_after.then(|| {
            Cursor {
                seq: last,
                points_to_next: true,
            }
            .encode()
        }),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(n: usize) -> Store {
        let mut store = Store::default();
        for i in 0..n {
            insert_token(
                &mut store,
                format!("t{i}"),
                vec!["*".into()],
                None,
                Utc::now(),
            );
        }
        store
    }

    #[test]
    fn pages_forward_and_back() {
        let store = store_with(5);
        let first = list_page(&store, None, 2);
        assert_eq!(first.items.len(), 2);
        assert!(first.prev.is_none());
        let second = list_page(&store, Cursor::decode(first.next.as_deref().unwrap()), 2);
        assert_eq!(second.items[0]["name"], "t2");
        let third = list_page(&store, Cursor::decode(second.next.as_deref().unwrap()), 2);
        assert_eq!(third.items.len(), 1);
        assert!(third.next.is_none());
        let back = list_page(&store, Cursor::decode(third.prev.as_deref().unwrap()), 2);
        assert_eq!(back.items, second.items);
    }

    #[test]
    fn garbage_cursors_are_rejected() {
        assert!(Cursor::decode("!!").is_none());
        assert!(Cursor::decode(&base64url_encode(b"{}")).is_none());
    }

    #[test]
    fn timestamps_have_six_fraction_digits() {
        let at = DateTime::parse_from_rfc3339("2024-01-02T15:04:05Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(at), "2024-01-02T15:04:05.000000Z");
    }
}
