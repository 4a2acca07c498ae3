//! [`AccountFake`]: a running fake of a token API with one account key, over any
//! [`AccountApi`].

use std::fmt;

use serde_json::Value;

use super::api::FakeApi;
use super::server::FakeServer;
use super::table::{AccountState, TableRecord, TokenTable, seed_numbered};

/// A token-managing [`FakeApi`] with one account key and its tokens in a [`TokenTable`]: what
/// a provider tells [`AccountFake`] about itself (its key format, URL prefix and seeds).
///
/// ```
/// use apiclient_core::testkit::{
///     AccountApi, AccountState, FakeApi, FakeRequest, FakeResponse, TableRecord, TokenTable,
/// };
///
/// #[derive(Clone)]
/// struct Key { id: u64, secret: String }
/// impl TableRecord for Key {
///     type Id = u64;
///     fn keys(&self) -> (&u64, &str) { (&self.id, &self.secret) }
///     fn to_json(&self) -> serde_json::Value { serde_json::json!({"id": self.id}) }
/// }
///
/// struct Keys(AccountState<TokenTable<Key>>);
/// impl FakeApi for Keys {
///     fn handle(&self, _: &FakeRequest) -> FakeResponse { FakeResponse::empty(200) }
///     fn rate_limited(&self, _: u64) -> FakeResponse { FakeResponse::empty(429) }
/// }
/// impl AccountApi for Keys {
///     type Record = Key;
///     type IdArg<'a> = u64;
///     type NewToken = String;
///     type Seeded = u64;
///     const BASE_PATH: &'static str = "/v1";
///     fn id_of<'a>(id: &'a u64) -> &'a u64 { id }
///     fn with_account_token(token: String) -> Self { Keys(AccountState::new(token)) }
///     fn random_account_token() -> String { "admin".to_owned() }
///     fn account(&self) -> &AccountState<TokenTable<Key>> { &self.0 }
///     fn insert(&self, secret: String) -> u64 {
///         self.0.store().insert_with(|seq| Key { id: seq, secret }).id
///     }
///     fn numbered(n: usize) -> String { format!("secret-{n}") }
/// }
///
/// let api = Keys::with_account_token("admin".to_owned());
/// assert_eq!(api.insert("s".to_owned()), 1);
/// assert_eq!(api.account().store().len(), 1);
/// ```
pub trait AccountApi: FakeApi + Sized {
    /// The stored token.
    type Record: TableRecord;
    /// How the id-taking methods of [`AccountFake`] name a token: `&'a str` for string ids,
    /// the number itself for numeric ones.
    type IdArg<'a>;
    /// What [`AccountFake::insert_token`] takes.
    type NewToken;
    /// What [`AccountFake::insert_token`] returns: the new token's id and secret.
    type Seeded;
    /// The path a client's base URL adds to the server's root (`"/v1"`), without a trailing
    /// slash.
    const BASE_PATH: &'static str;

    /// The record id that `id` names.
    fn id_of<'a>(id: &'a Self::IdArg<'_>) -> &'a <Self::Record as TableRecord>::Id;

    /// The API with `token` as its account key and no tokens.
    fn with_account_token(token: String) -> Self;

    /// A fresh account key in the vendor's format, for [`AccountFake::start`].
    fn random_account_token() -> String;

    /// The account key and the token table.
    fn account(&self) -> &AccountState<TokenTable<Self::Record>>;

    /// Puts `token` into the table without validation.
    fn insert(&self, token: Self::NewToken) -> Self::Seeded;

    /// The `n`-th token of [`AccountFake::seed_tokens`] (`n` counts from 1).
    fn numbered(n: usize) -> Self::NewToken;
}

/// A running fake of a token API with one account key: a [`FakeServer`] over an
/// [`AccountApi`], with the accessors every such fake has (the provider crates name theirs,
/// e.g. `FakeGmodstore` is `AccountFake<GmodstoreApi>`).
///
/// It dereferences to its [`FakeServer`]: knobs (`knobs()`), request log (`requests()`,
/// `clear_requests()`), address (`uri()`, `address()`) and API state (`api()`) are reached
/// through it. The server stops when the value is dropped.
///
/// ```no_run
/// # async fn f<A: apiclient_core::testkit::AccountApi>() {
/// let fake = apiclient_core::testkit::AccountFake::<A>::start().await;
/// fake.knobs().fail_next(1, 503);
/// println!("{} {}", fake.base_url(), fake.token());
/// # }
/// ```
pub struct AccountFake<A: FakeApi> {
    server: FakeServer<A>,
}

impl<A: FakeApi> fmt::Debug for AccountFake<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountFake")
            .field("server", &self.server)
            .finish()
    }
}

impl<A: FakeApi> std::ops::Deref for AccountFake<A> {
    type Target = FakeServer<A>;

    fn deref(&self) -> &FakeServer<A> {
        &self.server
    }
}

impl<A: AccountApi> AccountFake<A> {
    /// Starts a fake with a random account key (in the vendor's format). Needs a Tokio
    /// runtime.
    pub async fn start() -> Self {
        Self::start_with_token(A::random_account_token()).await
    }

