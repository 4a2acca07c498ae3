//! The four providers' in-process fakes (the crates' `testkit` features), seeded with tokens
//! of a given age, use, expiry and scopes: what `patctl demo` runs on, and what tests point
//! the binary at.

use apiclient_core::testkit::SeedTimes;
use chrono::{DateTime, Utc};
use gmodstore_pat::testkit::{FakeGmodstore, NewToken as GmodstoreToken};
use sailpoint_common::testkit::{ApiVersion, FakeSailPoint};
use xms_tokens::testkit::{FakeXms, NewToken as XmsToken};

use crate::config::TenantSettings;
use crate::record::Provider;

/// A token to seed into a fake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// Name.
    pub name: String,
    /// Scopes (GModStore abilities, XMS roles, SailPoint scopes).
    pub scopes: Vec<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Last use, `None` for never used (XMS keeps only whether it was used).
    pub last_used: Option<DateTime<Utc>>,
    /// Expiry, `None` for never (XMS tokens do not expire).
    pub expires: Option<DateTime<Utc>>,
}

impl Seed {
    /// A never-used, never-expiring token created now with these scopes.
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        Self {
            name: name.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            created: Utc::now(),
            last_used: None,
            expires: None,
        }
    }

    /// Sets the creation time.
    #[must_use]
    pub fn created(mut self, at: DateTime<Utc>) -> Self {
        self.created = at;
        self
    }

    /// Sets the last use.
    #[must_use]
    pub fn last_used(mut self, at: DateTime<Utc>) -> Self {
        self.last_used = Some(at);
        self
    }

    /// Sets the expiry.
    #[must_use]
    pub fn expires(mut self, at: DateTime<Utc>) -> Self {
        self.expires = Some(at);
        self
    }

    /// The times to give a provider's seed (each keeps the ones its vendor shows).
    fn times(&self) -> SeedTimes {
        SeedTimes {
            created: Some(self.created),
            updated: None,
            last_used: self.last_used,
            expires: self.expires,
        }
    }
}

/// The four fakes, running on 127.0.0.1 until dropped.
#[derive(Debug)]
pub struct Fakes {
    /// GModStore.
    pub gmodstore: FakeGmodstore,
    /// XMS.
    pub xms: FakeXms,
    /// SailPoint, API v3.
    pub sailpoint_v3: sailpoint_pat_v3::testkit::FakeSailPoint,
    /// SailPoint, API v2024 (a tenant of its own).
    pub sailpoint_v2024: sailpoint_pat_v2024::testkit::FakeSailPoint,
}

/// The SailPoint token for `seed`.
fn sailpoint_pat(seed: &Seed) -> sailpoint_pat_v3::testkit::NewPat {
    let mut pat = sailpoint_pat_v3::testkit::NewPat::new(seed.name.clone())
        .with_scope(seed.scopes.iter().cloned());
    pat.times = seed.times();
    pat
}

impl Fakes {
    /// Starts all four, empty.
    pub async fn start() -> Self {
        Self {
            gmodstore: FakeGmodstore::start().await,
            xms: FakeXms::start().await,
            sailpoint_v3: sailpoint_pat_v3::testkit::FakeSailPoint::start().await,
            sailpoint_v2024: sailpoint_pat_v2024::testkit::FakeSailPoint::start().await,
        }
    }

    /// Inserts `seed` into `provider`'s fake and returns the new token's id.
    pub fn seed(&self, provider: Provider, seed: &Seed) -> String {
        match provider {
            Provider::Gmodstore => {
                let mut token = GmodstoreToken::new(seed.name.clone())
                    .with_abilities(seed.scopes.iter().cloned());
                token.times = seed.times();
                self.gmodstore.insert_token(token).id
            }
            Provider::Xms => {
                let mut token =
                    XmsToken::new(seed.name.clone()).with_roles(seed.scopes.iter().cloned());
                token.times = seed.times(); // a last use marks it `used`
                self.xms.insert_token(token).id.to_string()
            }
            Provider::SailpointV3 => self.sailpoint_v3.insert_token(sailpoint_pat(seed)).id,
            Provider::SailpointV2024 => self.sailpoint_v2024.insert_token(sailpoint_pat(seed)).id,
        }
    }

    /// The settings of `provider`'s fake under the variable names of the provider crate's
    /// `from_env` (and of patctl's environment configuration).
    pub fn env_vars(&self, provider: Provider) -> Vec<(String, String)> {
        let pairs: Vec<(&str, String)> = match provider {
            Provider::Gmodstore => vec![
                ("GMODSTORE_BASE_URL", self.gmodstore.base_url()),
                ("GMODSTORE_TOKEN", self.gmodstore.token().to_owned()),
            ],
            Provider::Xms => vec![
                ("XMS_BASE_URL", self.xms.base_url()),
                ("XMS_ACCESS_TOKEN", self.xms.token().to_owned()),
            ],
            Provider::SailpointV3 => sail_vars(&self.sailpoint_v3),
            Provider::SailpointV2024 => sail_vars(&self.sailpoint_v2024),
        };
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// One tenant per fake, each labelled `label`.
    pub fn tenants(&self, label: &str) -> Vec<TenantSettings> {
        Provider::ALL
            .into_iter()
            .map(|provider| TenantSettings::from_vars(provider, label, self.env_vars(provider)))
            .collect()
    }

    /// A patctl config file with one tenant per fake, each labelled `label`.
    pub fn config_toml(&self, label: &str) -> String {
        let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
        format!(
            "[[gmodstore]]\nlabel = {}\nbase_url = {}\ntoken = {}\n\n[[xms]]\nlabel = {}\nbase_url = {}\naccess_token = {}\n\n{}{}",
            quote(label),
            quote(&self.gmodstore.base_url()),
            quote(self.gmodstore.token()),
            quote(label),
            quote(&self.xms.base_url()),
            quote(self.xms.token()),
            sail_toml("sailpoint-v3", label, &self.sailpoint_v3),
            sail_toml("sailpoint-v2024", label, &self.sailpoint_v2024),
        )
    }
}

/// The `[[name]]` table of a patctl config file for a SailPoint fake.
fn sail_toml<V: ApiVersion>(name: &str, label: &str, fake: &FakeSailPoint<V>) -> String {
    let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
    format!(
        "[[{name}]]\nlabel = {}\nbase_url = {}\nclient_id = {}\nclient_secret = {}\n\n",
        quote(label),
        quote(&fake.tenant_url()),
        quote(fake.client_id()),
        quote(fake.client_secret()),
    )
}

fn sail_vars<V: ApiVersion>(fake: &FakeSailPoint<V>) -> Vec<(&'static str, String)> {
    vec![
        ("SAIL_BASE_URL", fake.tenant_url()),
        ("SAIL_CLIENT_ID", fake.client_id().to_owned()),
        ("SAIL_CLIENT_SECRET", fake.client_secret().to_owned()),
    ]
}
