//! Create, list, rename, validate, regenerate and delete XMS access tokens, handling the errors
//! a real program meets.
//!
//! ```sh
//! export XMS_BASE_URL=https://xms.example.com:8443/v1
//! export XMS_ACCESS_TOKEN=...
//! # export XMS_TOKEN_LOCATION=query   # only for deployments that read the key from the query
//! cargo run -p xms-tokens --example xms_tokens
//! ```
//!
//! Without any of these variables it runs the same code against the embedded fake ([`xms_tokens::testkit`]), so it works on a fresh clone.

use apiclient_core::testkit::EnvOrFake;
use std::process::ExitCode;
use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq};
use xms_tokens::prelude::*;
use xms_tokens::testkit::FakeXms;
use xms_tokens::{Client, Error, ErrorResponse, ListAccessTokensParams, StatusCode};

/// From the environment when it holds one of the variables [`Client::from_env`] reads (a
/// missing one is then an error naming it), else from the embedded fake.
const CONNECT: EnvOrFake<FakeXms> =
    EnvOrFake::new(&["XMS_BASE_URL", "XMS_ACCESS_TOKEN", "XMS_TOKEN_LOCATION"]);

async fn run(client: &Client) -> Result<(), Error> {
    // Create; a name that is taken gives 409.
    let body = AccessTokenCreateReq::named("example-backup", ["admin"])
        .with_description("created by the xms-tokens example");
    let created = match client.create_access_token(&body).await {
        Ok(created) => created.access_token,
        Err(err) if err.status() == Some(StatusCode::CONFLICT) => {
            eprintln!("a token called example-backup exists already; delete it first");
            return Ok(());
        }
        Err(err) => return Err(err.into()),
    };
    let Some(id) = created.id else {
        eprintln!("XMS did not return the new token's id");
        return Ok(());
    };
    println!("created token {id}; its secret is {:?}", created.uuid); // Some([REDACTED])

    // List the caller's tokens, 50 per request.
    let params = ListAccessTokensParams::default().limit(50);
    let mut tokens = std::pin::pin!(client.list_access_tokens_stream(params));
    while let Some(t) = tokens.try_next().await? {
        println!(
            "{:>6} {:<24} roles {:?} used {} created {}",
            t.id.unwrap_or_default(),
            t.name.as_deref().unwrap_or("?"),
            t.roles.unwrap_or_default(),
            t.used.unwrap_or_default(),
            t.create.map_or("?".to_owned(), |at| at.to_string()),
        );
    }

    // Rename.
    let renamed = client
        .update_access_token(id, &AccessTokenUpdateReq::rename("example-backup-renamed"))
        .await?;
    println!("renamed to {:?}", renamed.access_token.name);

    // Validate the secret, then regenerate it (the old one stops working).
    if let Some(secret) = &created.uuid {
        let valid = client.validate_access_token(secret).await?;
        println!("the secret belongs to {:?}", valid.access_token.user);
    }
    let fresh = client.regenerate_access_token(id).await?;
    println!("new secret: {:?}", fresh.access_token.uuid);

    // Delete, tolerating a token that is already gone.
    match client.delete_access_token(id).await {
        Ok(()) => println!("deleted token {id}"),
        Err(err) if err.is_not_found() => println!("token {id} was already gone"),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}

/// Explains an error the way a command-line tool would; any operation's error (as the plain
/// `Error`, which `?` converts every operation's error into).
fn report(err: &Error) {
    if err.is_unauthorized() {
        eprintln!("XMS_ACCESS_TOKEN is invalid or lacks the permission: {err}");
    } else if let Error::Api(api) = err {
        // XMS error bodies have no schema: show the code when there is one.
        let code = api.body_json::<ErrorResponse>().and_then(|m| m.code);
        eprintln!("{err} (XMS code {code:?})");
    } else {
        eprintln!("{err}");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    CONNECT.run(Client::from_env, run, report).await
}
