//! The `/oauth/token` endpoint and the access tokens it issued.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apiclient_core::testkit::{FakeRequest, FakeResponse, base64url_encode, random_hex};
use chrono::Utc;
use serde_json::json;

use super::store::{Identity, MAX_VALIDITY, Store};

/// Default lifetime of issued access tokens.
pub(crate) const DEFAULT_LIFETIME: Duration = Duration::from_secs(750);

/// The credential the fake starts with (not a listed token).
#[derive(Debug, Clone)]
pub(crate) struct Bootstrap {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) identity: Identity,
}

#[derive(Debug)]
struct Issued {
    token: String,
    identity: Identity,
    expires: Instant,
}

/// Issued access tokens, their lifetime and the count of token requests.
#[derive(Debug)]
pub(crate) struct OAuth {
    issued: Vec<Issued>,
    pub(crate) lifetime: Duration,
    pub(crate) requests: u64,
}

impl Default for OAuth {
    fn default() -> Self {
        Self {
            issued: Vec::new(),
            lifetime: DEFAULT_LIFETIME,
            requests: 0,
        }
    }
}

/// What a bearer token on an API call turned out to be.
#[derive(Debug)]
pub(crate) enum Bearer {
    Valid(Identity),
    Expired,
    Invalid,
    Missing,
}

fn oauth_error(status: u16, error: &str, description: &str) -> FakeResponse {
    FakeResponse::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// A JWT-shaped (unsigned) access token carrying the usual claims.
fn mint(identity: &Identity, client_id: &str, scope: &str, lifetime: Duration) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({
        "identity_id": identity.id,
        "user_name": identity.name,
        "client_id": client_id,
        "scope": scope.split(' ').collect::<Vec<_>>(),
        "iat": now,
        "exp": now + lifetime.as_secs(),
        "jti": random_hex(32),
    });
    format!(
        "{}.{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_string().as_bytes()),
        base64url_encode(random_hex(32).as_bytes())
    )
}

impl OAuth {
    /// Answers `POST /oauth/token` (parameters from the form body or the query, client
    /// credentials also from HTTP Basic auth).
    pub(crate) fn token_endpoint(
        &mut self,
        request: &FakeRequest,
        bootstrap: &Bootstrap,
        store: &mut Store,
    ) -> FakeResponse {
        self.requests += 1;
        if request.method() != "POST" {
            return oauth_error(405, "method_not_allowed", "Use POST.");
        }
        let form = request.form();
        let param = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .or_else(|| request.query_param(name).map(str::to_owned))
        };
        match param("grant_type").as_deref() {
            Some("client_credentials") => {}
            None | Some("") => {
                return oauth_error(400, "invalid_request", "Missing grant type");
            }
            Some(other) => {
                return oauth_error(
                    400,
                    "unsupported_grant_type",
                    &format!("Unsupported grant type: {other}"),
                );
            }
        }
        let basic = request.basic_auth();
        let client_id = param("client_id").or_else(|| basic.clone().map(|b| b.0));
        let client_secret = param("client_secret").or_else(|| basic.map(|b| b.1));
        let bad = || oauth_error(401, "invalid_client", "Bad client credentials");
        let (Some(client_id), Some(client_secret)) = (client_id, client_secret) else {
            return bad();
        };
        let (identity, scope, validity) =
            if client_id == bootstrap.client_id && client_secret == bootstrap.client_secret {
                (
                    bootstrap.identity.clone(),
                    "sp:scopes:all".to_owned(),
                    MAX_VALIDITY,
                )
            } else {
                let now = Utc::now();
                match store.get_mut(&client_id) {
                    Some(pat) if pat.secret == client_secret && !pat.columns.is_expired(now) => {
                        pat.columns.last_used = Some(now);
                        let columns = &pat.columns;
                        (
                            columns.owner.clone(),
                            columns.scope.join(" "),
                            columns.validity_secs,
                        )
                    }
                    _ => return bad(),
                }
            };
        let (token, lifetime) = self.issue(&identity, &client_id, &scope, validity);
        FakeResponse::json(
            200,
            &json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": lifetime.as_secs(),
                "scope": scope,
                "tenant_id": "00000000-0000-0000-0000-000000000000",
                "internal": true,
                "pod": "fake",
                "strong_auth_supported": false,
                "org": "fake",
                "identity_id": identity.id,
                "user_name": identity.name,
                "strong_auth": false,
                "jti": random_hex(32),
            }),
        )
    }

    /// Issues an access token living `min(lifetime knob, validity_secs)`.
    pub(crate) fn issue(
        &mut self,
        identity: &Identity,
        client_id: &str,
        scope: &str,
        validity_secs: i64,
    ) -> (String, Duration) {
        let validity = Duration::from_secs(u64::try_from(validity_secs).unwrap_or(0));
        let lifetime = self.lifetime.min(validity);
        let token = mint(identity, client_id, scope, lifetime);
        self.issued.push(Issued {
            token: token.clone(),
            identity: identity.clone(),
            expires: Instant::now() + lifetime,
        });
        (token, lifetime)
    }

    /// Checks the bearer token of an API call.
    pub(crate) fn check(&self, request: &FakeRequest) -> Bearer {
        let Some(token) = request.bearer_token() else {
            return Bearer::Missing;
        };
        match self.issued.iter().find(|issued| issued.token == token) {
            Some(issued) if Instant::now() < issued.expires => {
                Bearer::Valid(issued.identity.clone())
            }
            Some(_) => Bearer::Expired,
            None => Bearer::Invalid,
        }
    }

    /// Makes every token issued so far expired.
    pub(crate) fn expire_all(&mut self) {
        let now = Instant::now();
        for issued in &mut self.issued {
            issued.expires = now;
        }
    }
}
