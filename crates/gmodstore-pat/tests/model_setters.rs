//! Request models are built with `new(required)` and the generated `with_*` setters (they are
//! `#[non_exhaustive]`): each setter puts exactly its field on the wire.

use gmodstore_pat::chrono::{TimeZone, Utc};
use gmodstore_pat::models::{
    NewPersonalAccessTokenPayload, PersonalAccessTokenScope, UpdatePersonalAccessTokenPayload,
};
use serde_json::json;

#[test]
fn a_new_payload_sends_its_required_fields_and_what_was_set() {
    let at = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
    let plain =
        NewPersonalAccessTokenPayload::new("ci", vec![PersonalAccessTokenScope::ProductsRead]);
    assert_eq!(
        serde_json::to_value(&plain).unwrap(),
        json!({"name": "ci", "abilities": ["products:read"]})
    );
    let expiring = plain.with_expires_at(at);
    assert_eq!(
        serde_json::to_value(&expiring).unwrap()["expiresAt"],
        json!("2030-01-02T03:04:05Z")
    );
}

#[test]
fn each_update_setter_sends_only_its_field() {
    assert_eq!(
        serde_json::to_value(UpdatePersonalAccessTokenPayload::default()).unwrap(),
        json!({})
    );
    let renamed = UpdatePersonalAccessTokenPayload::default().with_name("ci-renamed");
    assert_eq!(
        serde_json::to_value(&renamed).unwrap(),
        json!({"name": "ci-renamed"})
    );
    // Any iterator of scopes (an array here).
    let scoped = UpdatePersonalAccessTokenPayload::default()
        .with_abilities([PersonalAccessTokenScope::ProductsRead]);
    assert_eq!(
        serde_json::to_value(&scoped).unwrap(),
        json!({"abilities": ["products:read"]})
    );
    let at = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
    let expiring = UpdatePersonalAccessTokenPayload::default().with_expires_at(at);
    assert_eq!(
        serde_json::to_value(&expiring).unwrap(),
        json!({"expiresAt": "2030-01-02T03:04:05Z"})
    );
    // The last setter wins; `never_expires` sends `null`.
    let never = expiring.never_expires();
    assert_eq!(
        serde_json::to_value(&never).unwrap(),
        json!({"expiresAt": null})
    );
}
