//! GModStore: list with the cursor stream, delete, rotate by creating a token with the same
//! name, abilities and lifetime.

use apiclient_core::env::EnvSource;
use apiclient_core::{ConfigError, Timestamp};
use chrono::Utc;
use gmodstore_pat::{
    Client, ClientBuilder, NewPersonalAccessTokenPayload, PersonalAccessToken,
    PersonalAccessTokenScope,
};

use super::{APPLICATION, Failure, Replacement, verdict};
use crate::record::{Provider, TokenRecord};

/// Page size of the listing.
const PER_PAGE: i32 = 100;

pub(super) fn client(settings: &EnvSource) -> Result<Client, ConfigError> {
    ClientBuilder::from_env_source(settings)?
        .application(APPLICATION)
        .build()
}

fn record(token: PersonalAccessToken, tenant: &str) -> TokenRecord {
    TokenRecord {
        provider: Provider::Gmodstore,
        tenant: tenant.to_owned(),
        id: token.id,
        name: token.name,
        scopes: token
            .abilities
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        created: Some(token.created_at.into_inner()),
        used: Some(token.last_used_at.is_some()),
        last_used: token.last_used_at.map(Timestamp::into_inner),
        expires: token.expires_at.map(Timestamp::into_inner),
    }
}

pub(super) async fn list(client: &Client, tenant: &str) -> Result<Vec<TokenRecord>, Failure> {
    let params = gmodstore_pat::ListPersonalAccessTokensParams::default().per_page(PER_PAGE);
    let tokens = client
        .list_all_personal_access_tokens(params)
        .await
        .map_err(|e| e.to_string())?;
    Ok(tokens.into_iter().map(|t| record(t, tenant)).collect())
}

pub(super) async fn revoke(client: &Client, id: &str) -> Result<(), Failure> {
    client
        .delete_personal_access_token(id, Default::default())
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

pub(super) async fn replace(client: &Client, old: &TokenRecord) -> Result<Replacement, Failure> {
    let abilities = old
        .scopes
        .iter()
        .map(|scope| PersonalAccessTokenScope::from(scope.as_str()))
        .collect();
    let mut payload = NewPersonalAccessTokenPayload::new(old.name.clone(), abilities);
    if let (Some(created), Some(expires)) = (old.created, old.expires) {
        let lifetime = expires.signed_duration_since(created);
        payload = payload.with_expires_at(Utc::now() + lifetime);
    }
    let created = client
        .create_personal_access_token(&payload, Default::default())
        .await
        .map_err(|e| e.to_string())?
        .data;
    Ok(Replacement {
        id: created.personal_access_token.id,
        secret: created.plain_text_token,
        in_place: false,
    })
}

pub(super) async fn verify(client: &Client, new: &Replacement) -> Result<(), Failure> {
    let as_new = Client::builder()
        .base_url(client.api_client().config().base_url().as_str())
        .personal_access_token(new.secret.clone())
        .application(APPLICATION)
        .build()
        .map_err(|e| e.to_string())?;
    match as_new
        .get_personal_access_token(&new.id, Default::default())
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => verdict(e.status(), e.to_string()),
    }
}
