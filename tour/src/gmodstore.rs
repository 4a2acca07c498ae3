//! GModStore: create a personal access token, list every token page by page, rename it, clear
//! and set its expiry, use the new token to read itself, delete it and confirm the 404.

use apiclient_core::Timestamp;
use apiclient_core::env::EnvSource;
use futures::TryStreamExt;
use gmodstore_pat::testkit::FakeGmodstore;
use gmodstore_pat::{
    Client, ClientBuilder, CreatePersonalAccessTokenParams, DeletePersonalAccessTokenParams,
    GetPersonalAccessTokenParams, ListPersonalAccessTokensParams, NewPersonalAccessTokenPayload,
    PersonalAccessTokenScope, UpdatePersonalAccessTokenParams, UpdatePersonalAccessTokenPayload,
};

use crate::output::{self, Failure, Section, note, redact, step};
use crate::{Context, FAKE_PAGE_SIZE, REAL_PAGE_SIZE, SEEDED};

/// The variable that selects the real service, and the one naming its base URL.
const TOKEN_VAR: &str = "GMODSTORE_TOKEN";
const BASE_URL_VAR: &str = "GMODSTORE_BASE_URL";

/// The client configured from `env` by the generated `from_env_source` (`GMODSTORE_TOKEN`,
/// optionally `GMODSTORE_BASE_URL` and `GMODSTORE_TENANT`): the real service's settings, or
/// the fake's.
fn configured_client(env: &EnvSource) -> Result<Client, Failure> {
    ClientBuilder::from_env_source(env)
        .and_then(|builder| builder.application(crate::APPLICATION).build())
        .map_err(|e| output::fail("configure", e))
}

/// Tours GModStore: the real service when `GMODSTORE_TOKEN` is set, else the embedded fake.
pub async fn run(context: &Context) -> Result<(), Failure> {
    let section = Section::begin(context, "GModStore", "gmodstore-pat");
    let name = &context.token_name;

    // Keep the fake alive for the whole tour.
    let (client, _fake, per_page) = if context.env.get(TOKEN_VAR, TOKEN_VAR).is_some() {
        let client = configured_client(&context.env)?;
        let base_url = client.api_client().config().base_url();
        output::using_real_service("GModStore", base_url, TOKEN_VAR, name);
        (client, None, i32::from(REAL_PAGE_SIZE))
    } else {
        let fake = FakeGmodstore::start().await;
        fake.seed_tokens(SEEDED);
        let env = [
            (TOKEN_VAR, fake.token().to_owned()),
            (BASE_URL_VAR, fake.base_url()),
        ];
        let client = configured_client(&EnvSource::from_vars(env))?;
        let seeded = format!("{SEEDED} tokens");
        output::using_fake("GModStore", TOKEN_VAR, &fake.base_url(), seeded);
        (client, Some(fake), i32::from(FAKE_PAGE_SIZE))
    };

    // Create: expiring in an hour, so a token left behind by an interrupted run dies soon.
    let payload = NewPersonalAccessTokenPayload::new(
        name.clone(),
        vec![PersonalAccessTokenScope::PersonalAccessTokensRead],
    )
    .with_expires_at(in_minutes(60));
    let created = step(
        "create",
        client.create_personal_access_token(&payload, CreatePersonalAccessTokenParams::default()),
        |c| {
            let pat = &c.data.personal_access_token;
            format!(
                "{:?} id {}, expires {}; secret {} (shown once, redacted)",
                pat.name,
                pat.id,
                show_expiry(pat.expires_at.as_ref()),
                redact(c.data.plain_text_token.expose_secret())
            )
        },
    )
    .await?
    .data;
    let id = created.personal_access_token.id.clone();

    let steps = after_create(context, &client, &created, per_page);
    section.finish(steps, cleanup(&client, &id)).await
}

/// Every step after the token exists; on failure the caller deletes the token.
async fn after_create(
    context: &Context,
    client: &Client,
    created: &gmodstore_pat::InlineResponse201Data,
    per_page: i32,
) -> Result<(), Failure> {
    let id = created.personal_access_token.id.as_str();
    let name = &context.token_name;

    // List every token through the generated stream, counting pages from the call counter.
    let pages_before = context.calls.of("listPersonalAccessTokens");
    let (count, ours) = step(
        "list",
        client
            .list_personal_access_tokens_stream(
                ListPersonalAccessTokensParams::default().per_page(per_page),
            )
            .try_fold((0usize, 0usize), |(count, ours), token| async move {
                Ok((count + 1, ours + usize::from(token.id == id)))
            }),
        |(count, ours)| {
            let pages = context.calls.of("listPersonalAccessTokens") - pages_before;
            format!(
                "{count} tokens in {pages} pages of up to {per_page} (list_personal_access_tokens_stream); ours seen {ours}×"
            )
        },
    )
    .await?;
    if ours != 1 || count == 0 {
        return Err(output::fail(
            "list",
            format!("the new token was seen {ours} times among {count}"),
        ));
    }

    // Update: rename and clear the expiry (null = never expires) ...
    let renamed = format!("{name}-renamed");
    let rename = UpdatePersonalAccessTokenPayload::default()
        .with_name(renamed)
        .never_expires();
    step(
        "update",
        client.update_personal_access_token(
            id,
            Some(&rename),
            UpdatePersonalAccessTokenParams::default(),
        ),
        |u| {
            format!(
                "renamed to {:?}, expiry cleared: {}",
                u.data.name,
                show_expiry(u.data.expires_at.as_ref())
            )
        },
    )
    .await?;
    // ... then set it again.
    let expiry = UpdatePersonalAccessTokenPayload::default().with_expires_at(in_minutes(30));
    step(
        "update",
        client.update_personal_access_token(
            id,
            Some(&expiry),
            UpdatePersonalAccessTokenParams::default(),
        ),
        |u| format!("expiry set: {}", show_expiry(u.data.expires_at.as_ref())),
    )
    .await?;

    // Validate: the new token is a working bearer token; it reads itself by id.
    let as_new_token = Client::builder()
        .base_url(client.api_client().config().base_url().as_str())
        .personal_access_token(created.plain_text_token.clone())
        .build()
        .map_err(|e| output::fail("validate", e))?;
    step(
        "validate",
        as_new_token.get_personal_access_token(id, GetPersonalAccessTokenParams::default()),
        |got| {
            format!(
                "authenticated with the new token and read it by id: {:?}",
                got.data.name
            )
        },
    )
    .await?;

    output::delete_then_gone(
        id,
        client.delete_personal_access_token(id, DeletePersonalAccessTokenParams::default()),
        client.get_personal_access_token(id, GetPersonalAccessTokenParams::default()),
        "get by id",
    )
    .await?;
    Ok(())
}

/// Best-effort delete of the tour's token after a failed step.
async fn cleanup(client: &Client, id: &str) {
    match client
        .delete_personal_access_token(id, DeletePersonalAccessTokenParams::default())
        .await
    {
        Ok(_) => note(format!("cleanup: deleted the tour's token {id}")),
        Err(e) if e.is_not_found() => {}
        Err(e) => note(format!("cleanup failed ({e}); delete token {id} yourself")),
    }
}

/// Now plus `minutes`, to the second.
fn in_minutes(minutes: i64) -> Timestamp {
    let at = apiclient_core::chrono::Utc::now().timestamp() + minutes * 60;
    Timestamp::from(apiclient_core::chrono::DateTime::from_timestamp(at, 0).unwrap_or_default())
}

fn show_expiry(expires_at: Option<&Timestamp>) -> String {
    expires_at.map_or_else(|| "never".to_owned(), ToString::to_string)
}
