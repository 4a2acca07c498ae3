//! TLS of an [`HttpClient`](crate::HttpClient): the roots trusted, by the enabled feature.
//!
//! - `rustls`: rustls with the *ring* provider and Mozilla's roots (webpki-roots) compiled in;
//! - `rustls-native-roots`: rustls with the operating system's roots;
//! - both: the union of the two;
//! - `native-tls` alone: the platform's TLS library and its roots.
//!
//! With rustls the configuration is built here and handed to reqwest whole, so the choice of
//! roots and provider is this crate's, whatever reqwest's own defaults are.

use super::http_client_error;
use crate::config::ConfigError;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::fmt;

/// A root certificate to trust beside (or instead of) the built-in roots, e.g. a corporate CA
/// ([`HttpClientBuilder::root_certificate`](crate::http_client::HttpClientBuilder::root_certificate)).
///
/// ```
/// use apiclient_core::RootCertificate;
/// assert!(RootCertificate::from_pem(b"not a certificate").is_err());
/// ```
#[derive(Clone)]
pub struct RootCertificate {
    der: CertificateDer<'static>,
}

impl fmt::Debug for RootCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RootCertificate")
            .field("der_len", &self.der.len())
            .finish()
    }
}

impl RootCertificate {
    /// A certificate in DER form.
    pub fn from_der(der: impl Into<Vec<u8>>) -> Self {
        Self {
            der: CertificateDer::from(der.into()),
        }
    }

    /// Every `CERTIFICATE` block of a PEM file (a bundle may hold several); a file with none,
    /// or a block that is not valid base64, is a [`ConfigErrorKind::HttpClient`] error.
    ///
    /// [`ConfigErrorKind::HttpClient`]: crate::ConfigErrorKind::HttpClient
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Self>, ConfigError> {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .map(|der| der.map(|der| Self { der }))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| http_client_error(format!("invalid PEM certificate: {e}")))?;
        if certificates.is_empty() {
            return Err(http_client_error("the PEM data holds no CERTIFICATE block"));
        }
        Ok(certificates)
    }
}

/// Sets the TLS configuration of `builder`: `roots`, plus the built-in ones when `built_in`.
#[cfg(any(feature = "rustls", feature = "rustls-native-roots"))]
pub(super) fn apply(
    builder: reqwest::ClientBuilder,
    roots: &[RootCertificate],
    built_in: bool,
) -> Result<reqwest::ClientBuilder, ConfigError> {
    use std::sync::Arc;
    let mut store = rustls::RootCertStore::empty();
    if built_in {
        add_built_in_roots(&mut store);
    }
    for root in roots {
        store
            .add(root.der.clone())
            .map_err(|e| http_client_error(format!("root certificate refused: {e}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| http_client_error(format!("TLS configuration refused: {e}")))?
        .with_root_certificates(store)
        .with_no_client_auth();
    // reqwest negotiates the protocol from ALPN only on configurations it builds itself.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// The roots of the enabled rustls features.
#[cfg(any(feature = "rustls", feature = "rustls-native-roots"))]
fn add_built_in_roots(store: &mut rustls::RootCertStore) {
    #[cfg(feature = "rustls")]
    store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "rustls-native-roots")]
    {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!("a system root certificate could not be loaded: {error}");
        }
        let (added, ignored) = store.add_parsable_certificates(found.certs);
        tracing::debug!(added, ignored, "system root certificates loaded");
    }
}

/// Sets the TLS configuration of `builder`: `roots`, plus the platform's when `built_in`.
#[cfg(all(
    feature = "native-tls",
    not(any(feature = "rustls", feature = "rustls-native-roots"))
))]
pub(super) fn apply(
    builder: reqwest::ClientBuilder,
    roots: &[RootCertificate],
    built_in: bool,
) -> Result<reqwest::ClientBuilder, ConfigError> {
    let mut certificates = Vec::with_capacity(roots.len());
    for root in roots {
        certificates.push(
            reqwest::Certificate::from_der(&root.der)
                .map_err(|e| http_client_error(format!("root certificate refused: {e}")))?,
        );
    }
    Ok(if built_in {
        builder.tls_certs_merge(certificates)
    } else {
        builder.tls_certs_only(certificates)
    })
}

/// Without a TLS feature only `http://` can be used: roots are refused.
#[cfg(not(any(
    feature = "rustls",
    feature = "rustls-native-roots",
    feature = "native-tls"
)))]
pub(super) fn apply(
    builder: reqwest::ClientBuilder,
    roots: &[RootCertificate],
    _built_in: bool,
) -> Result<reqwest::ClientBuilder, ConfigError> {
    if roots.is_empty() {
        Ok(builder)
    } else {
        Err(http_client_error(
            "root certificates need a TLS feature (rustls, rustls-native-roots or native-tls)",
        ))
    }
}
