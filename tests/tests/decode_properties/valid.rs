//! Valid documents, generated from their fields, decode to exactly those fields.

use super::*;

/// A timestamp between 2001 and 2033 with milliseconds.
fn instant() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    (1_000_000_000i64..2_000_000_000, 0u32..1000).prop_map(|(secs, ms)| {
        chrono::DateTime::from_timestamp(secs, ms * 1_000_000).expect("in range")
    })
}

fn scope() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("personal-access-tokens:read".to_owned()),
        Just("teams:write".to_owned()),
        Just("*".to_owned()),
        "[a-z-]{1,12}:(read|write|admin)",
    ]
}

#[test]
fn valid_documents_decode_to_exactly_their_values() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let input = (
        "\\PC{0,40}",
        prop::collection::btree_set(scope(), 0..5),
        instant(),
        prop::option::of(instant()),
        any::<i64>(),
        0u8..5,
        prop::option::of(prop::collection::vec("[a-z:]{1,10}", 0..3)),
    );
    let result = runner.run(
        &input,
        |(name, scopes, created, used, id, form, sp_scope)| {
            let strict =
                |t: &chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            let scopes: Vec<String> = scopes.into_iter().collect();

            // GModStore: unknown abilities kept, null and absent optionals, strict timestamps.
            let mut token = gmod_token();
            token["name"] = json!(name);
            token["abilities"] = json!(scopes);
            token["createdAt"] = json!(strict(&created));
            token["lastUsedAt"] = json!(used.as_ref().map(strict));
            let body = serde_json::to_vec(&json!({ "data": token })).expect("serializes");
            let got = decode::<gmodstore_pat::models::GetPersonalAccessTokenResponse>(&body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .data;
            prop_assert_eq!(&got.name, &name);
            prop_assert_eq!(
                serde_json::to_value(&got.abilities).expect("serializes"),
                json!(scopes)
            );
            prop_assert_eq!(*got.created_at, created);
            prop_assert_eq!(got.last_used_at.map(|t| *t), used);

            // XMS: any int64 id, sloppy timestamps read as the same instant.
            let mut record = xms_token();
            record["id"] = json!(id);
            record["name"] = json!(name);
            record["create"] = json!(sloppy(&strict(&created), form));
            let body = serde_json::to_vec(&json!({ "access_token": record })).expect("serializes");
            let got = decode::<xms_tokens::models::AccessTokenResp>(&body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .access_token;
            prop_assert_eq!(got.id, Some(id));
            prop_assert_eq!(got.name.as_deref(), Some(name.as_str()));
            let expected = if form % 5 == 1 {
                // The form without a fraction drops the milliseconds.
                chrono::DateTime::from_timestamp(created.timestamp(), 0).expect("in range")
            } else {
                created
            };
            prop_assert_eq!(got.create.map(|t| *t), Some(expected));

            // SailPoint: null or present scope, unknown owner type, sloppy dates.
            for krate in ["v3", "v2024"] {
                let mut record = sp_token();
                record["name"] = json!(name);
                record["scope"] = json!(sp_scope);
                record["owner"]["type"] = json!("FUTURE_OWNER");
                record["created"] = json!(sloppy(&strict(&created), form));
                let body = serde_json::to_vec(&json!([record])).expect("serializes");
                let (got_name, got_scope, got_created, owner_type) = match krate {
                    "v3" => {
                        let mut got = decode::<
                            Vec<sailpoint_pat_v3::models::GetPersonalAccessTokenResponse>,
                        >(&body)
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                        let got = got.remove(0);
                        (
                            got.name,
                            got.scope,
                            *got.created,
                            serde_json::to_value(&got.owner).expect("serializes"),
                        )
                    }
                    _ => {
                        let mut got = decode::<
                            Vec<sailpoint_pat_v2024::models::GetPersonalAccessTokenResponse>,
                        >(&body)
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                        let got = got.remove(0);
                        (
                            got.name,
                            got.scope,
                            *got.created,
                            serde_json::to_value(&got.owner).expect("serializes"),
                        )
                    }
                };
                prop_assert_eq!(&got_name, &name);
                prop_assert_eq!(&got_scope, &sp_scope);
                prop_assert_eq!(got_created, expected);
                prop_assert_eq!(&owner_type["type"], &json!("FUTURE_OWNER"));
            }
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
