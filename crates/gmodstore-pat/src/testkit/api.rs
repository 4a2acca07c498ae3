//! [`GmodstoreApi`]: routing, auth and handlers of the fake GModStore API.

use apiclient_core::testkit::{
    AccountState, FakeApi, FakeRequest, FakeResponse, RateLimitStatus, TableRecord,
};
use chrono::Utc;
use serde_json::{Value, json};

use super::store::{Cursor, Store, insert_token, list_page};
use super::validate::{self, Errors};

/// Path of the token collection.
const COLLECTION: &str = "/api/v3/me/personal-access-tokens";
/// Requests per minute advertised while no rate limit is set on the knobs.
const NOMINAL_LIMIT: u32 = 300;
/// Default `perPage`.
const DEFAULT_PER_PAGE: i64 = 24;

/// The fake GModStore personal-access-token API, run by
/// [`FakeGmodstore`](super::FakeGmodstore); usable directly with
/// [`FakeServer`](apiclient_core::testkit::FakeServer) too.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest};
/// use gmodstore_pat::testkit::GmodstoreApi;
///
/// let api = GmodstoreApi::new("secret");
/// let req = FakeRequest::new("GET", "/api/v3/me/personal-access-tokens")
///     .with_header("Authorization", "Bearer secret");
/// assert_eq!(api.handle(&req).status(), 200);
/// ```
#[derive(Debug)]
pub struct GmodstoreApi {
    /// The account key and the token table.
    pub(crate) state: AccountState<Store>,
}

enum Route<'a> {
    Collection,
    Item(&'a str),
}

impl GmodstoreApi {
    /// A fake whose account token (all abilities, not listed) is `token`.
    ///
    /// ```
    /// let api = gmodstore_pat::testkit::GmodstoreApi::new("t0k3n");
    /// assert_eq!(api.token(), "t0k3n");
    /// ```
    pub fn new(token: impl Into<String>) -> Self {
        let state = AccountState::new(token);
        Self { state }
    }

    /// The account token accepted as `Authorization: Bearer <token>`.
    ///
    /// ```
    /// assert_eq!(gmodstore_pat::testkit::GmodstoreApi::new("x").token(), "x");
    /// ```
    pub fn token(&self) -> &str {
        self.state.token()
    }

    fn authenticate(
        &self,
        request: &FakeRequest,
        store: &mut Store,
        ability: &str,
    ) -> Result<(), FakeResponse> {
        let unauthenticated = || FakeResponse::json(401, &json!({"message": "Unauthenticated."}));
        let bearer = request.bearer_token().ok_or_else(unauthenticated)?;
        if bearer == self.token() {
            return Ok(());
        }
        let now = Utc::now();
        let token = store
            .by_secret_mut(bearer)
            .filter(|token| !token.columns.is_expired(now))
            .ok_or_else(unauthenticated)?;
        token.columns.last_used_at = Some(now);
        if token
            .columns
            .abilities
            .iter()
            .any(|granted| granted == "*" || granted == ability)
        {
            Ok(())
        } else {
            Err(FakeResponse::json(
                403,
                &json!({"message": "Invalid ability provided."}),
            ))
        }
    }
}

fn route(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix(COLLECTION)?;
    match rest {
        "" | "/" => Some(Route::Collection),
        _ => {
            let id = rest.strip_prefix('/')?;
            (!id.is_empty() && !id.contains('/')).then_some(Route::Item(id))
        }
    }
}

fn not_found_route(path: &str) -> FakeResponse {
    let trimmed = path.trim_start_matches('/');
    FakeResponse::json(
        404,
        &json!({"message": format!("The route {trimmed} could not be found.")}),
    )
}

fn method_not_allowed(method: &str, supported: &str) -> FakeResponse {
    FakeResponse::json(
        405,
        &json!({"message": format!(
            "The {method} method is not supported for this route. Supported methods: {supported}."
        )}),
    )
}

fn token_not_found(id: &str) -> FakeResponse {
    FakeResponse::json(
        404,
        &json!({"message": format!(
            "No query results for model [App\\Models\\PersonalAccessToken] {id}"
        )}),
    )
}

/// The JSON object body, `{}` for an empty body, or the 400 answer.
fn object_body(
    request: &FakeRequest,
) -> Result<Option<serde_json::Map<String, Value>>, FakeResponse> {
    if request.body_is_empty() {
        return Ok(None);
    }
    match request.json() {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(_) => Err(validate::single(
            "body",
            "The request body must be a JSON object.",
        )),
        Err(_) => Err(validate::single(
            "body",
            "The request body must be valid JSON.",
        )),
    }
}

impl GmodstoreApi {
    fn list(&self, request: &FakeRequest, store: &Store) -> FakeResponse {
        let per_page = match request.query_param("perPage") {
            None | Some("") => DEFAULT_PER_PAGE,
            Some(text) => match text.trim().parse::<i64>() {
                Ok(n) if (1..=100).contains(&n) => n,
                Ok(_) => {
                    return validate::single(
                        "perPage",
                        "The per page field must be between 1 and 100.",
                    );
                }
                Err(_) => {
                    return validate::single("perPage", "The per page field must be an integer.");
                }
            },
        };
        let cursor = match request.query_param("cursor") {
            None | Some("") => None,
            Some(text) => match Cursor::decode(text) {
                Some(cursor) => Some(cursor),
                None => return validate::single("cursor", "The cursor is invalid."),
            },
        };
        let page = list_page(store, cursor, usize::try_from(per_page).unwrap_or(1));
        FakeResponse::json(
            200,
            &json!({
                "data": page.items,
                "cursors": {"prev": page.prev, "next": page.next},
                "connections": [],
                "meta": {"perPage": per_page},
            }),
        )
    }

