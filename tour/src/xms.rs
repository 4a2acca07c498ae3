//! XMS: create an access token, list every token page by page, rename it, validate its secret,
//! regenerate it (the old secret then fails validation, the new one passes), delete it and
//! confirm the 404.

use apiclient_core::SecretString;
use apiclient_core::env::EnvSource;
use futures::TryStreamExt;
use xms_tokens::testkit::FakeXms;
use xms_tokens::{
    AccessTokenCreateReq, AccessTokenUpdateReq, Client, ClientBuilder, ListAccessTokensParams,
};

use crate::output::{self, Failure, Section, note, redact, step};
use crate::{Context, FAKE_PAGE_SIZE, REAL_PAGE_SIZE, SEEDED};

/// The variables that select the real service.
const BASE_URL_VAR: &str = "XMS_BASE_URL";
const TOKEN_VAR: &str = "XMS_ACCESS_TOKEN";
/// Roles of the token the tour creates.
const ROLES: [&str; 1] = ["admin"];

/// The client configured from `env` by the generated `from_env_source` (`XMS_BASE_URL`,
/// `XMS_ACCESS_TOKEN`, and `XMS_TOKEN_LOCATION=query` to send the token in the query string):
/// the real service's settings, or the fake's.
fn configured_client(env: &EnvSource) -> Result<Client, Failure> {
    let builder = ClientBuilder::from_env_source(env);
    let client = builder.and_then(|b| b.application(crate::APPLICATION).build());
    client.map_err(|e| output::fail("configure", e))
}

/// Tours XMS: the real service when `XMS_BASE_URL`/`XMS_ACCESS_TOKEN` are set, else the fake.
pub async fn run(context: &Context) -> Result<(), Failure> {
    let section = Section::begin(context, "XMS", "xms-tokens");
    let name = &context.token_name;

    let configured = [BASE_URL_VAR, TOKEN_VAR]
        .iter()
        .any(|var| context.env.get(var, var).is_some());
    // Keep the fake alive for the whole tour.
    let (client, _fake, limit) = if configured {
        let client = configured_client(&context.env)?;
        let base_url = client.api_client().config().base_url();
        let from = format!("{BASE_URL_VAR} and {TOKEN_VAR}");
        output::using_real_service("XMS", base_url, &from, name);
        (client, None, i64::from(REAL_PAGE_SIZE))
    } else {
        let fake = FakeXms::start().await;
        fake.seed_tokens(SEEDED);
        let env = [
            (BASE_URL_VAR, fake.base_url()),
            (TOKEN_VAR, fake.token().to_owned()),
        ];
        let client = configured_client(&EnvSource::from_vars(env))?;
        let unset = format!("{BASE_URL_VAR}/{TOKEN_VAR}");
        output::using_fake("XMS", &unset, &fake.base_url(), format!("{SEEDED} tokens"));
        (client, Some(fake), i64::from(FAKE_PAGE_SIZE))
    };

    let body = AccessTokenCreateReq::named(name.clone(), ROLES)
        .with_description("created by pat-tour; deleted a moment later");
    let created = step(
        "create",
        async {
            let created = client
                .create_access_token(&body)
                .await
                .map_err(|e| e.to_string())?
                .access_token;
            match (created.id, created.uuid.clone()) {
                (Some(id), Some(secret)) => Ok((id, secret, created)),
                _ => Err("the response lacks the token's id or secret".to_owned()),
            }
        },
        |(id, secret, created)| {
            format!(
                "{:?} id {id}, roles {:?}; secret {} (shown once, redacted)",
                created.name.as_deref().unwrap_or_default(),
                created.roles.as_deref().unwrap_or_default(),
                redact(secret.expose_secret())
            )
        },
    )
    .await;
    let (id, secret, _) = created?;

    let steps = after_create(context, &client, id, secret, limit);
    section.finish(steps, cleanup(&client, id)).await
}

/// Every step after the token exists; on failure the caller deletes the token.
async fn after_create(
    context: &Context,
    client: &Client,
    id: i64,
    first_secret: SecretString,
    limit: i64,
) -> Result<(), Failure> {
    // List every token through the generated stream, counting pages from the call counter.
    let pages_before = context.calls.of("listAccessTokens");
    let (count, ours) = step(
        "list",
        client
            .list_access_tokens_stream(ListAccessTokensParams::default().limit(limit))
            .try_fold((0usize, 0usize), |(count, ours), token| async move {
                Ok((count + 1, ours + usize::from(token.id == Some(id))))
            }),
        |(count, ours)| {
            let pages = context.calls.of("listAccessTokens") - pages_before;
            format!(
                "{count} tokens in {pages} pages of up to {limit} (list_access_tokens_stream); ours seen {ours}×"
            )
        },
    )
    .await?;
    if ours != 1 {
        return Err(output::fail(
            "list",
            format!("the new token was seen {ours} times among {count}"),
        ));
    }

    let renamed = format!("{}-renamed", context.token_name);
    step(
        "update",
        client.update_access_token(id, &AccessTokenUpdateReq::rename(renamed)),
        |u| {
            format!(
                "renamed to {:?}",
                u.access_token.name.as_deref().unwrap_or_default()
            )
        },
    )
    .await?;

    step(
        "validate",
        client.validate_access_token(&first_secret),
        |v| {
            format!(
                "secret {} is valid for id {}",
                redact(first_secret.expose_secret()),
                v.access_token.id.unwrap_or_default()
            )
        },
    )
    .await?;

    let second_secret = step(
        "rotate",
        async {
            client
                .regenerate_access_token(id)
                .await
                .map_err(|e| e.to_string())?
                .access_token
                .uuid
                .ok_or_else(|| "the response has no new secret".to_owned())
        },
        |new| {
            format!(
                "regenerated: new secret {} replaces {}",
                redact(new.expose_secret()),
                redact(first_secret.expose_secret())
            )
        },
    )
    .await?;

    step(
        "validate",
        async {
            match client.validate_access_token(&first_secret).await {
                Err(e) if e.api_error().is_some() => Ok(e),
                Err(e) => Err(e.to_string()),
                Ok(_) => Err("the old secret still validates after regenerate".to_owned()),
            }
        },
        |e| {
            format!(
                "old secret {} now fails: {e}",
                redact(first_secret.expose_secret())
            )
        },
    )
    .await?;

    step(
        "validate",
        client.validate_access_token(&second_secret),
        |_| {
            format!(
                "new secret {} passes",
                redact(second_secret.expose_secret())
            )
        },
    )
    .await?;

    output::delete_then_gone(
        id,
        client.delete_access_token(id),
        client.get_access_token(id),
        "get by id",
    )
    .await?;
    Ok(())
}

/// Best-effort delete of the tour's token after a failed step.
async fn cleanup(client: &Client, id: i64) {
    match client.delete_access_token(id).await {
        Ok(()) => note(format!("cleanup: deleted the tour's token {id}")),
        Err(e) if e.is_not_found() => {}
        Err(e) => note(format!("cleanup failed ({e}); delete token {id} yourself")),
    }
}
