//! TLS and proxies, with the SDK's own settings ([`HttpClient::builder`]): a server whose
//! certificate no built-in root signed is refused, and trusted once its CA is added; a proxy
//! carries the requests, with its credentials. Every server is on 127.0.0.1 and made here: a
//! rustls server with a certificate made on the fly, and a wiremock server as the proxy.

mod common;

use apiclient_core::auth::NoAuth;
use apiclient_core::{
    ApiClient, ClientConfig, ConfigErrorKind, Error, HttpClient, Method, Proxy, Request,
    RootCertificate,
};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An HTTPS server on 127.0.0.1 that answers every request `200 {"tls":true}`; it stops when
/// dropped.
struct TlsServer {
    url: String,
    /// The PEM of the server's (self-signed) certificate, to trust as a root.
    certificate_pem: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TlsServer {
    async fn start() -> Self {
        let key = rcgen::KeyPair::generate().expect("key pair");
        let params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("parameters");
        let certificate = params.self_signed(&key).expect("certificate");
        let der = rustls_pki_types::CertificateDer::from(certificate.der().to_vec());
        let key_der =
            rustls_pki_types::PrivateKeyDer::try_from(key.serialize_der()).expect("private key");
        let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
            tokio_rustls::rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![der], key_der)
        .expect("server configuration");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("https://{}", listener.local_addr().expect("address"));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake: nothing to do.
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut request = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let body = r#"{"tls":true}"#;
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(response.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        Self {
            url,
            certificate_pem: certificate.pem(),
            task,
        }
    }
}

fn client(base_url: &str, http: HttpClient) -> ApiClient {
    let config = ClientConfig::builder(common::PRODUCT)
        .base_url(base_url)
        .retry_policy(common::fast_retries(1))
        .http_client(http)
        .build()
        .expect("config");
    ApiClient::new(config, NoAuth).expect("client")
}

async fn get(client: &ApiClient) -> Result<Value, Error<Value>> {
    let response = client
        .execute::<Value>(Request::new(Method::GET, "/ping", "ping"))
        .await?;
    Ok(response.json::<Value, Value>()?.body)
}

#[tokio::test]
async fn a_certificate_no_built_in_root_signed_is_refused() {
    let server = TlsServer::start().await;
    let client = client(&server.url, HttpClient::new().expect("HTTP client"));
    let error = get(&client)
        .await
        .expect_err("an unknown issuer is refused");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    let text = error.to_string();
    assert!(text.contains("certificate"), "{text}");
    assert_eq!(transport.method, Method::GET);
}

#[tokio::test]
async fn an_added_root_certificate_is_trusted_beside_the_built_in_ones() {
    let server = TlsServer::start().await;
    let roots = RootCertificate::from_pem(server.certificate_pem.as_bytes()).expect("PEM");
    assert_eq!(roots.len(), 1);
    let http = HttpClient::builder()
        .root_certificate(roots[0].clone())
        .build()
        .expect("HTTP client");
    let body = get(&client(&server.url, http)).await.expect("trusted");
    assert_eq!(body, json!({"tls": true}));
}

#[tokio::test]
async fn without_built_in_roots_only_the_added_certificates_are_trusted() {
    let server = TlsServer::start().await;
    let other = TlsServer::start().await;
    let mut builder = HttpClient::builder().built_in_roots(false);
    for root in RootCertificate::from_pem(server.certificate_pem.as_bytes()).expect("PEM") {
        builder = builder.root_certificate(root);
    }
    let http = builder.build().expect("HTTP client");
    let body = get(&client(&server.url, http.clone()))
        .await
        .expect("trusted");
    assert_eq!(body, json!({"tls": true}));
    // Another self-signed server is not.
    let error = get(&client(&other.url, http)).await.expect_err("untrusted");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[test]
fn a_pem_bundle_gives_each_certificate_and_garbage_is_a_typed_error() {
    let pems: Vec<String> = (0..2)
        .map(|_| {
            let key = rcgen::KeyPair::generate().expect("key pair");
            rcgen::CertificateParams::new(vec!["a.example".to_owned()])
                .expect("parameters")
                .self_signed(&key)
                .expect("certificate")
                .pem()
        })
        .collect();
    let bundle = pems.concat();
    assert_eq!(
        RootCertificate::from_pem(bundle.as_bytes())
            .expect("bundle")
            .len(),
        2
    );
    for bad in [
        &b"no certificate here"[..],
        b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
    ] {
        let error = RootCertificate::from_pem(bad).expect_err("refused");
        assert_eq!(error.kind(), &ConfigErrorKind::HttpClient, "{error}");
    }
}

#[tokio::test]
async fn a_proxy_carries_the_requests_with_its_credentials() {
    // Plain-HTTP requests through a proxy go to it in absolute form; wiremock answers them.
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ping"))
        // "me:hunter2" in base64.
        .and(header("proxy-authorization", "Basic bWU6aHVudGVyMg=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"via": "proxy"})))
        .expect(1)
        .mount(&proxy)
        .await;
    let setting = Proxy::http(&proxy.uri())
        .expect("proxy URL")
        .basic_auth("me", "hunter2");
    assert!(!format!("{setting:?}").contains("hunter2"));
    let http = HttpClient::builder()
        .proxy(setting)
        .build()
        .expect("HTTP client");
    // A host that does not resolve: only the proxy can answer.
    let config = ClientConfig::builder(common::PRODUCT)
        .base_url("http://api.invalid")
        .allow_insecure_http(true)
        .retry_policy(common::fast_retries(1))
        .http_client(http)
        .build()
        .expect("config");
    let client = ApiClient::new(config, NoAuth).expect("client");
    assert_eq!(
        get(&client).await.expect("proxied"),
        json!({"via": "proxy"})
    );
    let sent = &proxy.received_requests().await.expect("recorded")[0];
    assert_eq!(sent.url.host_str(), Some("api.invalid"));
}

#[test]
fn a_proxy_url_is_checked_and_never_quoted() {
    let error = Proxy::all("http://user:secret@[bad").expect_err("invalid");
    assert_eq!(error.kind(), &ConfigErrorKind::HttpClient);
    assert!(!error.to_string().contains("secret"), "{error}");
    let error = Proxy::all("ftp://proxy.internal").expect_err("unsupported scheme");
    assert_eq!(error.kind(), &ConfigErrorKind::HttpClient);
    let proxy = Proxy::https("http://user:secret@proxy.internal:3128").expect("valid");
    let debug = format!("{proxy:?}");
    assert!(
        !debug.contains("secret") && !debug.contains("user"),
        "{debug}"
    );
}
