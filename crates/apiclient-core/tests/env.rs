//! Item A: `env`: settings from an environment variable, else from a JSON configuration file; typed
//! errors naming what is missing; secrets as `SecretString`. The process environment is never
//! touched: variables are injected.

use apiclient_core::ConfigErrorKind;
use apiclient_core::env::EnvSource;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "apiclient-core-env-{name}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn variable_wins_over_the_file() {
    let env = EnvSource::from_vars([("SAIL_CLIENT_ID", "from-env")])
        .config_json(json!({"ClientId": "from-file", "BaseURL": "https://acme.example"}));
    assert_eq!(
        env.get("SAIL_CLIENT_ID", "ClientId").as_deref(),
        Some("from-env")
    );
    assert_eq!(
        env.get("SAIL_BASE_URL", "BaseURL").as_deref(),
        Some("https://acme.example")
    );
    assert_eq!(env.get("NOPE", "Nope"), None);
}

#[test]
fn empty_values_count_as_unset() {
    let env = EnvSource::from_vars([("A", "")]).config_json(json!({"a": "file", "b": ""}));
    assert_eq!(env.get("A", "a").as_deref(), Some("file"));
    assert_eq!(env.get("B", "b"), None);
}

#[test]
fn missing_settings_name_the_variable_and_key() {
    let env = EnvSource::from_vars([("OTHER", "x")]);
    let err = env.require("XMS_API_TOKEN", "apiToken").unwrap_err();
    assert!(err.to_string().contains("XMS_API_TOKEN"), "{err}");
    assert_eq!(
        err.kind(),
        &ConfigErrorKind::MissingVariable {
            names: vec!["XMS_API_TOKEN".to_owned()]
        }
    );

    let dir = temp_dir("missing");
    let env =
        EnvSource::from_vars(Vec::<(String, String)>::new()).config_file(dir.join("config.json"));
    let err = env.require("GMS_TOKEN", "token").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("GMS_TOKEN"), "{text}");
    assert!(text.contains("\"token\""), "{text}");
    assert!(text.contains("config.json"), "{text}");
    assert!(text.contains("does not exist"), "{text}");
}

