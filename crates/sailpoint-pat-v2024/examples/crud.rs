//! Create, update, list and delete a personal access token with API v2024.
//!
//! Reads `SAIL_BASE_URL`, `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET` (else `./config.json`) and
//! needs a live tenant: `cargo run --example crud`. The same program is in the README.

use sailpoint_pat_v2024::{
    Client, CreatePersonalAccessTokenRequest, Error, JsonPatchOperation,
    ListPersonalAccessTokensParams, Nullable, PersonalAccessTokensApi,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;

    // A token for a nightly job, expiring at the end of 2030. Keep the secret now: the API
    // never shows it again (and this crate prints it as [REDACTED]).
    let mut body = CreatePersonalAccessTokenRequest::new("nightly-export");
    body.expiration_date = Nullable::Value("2030-12-31T23:59:59Z".parse()?);
    let token = client.create_personal_access_token(&body).await?;
    let secret = token.secret.expose_secret();
    println!(
        "client id {}, secret of {} characters",
        token.id,
        secret.len()
    );

    // Read-only scope and a clearer name, in one JSON Patch.
    let ops = [
        JsonPatchOperation::replace("/scope", vec!["sp:scopes:default"]),
        JsonPatchOperation::replace("/name", "nightly-export (read-only)"),
    ];
    let token = client.patch_personal_access_token(&token.id, &ops).await?;

    // My tokens that were never used (a raw filter string; see `Filter` for a typed one).
    let mine = ListPersonalAccessTokensParams::default().owner_id("me");
    let unused = client
        .list_personal_access_tokens(mine.filters("lastUsed isnull"))
        .await?;
    println!("{} never-used tokens, the new one included", unused.len());

    // Remove the token again; report failures the way an operator wants to read them.
    if let Err(err) = client.delete_personal_access_token(&token.id).await {
        report(&err);
        return Err(err.into());
    }
    Ok(())
}

fn report(err: &Error) {
    match err {
        // The server answered: status, message, SailPoint's tracking id and detail code.
        Error::Api(api) => eprintln!(
            "{} failed with {}: {} [trackingId {:?}, detailCode {:?}]",
            api.operation_id,
            api.status,
            api.message.as_deref().unwrap_or("no message"),
            api.request_id,
            api.model.as_ref().and_then(|m| m.detail_code.as_deref()),
        ),
        // The token endpoint refused the PAT (revoked, expired, wrong secret).
        Error::Auth(auth) => eprintln!("no access token: {:?}", auth.error_description),
        // Timeouts, connection errors, unexpected response bodies: one readable line.
        other => eprintln!("{other}"),
    }
}