    /// Starts a fake that accepts `token` as the account key.
    pub async fn start_with_token(token: impl Into<String>) -> Self {
        Self {
            server: FakeServer::start(A::with_account_token(token.into())).await,
        }
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>` and the API's
    /// [`BASE_PATH`](AccountApi::BASE_PATH).
    pub fn base_url(&self) -> String {
        format!("{}{}", self.server.uri(), A::BASE_PATH)
    }

    /// The account key, usable for every API call.
    pub fn token(&self) -> &str {
        self.server.api().account().token()
    }

    /// Inserts a token directly (no validation) and returns its id and secret.
    pub fn insert_token(&self, token: A::NewToken) -> A::Seeded {
        self.server.api().insert(token)
    }

    /// Inserts `count` tokens numbered after the existing ones (for pagination).
    pub fn seed_tokens(&self, count: usize) -> Vec<A::Seeded> {
        seed_numbered(self.token_count(), count, |n| {
            self.insert_token(A::numbered(n))
        })
    }

    /// The token's current JSON, as the API would return it (without its secret).
    pub fn token_record(&self, id: A::IdArg<'_>) -> Option<Value> {
        self.server.api().account().store().json(A::id_of(&id))
    }

    /// The token's current secret, e.g. to check that a regeneration replaced it.
    pub fn token_secret(&self, id: A::IdArg<'_>) -> Option<String> {
        let store = self.server.api().account().store();
        store
            .get(A::id_of(&id))
            .map(|token| token.keys().1.to_owned())
    }

    /// All tokens' JSON, in the table's order.
    pub fn token_records(&self) -> Vec<Value> {
        self.server.api().account().store().all_json()
    }

    /// How many tokens exist (the account key not included).
    pub fn token_count(&self) -> usize {
        self.server.api().account().store().len()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{FakeRequest, FakeResponse, TokenColumns, TokenRow};
    use super::*;

    #[derive(Clone)]
    struct Label(String);

    impl TokenColumns for Label {
        fn to_json(&self) -> Value {
            json!({"label": self.0})
        }
    }

    /// A token API with string ids, answering every request with the account key.
    struct Labels(AccountState<TokenTable<TokenRow<String, Label>>>);

    impl FakeApi for Labels {
        fn handle(&self, _: &FakeRequest) -> FakeResponse {
            FakeResponse::json(200, &json!({"token": self.0.token()}))
        }
        fn rate_limited(&self, _: u64) -> FakeResponse {
            FakeResponse::empty(429)
        }
    }

    impl AccountApi for Labels {
        type Record = TokenRow<String, Label>;
        type IdArg<'a> = &'a str;
        type NewToken = &'static str;
        type Seeded = (String, String);
        const BASE_PATH: &'static str = "/api/v2";

        fn id_of<'a>(id: &'a &str) -> &'a str {
            id
        }
        fn with_account_token(token: String) -> Self {
            Self(AccountState::new(token))
        }
        fn random_account_token() -> String {
            "random-key".to_owned()
        }
        fn account(&self) -> &AccountState<TokenTable<Self::Record>> {
            &self.0
        }
        fn insert(&self, name: &'static str) -> (String, String) {
            let row = self.0.store().insert_with(|seq| TokenRow {
                id: format!("id-{seq}"),
                secret: format!("secret-{seq}"),
                name: name.to_owned(),
                columns: Label(name.to_uppercase()),
            });
            (row.id, row.secret)
        }
        fn numbered(n: usize) -> &'static str {
            ["zero", "one", "two", "three"][n]
        }
    }

    #[tokio::test]
    async fn accessors_reach_the_api_and_its_table() {
        let fake = AccountFake::<Labels>::start().await;
        assert_eq!(fake.token(), "random-key");
        assert_eq!(fake.base_url(), format!("{}/api/v2", fake.uri()));

        let fake = AccountFake::<Labels>::start_with_token("key").await;
        assert_eq!(fake.token(), "key");
        let seeded = fake.insert_token("first");
        assert_eq!(seeded, ("id-1".to_owned(), "secret-1".to_owned()));
        let more = fake.seed_tokens(2);
        assert_eq!(more[1], ("id-3".to_owned(), "secret-3".to_owned()));

        assert_eq!(fake.token_count(), 3);
        assert_eq!(
            fake.token_record(&seeded.0),
            Some(json!({"id": "id-1", "name": "first", "label": "FIRST"}))
        );
        assert_eq!(fake.token_record("id-9"), None);
        assert_eq!(fake.token_secret(&more[0].0).as_deref(), Some("secret-2"));
        assert_eq!(fake.token_secret("id-9"), None);
        let names: Vec<Value> = fake
            .token_records()
            .iter()
            .map(|record| record["name"].clone())
            .collect();
        assert_eq!(names, [json!("first"), json!("two"), json!("three")]);
        assert!(format!("{fake:?}").starts_with("AccountFake"));
        assert!(fake.requests().is_empty(), "the fake is its FakeServer too");
    }
}
