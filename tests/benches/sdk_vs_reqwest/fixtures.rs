//! The canned response bodies: GModStore token list pages and a single token.

use serde_json::{Value, json};

/// Tokens on one list page (the API's default `perPage`).
pub const PAGE_SIZE: usize = 24;

const SCOPES: [&str; 6] = [
    "personal-access-tokens:read",
    "personal-access-tokens:write",
    "products:read",
    "teams:read",
    "users:read",
    "product-versions:download",
];

/// One token as the server sends it: 6-digit fractions, null `lastUsedAt`/`expiresAt` on some.
fn token(n: usize) -> Value {
    let day = n % 28 + 1;
    let abilities: Vec<&str> = SCOPES
        .iter()
        .copied()
        .cycle()
        .skip(n)
        .take(n % 4 + 1)
        .collect();
    json!({
        "id": format!("9b2d6c4e-{:04x}-4f1a-8c3e-{:012x}", n % 0xffff, n),
        "name": format!("deploy token {n}"),
        "abilities": abilities,
        "lastUsedAt": if n.is_multiple_of(3) { Value::Null } else { json!(format!("2024-03-{day:02}T10:15:30.123456Z")) },
        "expiresAt": if n.is_multiple_of(2) { Value::Null } else { json!(format!("2025-01-{day:02}T00:00:00.000000Z")) },
        "createdAt": format!("2023-11-{day:02}T08:00:00.000000Z"),
        "updatedAt": format!("2024-02-{day:02}T12:30:45.654321Z"),
    })
}

/// A list page of `count` tokens starting at token `first`, pointing at `next`.
pub fn list_page(first: usize, count: usize, next: Option<&str>) -> Vec<u8> {
    let data: Vec<Value> = (first..first + count).map(token).collect();
    let body = json!({
        "data": data,
        "cursors": {"prev": null, "next": next},
        "connections": [],
        "meta": {"perPage": count},
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

/// The body of a single get.
pub fn single_token() -> Vec<u8> {
    serde_json::to_vec(&json!({ "data": token(7) })).expect("a JSON value serializes")
}

/// A list page of at least `bytes` bytes (for the large-decode measurement).
pub fn large_list(bytes: usize) -> Vec<u8> {
    let per_token = list_page(0, 2, None).len() - list_page(0, 1, None).len();
    let mut count = bytes / per_token;
    loop {
        let page = list_page(0, count, None);
        if page.len() >= bytes {
            return page;
        }
        count += (bytes - page.len()) / per_token + 1;
    }
}
