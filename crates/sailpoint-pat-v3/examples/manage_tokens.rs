//! Create, list, update and delete personal access tokens of a SailPoint tenant (API v3).
//!
//! Reads `SAIL_BASE_URL` (e.g. `https://acme.api.identitynow.com`), `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (else `./config.json`) for a live tenant:
//! `cargo run -p sailpoint-pat-v3 --example manage_tokens`. Without any of them it runs the same code against
//! the embedded fake ([`sailpoint_pat_v3::testkit`]), so it works on a fresh clone. The README shows
//! the same calls.

use apiclient_core::testkit::{EnvOrFake, print_error};
use sailpoint_pat_v3::testkit::FakeSailPoint;
use sailpoint_pat_v3::{
    Client, CreatePersonalAccessTokenRequest, DeletePersonalAccessTokenError, Error, Filter,
    JsonPatchOperation, ListPersonalAccessTokensParams, Nullable, Timestamp, chrono,
};
use std::process::ExitCode;

/// From the environment when it holds one of the variables [`Client::from_env`] reads or
/// `./config.json` exists, else from the embedded fake.
const CONNECT: EnvOrFake<FakeSailPoint> =
    EnvOrFake::new(&["SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET"])
        .or_config_file("config.json");

async fn run(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    // Create. The secret is returned only here; it prints as [REDACTED].
    let mut request = CreatePersonalAccessTokenRequest::new("ci-deploy");
    request.scope = Nullable::Value(vec!["sp:scopes:all".to_owned()]);
    request.access_token_validity_seconds = Some(3600);
    let created = client.create_personal_access_token(&request).await?;
    println!("created {} (secret {:?})", created.id, created.secret);
    let _store_me: &str = created.secret.expose_secret();

    // List my tokens not used in the last 90 days. A raw string works too:
    // `.filters("lastUsed isnull")`.
    let cutoff = Timestamp(chrono::Utc::now() - chrono::Duration::days(90));
    let params = ListPersonalAccessTokensParams::default()
        .owner_id("me")
        .filters(Filter::field("lastUsed").le(cutoff));
    for token in client.list_personal_access_tokens(params).await? {
        println!(
            "{} {:?} last used {:?}",
            token.name, token.scope, token.last_used
        );
    }

    // Update: rename the token and narrow its scopes (a JSON Patch).
    let patch = [
        JsonPatchOperation::replace("/name", "ci-deploy-readonly"),
        JsonPatchOperation::replace("/scope", vec!["idn:all-personal-access-tokens:read"]),
    ];
    let updated = client
        .patch_personal_access_token(&created.id, &patch)
        .await?;
    println!("now {} with {:?}", updated.name, updated.scope);

    // Delete, handling the errors a caller usually cares about.
    match client.delete_personal_access_token(&created.id).await {
        Ok(()) => println!("deleted"),
        Err(e) if e.is_not_found() => println!("already deleted"),
        Err(e) if e.is_rate_limited() => println!("try again in {:?}", e.retry_after()),
        Err(Error::Auth(e)) => eprintln!("check the client id and secret: {e}"),
        Err(e) => {
            // One line without secrets, e.g.
            // `DELETE /personal-access-tokens/{id}: 403 Forbidden: ... (request id ...)`.
            // The documented 400, 403, 404 and 500 answer an `ErrorResponseDto`.
            use DeletePersonalAccessTokenError as E;
            let detail = match e.model() {
                Some(
                    E::Status400(dto) | E::Status403(dto) | E::Status404(dto) | E::Status500(dto),
                ) => dto.detail_code.clone(),
                _ => None,
            };
            eprintln!(
                "{e} (detail code {detail:?}, tracking id {:?})",
                e.request_id()
            );
            return Err(e.into());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    // A configuration error names the missing variable; it is printed as a sentence.
    CONNECT.run(Client::from_env, run, print_error).await
}
