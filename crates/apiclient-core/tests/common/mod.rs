//! Helpers shared by the integration tests. Every server is a wiremock server on 127.0.0.1.
#![allow(dead_code)]

pub mod multipart;

use apiclient_core::auth::AuthProvider;
use apiclient_core::{AuthError, ClientConfig, ClientConfigBuilder, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use wiremock::MockServer;

/// The product part of the user agent used in tests.
pub const PRODUCT: &str = "apiclient-core-tests/0.0.1";

/// A config builder pointed at `server`, with short back-offs so retries are quick.
pub fn builder(server: &MockServer) -> ClientConfigBuilder {
    ClientConfig::builder(PRODUCT)
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(20))
}

/// A config pointed at `server`.
pub fn config(server: &MockServer) -> ClientConfig {
    builder(server).build().expect("valid test config")
}

/// `attempts` attempts with back-offs of at most 20 ms.
pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

/// A port on 127.0.0.1 that is bound but not listening, so connections to it are refused;
/// holding the socket keeps any other server from taking the port meanwhile.
pub struct RefusedPort {
    _socket: tokio::net::TcpSocket,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// See [`RefusedPort`].
pub fn refused_port() -> RefusedPort {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let addr = socket.local_addr().expect("addr");
    RefusedPort {
        _socket: socket,
        url: format!("http://{addr}"),
    }
}

/// An auth provider that counts how often it was asked to authorize a request, i.e. how many
/// attempts were made (also those that never reached a server).
#[derive(Debug, Clone, Default)]
pub struct CountingAuth {
    pub calls: Arc<AtomicU32>,
}

impl CountingAuth {
    pub fn count(&self) -> u32 {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl AuthProvider for CountingAuth {
    async fn authorize(
        &self,
        request: &mut apiclient_core::auth::AuthRequest<'_>,
    ) -> Result<(), AuthError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        request
            .headers_mut()
            .insert("x-test-auth", "counted".parse().expect("header"));
        Ok(())
    }
}