#[test]
fn reads_a_config_file_once() {
    let dir = temp_dir("once");
    let path = dir.join("config.json");
    std::fs::write(
        &path,
        r#"{"BaseURL":"https://acme.api.identitynow.com","ClientSecret":"s3cr3t-value","Port":8443,"Debug":true,"auth":{"clientId":"nested-id"}}"#,
    )
    .unwrap();
    let lookups = Arc::new(AtomicUsize::new(0));
    let counter = lookups.clone();
    let env = EnvSource::with_lookup(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        None
    })
    .config_file(&path);
    assert_eq!(env.config_path(), Some(path.as_path()));
    assert_eq!(
        env.require("SAIL_BASE_URL", "BaseURL").unwrap(),
        "https://acme.api.identitynow.com"
    );
    assert_eq!(env.get("P", "Port").as_deref(), Some("8443"));
    assert_eq!(env.get("D", "Debug").as_deref(), Some("true"));
    assert_eq!(env.get("C", "auth.clientId").as_deref(), Some("nested-id"));
    // Read once: later changes to the file are not seen.
    std::fs::write(&path, r#"{"BaseURL":"https://changed.example"}"#).unwrap();
    assert_eq!(
        env.get("SAIL_BASE_URL", "BaseURL").as_deref(),
        Some("https://acme.api.identitynow.com")
    );
    // Clones share what was read.
    assert_eq!(
        env.clone().get("SAIL_BASE_URL", "BaseURL").as_deref(),
        Some("https://acme.api.identitynow.com")
    );
    // The environment was consulted first each time.
    assert_eq!(lookups.load(Ordering::SeqCst), 6);

    let secret = env
        .require_secret("SAIL_CLIENT_SECRET", "ClientSecret")
        .unwrap();
    assert_eq!(secret.expose_secret(), "s3cr3t-value");
    assert_eq!(format!("{secret:?}"), "[REDACTED]");
    assert!(env.get_secret("X", "Nope").is_none());
    assert!(!format!("{env:?}").contains("s3cr3t"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn malformed_files_are_clear_errors_without_their_content() {
    let dir = temp_dir("bad");
    let path = dir.join("config.json");
    std::fs::write(&path, r#"{"ClientSecret": "leaky-secret", oops}"#).unwrap();
    let env = EnvSource::from_vars(Vec::<(String, String)>::new()).config_file(&path);
    let err = env.require("SAIL_CLIENT_ID", "ClientId").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("config.json"), "{text}");
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(!text.contains("leaky-secret"), "{text}");
    assert!(env.try_get("SAIL_CLIENT_ID", "ClientId").is_err());
    // `get` treats an unreadable file as absent, but a variable still works.
    assert_eq!(env.get("SAIL_CLIENT_ID", "ClientId"), None);
    let with_var = EnvSource::from_vars([("SAIL_CLIENT_ID", "id")]).config_file(&path);
    assert_eq!(
        with_var.require("SAIL_CLIENT_ID", "ClientId").unwrap(),
        "id"
    );

    std::fs::write(&path, "[1, 2]").unwrap();
    let env = EnvSource::from_vars(Vec::<(String, String)>::new()).config_file(&path);
    let err = env.require("A", "a").unwrap_err();
    assert!(err.to_string().contains("JSON object"), "{err}");
    assert_eq!(err.kind(), &ConfigErrorKind::InvalidConfigFile);

    let env =
        EnvSource::from_vars(Vec::<(String, String)>::new()).config_json(json!({"a": {"b": 1}}));
    let err = env.require("A", "a").unwrap_err();
    assert!(err.to_string().contains("must be a string"), "{err}");
    assert_eq!(err.kind(), &ConfigErrorKind::InvalidConfigFile);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn process_environment_source_reads_without_mutating() {
    // PATH is set in any test environment; nothing is written.
    let env = EnvSource::new();
    assert!(env.get("PATH", "path").is_some());
    assert!(format!("{env:?}").contains("process environment"));
    let _default = EnvSource::default();
}

#[test]
fn fallbacks_are_read_once_in_order_after_the_file() {
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let env = EnvSource::from_vars([("A", "from-var")])
        .config_json(json!({"B": "from-file"}))
        .fallback("first", move || {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(Some(json!({"B": "first-b", "C": "first-c"})))
        })
        .fallback("second", || Ok(Some(json!({"C": "second-c", "D": 4}))))
        .fallback("absent", || Ok(None));

    assert_eq!(env.get("A", "A").as_deref(), Some("from-var"));
    assert_eq!(env.get("X", "B").as_deref(), Some("from-file"));
    assert_eq!(env.get("X", "C").as_deref(), Some("first-c"));
    assert_eq!(env.get("X", "D").as_deref(), Some("4"));
    assert_eq!(
        loads.load(Ordering::SeqCst),
        1,
        "the first fallback is loaded once"
    );
    let err = env.require("E", "E").unwrap_err().to_string();
    for name in ["first", "second", "absent"] {
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn a_fallback_that_is_not_an_object_or_fails_is_an_invalid_config_file() {
    let env = EnvSource::from_vars::<&str, &str>([])
        .fallback("vendor settings", || Ok(Some(json!(["a"]))));
    let err = env.try_get("X", "X").unwrap_err();
    assert_eq!(err.kind(), &ConfigErrorKind::InvalidConfigFile);
    assert!(err.to_string().contains("vendor settings"), "{err}");

    let env = EnvSource::from_vars::<&str, &str>([]).fallback("broken", || {
        Err(apiclient_core::ConfigError::new(
            ConfigErrorKind::InvalidConfigFile,
            "broken could not be read",
        ))
    });
    assert!(env.try_get("X", "X").is_err());
    assert_eq!(
        env.get("X", "X"),
        None,
        "get treats an unreadable source as absent"
    );

    let env = EnvSource::from_vars::<&str, &str>([])
        .fallback("nested", || Ok(Some(json!({"X": {"deep": 1}}))));
    let err = env.try_get("X", "X").unwrap_err().to_string();
    assert!(
        err.contains("nested") && err.contains("must be a string"),
        "{err}"
    );
}
