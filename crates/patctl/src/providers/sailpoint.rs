//! SailPoint v3 and v2024 (identical operations, one module each from the same text): list the
//! whole tenant, delete, rotate by creating a PAT with the same scopes, access-token validity
//! and lifetime. The tenant refuses two PATs of one owner with the same name, so the new PAT is
//! created under a temporary name and renamed to the old name once the old PAT is deleted.

/// The temporary name of a replacement while the old PAT still exists.
fn rotating_name(name: &str) -> String {
    format!("{name} (rotating)")
}

macro_rules! sailpoint_provider {
    ($module:ident, $krate:ident, $provider:expr) => {
        pub(super) mod $module {
            use apiclient_core::env::EnvSource;
            use apiclient_core::{ConfigError, Nullable, Timestamp};
            use chrono::Utc;
            use $krate::{
                Client, ClientBuilder, CreatePersonalAccessTokenRequest,
                GetPersonalAccessTokenResponse, JsonPatchOperation, ListPersonalAccessTokensParams,
            };

            use super::super::{APPLICATION, Failure, Replacement, verdict};
            use crate::record::TokenRecord;

            pub(in crate::providers) fn client(
                settings: &EnvSource,
            ) -> Result<Client, ConfigError> {
                ClientBuilder::from_env_source(settings)?
                    .application(APPLICATION)
                    .build()
            }

            fn record(token: GetPersonalAccessTokenResponse, tenant: &str) -> TokenRecord {
                TokenRecord {
                    provider: $provider,
                    tenant: tenant.to_owned(),
                    id: token.id,
                    name: token.name,
                    scopes: token.scope.unwrap_or_default(),
                    created: Some(token.created.into_inner()),
                    used: Some(token.last_used.is_some()),
                    last_used: token.last_used.map(Timestamp::into_inner),
                    expires: token.expiration_date.map(Timestamp::into_inner),
                }
            }

            async fn all(client: &Client) -> Result<Vec<GetPersonalAccessTokenResponse>, Failure> {
                client
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .map_err(|e| e.to_string())
            }

            pub(in crate::providers) async fn list(
                client: &Client,
                tenant: &str,
            ) -> Result<Vec<TokenRecord>, Failure> {
                Ok(all(client)
                    .await?
                    .into_iter()
                    .map(|t| record(t, tenant))
                    .collect())
            }

            pub(in crate::providers) async fn revoke(
                client: &Client,
                id: &str,
            ) -> Result<(), Failure> {
                client
                    .delete_personal_access_token(id)
                    .await
                    .map_err(|e| e.to_string())
            }

            pub(in crate::providers) async fn replace(
                client: &Client,
                old: &TokenRecord,
            ) -> Result<Replacement, Failure> {
                let current = all(client)
                    .await?
                    .into_iter()
                    .find(|t| t.id == old.id)
                    .ok_or_else(|| format!("token {} is gone", old.id))?;
                let mut request =
                    CreatePersonalAccessTokenRequest::new(super::rotating_name(&old.name));
                request.scope = Nullable::Value(current.scope.clone().unwrap_or_default());
                request.access_token_validity_seconds = current.access_token_validity_seconds;
                if let Some(expires) = current.expiration_date {
                    let lifetime = expires
                        .into_inner()
                        .signed_duration_since(current.created.into_inner());
                    request.expiration_date =
                        Nullable::Value(Timestamp::from(Utc::now() + lifetime));
                }
                let created = client
                    .create_personal_access_token(&request)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(Replacement {
                    id: created.id,
                    secret: created.secret,
                    in_place: false,
                })
            }

            pub(in crate::providers) async fn verify(
                client: &Client,
                new: &Replacement,
            ) -> Result<(), Failure> {
                let as_new = Client::builder()
                    .base_url(client.api_client().config().base_url().as_str())
                    .oauth2(new.id.clone(), new.secret.clone())
                    .application(APPLICATION)
                    .build()
                    .map_err(|e| e.to_string())?;
                let params = ListPersonalAccessTokensParams::default().owner_id("me");
                match as_new.list_personal_access_tokens(params).await {
                    Ok(_) => Ok(()),
                    Err(e) => verdict(e.status(), e.to_string()),
                }
            }

            pub(in crate::providers) async fn finish(
                client: &Client,
                old: &TokenRecord,
                new: &Replacement,
            ) -> Result<Option<String>, Failure> {
                let rename = JsonPatchOperation::replace("/name", old.name.clone());
                client
                    .patch_personal_access_token(&new.id, &[rename])
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(Some(format!("renamed the new token to {:?}", old.name)))
            }
        }
    };
}

sailpoint_provider!(v3, sailpoint_pat_v3, crate::record::Provider::SailpointV3);
sailpoint_provider!(
    v2024,
    sailpoint_pat_v2024,
    crate::record::Provider::SailpointV2024
);
