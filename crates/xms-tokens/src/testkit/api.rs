//! [`XmsApi`]: routing, auth and handlers of the fake XMS access-token API.

use apiclient_core::testkit::{
    AccountState, FakeApi, FakeRequest, FakeResponse, TableRecord, reason_phrase,
};
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::store::{ADMIN, Store, insert_token, name_taken, to_json_with_secret};

/// Default page size of the list when `limit` is omitted.
const DEFAULT_LIMIT: i64 = 100;

/// The fake XMS access-token API, run by [`FakeXms`](super::FakeXms); usable directly with
/// [`FakeServer`](apiclient_core::testkit::FakeServer) too.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest};
/// use xms_tokens::testkit::XmsApi;
///
/// let api = XmsApi::new("admin-key");
/// let req = FakeRequest::new("GET", "/v1/access-tokens/?token=admin-key");
/// assert_eq!(api.handle(&req).status(), 200);
/// ```
#[derive(Debug)]
pub struct XmsApi {
    /// The account key and the token table.
    pub(crate) state: AccountState<Store>,
}

enum Route {
    Collection,
    Validate,
    Item(i64),
    Regenerate(i64),
}

/// An XMS-style error: `{"code": <string>, "message": <string>}`.
fn error(status: u16, code: &str, message: impl Into<String>) -> FakeResponse {
    FakeResponse::json(status, &json!({"code": code, "message": message.into()}))
}

fn not_found(id: i64) -> FakeResponse {
    error(404, "NotFound", format!("access token {id} not found"))
}

fn invalid(message: impl Into<String>) -> FakeResponse {
    error(400, "InvalidParameter", message)
}

fn parse_id(text: &str) -> Result<i64, FakeResponse> {
    text.parse()
        .map_err(|_| invalid(format!("invalid access_token_id: {text:?}")))
}

fn route(path: &str) -> Result<Route, FakeResponse> {
    let not_route = || error(404, "NotFound", format!("no route for {path}"));
    if path == "/v1/access-tokens/" {
        return Ok(Route::Collection);
    }
    if path == "/v1/access-tokens:validate" {
        return Ok(Route::Validate);
    }
    let rest = path
        .strip_prefix("/v1/access-tokens/")
        .filter(|rest| !rest.is_empty() && !rest.contains('/'))
        .ok_or_else(not_route)?;
    match rest.split_once(':') {
        None => parse_id(rest).map(Route::Item),
        Some((id, "regenerate")) => parse_id(id).map(Route::Regenerate),
        Some(_) => Err(not_route()),
    }
}

/// The `access_token` object of the body, or the 400 answer.
fn wrapped_body(request: &FakeRequest) -> Result<Map<String, Value>, FakeResponse> {
    let body = request
        .json()
        .map_err(|err| invalid(format!("invalid request body: {err}")))?;
    match body.get("access_token") {
        Some(Value::Object(inner)) => Ok(inner.clone()),
        _ => Err(invalid("access_token is required")),
    }
}

/// A required, non-empty string field.
fn required_name(body: &Map<String, Value>) -> Result<String, FakeResponse> {
    match body.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(name.clone()),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            Err(invalid("access_token.name is required"))
        }
        Some(_) => Err(invalid("access_token.name must be a string")),
    }
}

fn query_i64(request: &FakeRequest, name: &str) -> Result<Option<i64>, FakeResponse> {
    match request.query_param(name) {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| invalid(format!("invalid {name}: {text:?}"))),
    }
}

fn query_bool(request: &FakeRequest, name: &str) -> Result<Option<bool>, FakeResponse> {
    match request.query_param(name) {
        None => Ok(None),
        Some("true" | "1" | "True") => Ok(Some(true)),
        Some("false" | "0" | "False") => Ok(Some(false)),
        Some(text) => Err(invalid(format!("invalid {name}: {text:?}"))),
    }
}

