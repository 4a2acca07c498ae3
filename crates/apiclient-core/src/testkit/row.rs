//! [`TokenRow`]: the record most token tables hold — id, secret and name, which every token API
//! has, plus the provider's own columns.

use serde::Serialize;
use serde_json::{Map, Value};

use super::table::TableRecord;

/// The id type of a [`TokenRow`]: what it is stored as and what a [`TokenTable`] finds it by.
///
/// [`TokenTable`]: super::TokenTable
pub trait RowId: Clone + Serialize {
    /// What lookups take (`str` for a `String` id).
    type Key: PartialEq + ?Sized;

    /// The id as a lookup key.
    fn key(&self) -> &Self::Key;
}

impl RowId for String {
    type Key = str;

    fn key(&self) -> &str {
        self
    }
}

impl RowId for i64 {
    type Key = i64;

    fn key(&self) -> &i64 {
        self
    }
}

/// The provider's own columns of a [`TokenRow`].
pub trait TokenColumns: Clone {
    /// The columns as the API shows them: a JSON object whose members follow `id` and `name`.
    fn to_json(&self) -> Value;
}

/// A stored token: the id and secret a [`TokenTable`](super::TokenTable) finds it by, its name,
/// and the provider's own columns `C`. Its JSON is `{"id", "name", ..C::to_json()}`; the
/// secret is never shown.
///
/// ```
/// use apiclient_core::testkit::{TableRecord, TokenColumns, TokenRow, TokenTable};
/// use serde_json::{Value, json};
///
/// #[derive(Clone)]
/// struct Roles(Vec<String>);
/// impl TokenColumns for Roles {
///     fn to_json(&self) -> Value { json!({"roles": self.0}) }
/// }
///
/// let mut table = TokenTable::default();
/// table.insert_with(|seq| TokenRow {
///     id: i64::try_from(seq).unwrap(),
///     secret: "s3cr3t".to_owned(),
///     name: "ci".to_owned(),
///     columns: Roles(vec!["admin".to_owned()]),
/// });
/// assert_eq!(table.json(&1), Some(json!({"id": 1, "name": "ci", "roles": ["admin"]})));
/// assert_eq!(table.by_secret("s3cr3t").map(|row| row.name.as_str()), Some("ci"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow<I, C> {
    /// The id.
    pub id: I,
    /// The secret a caller presents to authenticate as this token.
    pub secret: String,
    /// The display name.
    pub name: String,
    /// The provider's own columns.
    pub columns: C,
}

impl<I: RowId, C: TokenColumns> TableRecord for TokenRow<I, C> {
    type Id = I::Key;

    fn keys(&self) -> (&I::Key, &str) {
        (self.id.key(), &self.secret)
    }

    fn to_json(&self) -> Value {
        let mut json = Map::new();
        json.insert(
            "id".to_owned(),
            serde_json::to_value(&self.id).unwrap_or_default(),
        );
        json.insert("name".to_owned(), Value::String(self.name.clone()));
        if let Value::Object(columns) = self.columns.to_json() {
            json.extend(columns);
        }
        Value::Object(json)
    }
}