    fn create(&self, request: &FakeRequest, store: &mut Store) -> FakeResponse {
        let body = match object_body(request) {
            Ok(body) => body.unwrap_or_default(),
            Err(response) => return response,
        };
        let now = Utc::now();
        let mut errors = Errors::default();
        let name = validate::name(body.get("name"), &mut errors);
        let abilities = validate::abilities(body.get("abilities"), &mut errors);
        let expires_at = validate::expires_at(body.get("expiresAt"), now, &mut errors);
        let (Some(name), Some(abilities), Some(expires_at), true) =
            (name, abilities, expires_at, errors.is_empty())
        else {
            return errors.into_response();
        };
        let token = insert_token(store, name, abilities, expires_at, now);
        FakeResponse::json(
            201,
            &json!({"data": {
                "personalAccessToken": token.to_json(),
                "plainTextToken": token.secret,
            }}),
        )
    }

    fn update(&self, request: &FakeRequest, store: &mut Store, id: &str) -> FakeResponse {
        if store.get(id).is_none() {
            return token_not_found(id);
        }
        let body = match object_body(request) {
            Ok(body) => body.unwrap_or_default(),
            Err(response) => return response,
        };
        let now = Utc::now();
        let mut errors = Errors::default();
        let name = body
            .contains_key("name")
            .then(|| validate::name(body.get("name"), &mut errors));
        let abilities = body
            .contains_key("abilities")
            .then(|| validate::abilities(body.get("abilities"), &mut errors));
        let expires_at = body
            .contains_key("expiresAt")
            .then(|| validate::expires_at(body.get("expiresAt"), now, &mut errors));
        if !errors.is_empty() {
            return errors.into_response();
        }
        let Some(token) = store.get_mut(id) else {
            return token_not_found(id);
        };
        let mut changed = false;
        if let Some(Some(name)) = name {
            changed |= token.name != name;
            token.name = name;
        }
        if let Some(Some(abilities)) = abilities {
            changed |= token.columns.abilities != abilities;
            token.columns.abilities = abilities;
        }
        if let Some(Some(expires_at)) = expires_at {
            changed |= token.columns.expires_at != expires_at;
            token.columns.expires_at = expires_at;
        }
        if changed {
            token.columns.updated_at = now;
        }
        FakeResponse::json(200, &json!({"data": token.to_json()}))
    }
}

impl FakeApi for GmodstoreApi {
    fn handle(&self, request: &FakeRequest) -> FakeResponse {
        let Some(route) = route(request.path()) else {
            return not_found_route(request.path());
        };
        let method = request.method();
        let allowed = match route {
            Route::Collection => matches!(method, "GET" | "POST"),
            Route::Item(_) => matches!(method, "GET" | "PUT" | "DELETE"),
        };
        if !allowed {
            let supported = match route {
                Route::Collection => "GET, HEAD, POST",
                Route::Item(_) => "GET, HEAD, PUT, DELETE",
            };
            return method_not_allowed(method, supported);
        }
        let ability = if method == "GET" {
            "personal-access-tokens:read"
        } else {
            "personal-access-tokens:write"
        };
        let mut store = self.state.store();
        if let Err(response) = self.authenticate(request, &mut store, ability) {
            return response;
        }
        match (route, method) {
            (Route::Collection, "GET") => self.list(request, &store),
            (Route::Collection, _) => self.create(request, &mut store),
            (Route::Item(id), "GET") => match store.get(id) {
                Some(token) => FakeResponse::json(200, &json!({"data": token.to_json()})),
                None => token_not_found(id),
            },
            (Route::Item(id), "PUT") => self.update(request, &mut store, id),
            (Route::Item(id), _) => {
                if store.remove(id) {
                    FakeResponse::json(200, &json!({"data": {}}))
                } else {
                    token_not_found(id)
                }
            }
        }
    }

    fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
        FakeResponse::json(429, &json!({"message": "Too Many Attempts."}))
            .with_header("Retry-After", retry_after_secs)
    }

    fn injected_failure(&self, status: u16) -> FakeResponse {
        let message = match status {
            401 => "Unauthenticated.".to_owned(),
            500 => "Server Error".to_owned(),
            _ => apiclient_core::testkit::reason_phrase(status).to_owned(),
        };
        FakeResponse::json(status, &json!({"message": message}))
    }

    fn decorate(&self, response: FakeResponse, rate_limit: &RateLimitStatus) -> FakeResponse {
        let limit = rate_limit.limit.unwrap_or(NOMINAL_LIMIT);
        let remaining = match rate_limit.limit {
            _ if response.status() == 429 => 0,
            Some(_) => rate_limit.remaining,
            None => NOMINAL_LIMIT.saturating_sub(rate_limit.used).max(1),
        };
        response
            .with_header("X-RateLimit-Limit", limit)
            .with_header("X-RateLimit-Remaining", remaining)
            .with_header("X-RateLimit-Reset", rate_limit.reset_epoch_secs)
    }
}
