//! Configuration faults found without a server: where SailPoint credentials would go without a
//! tenant, which hosts count as loopback, and what a configuration error quotes.

use apiclient_core::env::EnvSource;

use super::providers::{ALL, SP_CLIENT_ID, SP_CLIENT_SECRET, Setup, XMS_KEY};
use super::secrets::form_encode;

fn sailpoint_env() -> EnvSource {
    EnvSource::from_vars([
        ("SAIL_CLIENT_ID", SP_CLIENT_ID),
        ("SAIL_CLIENT_SECRET", SP_CLIENT_SECRET),
    ])
}

#[test]
fn sailpoint_from_env_without_a_tenant_names_what_is_missing() {
    let v3 = sailpoint_pat_v3::Client::from_env_source(&sailpoint_env()).map(drop);
    let v2024 = sailpoint_pat_v2024::Client::from_env_source(&sailpoint_env()).map(drop);
    for (version, result) in [("v3", v3), ("v2024", v2024)] {
        let error = result.expect_err(version);
        assert!(
            error.message().contains("SAIL_BASE_URL"),
            "{version}: {}",
            error.message()
        );
        assert!(!error.to_string().contains(SP_CLIENT_SECRET));
    }
}

#[test]
fn the_ipv4_loopback_and_localhost_take_credentials_over_plain_http() {
    for provider in ALL {
        for url in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
            assert!(
                provider.try_client(url, &Setup::default()).is_ok(),
                "{provider:?} {url}"
            );
        }
        assert!(
            provider
                .try_client("http://api.example.com", &Setup::default())
                .is_err(),
            "{provider:?}: a remote plain-http host is refused"
        );
    }
}

#[test]
fn an_ipv4_mapped_loopback_address_takes_credentials_over_plain_http() {
    for provider in ALL {
        let result = provider.try_client("http://[::ffff:127.0.0.1]:9", &Setup::default());
        assert!(result.is_ok(), "{provider:?}: {:?}", result.err());
    }
}

#[test]
fn a_valid_base_url_with_user_info_is_refused_without_quoting_it() {
    for provider in ALL {
        let url = format!("https://user:{}@api.example.com", form_encode(XMS_KEY));
        let error = provider
            .try_client(&url, &Setup::default())
            .err()
            .expect("refused");
        assert!(
            !format!("{error} {error:?}").contains(XMS_KEY),
            "{provider:?}: {error}"
        );
        assert!(
            !format!("{error} {error:?}").contains("5b%2F2Rr"),
            "{provider:?}: {error}"
        );
    }
}

#[test]
fn a_bad_base_url_error_quotes_no_query_fragment_or_user_info() {
    let mut found = Vec::new();
    for provider in ALL {
        for url in [
            format!("https://api.example.com/v1?token={XMS_KEY}"),
            format!("https://api.example.com/v1#{XMS_KEY}"),
            format!("https://user:{XMS_KEY}@api.example.com"),
            format!("https://user:{XMS_KEY}@api example.com"),
            format!("ftp://user:{XMS_KEY}@api.example.com"),
        ] {
            if let Err(error) = provider.try_client(&url, &Setup::default()) {
                let text = format!("{error} {error:?}");
                if text.contains("5b/2Rr") || text.contains("5b%2F2Rr") {
                    found.push(format!("{provider:?} {url:?}: {error}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
