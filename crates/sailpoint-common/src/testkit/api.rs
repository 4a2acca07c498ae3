//! [`SailPointApi`]: routing, auth and handlers of the fake SailPoint PAT API.

use std::sync::{Mutex, MutexGuard};

use apiclient_core::testkit::{FakeApi, FakeRequest, FakeResponse, TableRecord, lock, random_hex};
use serde_json::{Map, Value};

use super::errors;
use super::filters::Filter;
use super::oauth::{Bearer, Bootstrap, OAuth};
use super::patch::{self, Change};
use super::store::{
    Identity, MAX_VALIDITY, MIN_VALIDITY, Store, created_json, name_taken, new_pat,
};

/// The fake SailPoint API for one version segment (`v3`, `v2024`, ...), run by
/// [`FakeSailPoint`](super::FakeSailPoint); usable directly with
/// [`FakeServer`](apiclient_core::testkit::FakeServer) too.
///
/// ```
/// use apiclient_core::testkit::{FakeApi, FakeRequest};
/// use sailpoint_common::testkit::SailPointApi;
///
/// let api = SailPointApi::new("v2024");
/// let req = FakeRequest::new("GET", "/v2024/personal-access-tokens");
/// assert_eq!(api.handle(&req).status(), 401);
/// ```
#[derive(Debug)]
pub struct SailPointApi {
    version: String,
    bootstrap: Bootstrap,
    state: Mutex<State>,
}

/// Mutable state: tokens and OAuth bookkeeping, under one lock.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) store: Store,
    pub(crate) oauth: OAuth,
}

enum Route<'a> {
    Collection,
    Item(&'a str),
}

impl SailPointApi {
    /// A fake serving `/{version}/personal-access-tokens` with fresh random credentials.
    ///
    /// ```
    /// let api = sailpoint_common::testkit::SailPointApi::new("v3");
    /// assert_eq!(api.version(), "v3");
    /// assert_eq!(api.client_id().len(), 32);
    /// ```
    pub fn new(version: impl Into<String>) -> Self {
        Self {
            version: version.into().trim_matches('/').to_owned(),
            bootstrap: Bootstrap {
                client_id: random_hex(32),
                client_secret: random_hex(64),
                identity: Identity {
                    id: random_hex(32),
                    name: "fake.admin".to_owned(),
                },
            },
            state: Mutex::new(State::default()),
        }
    }

    /// The API version segment, e.g. `v3`.
    ///
    /// ```
    /// assert_eq!(sailpoint_common::testkit::SailPointApi::new("v2024").version(), "v2024");
    /// ```
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The client id of the fake's own credential.
    ///
    /// ```
    /// let api = sailpoint_common::testkit::SailPointApi::new("v3");
    /// assert!(api.client_id().chars().all(|c| c.is_ascii_hexdigit()));
    /// ```
    pub fn client_id(&self) -> &str {
        &self.bootstrap.client_id
    }

    /// The client secret of the fake's own credential.
    ///
    /// ```
    /// assert_eq!(sailpoint_common::testkit::SailPointApi::new("v3").client_secret().len(), 64);
    /// ```
    pub fn client_secret(&self) -> &str {
        &self.bootstrap.client_secret
    }

    pub(crate) fn identity(&self) -> &Identity {
        &self.bootstrap.identity
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn route<'a>(&self, path: &'a str) -> Option<Route<'a>> {
        let rest = path
            .strip_prefix('/')?
            .strip_prefix(self.version.as_str())?
            .strip_prefix("/personal-access-tokens")?;
        match rest {
            "" | "/" => Some(Route::Collection),
            _ => {
                let id = rest.strip_prefix('/')?;
                (!id.is_empty() && !id.contains('/')).then_some(Route::Item(id))
            }
        }
    }
}

/// The JSON object body, or the 400 answer.
fn object_body(request: &FakeRequest) -> Result<Map<String, Value>, FakeResponse> {
    match request.json() {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(errors::bad_request(
            "The request body must be a JSON object.",
        )),
        Err(_) => Err(errors::bad_request("The request could not be parsed.")),
    }
}

