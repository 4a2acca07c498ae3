//! Limit/offset paging, the knobs, and seeded tokens served as given.

use super::*;

#[tokio::test]
async fn limit_offset_paging() {
    let fake = FakeXms::start().await;
    let http = admin(&fake);
    let seeded = fake.seed_tokens(23);
    fake.insert_token(
        NewToken::new("alice's")
            .owned_by(2, "alice")
            .with_roles(["viewer"]),
    );

    let mut ids = Vec::new();
    let mut offset = 0;
    let mut pages = 0;
    loop {
        let page = http
            .get(&format!("{TOKENS}?limit=10&offset={offset}"))
            .await;
        assert_eq!(page.status, 200);
        let items = page.body["access_tokens"].as_array().unwrap().clone();
        let paging = &page.body["paging"];
        assert_eq!(paging["count"], items.len());
        assert_eq!(paging["limit"], 10);
        assert_eq!(paging["offset"], offset);
        assert_eq!(paging["total_count"], 23);
        ids.extend(items.iter().map(|item| item["id"].as_i64().unwrap()));
        pages += 1;
        offset += items.len();
        if items.len() < 10 {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids, seeded.iter().map(|s| s.id).collect::<Vec<_>>());

    let default = http.get(TOKENS).await;
    assert_eq!(default.body["paging"]["limit"], 100);
    assert_eq!(default.body["access_tokens"].as_array().unwrap().len(), 23);
    let all = http.get(&format!("{TOKENS}?all=true")).await;
    assert_eq!(all.body["paging"]["total_count"], 24);
    let by_role = http.get(&format!("{TOKENS}?all=true&role=viewer")).await;
    assert_eq!(by_role.body["paging"]["total_count"], 1);
    let by_user = http.get(&format!("{TOKENS}?user_id=2")).await;
    assert_eq!(by_user.body["access_tokens"][0]["user"]["name"], "alice");

    let bad = ["limit=0", "limit=x", "offset=-1", "all=maybe", "user_id=me"];
    http.assert_statuses(bad.map(|query| ("GET", format!("{TOKENS}?{query}"), None, 400)))
        .await;
}

#[tokio::test]
async fn knobs_apply() {
    let fake = FakeXms::start().await;
    let http = admin(&fake);
    fake.knobs().set_rate_limit(1, Duration::from_secs(30));
    let [_, limited] = http
        .assert_statuses([("GET", TOKENS, None, 200), ("GET", TOKENS, None, 429)])
        .await
        .try_into()
        .unwrap();
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(limited.body["code"], "TooManyRequests");
    fake.knobs().clear_rate_limit();

    fake.knobs().fail_next(1, 500);
    let failed = http.get(TOKENS).await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.body["code"], "InternalServerError");

    fake.knobs().set_latency(Duration::from_millis(200));
    let started = Instant::now();
    http.get(TOKENS).await;
    assert!(started.elapsed() >= Duration::from_millis(200));

    let log = fake.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].path(), "/v1/access-tokens/");
    assert_eq!(log[0].header("xms-auth-token"), Some(fake.token()));
}

#[tokio::test]
async fn seeded_times_and_use_are_served_as_given() {
    let fake = FakeXms::start().await;
    let at = |text: &str| parse_timestamp(text).unwrap();
    let created = fake.insert_token(
        NewToken::new("aged")
            .with_roles(["viewer"])
            .created_at(at("2020-01-02T03:04:05Z"))
            .with_used(true),
    );
    let updated = fake.insert_token(
        NewToken::new("touched")
            .created_at(at("2020-01-02T03:04:05Z"))
            .updated_at(at("2021-02-03T04:05:06Z")),
    );
    let listed = admin(&fake).get(TOKENS).await;
    assert_eq!(listed.status, 200);
    let tokens = &listed.body["access_tokens"];
    assert_eq!(tokens[0]["id"], created.id);
    assert_eq!(tokens[0]["create"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(tokens[0]["update"], "2020-01-02T03:04:05.000000Z");
    assert_eq!(tokens[0]["used"], true);
    assert_eq!(tokens[0]["roles"], json!(["viewer"]));
    assert_eq!(tokens[1]["id"], updated.id);
    assert_eq!(tokens[1]["update"], "2021-02-03T04:05:06.000000Z");
    assert_eq!(tokens[1]["used"], false);
}
