//! The SailPoint filter grammar: expressions for the `filters` query parameter.

use apiclient_core::datetime::Timestamp;
use sailpoint_common::filter::{Filter, FilterValue};

#[test]
fn comparisons() {
    let t: Timestamp = "2023-02-05T10:59:27.214Z".parse().unwrap();
    assert_eq!(
        Filter::field("lastUsed").le(t).to_string(),
        "lastUsed le 2023-02-05T10:59:27.214Z"
    );
    assert_eq!(
        Filter::field("lastUsed").is_null().to_string(),
        "lastUsed isnull"
    );
    assert_eq!(Filter::field("owner").pr().to_string(), "owner pr");
    assert_eq!(
        Filter::field("name").eq("ci").to_string(),
        r#"name eq "ci""#
    );
    assert_eq!(
        Filter::field("name").ne("ci").to_string(),
        r#"name ne "ci""#
    );
    assert_eq!(Filter::field("n").lt(5).to_string(), "n lt 5");
    assert_eq!(Filter::field("n").gt(-5i64).to_string(), "n gt -5");
    assert_eq!(Filter::field("n").ge(1.5).to_string(), "n ge 1.5");
    assert_eq!(Filter::field("n").le(7u64).to_string(), "n le 7");
    assert_eq!(
        Filter::field("name").co("bot").to_string(),
        r#"name co "bot""#
    );
    assert_eq!(
        Filter::field("name").sw("ci-").to_string(),
        r#"name sw "ci-""#
    );
    assert_eq!(
        Filter::field("enabled").eq(true).to_string(),
        "enabled eq true"
    );
    assert_eq!(
        Filter::field("id").r#in(["a", "b"]).to_string(),
        r#"id in ("a","b")"#
    );
    assert_eq!(
        Filter::field("n").is_in([1, 2, 3]).to_string(),
        "n in (1,2,3)"
    );
    let dt = chrono::DateTime::parse_from_rfc3339("2024-01-02T17:04:05+02:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        Filter::field("created").gt(dt).to_string(),
        "created gt 2024-01-02T15:04:05Z"
    );
}

#[test]
fn strings_are_quoted_and_escaped() {
    assert_eq!(
        Filter::field("name").eq(r#"say "hi" \ bye"#).to_string(),
        r#"name eq "say \"hi\" \\ bye""#
    );
    // An injection attempt stays inside the string.
    let f = Filter::field("name").eq(r#"x" or id pr or name eq ""#);
    assert_eq!(f.to_string(), r#"name eq "x\" or id pr or name eq \"""#);
    assert_eq!(FilterValue::from(String::from("q")).to_string(), "\"q\"");
}

#[test]
fn and_or_not_with_parentheses_where_needed() {
    let a = || Filter::field("a").eq(1);
    let b = || Filter::field("b").eq(2);
    let c = || Filter::field("c").eq(3);
    assert_eq!(
        a().and(b()).and(c()).to_string(),
        "a eq 1 and b eq 2 and c eq 3"
    );
    assert_eq!(
        a().or(b()).or(c()).to_string(),
        "a eq 1 or b eq 2 or c eq 3"
    );
    assert_eq!(
        a().and(b().or(c())).to_string(),
        "a eq 1 and (b eq 2 or c eq 3)"
    );
    assert_eq!(
        a().or(b()).and(c()).to_string(),
        "(a eq 1 or b eq 2) and c eq 3"
    );
    assert_eq!(
        a().and(b()).or(c()).to_string(),
        "(a eq 1 and b eq 2) or c eq 3"
    );
    assert_eq!(a().not().to_string(), "not (a eq 1)");
    assert_eq!((!a().and(b())).to_string(), "not (a eq 1 and b eq 2)");
    assert_eq!(a().and(b().not()).to_string(), "a eq 1 and not (b eq 2)");
    assert_eq!(
        Filter::all([a(), b(), c()]).unwrap().to_string(),
        "a eq 1 and b eq 2 and c eq 3"
    );
    assert_eq!(
        Filter::any([a(), b()]).unwrap().to_string(),
        "a eq 1 or b eq 2"
    );
    assert_eq!(Filter::all([]), None);
    assert_eq!(
        Filter::raw("x eq 1 or y eq 2").and(a()).to_string(),
        "(x eq 1 or y eq 2) and a eq 1"
    );
    assert_eq!(Filter::raw("x pr").to_string(), "x pr");
}

/// A generated operation parameter taking `impl Into<String>`.
fn filters_param(filters: impl Into<String>) -> String {
    filters.into()
}

#[test]
fn a_filter_or_a_raw_string_is_accepted() {
    let t: Timestamp = "2023-02-05T10:59:27.214Z".parse().unwrap();
    assert_eq!(
        filters_param(Filter::field("lastUsed").le(t)),
        "lastUsed le 2023-02-05T10:59:27.214Z"
    );
    assert_eq!(filters_param("lastUsed isnull"), "lastUsed isnull");
    assert_eq!(filters_param(String::from("x pr")), "x pr");
}