fn create(store: &mut Store, request: &FakeRequest, caller: Identity) -> FakeResponse {
    let body = match object_body(request) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let name = match body.get("name").and_then(Value::as_str).map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => return errors::bad_request("Required field \"name\" was missing or empty."),
    };
    let scope = match patch::parse_scope(body.get("scope").unwrap_or(&Value::Null)) {
        Some(scope) => scope,
        None => return errors::bad_request("Field \"scope\" must be an array of strings."),
    };
    let validity = match body.get("accessTokenValiditySeconds") {
        None | Some(Value::Null) => MAX_VALIDITY,
        Some(value) => match value.as_i64() {
            Some(secs) if (MIN_VALIDITY..=MAX_VALIDITY).contains(&secs) => secs,
            _ => {
                return errors::bad_request(&format!(
                    "Field \"accessTokenValiditySeconds\" must be an integer between \
                     {MIN_VALIDITY} and {MAX_VALIDITY}."
                ));
            }
        },
    };
    let expiration = match body.get("expirationDate") {
        None | Some(Value::Null) => None,
        Some(value) => match value.as_str().and_then(super::time::parse) {
            Some(at) => Some(at),
            None => {
                return errors::bad_request("Field \"expirationDate\" must be a date-time.");
            }
        },
    };
    if name_taken(store, &caller.id, &name, None) {
        return errors::bad_request(&format!(
            "A personal access token named \"{name}\" already exists for this owner."
        ));
    }
    let mut pat = new_pat(name, caller);
    pat.columns.scope = scope;
    pat.columns.validity_secs = validity;
    pat.columns.expiration = expiration;
    let body = created_json(&pat);
    store.insert_with(|_| pat);
    FakeResponse::json(200, &body)
}

fn list(store: &Store, request: &FakeRequest, caller: &Identity) -> FakeResponse {
    let owner = match request.query_param("owner-id") {
        None | Some("") => None,
        Some("me") => Some(caller.id.as_str()),
        Some(id) => Some(id),
    };
    let filter = match request.query_param("filters").map(str::trim) {
        None | Some("") => None,
        Some(text) => match Filter::parse(text) {
            Ok(filter) => Some(filter),
            Err(message) => return errors::bad_request(&message),
        },
    };
    let items: Vec<Value> = store
        .all()
        .iter()
        .filter(|pat| owner.is_none_or(|owner| pat.columns.owner.id == owner))
        .filter(|pat| filter.is_none_or(|filter| filter.matches(pat)))
        .map(TableRecord::to_json)
        .collect();
    FakeResponse::json(200, &Value::Array(items))
}

fn patch(store: &mut Store, request: &FakeRequest, id: &str) -> FakeResponse {
    let Some(owner) = store.get(id).map(|pat| pat.columns.owner.id.clone()) else {
        return errors::not_found();
    };
    if request.content_type().as_deref() != Some("application/json-patch+json") {
        return errors::dto(
            415,
            "415 Unsupported Media Type",
            "Content type must be application/json-patch+json.",
        );
    }
    let changes = match request
        .json()
        .map_err(|_| "The request could not be parsed.".to_owned())
        .and_then(|body| patch::parse(&body))
    {
        Ok(changes) => changes,
        Err(message) => return errors::bad_request(&message),
    };
    let clash = changes.iter().find_map(|change| match change {
        Change::Name(name) if name_taken(store, &owner, name, Some(id)) => Some(name),
        _ => None,
    });
    if let Some(name) = clash {
        return errors::bad_request(&format!(
            "A personal access token named \"{name}\" already exists for this owner."
        ));
    }
    let Some(pat) = store.get_mut(id) else {
        return errors::not_found();
    };
    for change in changes {
        match change {
            Change::Name(name) => pat.name = name,
            Change::Scope(scope) => pat.columns.scope = scope,
        }
    }
    FakeResponse::json(200, &TableRecord::to_json(pat))
}

impl FakeApi for SailPointApi {
    fn handle(&self, request: &FakeRequest) -> FakeResponse {
        let mut state = self.state();
        let State { store, oauth } = &mut *state;
        if request.path() == "/oauth/token" {
            return oauth.token_endpoint(request, &self.bootstrap, store);
        }
        let caller = match oauth.check(request) {
            Bearer::Valid(identity) => identity,
            Bearer::Expired => {
                return errors::unauthorized("JWT validation failed: JWT is expired");
            }
            Bearer::Invalid => {
                return errors::unauthorized("JWT validation failed: JWT is invalid");
            }
            Bearer::Missing => {
                return errors::unauthorized("JWT validation failed: JWT is missing");
            }
        };
        let Some(route) = self.route(request.path()) else {
            return errors::not_found();
        };
        match (route, request.method()) {
            (Route::Collection, "GET") => list(store, request, &caller),
            (Route::Collection, "POST") => create(store, request, caller),
            (Route::Item(id), "PATCH") => patch(store, request, id),
            (Route::Item(id), "DELETE") => {
                if store.remove(id) {
                    FakeResponse::empty(204)
                } else {
                    errors::not_found()
                }
            }
            (_, method) => errors::dto(
                405,
                "405 Method Not Allowed",
                &format!("Request method '{method}' is not supported."),
            ),
        }
    }

    fn rate_limited(&self, retry_after_secs: u64) -> FakeResponse {
        errors::too_many_requests(retry_after_secs)
    }

    fn injected_failure(&self, status: u16) -> FakeResponse {
        errors::for_status(status)
    }
}
