//! Create, list, update and delete personal access tokens, handling the errors a real program
//! meets.
//!
//! ```sh
//! export GMODSTORE_TOKEN=...                       # needs personal-access-tokens:read and :write
//! export GMODSTORE_BASE_URL=https://api.pivity.com # optional; default https://www.gmodstore.com/api
//! cargo run -p gmodstore-pat --example gmodstore_tokens
//! ```
//!
//! Without any of these variables it runs the same code against the embedded fake
//! ([`gmodstore_pat::testkit`]), so it works on a fresh clone.

use apiclient_core::testkit::EnvOrFake;
use gmodstore_pat::models::{
    NewPersonalAccessTokenPayload, PersonalAccessTokenScope as Scope,
    UpdatePersonalAccessTokenPayload,
};
use gmodstore_pat::prelude::*;
use gmodstore_pat::testkit::FakeGmodstore;
use gmodstore_pat::{Client, Error, ErrorBody, chrono};
use std::process::ExitCode;

/// From the environment when it holds one of the variables [`Client::from_env`] reads (a
/// missing one is then an error naming it), else from the embedded fake.
const CONNECT: EnvOrFake<FakeGmodstore> =
    EnvOrFake::new(&["GMODSTORE_TOKEN", "GMODSTORE_BASE_URL", "GMODSTORE_TENANT"]);

async fn run(client: &Client) -> Result<(), Error> {
    // Create: the plain-text token is in this response only. It prints as [REDACTED].
    let payload = NewPersonalAccessTokenPayload::new(
        "example-ci",
        vec![Scope::ProductsRead, Scope::ProductVersionsDownload],
    )
    .with_expires_at(chrono::Utc::now() + chrono::Duration::days(7));
    let created = client
        .create_personal_access_token_with_response(&payload, Default::default())
        .await?;
    let token = created.body.data.personal_access_token;
    println!(
        "created {} ({}); secret {}; {:?} requests left",
        token.name, token.id, created.body.data.plain_text_token, created.rate_limit.remaining
    );

    // List every token, page after page.
    let mut tokens = std::pin::pin!(client.list_personal_access_tokens_stream(Default::default()));
    while let Some(t) = tokens.try_next().await? {
        let abilities: Vec<&str> = t.abilities.iter().map(|a| a.as_str()).collect();
        println!(
            "{:<36} {:<24} last used {:<30} expires {}",
            t.id,
            t.name,
            t.last_used_at
                .map_or("never".to_owned(), |at| at.to_string()),
            t.expires_at.map_or("never".to_owned(), |at| at.to_string()),
        );
        println!("    abilities: {}", abilities.join(", "));
    }

    // Update: rename and make it never expire; abilities are left unchanged.
    let changes = UpdatePersonalAccessTokenPayload::default()
        .with_name("example-ci-renamed")
        .never_expires();
    let updated = client
        .update_personal_access_token(&token.id, Some(&changes), Default::default())
        .await?;
    println!("renamed to {}", updated.data.name);

    // Delete, and tolerate a token someone else deleted already.
    match client
        .delete_personal_access_token(&token.id, Default::default())
        .await
    {
        Ok(_) => println!("deleted {}", token.id),
        Err(err) if err.is_not_found() => println!("{} was already gone", token.id),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}

/// Explains an error the way a command-line tool would; any operation's error (as the plain
/// `Error`, which `?` converts every operation's error into).
fn report(err: &Error) {
    if err.is_unauthorized() {
        eprintln!("GMODSTORE_TOKEN is invalid or lacks personal-access-tokens:read/write: {err}");
    } else if err.is_rate_limited() {
        eprintln!("rate limited; retry in {:?} ({err})", err.retry_after());
    } else if let Error::Api(api) = err {
        eprintln!("{err}");
        // A 400 lists the validation messages per field; every documented error status of
        // every operation answers an `ErrorBody`.
        if let Some(body) = api.body_json::<ErrorBody>() {
            for (field, messages) in body.errors.iter().flatten() {
                eprintln!("  {field}: {}", messages.join("; "));
            }
        }
    } else {
        eprintln!("{err}");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    CONNECT.run(Client::from_env, run, report).await
}
