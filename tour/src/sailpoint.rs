//! SailPoint Identity Security Cloud, v3 and v2024: create a PAT, list the caller's PATs, rename
//! it with a JSON Patch, prove it works by obtaining an access token with its client id and
//! secret through a second client, delete it and confirm the 404.
//!
//! Both API versions run the same code: `sailpoint_tour!` is instantiated once per crate.

use crate::Context;

/// The variables of the vendor's convention (`./config.json` keys in parentheses).
const VARS: [(&str, &str); 3] = [
    ("SAIL_BASE_URL", "BaseURL"),
    ("SAIL_CLIENT_ID", "ClientId"),
    ("SAIL_CLIENT_SECRET", "ClientSecret"),
];
/// PATs seeded into the fake.
const SEEDED: usize = 3;
/// Lifetime of access tokens obtained with the tour's PAT.
const ACCESS_TOKEN_SECONDS: i32 = 900;

/// Where the real tenant's settings come from, or `None` to use the fake.
fn configured_from(context: &Context) -> Option<&'static str> {
    if VARS
        .iter()
        .any(|(var, key)| context.env.get(var, key).is_some())
    {
        Some("SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET")
    } else if VARS
        .iter()
        .any(|(var, key)| context.env_or_config.get(var, key).is_some())
    {
        Some("./config.json")
    } else {
        None
    }
}

/// The tour of one SailPoint crate, as a module named `$module`.
macro_rules! sailpoint_tour {
    ($module:ident, $krate:ident, $label:literal, $crate_name:literal) => {
        #[doc = concat!("The tour of `", $crate_name, "`.")]
        pub mod $module {
                        use apiclient_core::env::EnvSource;
            use apiclient_core::{ConfigError, Nullable, Timestamp};
            use $krate::testkit::FakeSailPoint;
            use $krate::{
                Client, ClientBuilder, CreatePersonalAccessTokenRequest,
                CreatePersonalAccessTokenResponse,
                JsonPatchOperation, ListPersonalAccessTokensParams,
            };

            use super::{ACCESS_TOKEN_SECONDS, SEEDED, configured_from};
            use crate::Context;
            use crate::output::{self, Failure, Section, note, redact, step};

            /// The client for the real tenant, configured by the generated `from_env_source`
            /// from the environment or `./config.json` (`SAIL_BASE_URL` plus this crate's
            /// version segment, and the PAT in `SAIL_CLIENT_ID`/`SAIL_CLIENT_SECRET`).
            fn real_client(env: &EnvSource) -> Result<Client, ConfigError> {
                ClientBuilder::from_env_source(env)?
                    .application(crate::APPLICATION)
                    .build()
            }

            fn mine() -> ListPersonalAccessTokensParams {
                ListPersonalAccessTokensParams::default().owner_id("me")
            }

            #[doc = concat!("Tours ", $label, ": the real tenant when configured, else the embedded fake.")]
            pub async fn run(context: &Context) -> Result<(), Failure> {
                let section = Section::begin(context, $label, $crate_name);
                let name = &context.token_name;

                // Keep the fake alive for the whole tour.
                let (client, _fake) = match configured_from(context) {
                    Some(source) => {
                        let client = real_client(&context.env_or_config)
                            .map_err(|e| output::fail("configure", e))?;
                        let base_url = client.api_client().config().base_url();
                        output::using_real_service($label, base_url, &source, name);
                        (client, None)
                    }
                    None => {
                        let fake = FakeSailPoint::start().await;
                        fake.seed_tokens(SEEDED);
                        let client = Client::builder()
                            .base_url(fake.base_url())
                            .oauth2(fake.client_id().to_owned(), fake.client_secret().to_owned())
                            .application(crate::APPLICATION)
                            .build()
                            .map_err(|e| output::fail("configure", e))?;
                        let unset = "SAIL_CLIENT_ID/SAIL_CLIENT_SECRET/SAIL_BASE_URL or ./config.json";
                        let seeded = format!("{SEEDED} PATs");
                        output::using_fake($label, unset, &fake.base_url(), seeded);
                        (client, Some(fake))
                    }
                };

                // Create: short-lived access tokens, and the PAT itself expires in an hour so
                // one left behind by an interrupted run dies soon.
                let mut request = CreatePersonalAccessTokenRequest::new(name.clone());
                request.access_token_validity_seconds = Some(ACCESS_TOKEN_SECONDS);
                request.expiration_date = Nullable::Value(Timestamp::from(
                    apiclient_core::chrono::Utc::now() + apiclient_core::chrono::Duration::hours(1),
                ));
                let created = step(
                    "create",
                    client.create_personal_access_token(&request),
                    |c| {
                        format!(
                            "{:?} id {}, owner {}, scope {:?}; secret {} (shown once, redacted)",
                            c.name,
                            c.id,
                            c.owner.name.as_deref().unwrap_or("?"),
                            c.scope.as_deref().unwrap_or_default(),
                            redact(c.secret.expose_secret())
                        )
                    },
                )
                .await?;

                let steps = after_create(context, &client, &created);
                section.finish(steps, cleanup(&client, &created.id)).await
            }

            /// Every step after the PAT exists; on failure the caller deletes it.
            async fn after_create(
                context: &Context,
                client: &Client,
                created: &CreatePersonalAccessTokenResponse,
            ) -> Result<(), Failure> {
                let id = created.id.as_str();

                let listed = step("list", client.list_personal_access_tokens(mine()), |all| {
                    let ours = all.iter().filter(|t| t.id == id).count();
                    format!(
                        "{} PATs of the caller (owner-id=me) in one response, this API has no paging; ours seen {ours}×",
                        all.len()
                    )
                })
                .await?;
                if listed.iter().filter(|t| t.id == id).count() != 1 {
                    return Err(output::fail("list", "the new PAT is not listed once"));
                }

                let rename =
                    JsonPatchOperation::replace("/name", format!("{}-renamed", context.token_name));
                step(
                    "update",
                    client.patch_personal_access_token(id, &[rename]),
                    |p| format!("JSON Patch replace /name → {:?}", p.name),
                )
                .await?;

                // The PAT works: a second client uses its id and secret as OAuth2 client
                // credentials, obtains an access token and calls the API with it.
                let as_new_pat = Client::builder()
                    .base_url(client.api_client().config().base_url().as_str())
                    .oauth2(created.id.clone(), created.secret.clone())
                    .build()
                    .map_err(|e| output::fail("validate", e))?;
                step(
                    "validate",
                    as_new_pat.list_personal_access_tokens(mine()),
                    |all| {
                        format!(
                            "a second client got an access token with the new PAT ({}/{}) and listed {} PATs with it",
                            id,
                            redact(created.secret.expose_secret()),
                            all.len()
                        )
                    },
                )
                .await?;

                output::delete_then_gone(
                    id,
                    client.delete_personal_access_token(id),
                    client.delete_personal_access_token(id),
                    "delete again",
                )
                .await?;
                Ok(())
            }

            /// Best-effort delete of the tour's PAT after a failed step.
            async fn cleanup(client: &Client, id: &str) {
                match client.delete_personal_access_token(id).await {
                    Ok(()) => note(format!("cleanup: deleted the tour's PAT {id}")),
                    Err(e) if e.is_not_found() => {}
                    Err(e) => note(format!("cleanup failed ({e}); delete PAT {id} yourself")),
                }
            }
        }
    };
}

sailpoint_tour!(v3, sailpoint_pat_v3, "SailPoint v3", "sailpoint-pat-v3");
sailpoint_tour!(
    v2024,
    sailpoint_pat_v2024,
    "SailPoint v2024",
    "sailpoint-pat-v2024"
);
