//! Every provider client behind one small interface, so each fault is played against all of
//! them: their credentials, one call per kind of operation, and a summary of the error that
//! keeps everything a secret could hide in (`Display`, `Debug`, the kept body).

use std::fmt::Debug;
use std::time::Duration;

use apiclient_core::{Error, HttpClient, RetryPolicy, SecretString};

/// The GModStore personal access token (bearer). Each secret holds the characters that
/// encodings change: `/`, `+`, `-`, `.`, `_`.
pub const GMOD_TOKEN: &str = "gms-pat_7f3a/9Q+zK.w";
/// The XMS API key (header `Xms-Auth-Token` or query `token`).
pub const XMS_KEY: &str = "xms-key_5b/2Rr+Lp.q";
/// The token an XMS validate call asks about (a secret query parameter).
pub const XMS_SUBJECT: &str = "subj-tok_Aa/Bb+Cc.d";
/// The SailPoint client id (not a secret).
pub const SP_CLIENT_ID: &str = "sp-client-id";
/// The SailPoint client secret (sent to the token endpoint only).
pub const SP_CLIENT_SECRET: &str = "sp-secret_Zz/Yy+Xx.w";
/// The access token the token endpoint hands out (bearer on SailPoint API calls).
pub const SP_ACCESS_TOKEN: &str = "sp-access_Jj/Kk+Ll.m";
/// The secret of a token created by a create or regenerate call.
pub const CREATED_SECRET: &str = "created-plain_Qq/Ww+Ee.r";
/// The SailPoint token endpoint's path (not counted as an API request).
pub const TOKEN_PATH: &str = "/oauth/token";

/// A provider client and the credential it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// GModStore, bearer token.
    Gmodstore,
    /// XMS, key in the `Xms-Auth-Token` header.
    XmsHeader,
    /// XMS, key in the `token` query parameter.
    XmsQuery,
    /// SailPoint v3, OAuth2 client credentials.
    SailpointV3,
    /// SailPoint v2024, OAuth2 client credentials.
    SailpointV2024,
}

/// Every provider client.
pub const ALL: [Provider; 5] = [
    Provider::Gmodstore,
    Provider::XmsHeader,
    Provider::XmsQuery,
    Provider::SailpointV3,
    Provider::SailpointV2024,
];

/// One call of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// GET one token (SailPoint: the list, it has no get).
    Get,
    /// POST create.
    Create,
    /// The update: PUT on GModStore, PATCH elsewhere.
    Update,
    /// DELETE one token.
    Delete,
    /// XMS: POST validate, the subject token in the query (elsewhere the same as `Get`).
    Validate,
}

/// Every kind of call.
pub const OPS: [Op; 4] = [Op::Get, Op::Create, Op::Update, Op::Delete];

/// Timeouts, retries and HTTP client for the clients of one scenario.
#[derive(Clone)]
pub struct Setup {
    /// Attempts in all.
    pub attempts: u32,
    /// Per-attempt timeout.
    pub attempt_timeout: Duration,
    /// Deadline of a call.
    pub total_timeout: Duration,
    /// A caller-supplied HTTP client.
    pub http: Option<HttpClient>,
    /// The longest server-asked wait honoured.
    pub max_server_wait: Duration,
}

impl Default for Setup {
    /// 3 attempts with millisecond back-offs, 15 s per attempt (a loaded machine never times a
    /// whole answer out: answers that are not stalls arrive at once), 30 s per call.
    fn default() -> Self {
        Self {
            attempts: 3,
            attempt_timeout: Duration::from_secs(15),
            total_timeout: Duration::from_secs(30),
            http: None,
            max_server_wait: Duration::from_secs(2),
        }
    }
}

impl Setup {
    /// For servers that stall: 200 ms per attempt, 3 s per call.
    pub fn stalling() -> Self {
        Self {
            attempt_timeout: Duration::from_millis(200),
            total_timeout: Duration::from_secs(3),
            ..Self::default()
        }
    }

    /// The retry policy of this setup.
    pub fn policy(&self) -> RetryPolicy {
        RetryPolicy::default()
            .max_attempts(self.attempts)
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(5))
            .max_server_wait(self.max_server_wait)
    }
}

