//! [`Inventory`]: the configured tenants, listed concurrently, and revocation by id.

use std::io::IsTerminal;
use std::time::Duration;

use futures::future::join_all;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::config::TenantSettings;
use crate::error::Error;
use crate::providers::Connection;
use crate::record::{Provider, TokenRecord, TokenRef};

/// One tenant of one provider, connected.
#[derive(Debug, Clone)]
pub struct Tenant {
    provider: Provider,
    label: String,
    pub(crate) connection: Connection,
}

impl Tenant {
    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The tenant's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    fn error(&self, action: &'static str, message: String) -> Error {
        Error::Provider {
            provider: self.provider,
            tenant: self.label.clone(),
            action,
            message,
        }
    }

    /// Every token of this tenant.
    pub async fn list(&self) -> Result<Vec<TokenRecord>, Error> {
        self.connection
            .list(&self.label)
            .await
            .map_err(|message| self.error("list", message))
    }

    /// The token `id`, found by listing.
    pub async fn find(&self, id: &str) -> Result<TokenRecord, Error> {
        self.list()
            .await?
            .into_iter()
            .find(|token| token.id == id)
            .ok_or_else(|| Error::NotFound {
                provider: self.provider,
                tenant: self.label.clone(),
                id: id.to_owned(),
            })
    }

    /// Deletes the token `id`.
    pub async fn revoke(&self, id: &str) -> Result<(), Error> {
        self.connection
            .revoke(id)
            .await
            .map_err(|message| self.error("revoke", message))
    }
}

/// Every token that could be listed, and an error for each tenant that could not.
#[derive(Debug, Default)]
pub struct Listing {
    /// Tokens in tenant order, each tenant's in the provider's order.
    pub tokens: Vec<TokenRecord>,
    /// The tenants whose listing failed.
    pub errors: Vec<Error>,
}

/// The connected tenants of every configured provider.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    tenants: Vec<Tenant>,
}

impl Inventory {
    /// Builds a client for every tenant with its provider crate's `from_env_source`.
    pub fn connect(settings: Vec<TenantSettings>) -> Result<Self, Error> {
        let tenants = settings
            .into_iter()
            .map(|t| {
                let connection =
                    Connection::from_settings(t.provider, &t.settings).map_err(|message| {
                        Error::Config(format!("{}/{}: {message}", t.provider, t.label))
                    })?;
                Ok(Tenant {
                    provider: t.provider,
                    label: t.label,
                    connection,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self { tenants })
    }

    /// The tenants, in configuration order.
    pub fn tenants(&self) -> &[Tenant] {
        &self.tenants
    }

    /// Keeps only the tenants of these providers (all when `providers` is empty).
    pub fn select(mut self, providers: &[Provider]) -> Self {
        if !providers.is_empty() {
            self.tenants.retain(|t| providers.contains(&t.provider));
        }
        self
    }

    /// The tenant of `provider` labelled `label`; without a label, the provider's only tenant.
    pub fn tenant(&self, provider: Provider, label: Option<&str>) -> Result<&Tenant, Error> {
        let mut candidates = self
            .tenants
            .iter()
            .filter(|t| t.provider == provider && label.is_none_or(|l| t.label == l));
        match (candidates.next(), candidates.next()) {
            (Some(tenant), None) => Ok(tenant),
            (Some(_), Some(_)) => Err(Error::Config(format!(
                "{provider} has several tenants: name one as {provider}/LABEL:ID or with --tenant"
            ))),
            (None, _) => Err(Error::Config(match label {
                Some(label) => format!("no {provider} tenant is labelled {label:?}"),
                None => format!(
                    "{provider} is not configured ({})",
                    crate::config::env_help(provider)
                ),
            })),
        }
    }

    /// The tenant a token reference points to.
    pub fn tenant_of(&self, token: &TokenRef) -> Result<&Tenant, Error> {
        self.tenant(token.provider, token.tenant.as_deref())
    }

    /// Lists every tenant concurrently. With `progress`, and when standard error is a
    /// terminal, shows a spinner per tenant while it is listed.
    pub async fn list(&self, progress: bool) -> Listing {
        let bars = (progress && std::io::stderr().is_terminal()).then(MultiProgress::new);
        let results = join_all(self.tenants.iter().map(|tenant| {
            let bar = bars.as_ref().map(|bars| spinner(bars, tenant));
            async move {
                let result = tenant.list().await;
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                result
            }
        }))
        .await;
        let mut listing = Listing::default();
        for result in results {
            match result {
                Ok(tokens) => listing.tokens.extend(tokens),
                Err(error) => listing.errors.push(error),
            }
        }
        listing
    }
}

fn spinner(bars: &MultiProgress, tenant: &Tenant) -> ProgressBar {
    let bar = bars.add(ProgressBar::new_spinner());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    bar.set_message(format!("listing {}/{}", tenant.provider, tenant.label));
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
