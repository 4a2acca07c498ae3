//! Item 1: Configuration: builder, validated base URL, server-variable templates, user agent,
//! timeouts, retry policy, default headers, one shared connection pool, and the refusal to send
//! credentials over plain `http://` to remote hosts.

mod common;

use apiclient_core::auth::{ApiKey, BearerToken, NoAuth, OAuth2ClientCredentials};
use apiclient_core::{ApiClient, ClientConfig, Method, Request, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn builder_sets_every_option() {
    let config = ClientConfig::builder("sailpoint-pat-v3/0.1.0")
        .base_url("https://acme.api.identitynow.com/v3/")
        .application("token-rotator/1.4")
        .connect_timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_secs(7))
        .total_timeout(Duration::from_secs(30))
        .retry_policy(RetryPolicy::default().max_attempts(5))
        .default_header("X-Tenant", "acme")
        .build()
        .unwrap();
    // The trailing slash is trimmed so paths join cleanly.
    assert_eq!(
        config.base_url().as_str(),
        "https://acme.api.identitynow.com/v3"
    );
    assert_eq!(
        config.user_agent(),
        "sailpoint-pat-v3/0.1.0 token-rotator/1.4"
    );
    assert_eq!(config.connect_timeout(), Duration::from_secs(3));
    assert_eq!(config.attempt_timeout(), Some(Duration::from_secs(7)));
    assert_eq!(config.total_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(config.retry_policy().attempts(), 5);
    assert!(!config.allows_insecure_http());

    let unbounded = ClientConfig::builder("x/1")
        .base_url("https://a.example")
        .no_total_timeout()
        .build()
        .unwrap();
    assert_eq!(unbounded.total_timeout(), None);
    assert_eq!(
        ClientConfig::builder("x/1")
            .base_url("https://a.example")
            .build()
            .unwrap()
            .user_agent(),
        "x/1"
    );
}

#[test]
fn server_variable_templates_are_filled_and_checked() {
    let config = ClientConfig::builder("x/1")
        .base_url_template(
            "https://{tenant}.api.identitynow.com/{version}",
            &[("tenant", "acme"), ("version", "v3")],
        )
        .build()
        .unwrap();
    assert_eq!(
        config.base_url().as_str(),
        "https://acme.api.identitynow.com/v3"
    );

    // A variable without a value.
    let err = ClientConfig::builder("x/1")
        .base_url_template("https://{tenant}.api.identitynow.com/v3", &[])
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("{tenant}"), "{err}");

    // Values that would change the host or add a path, query, fragment or user info.
    for bad in [
        "evil.com/",
        "evil.com\\",
        "evil.com#",
        "evil.com?",
        "user@evil.com",
        "evil.com:8443",
        "",
        "a b",
    ] {
        let result = ClientConfig::builder("x/1")
            .base_url_template(
                "https://{tenant}.api.identitynow.com/v3",
                &[("tenant", bad)],
            )
            .build();
        assert!(result.is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn invalid_base_urls_are_refused() {
    for bad in [
        "",
        "not a url",
        "ftp://example.com",
        "https://example.com/v3?x=1",
        "https://example.com/#frag",
        "mailto:someone@example.com",
    ] {
        let err = ClientConfig::builder("x/1").base_url(bad).build();
        assert!(err.is_err(), "{bad:?} was accepted");
    }
    assert!(ClientConfig::builder("x/1").build().is_err(), "no base URL");

    // User info may be a credential: refused, and not quoted back.
    let err = ClientConfig::builder("x/1")
        .base_url("https://admin:hunter2@example.com")
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");

    // Header values with CR/LF and invalid user agents are refused.
    let err = ClientConfig::builder("x/1")
        .base_url("https://example.com")
        .default_header("X-Tenant", "a\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("X-Tenant"), "{err}");
    assert!(
        ClientConfig::builder("x/1\n")
            .base_url("https://example.com")
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn clients_sharing_an_http_client_each_send_their_own_user_agent() {
    let server = MockServer::start().await;
    for agent in ["first-sdk/1.0", "second-sdk/2.0"] {
        Mock::given(method("GET"))
            .and(path(format!("/{}", &agent[..5])))
            .and(header("user-agent", agent))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let shared = apiclient_core::HttpClient::new().unwrap();
    for (agent, route) in [("first-sdk/1.0", "/first"), ("second-sdk/2.0", "/secon")] {
        let config = ClientConfig::builder(agent)
            .base_url(server.uri())
            .http_client(shared.clone())
            .build()
            .unwrap();
        ApiClient::unauthenticated(config)
            .execute::<()>(Request::new(Method::GET, route, "ping"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn user_agent_and_default_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/ping"))
        .and(header(
            "user-agent",
            format!("{} rotator/2.0", common::PRODUCT).as_str(),
        ))
        .and(header("x-tenant", "acme"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let config = ClientConfig::builder(common::PRODUCT)
        .base_url(format!("{}/v3/", server.uri()))
        .application("rotator/2.0")
        .default_header("X-Tenant", "acme")
        .build()
        .unwrap();
    let client = ApiClient::unauthenticated(config);
    client
        .execute::<()>(Request::new(Method::GET, "/ping", "ping"))
        .await
        .unwrap();
}

#[test]
fn credentials_over_plain_http_to_remote_hosts_are_refused() {
    let remote = || {
        ClientConfig::builder("x/1")
            .base_url("http://api.example.com")
            .build()
            .unwrap()
    };
    let err = ApiClient::new(remote(), BearerToken::new("tok-123456")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("http://"), "{text}");
    assert!(text.contains("api.example.com"), "{text}");
    assert!(text.contains("allow insecure HTTP"), "{text}");
    assert!(!text.contains("tok-123456"));
    assert!(ApiClient::new(remote(), ApiKey::query("api_key", "k-123456")).is_err());

    // Explicitly allowed.
    let allowed = ClientConfig::builder("x/1")
        .base_url("http://api.example.com")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert!(allowed.allows_insecure_http());
    assert!(ApiClient::new(allowed, BearerToken::new("tok")).is_ok());

    // No credentials: nothing to protect.
    assert!(ApiClient::new(remote(), NoAuth).is_ok());
    let _ = ApiClient::unauthenticated(remote());

    // Loopback is fine, and https anywhere.
    for url in [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:9000",
        "http://[::ffff:127.0.0.1]:9000",
        "http://[::ffff:127.9.0.1]",
        "https://api.example.com",
    ] {
        let config = ClientConfig::builder("x/1").base_url(url).build().unwrap();
        assert!(
            ApiClient::new(config, BearerToken::new("tok")).is_ok(),
            "{url}"
        );
    }
    // IPv4-mapped addresses of remote hosts are remote.
    for url in ["http://[::ffff:10.0.0.1]", "http://[::ffff:8.8.8.8]:80"] {
        let config = ClientConfig::builder("x/1").base_url(url).build().unwrap();
        assert!(
            ApiClient::new(config, BearerToken::new("tok")).is_err(),
            "{url}"
        );
    }
}

#[tokio::test]
async fn oauth2_token_url_over_plain_http_to_remote_host_is_refused() {
    let server = MockServer::start().await;
    let auth = OAuth2ClientCredentials::new(
        "http://auth.example.com/oauth/token",
        "client",
        "client-secret-value",
    )
    .unwrap();
    let client = ApiClient::new(common::config(&server), auth).unwrap();
    let err = client
        .execute::<()>(Request::new(Method::GET, "/x", "x"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("auth.example.com"), "{text}");
    assert!(!text.contains("client-secret-value"), "{text}");
    // Nothing reached the API.
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that counts the TCP connections it accepts.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    // Requests here are GETs without a body: each ends with an empty line.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        let response =
                            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
                        if socket.write_all(response).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), connections)
}

#[tokio::test]
async fn clients_share_one_connection_pool() {
    let (base, connections) = counting_server().await;
    let config = ClientConfig::builder("x/1")
        .base_url(&base)
        .build()
        .unwrap();
    let first = ApiClient::new(config.clone(), BearerToken::new("t1")).unwrap();
    let clone = first.clone();
    // A second client built from a clone of the same configuration.
    let second = ApiClient::new(config, BearerToken::new("t2")).unwrap();
    for client in [&first, &clone, &second, &first, &second] {
        client
            .execute::<()>(Request::new(Method::GET, "/ping", "ping"))
            .await
            .unwrap();
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "sequential calls from clones must reuse one pooled connection"
    );

    // A configuration can also adopt an existing client (and its pool).
    let shared = apiclient_core::HttpClient::new().unwrap();
    let config = ClientConfig::builder("x/1")
        .base_url(&base)
        .http_client(shared)
        .build()
        .unwrap();
    let _ = config.http_client().clone();
}

#[tokio::test]
async fn huge_timeouts_do_not_overflow() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/wait"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", "18446744073709551615"),
        )
        .expect(1)
        .mount(&server)
        .await;
    // A total timeout too large to represent is no limit.
    let config = common::builder(&server)
        .total_timeout(Duration::MAX)
        .attempt_timeout(Duration::MAX)
        .build()
        .unwrap();
    ApiClient::unauthenticated(config)
        .execute::<()>(Request::new(Method::GET, "/ok", "ok"))
        .await
        .unwrap();
    // Any server wait accepted, but the wait would end past the deadline: no retry, no panic.
    let config = common::builder(&server)
        .total_timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::default().max_server_wait(Duration::MAX))
        .build()
        .unwrap();
    let err = ApiClient::unauthenticated(config)
        .execute::<()>(Request::new(Method::GET, "/wait", "wait"))
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
}
