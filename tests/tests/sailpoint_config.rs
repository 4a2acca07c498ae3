//! `from_env` of both SailPoint crates reads the vendor CLI's `~/.sailpoint/config.yaml` after
//! the variables (and `./config.json`): the active environment's base URL and PAT reach the
//! fake tenant, `SAIL_ACTIVEENVIRONMENT` picks another environment, variables win per setting,
//! and a missing or broken file is named without showing a secret.

use apiclient_core::ConfigErrorKind;
use apiclient_core::env::EnvSource;
use sailpoint_common::config::with_vendor_files;
use std::path::Path;

/// A home directory holding `yaml` as `.sailpoint/config.yaml`.
fn home_with(yaml: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".sailpoint")).unwrap();
    std::fs::write(home.path().join(".sailpoint/config.yaml"), yaml).unwrap();
    home
}

/// A CLI file with two environments: `acme` (active, the fake's tenant and PAT) and `other`.
fn cli_file(tenant_url: &str, client_id: &str, client_secret: &str) -> String {
    format!(
        "authtype: pat\n\
         ActiveEnvironment: acme\n\
         environments:\n  \
           other:\n    baseurl: https://other.api.identitynow.com\n    \
             pat: {{clientid: other-id, clientsecret: other-secret}}\n  \
           acme:\n    BaseURL: {tenant_url}\n    tenanturl: https://acme.identitynow.com\n    \
             pat:\n      clientid: {client_id}\n      clientsecret: {client_secret}\n"
    )
}

fn source(vars: &[(&str, &str)], home: &Path) -> EnvSource {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    with_vendor_files(EnvSource::from_vars(vars), Some(home.to_owned()))
}

macro_rules! config_suite {
    ($name:ident, $krate:ident) => {
        mod $name {
            use super::*;
            use $krate::testkit::FakeSailPoint;
            use $krate::{Client, ClientBuilder};

            async fn list_count(client: &Client) -> usize {
                client
                    .list_personal_access_tokens(Default::default())
                    .await
                    .expect("the list call")
                    .len()
            }

            #[tokio::test]
            async fn the_active_cli_environment_reaches_the_tenant() {
                let fake = FakeSailPoint::start().await;
                fake.seed_tokens(2);
                let home = home_with(&cli_file(
                    &fake.tenant_url(),
                    fake.client_id(),
                    fake.client_secret(),
                ));

                let client = Client::from_env_source(&source(&[], home.path())).unwrap();

                assert_eq!(list_count(&client).await, 2);
                assert_eq!(fake.token_request_count(), 1);
                let _: fn() -> Result<ClientBuilder, $krate::ConfigError> = ClientBuilder::from_env;
            }

            #[tokio::test]
            async fn variables_win_per_setting_over_the_cli_file() {
                let fake = FakeSailPoint::start().await;
                let home = home_with(&cli_file(
                    "https://file.api.identitynow.com",
                    fake.client_id(),
                    "not-the-secret",
                ));
                let tenant = fake.tenant_url();
                let vars = [
                    ("SAIL_BASE_URL", tenant.as_str()),
                    ("SAIL_CLIENT_SECRET", fake.client_secret()),
                ];

                let client = Client::from_env_source(&source(&vars, home.path())).unwrap();

                assert_eq!(list_count(&client).await, 0);
                assert_eq!(fake.token_request_count(), 1);
            }

            #[test]
            fn the_active_environment_variable_picks_another_environment() {
                let home = home_with(&cli_file("https://acme.example.com", "acme-id", "s"));
                let env = source(&[("SAIL_ACTIVEENVIRONMENT", "other")], home.path());

                let builder = ClientBuilder::from_env_source(&env).unwrap();

                let shown = format!("{builder:?}");
                assert!(
                    shown.contains("https://other.api.identitynow.com"),
                    "{shown}"
                );
                assert!(!shown.contains("other-secret"), "{shown}");
            }

            #[test]
            fn a_setting_missing_everywhere_names_the_variable_and_the_file() {
                let home = home_with(
                    "activeenvironment: acme\nenvironments:\n  acme:\n    \
                     baseurl: https://acme.api.identitynow.com\n    \
                     pat: {clientsecret: hidden-secret}\n",
                );

                let err = Client::from_env_source(&source(&[], home.path())).unwrap_err();

                let shown = err.to_string();
                assert!(shown.contains("SAIL_CLIENT_ID"), "{shown}");
                assert!(!shown.contains("hidden-secret"), "{shown}");
                assert_eq!(
                    err.kind(),
                    &ConfigErrorKind::MissingVariable {
                        names: vec!["SAIL_CLIENT_ID".into(), "SAIL_CLIENT_SECRET".into()]
                    }
                );
                let env = source(&[], home.path());
                let err = env
                    .require("SAIL_TENANT", "Tenant")
                    .unwrap_err()
                    .to_string();
                assert!(err.contains("~/.sailpoint/config.yaml"), "{err}");
            }

            #[test]
            fn a_broken_cli_file_is_a_typed_error_that_quotes_nothing() {
                let home = home_with("environments: [unclosed, hidden-secret\n");

                let err = Client::from_env_source(&source(&[], home.path())).unwrap_err();

                assert_eq!(err.kind(), &ConfigErrorKind::InvalidConfigFile);
                let shown = err.to_string();
                assert!(shown.contains("~/.sailpoint/config.yaml"), "{shown}");
                assert!(!shown.contains("hidden-secret"), "{shown}");
            }

            #[test]
            fn without_a_cli_file_the_message_is_the_usual_one() {
                let home = tempfile::tempdir().unwrap();
                let err = Client::from_env_source(&source(&[], home.path())).unwrap_err();
                assert!(err.to_string().contains("SAIL_BASE_URL"), "{err}");
            }
        }
    };
}

config_suite!(v3, sailpoint_pat_v3);
config_suite!(v2024, sailpoint_pat_v2024);
