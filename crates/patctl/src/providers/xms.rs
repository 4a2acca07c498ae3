//! XMS: list with the offset stream (every user's tokens), delete, rotate by regenerating the
//! secret in place (the token keeps its id, name, roles and owner; the old secret stops
//! working at once).

use apiclient_core::env::EnvSource;
use apiclient_core::{ConfigError, Timestamp};
use xms_tokens::{AccessToken, Client, ClientBuilder, ListAccessTokensParams};

use super::{APPLICATION, Failure, Replacement, verdict};
use crate::record::{Provider, TokenRecord};

/// Page size of the listing.
const LIMIT: i64 = 100;

pub(super) fn client(settings: &EnvSource) -> Result<Client, ConfigError> {
    ClientBuilder::from_env_source(settings)?
        .application(APPLICATION)
        .build()
}

fn record(token: AccessToken, tenant: &str) -> Option<TokenRecord> {
    Some(TokenRecord {
        provider: Provider::Xms,
        tenant: tenant.to_owned(),
        id: token.id?.to_string(),
        name: token.name.unwrap_or_default(),
        scopes: token.roles.unwrap_or_default(),
        created: token.create.map(Timestamp::into_inner),
        last_used: None,
        used: token.used,
        expires: None,
    })
}

fn parse_id(id: &str) -> Result<i64, Failure> {
    id.parse()
        .map_err(|_| format!("{id:?} is not an XMS token id (an integer)"))
}

pub(super) async fn list(client: &Client, tenant: &str) -> Result<Vec<TokenRecord>, Failure> {
    let params = ListAccessTokensParams::default().limit(LIMIT).all(true);
    let tokens = client
        .list_all_access_tokens(params)
        .await
        .map_err(|e| e.to_string())?;
    Ok(tokens
        .into_iter()
        .filter_map(|t| record(t, tenant))
        .collect())
}

pub(super) async fn revoke(client: &Client, id: &str) -> Result<(), Failure> {
    client
        .delete_access_token(parse_id(id)?)
        .await
        .map_err(|e| e.to_string())
}

pub(super) async fn replace(client: &Client, old: &TokenRecord) -> Result<Replacement, Failure> {
    let regenerated = client
        .regenerate_access_token(parse_id(&old.id)?)
        .await
        .map_err(|e| e.to_string())?
        .access_token;
    let secret = regenerated
        .uuid
        .ok_or("the regenerate response has no new secret")?;
    Ok(Replacement {
        id: old.id.clone(),
        secret,
        in_place: true,
    })
}

pub(super) async fn verify(client: &Client, new: &Replacement) -> Result<(), Failure> {
    let validated = client
        .validate_access_token(&new.secret)
        .await
        .map_err(|e| format!("the new secret does not validate: {e}"))?;
    if validated
        .access_token
        .id
        .map(|id| id.to_string())
        .as_deref()
        != Some(new.id.as_str())
    {
        return Err("the new secret validates as another token".to_owned());
    }
    let as_new = Client::builder()
        .base_url(client.api_client().config().base_url().as_str())
        .token_in_header(new.secret.clone())
        .application(APPLICATION)
        .build()
        .map_err(|e| e.to_string())?;
    match as_new.get_access_token(parse_id(&new.id)?).await {
        Ok(_) => Ok(()),
        Err(e) => verdict(e.status(), e.to_string()),
    }
}
