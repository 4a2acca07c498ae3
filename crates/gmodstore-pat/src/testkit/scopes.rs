//! The abilities (scopes) a GModStore personal access token may have.

/// The 39 `PersonalAccessTokenScope` values the fake accepts, `*` meaning every ability.
///
/// ```
/// use gmodstore_pat::testkit::ABILITIES;
///
/// assert_eq!(ABILITIES.len(), 39);
/// assert!(ABILITIES.contains(&"personal-access-tokens:write"));
/// ```
pub const ABILITIES: [&str; 39] = [
    "permission-groups:read",
    "permission-groups:write",
    "personal-access-tokens:read",
    "personal-access-tokens:write",
    "teams:read",
    "teams:write",
    "team-webhook-endpoints:read",
    "team-webhook-endpoints:write",
    "team-webhook-messages:read",
    "team-users:read",
    "team-users:write",
    "products:read",
    "products:write",
    "product-coupons:read",
    "product-coupons:write",
    "product-purchases:read",
    "product-purchases:write",
    "product-reviews:read",
    "product-reviews:write",
    "product-versions:read",
    "product-versions:write",
    "product-versions:download",
    "product-media:read",
    "product-media:write",
    "users:read",
    "users:write",
    "user-badges:read",
    "user-badges:write",
    "user-bans:read",
    "user-purchases:read",
    "tickets:read",
    "tickets:write",
    "ticket-messages:read",
    "ticket-messages:write",
    "ticket-attachments:read",
    "ticket-attachments:write",
    "ticket-tags:read",
    "ticket-tags:write",
    "*",
];
