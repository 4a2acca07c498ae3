//! Reading the vendor CLI's `~/.sailpoint/config.yaml` into the keys of `config.json`.

use apiclient_core::ConfigErrorKind;
use sailpoint_common::config::cli_settings;
use serde_json::json;

#[test]
fn without_activeenvironment_the_default_environment_is_read() {
    let yaml = "environments:\n  default:\n    baseurl: https://d.api.identitynow.com\n";
    assert_eq!(
        cli_settings(yaml, None).unwrap(),
        Some(json!({"BaseURL": "https://d.api.identitynow.com"}))
    );
}

#[test]
fn the_chosen_environment_wins_and_keys_ignore_case() {
    let yaml = "ActiveEnvironment: a\nEnvironments:\n  a: {BaseUrl: https://a.example.com}\n  \
                B:\n    baseurl: https://b.example.com\n    PAT: {ClientID: b-id, ClientSecret: b-s}\n";
    assert_eq!(
        cli_settings(yaml, Some("b")).unwrap(),
        Some(
            json!({"BaseURL": "https://b.example.com", "ClientId": "b-id", "ClientSecret": "b-s"})
        )
    );
    assert_eq!(
        cli_settings(yaml, None).unwrap(),
        Some(json!({"BaseURL": "https://a.example.com"}))
    );
}

#[test]
fn an_environment_not_in_the_file_is_no_settings() {
    let yaml = "activeenvironment: gone\nenvironments:\n  acme: {baseurl: https://a.example.com}\n";
    assert_eq!(cli_settings(yaml, None).unwrap(), None);
    assert_eq!(cli_settings("authtype: pat\n", None).unwrap(), None);
}

#[test]
fn a_file_that_is_not_a_mapping_is_an_invalid_config_file() {
    for yaml in ["- a\n- b\n", "just text\n", "key: [unclosed\n"] {
        let err = cli_settings(yaml, None).unwrap_err();
        assert_eq!(err.kind(), &ConfigErrorKind::InvalidConfigFile, "{yaml}");
        assert!(err.to_string().contains("config.yaml"), "{err}");
    }
}

#[test]
fn empty_values_count_as_not_set() {
    let yaml =
        "environments:\n  default:\n    baseurl: ''\n    pat: {clientid: id, clientsecret: ''}\n";
    assert_eq!(
        cli_settings(yaml, None).unwrap(),
        Some(json!({"ClientId": "id"}))
    );
}
