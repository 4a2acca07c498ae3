//! The view of an outgoing request that an [`AuthProvider`](super::AuthProvider) adds its
//! credentials to.

use http::{HeaderMap, Method};
use url::Url;

/// An outgoing request, as an [`AuthProvider`](super::AuthProvider) sees it: its method and URL
/// to read (e.g. to sign them), its headers and query to add credentials to.
///
/// ```
/// use apiclient_core::auth::{AuthProvider, AuthRequest};
/// use apiclient_core::{AuthError, HeaderValue};
///
/// #[derive(Debug)]
/// struct Signed;
///
/// #[apiclient_core::__private::async_trait]
/// impl AuthProvider for Signed {
///     async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<(), AuthError> {
///         let signature = format!("{} {}", request.method(), request.url().path());
///         let mut value = HeaderValue::from_str(&signature.len().to_string()).unwrap();
///         value.set_sensitive(true);
///         request.headers_mut().insert("x-signature", value);
///         request.append_query_pair("signed", "1");
///         Ok(())
///     }
/// }
/// ```
pub struct AuthRequest<'a> {
    inner: &'a mut reqwest::Request,
}

impl std::fmt::Debug for AuthRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL's query may already carry a key: only the method and path are shown.
        f.debug_struct("AuthRequest")
            .field("method", self.inner.method())
            .field("path", &self.inner.url().path())
            .finish_non_exhaustive()
    }
}

impl<'a> AuthRequest<'a> {
    pub(crate) fn new(inner: &'a mut reqwest::Request) -> Self {
        Self { inner }
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        self.inner.method()
    }

    /// The request's full URL, query included.
    pub fn url(&self) -> &Url {
        self.inner.url()
    }

    /// The request's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The request's headers, to add a credential to (mark it with
    /// [`HeaderValue::set_sensitive`](http::HeaderValue::set_sensitive)).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.inner.headers_mut()
    }

    /// Appends `name=value` to the query, percent-encoded.
    pub fn append_query_pair(&mut self, name: &str, value: &str) {
        self.inner
            .url_mut()
            .query_pairs_mut()
            .append_pair(name, value);
    }
}