/// A built client of any provider.
pub enum AnyClient {
    /// GModStore.
    Gmodstore(gmodstore_pat::Client),
    /// XMS.
    Xms(xms_tokens::Client),
    /// SailPoint v3.
    SailpointV3(sailpoint_pat_v3::Client),
    /// SailPoint v2024.
    SailpointV2024(sailpoint_pat_v2024::Client),
}

/// What kind of error a call returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`Error::Api`].
    Api,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Decode`].
    Decode,
    /// [`Error::Auth`].
    Auth,
    /// Any other.
    Other,
}

/// An error with every text a secret could appear in.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The kind.
    pub kind: Kind,
    /// The status, when there was an answer.
    pub status: Option<u16>,
    /// `Display`.
    pub display: String,
    /// `Debug` (the typed error model included).
    pub debug: String,
    /// The kept raw body of an API error (lossy UTF-8).
    pub body: String,
    /// `retry_after()`.
    pub retry_after: Option<Duration>,
}

impl Failure {
    /// The summary of a typed error.
    pub fn of<E: Debug>(error: &Error<E>) -> Self {
        let kind = match error {
            Error::Api(_) => Kind::Api,
            Error::Transport(_) => Kind::Transport,
            Error::Timeout(_) => Kind::Timeout,
            Error::Decode(_) => Kind::Decode,
            Error::Auth(_) => Kind::Auth,
            _ => Kind::Other,
        };
        Self {
            kind,
            status: error.status().map(|s| s.as_u16()),
            display: error.to_string(),
            debug: format!("{error:?}"),
            body: error.api_error().map(|e| e.body_text()).unwrap_or_default(),
            retry_after: error.retry_after(),
        }
    }

    /// Every place of this error where `needle` occurs: `Display`, `Debug`, `body`.
    pub fn places_of(&self, needle: &str) -> Vec<&'static str> {
        let mut places = Vec::new();
        for (place, text) in [
            ("Display", &self.display),
            ("Debug", &self.debug),
            ("body", &self.body),
        ] {
            if text.contains(needle) {
                places.push(place);
            }
        }
        places
    }
}

impl Provider {
    /// The credential values this provider's calls carry.
    pub fn secrets(self) -> &'static [&'static str] {
        match self {
            Provider::Gmodstore => &[GMOD_TOKEN],
            Provider::XmsHeader | Provider::XmsQuery => &[XMS_KEY, XMS_SUBJECT],
            Provider::SailpointV3 | Provider::SailpointV2024 => {
                &[SP_CLIENT_SECRET, SP_ACCESS_TOKEN]
            }
        }
    }

    /// True for the SailPoint clients, which fetch a token first.
    pub fn uses_oauth(self) -> bool {
        matches!(self, Provider::SailpointV3 | Provider::SailpointV2024)
    }

    /// The HTTP method of `op` on this provider.
    pub fn method(self, op: Op) -> &'static str {
        match (op, self) {
            (Op::Get, _) => "GET",
            (Op::Create, _) => "POST",
            (Op::Update, Provider::Gmodstore) => "PUT",
            (Op::Update, _) => "PATCH",
            (Op::Delete, _) => "DELETE",
            (Op::Validate, Provider::XmsHeader | Provider::XmsQuery) => "POST",
            // Elsewhere the validate stands for the get.
            (Op::Validate, _) => "GET",
        }
    }

    /// True when `op` is safe to send again after a failure the server may have acted on.
    pub fn idempotent(self, op: Op) -> bool {
        !matches!(self.method(op), "POST" | "PATCH")
    }

    /// A client of this provider for a server at `url` (`http://127.0.0.1:<port>`).
    pub fn client(self, url: &str, setup: &Setup) -> AnyClient {
        self.try_client(url, setup).expect("client builds")
    }

    /// Like [`client`](Self::client), returning the configuration error.
    pub fn try_client(
        self,
        url: &str,
        setup: &Setup,
    ) -> Result<AnyClient, apiclient_core::ConfigError> {
        macro_rules! configure {
            ($builder:expr) => {{
                let builder = $builder
                    .retry_policy(setup.policy())
                    .attempt_timeout(setup.attempt_timeout)
                    .total_timeout(setup.total_timeout)
                    .connect_timeout(Duration::from_millis(500));
                match &setup.http {
                    Some(http) => builder.http_client(http.clone()),
                    None => builder,
                }
            }};
        }
        Ok(match self {
            Provider::Gmodstore => AnyClient::Gmodstore(
                configure!(gmodstore_pat::Client::builder())
                    .base_url(url)
                    .personal_access_token(GMOD_TOKEN)
                    .build()?,
            ),
            Provider::XmsHeader => AnyClient::Xms(
                configure!(xms_tokens::Client::builder())
                    .base_url(format!("{url}/v1"))
                    .token_in_header(XMS_KEY)
                    .build()?,
            ),
            Provider::XmsQuery => AnyClient::Xms(
                configure!(xms_tokens::Client::builder())
                    .base_url(format!("{url}/v1"))
                    .token_in_query(XMS_KEY)
                    .build()?,
            ),
            Provider::SailpointV3 => AnyClient::SailpointV3(
                configure!(sailpoint_pat_v3::Client::builder())
                    .base_url(format!("{url}/v3"))
                    .oauth2(SP_CLIENT_ID, SecretString::from(SP_CLIENT_SECRET))
                    .build()?,
            ),
            Provider::SailpointV2024 => AnyClient::SailpointV2024(
                configure!(sailpoint_pat_v2024::Client::builder())
                    .base_url(format!("{url}/v2024"))
                    .oauth2(SP_CLIENT_ID, SecretString::from(SP_CLIENT_SECRET))
                    .build()?,
            ),
        })
    }
}

