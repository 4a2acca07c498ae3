//! The two ways of making the same call: through the SDK, and by hand with reqwest + serde_json.
//!
//! Both share one `reqwest::Client` (so one connection pool), send the same request (the same
//! headers, the raw side's `User-Agent` being the SDK's, and a time limit per request like the
//! SDK's attempt timeout), and decode into the SDK's own response models, so the difference
//! between them is what the SDK does per call (request building, auth, retries, response
//! handling, its decode path), not the models or the request.
//!
//! `RAW_TIMEOUT=off` drops the raw side's time limit, to show what the SDK's attempt timer costs.

use gmodstore_pat::models::{GetPersonalAccessTokenResponse, ListPersonalAccessTokensResponse};
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

/// The token both sides send.
const TOKEN: &str = "bench-personal-access-token-0123456789";
/// The id the single get asks for.
pub const TOKEN_ID: &str = "9b2d6c4e-0007-4f1a-8c3e-000000000007";

/// Which implementation makes the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The generated client.
    Sdk,
    /// Hand-written reqwest + serde_json.
    Raw,
}

impl Side {
    /// Both sides, the given one first (to alternate the order between rounds).
    pub fn both(first: Side) -> [Side; 2] {
        match first {
            Side::Sdk => [Side::Sdk, Side::Raw],
            Side::Raw => [Side::Raw, Side::Sdk],
        }
    }
}

/// Which operation is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /v3/me/personal-access-tokens` (a 24-token page).
    List,
    /// `GET /v3/me/personal-access-tokens/{id}`.
    Get,
}

impl Endpoint {
    /// A short name for the report.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::List => "list page",
            Endpoint::Get => "single get",
        }
    }
}

/// The SDK client and the hand-written one, against the same server.
#[derive(Clone)]
pub struct Clients {
    sdk: gmodstore_pat::Client,
    raw: RawClient,
}

#[derive(Clone)]
struct RawClient {
    http: reqwest::Client,
    list_url: String,
    get_url: String,
    /// The SDK's `User-Agent`, as a hand-written client names itself: a constant.
    user_agent: HeaderValue,
    /// The SDK's attempt timeout, set on each request (`None` with `RAW_TIMEOUT=off`).
    timeout: Option<Duration>,
}

/// The side every call is made on, when `SIDE` asks for one (read once: the environment is
/// behind a lock).
fn forced_side() -> Option<Side> {
    static FORCED: OnceLock<Option<Side>> = OnceLock::new();
    *FORCED.get_or_init(|| match std::env::var("SIDE").as_deref() {
        Ok("sdk") => Some(Side::Sdk),
        Ok("raw") => Some(Side::Raw),
        _ => None,
    })
}

impl Clients {
    /// Both clients for the server at `base_url`, sharing one connection pool. Build them
    /// inside the runtime that will use them (pooled connections belong to a runtime).
    pub fn new(base_url: &str) -> Self {
        let shared = apiclient_core::HttpClient::new().expect("the HTTP client builds");
        let http = shared.reqwest().clone();
        let sdk = gmodstore_pat::Client::builder()
            .base_url(base_url)
            .personal_access_token(TOKEN)
            .allow_insecure_http(true)
            .http_client(shared)
            .build()
            .expect("the SDK client builds");
        let list_url = format!("{base_url}/v3/me/personal-access-tokens");
        let get_url = format!("{list_url}/{TOKEN_ID}");
        let config = sdk.api_client().config();
        // Leaked (a few bytes per cell of the bench) for a static value, as the SDK's is.
        let user_agent: &'static str = Box::leak(config.user_agent().into());
        let timeout = match std::env::var("RAW_TIMEOUT").as_deref() {
            Ok("off") => None,
            _ => config.attempt_timeout(),
        };
        Self {
            sdk,
            raw: RawClient {
                http,
                list_url,
                get_url,
                user_agent: HeaderValue::from_static(user_agent),
                timeout,
            },
        }
    }

    /// An SDK client streaming the `pages`-page list of the server's `/stream/` route,
    /// through `http`.
    pub fn streaming_sdk(
        http: &apiclient_core::HttpClient,
        base_url: &str,
        pages: usize,
    ) -> gmodstore_pat::Client {
        gmodstore_pat::Client::builder()
            .base_url(format!("{base_url}/stream/{pages}"))
            .personal_access_token(TOKEN)
            .allow_insecure_http(true)
            .http_client(http.clone())
            .build()
            .expect("the SDK client builds")
    }

    /// Makes one call; panics on any failure (the server always answers 200).
    pub async fn call(&self, side: Side, endpoint: Endpoint) {
        // `SIDE=sdk|raw`: an A/A run of the bench (see the crate docs).
        let side = forced_side().unwrap_or(side);
        match (side, endpoint) {
            (Side::Sdk, Endpoint::List) => {
                let page = self
                    .sdk
                    .list_personal_access_tokens(Default::default())
                    .await;
                black_box(page.expect("SDK list"));
            }
            (Side::Sdk, Endpoint::Get) => {
                let token = self
                    .sdk
                    .get_personal_access_token(TOKEN_ID, Default::default())
                    .await;
                black_box(token.expect("SDK get"));
            }
            (Side::Raw, Endpoint::List) => {
                let page: ListPersonalAccessTokensResponse =
                    self.raw.get_json(&self.raw.list_url).await;
                black_box(page);
            }
            (Side::Raw, Endpoint::Get) => {
                let token: GetPersonalAccessTokenResponse =
                    self.raw.get_json(&self.raw.get_url).await;
                black_box(token);
            }
        }
    }
}

impl RawClient {
    /// What a careful hand-written call does: bearer auth, `Accept`, `User-Agent`, a time
    /// limit, status check, decode.
    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> T {
        let mut request = self
            .http
            .get(url)
            .bearer_auth(TOKEN)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.expect("raw send");
        assert!(
            response.status().is_success(),
            "raw status {}",
            response.status()
        );
        let body = response.bytes().await.expect("raw body");
        serde_json::from_slice(&body).expect("raw decode")
    }
}
