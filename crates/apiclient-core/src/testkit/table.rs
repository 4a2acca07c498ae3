//! [`TokenTable`] and [`AccountState`]: the state a token-managing fake keeps.

use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use super::util::lock;

/// A record a [`TokenTable`] holds: found by its id and by its secret, shown as JSON.
pub trait TableRecord: Clone {
    /// The id type (`str` for string ids, `i64` for numeric ones).
    type Id: PartialEq + ?Sized;

    /// The record's id and the secret a caller presents to authenticate as this record.
    fn keys(&self) -> (&Self::Id, &str);

    /// The record as the API shows it (without its secret).
    fn to_json(&self) -> Value;
}

/// Records in insertion order, each given the next sequence number (1, 2, …) when inserted.
///
/// ```
/// use apiclient_core::testkit::{TableRecord, TokenTable};
///
/// #[derive(Clone)]
/// struct Key { id: u64, secret: String }
///
/// impl TableRecord for Key {
///     type Id = u64;
///     fn keys(&self) -> (&u64, &str) { (&self.id, &self.secret) }
///     fn to_json(&self) -> serde_json::Value { serde_json::json!({"id": self.id}) }
/// }
///
/// let mut table = TokenTable::default();
/// let key = table.insert_with(|seq| Key { id: seq, secret: format!("s{seq}") });
/// assert_eq!(key.id, 1);
/// assert!(table.by_secret("s1").is_some());
/// assert_eq!(table.json(&1), Some(serde_json::json!({"id": 1})));
/// assert_eq!(table.all_json().len(), table.len());
/// assert!(table.remove(&1));
/// assert!(table.all().is_empty());
/// ```
#[derive(Debug)]
pub struct TokenTable<R> {
    last_seq: u64,
    records: Vec<R>,
}

impl<R> Default for TokenTable<R> {
    fn default() -> Self {
        Self {
            last_seq: 0,
            records: Vec::new(),
        }
    }
}

impl<R: TableRecord> TokenTable<R> {
    /// Builds a record from the next sequence number, stores it and returns a copy.
    pub fn insert_with(&mut self, build: impl FnOnce(u64) -> R) -> R {
        self.last_seq += 1;
        let record = build(self.last_seq);
        self.records.push(record.clone());
        record
    }

    /// The record with `id`.
    pub fn get(&self, id: &R::Id) -> Option<&R> {
        self.records.iter().find(|record| record.keys().0 == id)
    }

    /// The record with `id`, for change.
    pub fn get_mut(&mut self, id: &R::Id) -> Option<&mut R> {
        self.records.iter_mut().find(|record| record.keys().0 == id)
    }

    /// The record whose secret is `secret`.
    pub fn by_secret(&self, secret: &str) -> Option<&R> {
        self.records.iter().find(|record| record.keys().1 == secret)
    }

    /// The record whose secret is `secret`, for change.
    pub fn by_secret_mut(&mut self, secret: &str) -> Option<&mut R> {
        self.records
            .iter_mut()
            .find(|record| record.keys().1 == secret)
    }

    /// Removes the record with `id`; whether there was one.
    pub fn remove(&mut self, id: &R::Id) -> bool {
        let before = self.records.len();
        self.records.retain(|record| record.keys().0 != id);
        self.records.len() != before
    }

    /// All records, in insertion order.
    pub fn all(&self) -> &[R] {
        &self.records
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The JSON of the record with `id`.
    pub fn json(&self, id: &R::Id) -> Option<Value> {
        self.get(id).map(R::to_json)
    }

    /// The JSON of every record, in insertion order.
    pub fn all_json(&self) -> Vec<Value> {
        self.records.iter().map(R::to_json).collect()
    }
}

/// Inserts `count` seeds numbered after the `existing` records (`existing + 1`, `existing + 2`,
/// …) with `insert`, and returns what it returned: the body of a fake's `seed_tokens`.
///
/// ```
/// let names = apiclient_core::testkit::seed_numbered(2, 3, |n| format!("seeded {n}"));
/// assert_eq!(names, ["seeded 3", "seeded 4", "seeded 5"]);
/// ```
pub fn seed_numbered<T>(existing: usize, count: usize, insert: impl FnMut(usize) -> T) -> Vec<T> {
    (existing + 1..=existing + count).map(insert).collect()
}

/// The account key a fake accepts and its state behind a lock.
///
/// ```
/// let state = apiclient_core::testkit::AccountState::<Vec<u8>>::new("key");
/// state.store().push(1);
/// assert_eq!(state.token(), "key");
/// assert_eq!(*state.store(), vec![1]);
/// ```
#[derive(Debug)]
pub struct AccountState<S> {
    token: String,
    store: Mutex<S>,
}

impl<S: Default> AccountState<S> {
    /// Empty state accepting `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            store: Mutex::new(S::default()),
        }
    }
}

impl<S> AccountState<S> {
    /// The account key.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The state, locked (a poisoned lock is recovered).
    pub fn store(&self) -> MutexGuard<'_, S> {
        lock(&self.store)
    }
}