impl AnyClient {
    /// Runs `op`; the success value is dropped, the error summarized.
    pub async fn call(&self, op: Op) -> Result<(), Failure> {
        match self {
            AnyClient::Gmodstore(c) => gmodstore(c, op).await.map_err(|e| Failure::of(&e)),
            AnyClient::Xms(c) => xms(c, op).await.map_err(|e| Failure::of(&e)),
            AnyClient::SailpointV3(c) => sailpoint_v3(c, op).await.map_err(|e| Failure::of(&e)),
            AnyClient::SailpointV2024(c) => {
                sailpoint_v2024(c, op).await.map_err(|e| Failure::of(&e))
            }
        }
    }
}

async fn gmodstore(c: &gmodstore_pat::Client, op: Op) -> Result<(), gmodstore_pat::Error> {
    use gmodstore_pat::models::{
        NewPersonalAccessTokenPayload, PersonalAccessTokenScope, UpdatePersonalAccessTokenPayload,
    };
    use gmodstore_pat::{
        CreatePersonalAccessTokenParams, DeletePersonalAccessTokenParams,
        GetPersonalAccessTokenParams, UpdatePersonalAccessTokenParams,
    };
    const ID: &str = "3f1c1a52-6a39-4c41-9a5e-3b3a3f4e9c11";
    // `?` turns each operation's error into the plain `Error`.
    match op {
        Op::Get | Op::Validate => c
            .get_personal_access_token(ID, GetPersonalAccessTokenParams::default())
            .await
            .map(drop)?,
        Op::Create => {
            let body = NewPersonalAccessTokenPayload::new(
                "fault probe",
                vec![PersonalAccessTokenScope::PersonalAccessTokensRead],
            );
            c.create_personal_access_token(&body, CreatePersonalAccessTokenParams::default())
                .await
                .map(drop)?
        }
        Op::Update => {
            let body = UpdatePersonalAccessTokenPayload::default().with_name("renamed");
            c.update_personal_access_token(
                ID,
                Some(&body),
                UpdatePersonalAccessTokenParams::default(),
            )
            .await
            .map(drop)?
        }
        Op::Delete => c
            .delete_personal_access_token(ID, DeletePersonalAccessTokenParams::default())
            .await
            .map(drop)?,
    }
    Ok(())
}

async fn xms(c: &xms_tokens::Client, op: Op) -> Result<(), xms_tokens::Error> {
    use xms_tokens::models::{AccessTokenCreateReq, AccessTokenUpdateReq};
    // `?` turns each operation's error into the plain `Error`.
    match op {
        Op::Get => c.get_access_token(7).await.map(drop)?,
        Op::Create => c
            .create_access_token(&AccessTokenCreateReq::named("probe", ["admin"]))
            .await
            .map(drop)?,
        Op::Update => c
            .update_access_token(7, &AccessTokenUpdateReq::rename("renamed"))
            .await
            .map(drop)?,
        Op::Delete => c.delete_access_token(7).await?,
        Op::Validate => c
            .validate_access_token(&SecretString::from(XMS_SUBJECT))
            .await
            .map(drop)?,
    }
    Ok(())
}