impl XmsApi {
    /// A fake whose admin key is `token`.
    ///
    /// ```
    /// assert_eq!(xms_tokens::testkit::XmsApi::new("k").token(), "k");
    /// ```
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            state: AccountState::new(token),
        }
    }

    /// The admin key, accepted as `Xms-Auth-Token` header or `token` query parameter.
    ///
    /// ```
    /// assert_eq!(xms_tokens::testkit::XmsApi::new("k").token(), "k");
    /// ```
    pub fn token(&self) -> &str {
        self.state.token()
    }

    fn list(&self, request: &FakeRequest, store: &Store, caller: i64) -> FakeResponse {
        let parsed = (|| {
            Ok::<_, FakeResponse>((
                query_i64(request, "limit")?,
                query_i64(request, "offset")?,
                query_i64(request, "user_id")?,
                query_bool(request, "all")?,
            ))
        })();
        let (limit, offset, user_id, all) = match parsed {
            Ok(values) => values,
            Err(response) => return response,
        };
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        let offset = offset.unwrap_or(0);
        if limit < 1 {
            return invalid("limit must be at least 1");
        }
        if offset < 0 {
            return invalid("offset must not be negative");
        }
        let role = request.query_param("role");
        let owner = match (user_id, all.unwrap_or(false)) {
            (Some(user), _) => Some(user),
            (None, true) => None,
            (None, false) => Some(caller),
        };
        let matching: Vec<Value> = store
            .all()
            .iter()
            .filter(|token| owner.is_none_or(|user| token.columns.user.0 == user))
            .filter(|token| role.is_none_or(|role| token.columns.roles.iter().any(|r| r == role)))
            .map(|token| token.to_json())
            .collect();
        let total = matching.len();
        let page: Vec<Value> = matching
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        FakeResponse::json(
            200,
            &json!({
                "access_tokens": page,
                "paging": {"count": page.len(), "limit": limit, "offset": offset, "total_count": total},
            }),
        )
    }

    fn create(
        &self,
        request: &FakeRequest,
        store: &mut Store,
        caller: (i64, String),
    ) -> FakeResponse {
        let body = match wrapped_body(request) {
            Ok(body) => body,
            Err(response) => return response,
        };
        let name = match required_name(&body) {
            Ok(name) => name,
            Err(response) => return response,
        };
        let roles: Vec<String> = match body.get("roles") {
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            None | Some(Value::Null) => return invalid("access_token.roles is required"),
            Some(_) => return invalid("access_token.roles must be an array of strings"),
        };
        let description = match body.get("description") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(_) => return invalid("access_token.description must be a string"),
        };
        if name_taken(store, &name, None) {
            return error(
                409,
                "AlreadyExists",
                format!("access token named {name:?} already exists"),
            );
        }
        let token = insert_token(store, name, description, roles, caller);
        FakeResponse::json(201, &json!({"access_token": to_json_with_secret(&token)}))
    }

    fn update(&self, request: &FakeRequest, store: &mut Store, id: i64) -> FakeResponse {
        if store.get(&id).is_none() {
            return not_found(id);
        }
        let name = match wrapped_body(request).and_then(|body| required_name(&body)) {
            Ok(name) => name,
            Err(response) => return response,
        };
        if name_taken(store, &name, Some(id)) {
            return error(
                409,
                "AlreadyExists",
                format!("access token named {name:?} already exists"),
            );
        }
        match store.get_mut(&id) {
            Some(token) => {
                if token.name != name {
                    token.name = name;
                    token.columns.updated = Utc::now();
                }
                FakeResponse::json(200, &json!({"access_token": token.to_json()}))
            }
            None => not_found(id),
        }
    }

    fn regenerate(&self, store: &mut Store, id: i64) -> FakeResponse {
        match store.get_mut(&id) {
            Some(token) => {
                token.secret = apiclient_core::testkit::random_uuid();
                token.columns.updated = Utc::now();
                FakeResponse::json(200, &json!({"access_token": to_json_with_secret(token)}))
            }
            None => not_found(id),
        }
    }

    fn validate(&self, request: &FakeRequest, store: &Store) -> FakeResponse {
        let subject = request
            .query_param("subject_access_token")
            .filter(|subject| !subject.is_empty());
        let Some(subject) = subject else {
            return invalid("subject_access_token is required");
        };
        match store.by_secret(subject) {
            Some(token) => FakeResponse::json(200, &json!({"access_token": token.to_json()})),
            None => error(404, "NotFound", "access token not found"),
        }
    }

    /// The caller's user, or the 401 answer.
    fn authenticate(
        &self,
        request: &FakeRequest,
        store: &mut Store,
    ) -> Result<(i64, String), FakeResponse> {
        let key = request
            .header("xms-auth-token")
            .or_else(|| request.query_param("token"))
            .map(str::trim)
            .filter(|key| !key.is_empty());
        let unauthorized = || error(401, "Unauthorized", "invalid or missing access token");
        let key = key.ok_or_else(unauthorized)?;
        if key == self.token() {
            return Ok((ADMIN.0, ADMIN.1.to_owned()));
        }
        let token = store.by_secret_mut(key).ok_or_else(unauthorized)?;
        token.columns.used = true;
        Ok(token.columns.user.clone())
    }
}

impl FakeApi for XmsApi {
    fn handle(&self, request: &FakeRequest) -> FakeResponse {
        let route = match route(request.path()) {
            Ok(route) => route,
            Err(response) => return response,
        };
        let method = request.method();
        let allowed = match route {
            Route::Collection => matches!(method, "GET" | "POST"),
            Route::Item(_) => matches!(method, "GET" | "PATCH" | "DELETE"),
            Route::Regenerate(_) | Route::Validate => method == "POST",
        };
        if !allowed {
            return error(
                405,
                "MethodNotAllowed",
                format!("method {method} not allowed on {}", request.path()),
            );
        }
        let mut store = self.state.store();
        let caller = match self.authenticate(request, &mut store) {
            Ok(caller) => caller,
            Err(response) => return response,
        };
        match (route, method) {
            (Route::Collection, "GET") => self.list(request, &store, caller.0),
            (Route::Collection, _) => self.create(request, &mut store, caller),
            (Route::Validate, _) => self.validate(request, &store),
            (Route::Regenerate(id), _) => self.regenerate(&mut store, id),
            (Route::Item(id), "GET") => match store.get(&id) {
                Some(token) => FakeResponse::json(200, &json!({"access_token": token.to_json()})),
                None => not_found(id),
            },
            (Route::Item(id), "PATCH") => self.update(request, &mut store, id),
            (Route::Item(id), _) => {
                if store.remove(&id) {
                    FakeResponse::empty(204)
                } else {
                    not_found(id)
                }
            }
        }
    }

    fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
        error(429, "TooManyRequests", "too many requests")
            .with_header("Retry-After", retry_after_secs)
    }

    fn injected_failure(&self, status: u16) -> FakeResponse {
        let code: String = reason_phrase(status)
            .split_whitespace()
            .collect::<Vec<_>>()
            .concat();
        error(status, &code, reason_phrase(status).to_ascii_lowercase())
    }
}
