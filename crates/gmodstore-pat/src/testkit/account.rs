//! [`GmodstoreApi`] as an [`AccountApi`]: what makes [`FakeGmodstore`](super::FakeGmodstore) an
//! [`AccountFake`](apiclient_core::testkit::AccountFake).

use apiclient_core::testkit::{AccountApi, AccountState, random_alphanumeric, random_uuid};
use chrono::Utc;

use super::api::GmodstoreApi;
use super::seed::{NewToken, SeededToken};
use super::store::{Store, StoredToken, insert_token};

impl AccountApi for GmodstoreApi {
    type Record = StoredToken;
    type IdArg<'a> = &'a str;
    type NewToken = NewToken;
    type Seeded = SeededToken;
    /// The legacy host's layout: operations add `/v3/me/...`.
    const BASE_PATH: &'static str = "/api";

    fn id_of<'a>(id: &'a &str) -> &'a str {
        id
    }

    fn with_account_token(token: String) -> Self {
        Self::new(token)
    }

    /// Like the vendor's tokens: `<uuid>|<40 alphanumerics>`.
    fn random_account_token() -> String {
        format!("{}|{}", random_uuid(), random_alphanumeric(40))
    }

    fn account(&self) -> &AccountState<Store> {
        &self.state
    }

    fn insert(&self, token: NewToken) -> SeededToken {
        let mut store = self.state.store();
        let times = token.times;
        let created_at = times.created.unwrap_or_else(Utc::now);
        let stored = insert_token(
            &mut store,
            token.name,
            token.abilities,
            times.expires,
            created_at,
        );
        if let Some(record) = store.get_mut(&stored.id) {
            record.columns.last_used_at = times.last_used;
            record.columns.updated_at = times.updated.unwrap_or(created_at);
        }
        SeededToken {
            id: stored.id,
            plain_text_token: stored.secret,
        }
    }

    fn numbered(n: usize) -> NewToken {
        NewToken::new(format!("seeded token {n}"))
    }
}