macro_rules! sailpoint_calls {
    ($name:ident, $krate:ident) => {
        async fn $name(c: &$krate::Client, op: Op) -> Result<(), $krate::Error> {
            use $krate::ListPersonalAccessTokensParams;
            use $krate::models::{CreatePersonalAccessTokenRequest, JsonPatchOperation};
            const ID: &str = "2c9180835d2e5168015d32f890ca1581";
            // `?` turns each operation's error into the plain `Error`.
            match op {
                Op::Get | Op::Validate => c
                    .list_personal_access_tokens(ListPersonalAccessTokensParams::default())
                    .await
                    .map(drop)?,
                Op::Create => c
                    .create_personal_access_token(&CreatePersonalAccessTokenRequest::new("probe"))
                    .await
                    .map(drop)?,
                Op::Update => c
                    .patch_personal_access_token(
                        ID,
                        &[JsonPatchOperation::replace("/name", "renamed")],
                    )
                    .await
                    .map(drop)?,
                Op::Delete => c.delete_personal_access_token(ID).await?,
            }
            Ok(())
        }
    };
}

sailpoint_calls!(sailpoint_v3, sailpoint_pat_v3);
sailpoint_calls!(sailpoint_v2024, sailpoint_pat_v2024);

/// The token endpoint's answer: `SP_ACCESS_TOKEN`, valid for 750 s.
pub fn token_answer() -> Vec<u8> {
    super::server::json(
        200,
        format!(r#"{{"access_token":"{SP_ACCESS_TOKEN}","token_type":"bearer","expires_in":750}}"#),
    )
}

/// A GModStore token record.
const GMOD_RECORD: &str = r#"{"id":"3f1c1a52-6a39-4c41-9a5e-3b3a3f4e9c11","name":"probe","abilities":["personal-access-tokens:read"],"lastUsedAt":null,"expiresAt":null,"createdAt":"2024-01-02T15:04:05Z","updatedAt":"2024-01-02T15:04:05Z"}"#;
/// An XMS token record.
const XMS_RECORD: &str =
    r#""id":7,"name":"probe","roles":["admin"],"create":"2024-01-02T15:04:05Z","used":false"#;
/// A SailPoint token record.
const SP_RECORD: &str = r#""id":"2c9180835d2e5168015d32f890ca1581","name":"probe","scope":null,"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"support"},"created":"2024-01-02T15:04:05.123Z""#;

impl Provider {
    /// The status and body of a documented success answer to `op` (a create's body holds
    /// [`CREATED_SECRET`]).
    pub fn success(self, op: Op) -> (u16, String) {
        match (self, op) {
            (_, Op::Delete) => (204, String::new()),
            (_, Op::Validate) => self.success(Op::Get),
            (Provider::Gmodstore, Op::Create) => (
                201,
                format!(
                    r#"{{"data":{{"personalAccessToken":{GMOD_RECORD},"plainTextToken":"{CREATED_SECRET}"}}}}"#
                ),
            ),
            (Provider::Gmodstore, _) => (200, format!(r#"{{"data":{GMOD_RECORD}}}"#)),
            (Provider::XmsHeader | Provider::XmsQuery, Op::Create) => (
                201,
                format!(r#"{{"access_token":{{{XMS_RECORD},"uuid":"{CREATED_SECRET}"}}}}"#),
            ),
            (Provider::XmsHeader | Provider::XmsQuery, _) => {
                (200, format!(r#"{{"access_token":{{{XMS_RECORD}}}}}"#))
            }
            (_, Op::Create) => (
                200,
                format!(r#"{{{SP_RECORD},"secret":"{CREATED_SECRET}"}}"#),
            ),
            (_, Op::Get) => (200, format!("[{{{SP_RECORD}}}]")),
            (_, Op::Update) => (200, format!("{{{SP_RECORD}}}")),
        }
    }

    /// [`success`](Self::success) as a whole answer.
    pub fn success_answer(self, op: Op) -> Vec<u8> {
        let (status, body) = self.success(op);
        super::server::json(status, body)
    }
}
