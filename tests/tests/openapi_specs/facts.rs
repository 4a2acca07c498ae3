//! The API-specific facts of each document: operations, parameters, schemas and security.

use super::*;

// ---------------------------------------------------------------------------------------------
// API-specific facts
// ---------------------------------------------------------------------------------------------

fn param<'a>(doc: &'a Value, op: &'a Value, name: &str) -> &'a Value {
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| resolve(doc, p))
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

#[test]
fn gmodstore_facts() {
    let doc = assert_valid(&GMODSTORE);
    assert_eq!(doc["servers"][0]["url"], "https://www.gmodstore.com/api");
    assert_eq!(doc["servers"][1]["url"], "https://api.pivity.com");
    let bearer = &doc["components"]["securitySchemes"]["PersonalAccessToken"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(doc["security"], json!([{"PersonalAccessToken": []}]));

    let scopes = schema(&doc, "PersonalAccessTokenScope")["enum"]
        .as_array()
        .expect("scope enum");
    let unique: BTreeSet<_> = scopes.iter().filter_map(Value::as_str).collect();
    assert_eq!(scopes.len(), 39, "PersonalAccessTokenScope has 39 values");
    assert_eq!(
        unique.len(),
        39,
        "PersonalAccessTokenScope values are unique"
    );
    for s in [
        "*",
        "product-versions:download",
        "team-webhook-messages:read",
    ] {
        assert!(unique.contains(s), "scope {s} missing");
    }

    let mut ops = Vec::new();
    for (_, method, path) in GMODSTORE.ops {
        ops.push((*path, *method, &doc["paths"][*path][*method]));
    }
    assert_eq!(ops.len(), 5);
    for (path, method, op) in &ops {
        let tenant = param(&doc, op, "X-Tenant");
        assert_eq!(tenant["in"], "header", "{method} {path}");
        assert_ne!(tenant["required"], true);
        assert_eq!(
            tenant["schema"]["enum"],
            json!(["gmodstore.com", "rust.pivity.com"])
        );
        // Every response, success or error, documents the rate-limit headers.
        for (code, resp) in op["responses"].as_object().unwrap() {
            let resp = resolve(&doc, resp).unwrap();
            for h in [
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
            ] {
                assert!(
                    resp["headers"].get(h).is_some(),
                    "{method} {path} {code}: header {h} missing"
                );
            }
        }
    }

    let list = &doc["paths"][GMODSTORE_LIST]["get"];
    let per_page = param(&doc, list, "perPage");
    assert_eq!(per_page["in"], "query");
    assert_eq!(per_page["schema"]["type"], "integer");
    assert_eq!(per_page["schema"]["minimum"], 1);
    assert_eq!(per_page["schema"]["maximum"], 100);
    assert_eq!(per_page["schema"]["default"], 24);
    assert_eq!(param(&doc, list, "cursor")["schema"]["type"], "string");
    assert_eq!(
        list["x-pagination"],
        json!({"kind": "cursor", "cursor-param": "cursor", "next-cursor": "/cursors/next", "items": "/data"})
    );
    let list_body = resolve(
        &doc,
        &list["responses"]["200"]["content"]["application/json"]["schema"],
    )
    .unwrap();
    for pointer in ["/cursors/next", "/data"] {
        let mut s = list_body;
        for seg in pointer.split('/').skip(1) {
            s = resolve(&doc, &s["properties"][seg]).unwrap();
        }
        assert!(
            s.is_object(),
            "x-pagination pointer {pointer} names no schema"
        );
    }

    let create = &doc["paths"][GMODSTORE_LIST]["post"];
    assert_eq!(create["requestBody"]["required"], true);
    assert!(create["responses"].get("201").is_some());
    let update = &doc["paths"][GMODSTORE_ONE]["put"];
    assert_eq!(update["requestBody"]["required"], false);
    let delete = &doc["paths"][GMODSTORE_ONE]["delete"];
    assert!(delete["responses"]["200"]["content"].is_object());
    assert!(delete["responses"]["204"].get("content").is_none());

    let pat = schema(&doc, "PersonalAccessToken");
    for f in ["lastUsedAt", "expiresAt"] {
        assert_eq!(pat["properties"][f]["nullable"], true, "{f} nullable");
    }
    let new = schema(&doc, "NewPersonalAccessTokenPayload");
    assert_eq!(new["properties"]["name"]["minLength"], 3);
    assert_eq!(new["properties"]["name"]["maxLength"], 100);
    assert_eq!(new["properties"]["abilities"]["uniqueItems"], true);
    assert_eq!(new["required"], json!(["name", "abilities"]));
    assert_eq!(
        schema(&doc, "InlineResponse201Data")["properties"]["plainTextToken"]["format"],
        "password"
    );
    assert!(
        schema(&doc, "DeleteTeamResponse")["properties"]["data"]
            .get("type")
            .is_none()
    );
    assert!(schema(&doc, "Error")["properties"]["errors"]["additionalProperties"].is_object());
}

#[test]
fn xms_facts() {
    let doc = assert_valid(&XMS);
    assert_eq!(doc["servers"][0]["url"], "https://localhost/v1");
    assert_eq!(
        doc["security"],
        json!([{"tokenInHeader": []}, {"tokenInQuery": []}])
    );
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["tokenInHeader"]["in"], "header");
    assert_eq!(schemes["tokenInHeader"]["name"], "Xms-Auth-Token");
    assert_eq!(schemes["tokenInQuery"]["in"], "query");
    assert_eq!(schemes["tokenInQuery"]["name"], "token");

    let paths = &doc["paths"];
    let list = &paths["/access-tokens/"]["get"];
    for (name, ty) in [
        ("limit", "integer"),
        ("offset", "integer"),
        ("user_id", "integer"),
        ("role", "string"),
        ("all", "boolean"),
    ] {
        let p = param(&doc, list, name);
        assert_eq!(p["in"], "query");
        assert_eq!(p["schema"]["type"], ty, "{name}");
        if ty == "integer" {
            assert_eq!(p["schema"]["format"], "int64", "{name}");
        }
    }
    assert_eq!(
        list["x-pagination"],
        json!({"kind": "offset", "limit-param": "limit", "offset-param": "offset", "items": "/access_tokens", "total": "/paging/total_count"})
    );

    let one = "/access-tokens/{access_token_id}";
    let id = param(&doc, &paths[one]["get"], "access_token_id");
    assert_eq!(id["schema"]["format"], "int64");
    assert!(
        paths[one]["delete"]["responses"]["204"]
            .get("content")
            .is_none()
    );
    assert!(
        paths["/access-tokens/"]["post"]["responses"]
            .get("201")
            .is_some()
    );
    let regen = &paths["/access-tokens/{access_token_id}:regenerate"]["post"];
    assert!(regen.get("requestBody").is_none());
    let validate = &paths["/access-tokens:validate"]["post"];
    assert!(validate.get("requestBody").is_none());
    assert_eq!(validate["x-retry-safe"], true);
    let subject = param(&doc, validate, "subject_access_token");
    assert_eq!(subject["in"], "query");
    assert_eq!(subject["required"], true);
    assert_eq!(subject["schema"]["format"], "password");

    let expected_errors: [(&str, &str, &[&str]); 7] = [
        ("/access-tokens/", "get", &["400", "401", "403", "500"]),
        (
            "/access-tokens/",
            "post",
            &["400", "401", "403", "409", "500"],
        ),
        (one, "get", &["400", "401", "403", "404", "500"]),
        (one, "patch", &["400", "401", "403", "404", "409", "500"]),
        (one, "delete", &["400", "401", "403", "404", "500"]),
        (
            "/access-tokens/{access_token_id}:regenerate",
            "post",
            &["400", "401", "403", "404", "500"],
        ),
        (
            "/access-tokens:validate",
            "post",
            &["400", "401", "403", "404", "500"],
        ),
    ];
    for (path, method, codes) in expected_errors {
        let got: Vec<&str> = paths[path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('2'))
            .collect();
        assert_eq!(got, codes.to_vec(), "{method} {path} error statuses");
        for code in codes {
            let r = resolve(&doc, &paths[path][method]["responses"][*code]).unwrap();
            assert_eq!(
                r["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorResponse"
            );
        }
    }

    let err = schema(&doc, "ErrorResponse");
    assert!(err.get("required").is_none(), "ErrorResponse is lenient");
    assert!(
        err["properties"]["code"].get("type").is_none(),
        "code is a number or a string depending on the deployment: left untyped"
    );
    assert_eq!(err["properties"]["message"]["type"], "string");
    let record = schema(&doc, "AccessTokenCreateRecord");
    assert_eq!(
        record["allOf"][0]["$ref"],
        "#/components/schemas/AccessToken"
    );
    assert_eq!(
        record["allOf"][1]["properties"]["uuid"]["format"],
        "password"
    );
    assert!(schema(&doc, "AccessToken").get("required").is_none());
    assert_eq!(
        schema(&doc, "AccessTokensResp")["properties"]["paging"]["$ref"],
        "#/components/schemas/Paging"
    );
    for f in ["count", "limit", "offset", "total_count"] {
        assert_eq!(schema(&doc, "Paging")["properties"][f]["format"], "int64");
    }
    assert_eq!(
        schema(&doc, "AccessTokenCreateReqBody")["required"],
        json!(["name", "roles"])
    );
    assert_eq!(
        schema(&doc, "AccessTokenUpdateReqBody")["required"],
        json!(["name"])
    );
}

fn sailpoint_facts(exp: &Expected, version: &str) {
    let doc = assert_valid(exp);
    assert_eq!(
        doc["servers"][0]["url"],
        format!("https://{{tenant}}.api.identitynow.com/{version}")
    );
    assert_eq!(
        doc["servers"][0]["variables"]["tenant"]["default"],
        "sailpoint"
    );
    assert_eq!(
        doc["servers"][1]["url"],
        format!("https://{{apiUrl}}/{version}")
    );
    assert_eq!(
        doc["servers"][1]["variables"]["apiUrl"]["default"],
        "sailpoint.api.identitynow.com"
    );
    let oauth = &doc["components"]["securitySchemes"]["oauth2"];
    assert_eq!(oauth["type"], "oauth2");
    assert_eq!(
        oauth["flows"]["clientCredentials"]["tokenUrl"],
        "/oauth/token"
    );
    assert!(oauth["flows"]["clientCredentials"]["scopes"]["sp:scopes:all"].is_string());

    let list = &doc["paths"]["/personal-access-tokens"]["get"];
    assert_eq!(param(&doc, list, "owner-id")["in"], "query");
    let filters = param(&doc, list, "filters");
    let text = filters["description"].as_str().unwrap();
    assert!(text.contains("lastUsed le ") && text.contains("lastUsed isnull"));
    assert!(
        list.get("x-pagination").is_none(),
        "SailPoint list has no paging"
    );

    let create = &doc["paths"]["/personal-access-tokens"]["post"];
    assert!(create["responses"].get("200").is_some());
    assert_eq!(create["requestBody"]["required"], true);
    let one = &doc["paths"]["/personal-access-tokens/{id}"];
    let patch_body = &one["patch"]["requestBody"];
    assert_eq!(patch_body["required"], true);
    assert_eq!(
        patch_body["content"]["application/json-patch+json"]["schema"]["items"]["$ref"],
        "#/components/schemas/JsonPatchOperation"
    );
    assert!(one["delete"]["responses"]["204"].get("content").is_none());
    for (op, extra) in [
        (list, &[][..]),
        (create, &[][..]),
        (&one["patch"], &["404"][..]),
        (&one["delete"], &["404"][..]),
    ] {
        let codes: BTreeSet<&str> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('2'))
            .collect();
        let mut want: BTreeSet<&str> = ["400", "401", "403", "429", "500"].into();
        want.extend(extra);
        assert_eq!(codes, want);
        let tmr = resolve(&doc, &op["responses"]["429"]).unwrap();
        assert!(tmr["headers"].get("Retry-After").is_some());
    }

    let req = schema(&doc, "CreatePersonalAccessTokenRequest");
    let validity = &req["properties"]["accessTokenValiditySeconds"];
    assert_eq!(validity["format"], "int32");
    assert_eq!(validity["minimum"], 15);
    assert_eq!(validity["maximum"], 43200);
    assert_eq!(validity["default"], 43200);
    assert_eq!(req["required"], json!(["name"]));
    let resp = schema(&doc, "CreatePersonalAccessTokenResponse");
    assert_eq!(resp["properties"]["secret"]["format"], "password");
    let required: Vec<&str> = resp["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!required.contains(&"accessTokenValiditySeconds"));
    assert!(!required.contains(&"expirationDate"));
    assert_eq!(
        schema(&doc, "GetPersonalAccessTokenResponse")["properties"]["managed"]["default"],
        false
    );
    assert_eq!(
        schema(&doc, "PatOwner")["properties"]["type"]["enum"],
        json!(["IDENTITY"])
    );
    let patch_op = schema(&doc, "JsonPatchOperation");
    assert_eq!(patch_op["required"], json!(["op", "path"]));
    assert_eq!(
        patch_op["properties"]["op"]["enum"],
        json!(["add", "remove", "replace", "move", "copy", "test"])
    );
    assert_eq!(
        patch_op["properties"]["value"]["$ref"],
        "#/components/schemas/JsonPatchOperationValue"
    );
    let kinds: Vec<&str> = schema(&doc, "JsonPatchOperationValue")["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(kinds, ["string", "boolean", "integer", "object", "array"]);
    for s in [
        "ErrorResponseDto",
        "ErrorMessageDto",
        "ListPersonalAccessTokens401Response",
        "ListPersonalAccessTokens429Response",
    ] {
        schema(&doc, s);
    }
}

#[test]
fn sailpoint_v3_facts() {
    sailpoint_facts(&SAILPOINT_V3, "v3");
    let doc = load(SAILPOINT_V3.file);
    let pat = schema(&doc, "GetPersonalAccessTokenResponse");
    for f in ["scope", "lastUsed", "expirationDate"] {
        assert_eq!(pat["properties"][f]["nullable"], true, "{f} nullable");
    }
}

#[test]
fn sailpoint_v2024_facts() {
    sailpoint_facts(&SAILPOINT_V2024, "v2024");
    let doc = load(SAILPOINT_V2024.file);
    let pat = schema(&doc, "GetPersonalAccessTokenResponse");
    assert_eq!(pat["properties"]["scope"]["type"], json!(["array", "null"]));
    for f in ["lastUsed", "expirationDate"] {
        assert_eq!(
            pat["properties"][f]["type"],
            json!(["string", "null"]),
            "{f}"
        );
    }
}
