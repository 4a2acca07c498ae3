//! [`XmsApi`] as an [`AccountApi`]: what makes [`FakeXms`](super::FakeXms) an
//! [`AccountFake`](apiclient_core::testkit::AccountFake).

use apiclient_core::testkit::{AccountApi, AccountState, random_hex};

use super::api::XmsApi;
use super::seed::{NewToken, SeededToken};
use super::store::{Store, StoredToken, insert_token};

impl AccountApi for XmsApi {
    type Record = StoredToken;
    type IdArg<'a> = i64;
    type NewToken = NewToken;
    type Seeded = SeededToken;
    const BASE_PATH: &'static str = "/v1";

    fn id_of(id: &i64) -> &i64 {
        id
    }

    fn with_account_token(token: String) -> Self {
        Self::new(token)
    }

    fn random_account_token() -> String {
        random_hex(32)
    }

    fn account(&self) -> &AccountState<Store> {
        &self.state
    }

    fn insert(&self, token: NewToken) -> SeededToken {
        let mut store = self.state.store();
        let stored = insert_token(
            &mut store,
            token.name,
            token.description,
            token.roles,
            token.user,
        );
        let times = token.times;
        if let Some(record) = store.get_mut(&stored.id) {
            record.columns.created = times.created.unwrap_or(record.columns.created);
            record.columns.updated = times
                .updated
                .or(times.created)
                .unwrap_or(record.columns.updated);
            record.columns.used = token.used || times.last_used.is_some();
        }
        SeededToken {
            id: stored.id,
            uuid: stored.secret,
        }
    }

    fn numbered(n: usize) -> NewToken {
        NewToken::new(format!("seeded-token-{n}"))
    }
}
