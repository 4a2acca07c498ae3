//! Create, update, list and delete a personal access token with API v2024.
//!
//! Reads `SAIL_BASE_URL` (e.g. `https://acme.api.identitynow.com`), `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (else `./config.json`) for a live tenant:
//! `cargo run -p sailpoint-pat-v2024 --example crud`. Without any of them it runs the same code against
//! the embedded fake ([`sailpoint_pat_v2024::testkit`]), so it works on a fresh clone. The README shows
//! the same calls.

use apiclient_core::testkit::{EnvOrFake, print_error};
use sailpoint_pat_v2024::testkit::FakeSailPoint;
use sailpoint_pat_v2024::{
    Client, CreatePersonalAccessTokenRequest, DeletePersonalAccessTokenError, Error,
    JsonPatchOperation, ListPersonalAccessTokensParams, Nullable,
};
use std::process::ExitCode;

/// From the environment when it holds one of the variables [`Client::from_env`] reads or
/// `./config.json` exists, else from the embedded fake.
const CONNECT: EnvOrFake<FakeSailPoint> =
    EnvOrFake::new(&["SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET"])
        .or_config_file("config.json");

async fn run(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
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

fn report(err: &Error<DeletePersonalAccessTokenError>) {
    use DeletePersonalAccessTokenError as E;
    match err {
        // The server answered: status, message, SailPoint's tracking id and detail code (the
        // documented 400, 403, 404 and 500 answer an `ErrorResponseDto`).
        Error::Api(api) => {
            let detail_code = match &api.model {
                Some(
                    E::Status400(dto) | E::Status403(dto) | E::Status404(dto) | E::Status500(dto),
                ) => dto.detail_code.as_deref(),
                _ => None,
            };
            eprintln!(
                "{} failed with {}: {} [trackingId {:?}, detailCode {detail_code:?}]",
                api.operation_id,
                api.status,
                api.message.as_deref().unwrap_or("no message"),
                api.request_id,
            )
        }
        // The token endpoint refused the PAT (revoked, expired, wrong secret).
        Error::Auth(auth) => eprintln!("no access token: {:?}", auth.error_description),
        // Timeouts, connection errors, unexpected response bodies: one readable line.
        other => eprintln!("{other}"),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // A configuration error names the missing variable; it is printed as a sentence.
    CONNECT.run(Client::from_env, run, print_error).await
}
