//! What a successful decode costs: no more allocations than plain `serde_json` into the same
//! models (timestamps and known enum values borrow the input), the same typed error as before
//! when the body does not fit, and pagination that hands out each page's items without copying.
//!
//! Allocations are counted on the test's own thread (`allocation_counter`), so the counts are
//! exact and do not depend on timing.

use apiclient_core::datetime::Timestamp;
use apiclient_core::paginate::{CursorPage, OffsetPage, PaginationError, cursor, offset};
use apiclient_core::{DecodeError, Error, HeaderMap, Method, RawResponse, StatusCode, string_enum};
use bytes::Bytes;
use futures::StreamExt;
use serde::Deserialize;

string_enum! {
    /// A token's scope.
    pub enum Scope {
        /// Read.
        Read = "tokens:read",
        /// Write.
        Write = "tokens:write",
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Token {
    id: String,
    scopes: Vec<Scope>,
    #[serde(rename = "createdAt")]
    created_at: Timestamp,
    #[serde(rename = "expiresAt", default)]
    expires_at: Option<Timestamp>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Page {
    data: Vec<Token>,
}

const PAGE: &str = r#"{"data":[
    {"id":"a","scopes":["tokens:read","tokens:write"],"createdAt":"2024-01-02T15:04:05.123456Z","expiresAt":null},
    {"id":"b","scopes":["tokens:read"],"createdAt":"2024-01-02T15:04:05Z","expiresAt":"2025-01-02T00:00:00.000Z"},
    {"id":"c","scopes":[],"createdAt":"2024-01-02T17:04:05+02:00"}
]}"#;

const PATH: &str = "/tokens";

fn raw(body: &'static str) -> RawResponse {
    RawResponse::new(
        Method::GET,
        PATH,
        StatusCode::OK,
        HeaderMap::new(),
        Bytes::from_static(body.as_bytes()),
    )
}

fn allocations(run: impl FnOnce()) -> u64 {
    allocation_counter::measure(run).count_total
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn a_success_decodes_with_exactly_the_allocations_of_plain_serde_json() {
    let expected: Page = serde_json::from_str(PAGE).unwrap();
    assert_eq!(expected.data[2].created_at, ts("2024-01-02T15:04:05Z"));

    let response = raw(PAGE);
    let mut decoded = None;
    let sdk = allocations(|| decoded = Some(response.json::<Page, ()>().unwrap()));
    let plain = allocations(|| {
        std::hint::black_box(serde_json::from_slice::<Page>(PAGE.as_bytes()).unwrap());
    });
    assert_eq!(
        sdk, plain,
        "the SDK's decode path allocates only what the models need"
    );
    let decoded = decoded.unwrap();
    assert_eq!(decoded.status, StatusCode::OK);
    assert_eq!(decoded.body, expected);
}

#[test]
fn timestamps_and_known_enum_values_borrow_the_input() {
    let mut out = None;
    let count = allocations(|| {
        out = Some(serde_json::from_str::<Timestamp>(r#""2024-01-02T15:04:05.123456Z""#).unwrap());
    });
    assert_eq!(count, 0);
    assert_eq!(out.unwrap(), ts("2024-01-02T15:04:05.123456Z"));

    let mut scope = None;
    let count = allocations(|| scope = Some(serde_json::from_str::<Scope>(r#""tokens:write""#)));
    assert_eq!(count, 0);
    assert_eq!(scope.unwrap().unwrap(), Scope::Write);

    // An unknown value keeps its text: that one string is the only allocation.
    let mut unknown = None;
    let count = allocations(|| unknown = Some(serde_json::from_str::<Scope>(r#""tokens:admin""#)));
    assert_eq!(count, 1);
    let unknown = unknown.unwrap().unwrap();
    assert!(matches!(&unknown, Scope::Unknown(raw) if raw.as_str() == "tokens:admin"));
}

#[test]
fn every_lenient_timestamp_form_still_decodes_through_serde() {
    for (wire, utc) in [
        ("2024-01-02T15:04:05Z", "2024-01-02T15:04:05Z"),
        ("2024-01-02T15:04:05.123Z", "2024-01-02T15:04:05.123Z"),
        ("2024-01-02T15:04:05.123456Z", "2024-01-02T15:04:05.123456Z"),
        (
            "2024-01-02T15:04:05.123456789Z",
            "2024-01-02T15:04:05.123456789Z",
        ),
        ("2024-01-02T15:04Z", "2024-01-02T15:04:00Z"),
        ("2024-01-02T15:04+01:00", "2024-01-02T14:04:00Z"),
        ("2024-01-02T15:04:05.123", "2024-01-02T15:04:05.123Z"),
        ("2024-01-02T15:04", "2024-01-02T15:04:00Z"),
        ("2024-01-02T17:04:05+02:00", "2024-01-02T15:04:05Z"),
        ("2024-01-02T17:04:05+0200", "2024-01-02T15:04:05Z"),
        ("2024-01-02 15:04:05Z", "2024-01-02T15:04:05Z"),
        ("2024-01-02 15:04", "2024-01-02T15:04:00Z"),
        (" 2024-01-02T15:04:05Z ", "2024-01-02T15:04:05Z"),
    ] {
        let json = serde_json::to_string(wire).unwrap();
        let borrowed: Timestamp =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{wire}: {e}"));
        // From an owned string (a `serde_json::Value`) and from a reader (no borrowing).
        let owned: Timestamp = serde_json::from_value(serde_json::Value::from(wire)).unwrap();
        let read: Timestamp = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(borrowed.to_string(), utc, "{wire}");
        assert_eq!(owned, borrowed, "{wire}");
        assert_eq!(read, borrowed, "{wire}");
    }
}

#[test]
fn escaped_strings_decode_like_plain_ones() {
    // `\u002e` is `.` and `\u0072` is `r`: the decoder unescapes into its scratch buffer.
    let t: Timestamp = serde_json::from_str(r#""2024-01-02T15:04:05\u002e5Z""#).unwrap();
    assert_eq!(t, ts("2024-01-02T15:04:05.5Z"));
    let s: Scope = serde_json::from_str(r#""tokens:\u0072ead""#).unwrap();
    assert_eq!(s, Scope::Read);
    let s: Scope = serde_json::from_str(r#""tokens:\u0061dmin""#).unwrap();
    assert!(matches!(&s, Scope::Unknown(raw) if raw.as_str() == "tokens:admin"));
    // From an owned string: known values map, unknown ones keep the string.
    let s: Scope = serde_json::from_value(serde_json::Value::from("tokens:write")).unwrap();
    assert_eq!(s, Scope::Write);
    let s: Scope = serde_json::from_value(serde_json::Value::from("other")).unwrap();
    assert!(matches!(&s, Scope::Unknown(raw) if raw.as_str() == "other"));
}

#[test]
fn values_that_are_not_strings_are_typed_errors() {
    let err = serde_json::from_str::<Timestamp>("5").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `5`, expected a string at line 1 column 1"
    );
    let err = serde_json::from_str::<Scope>("true").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: boolean `true`, expected a string at line 1 column 4"
    );
    let err = serde_json::from_str::<Timestamp>(r#""2024-13-01T00:00:00Z""#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"not a date-time: "2024-13-01T00:00:00Z""#),
        "{err}"
    );
}

#[test]
fn a_body_that_does_not_fit_gives_the_json_path_message_and_snippet() {
    const BAD: &str = r#"{"data":[{"id":"a","scopes":[],"createdAt":"2024-01-02T15:04:05Z"},{"id":"b","scopes":[],"createdAt":"last tuesday"}]}"#;
    let Err(Error::Decode(err)) = raw(BAD).json::<Page, ()>() else {
        panic!("a decode error");
    };
    assert_eq!(err.method, Method::GET);
    assert_eq!(err.path_template, PATH);
    assert_eq!(err.status, StatusCode::OK);
    assert_eq!(err.json_path, "data[1].createdAt");
    assert!(
        err.message
            .starts_with(r#"not a date-time: "last tuesday""#),
        "{}",
        err.message
    );
    assert!(
        BAD.starts_with(err.snippet.trim_end_matches('…')),
        "{}",
        err.snippet
    );
    // The same error as decoding with path tracking directly.
    let direct = DecodeError::decode::<Page>(&Method::GET, PATH, StatusCode::OK, BAD.as_bytes())
        .unwrap_err();
    assert_eq!(err.to_string(), direct.to_string());

    // A field that may hold a secret is not quoted.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Created {
        secret: u32,
    }
    let Err(Error::Decode(err)) = raw(r#"{"secret":"s3cr3t-value"}"#).json::<Created, ()>() else {
        panic!("a decode error");
    };
    assert_eq!(err.json_path, "secret");
    assert!(!err.message.contains("s3cr3t"), "{}", err.message);

    // Not JSON at all.
    let Err(Error::Decode(err)) = raw("<html>busy</html>").json::<Page, ()>() else {
        panic!("a decode error");
    };
    assert!(err.snippet.starts_with("<html>"), "{}", err.snippet);
}

#[test]
fn lenient_and_optional_bodies_use_the_same_decode() {
    assert_eq!(raw(PAGE).json_lenient::<Page>().body.unwrap().data.len(), 3);
    assert!(raw(r#"{"data":5}"#).json_lenient::<Page>().body.is_none());
    assert!(raw("  ").json_opt::<Page, ()>().unwrap().body.is_none());
    assert_eq!(
        raw(PAGE).json_opt::<Page, ()>().unwrap().body.unwrap().data[0].id,
        "a"
    );
}

/// An item that cannot be cloned: the streams can only move it.
#[derive(Debug, PartialEq, serde::Serialize)]
struct Moved(u32);

/// A fetch's own failure, or the stream's.
#[derive(Debug, PartialEq)]
enum Failed {
    Boom,
    Paging(PaginationError),
}

impl From<PaginationError> for Failed {
    fn from(e: PaginationError) -> Self {
        Self::Paging(e)
    }
}

#[test]
fn cursor_streams_move_each_pages_items_out_without_allocating() {
    let mut pages = vec![
        CursorPage {
            items: vec![Moved(4), Moved(5)],
            next_cursor: None,
        },
        CursorPage {
            items: vec![Moved(3)],
            next_cursor: Some("c".into()),
        },
        CursorPage {
            items: vec![Moved(1), Moved(2)],
            next_cursor: Some("b".into()),
        },
    ];
    let mut asked = Vec::with_capacity(3);
    let mut seen = Vec::with_capacity(5);
    // The executor sets up its thread's waker on first use: not part of the stream.
    futures::executor::block_on(async {});
    let count = allocations(|| {
        let stream = cursor(|c: Option<String>| {
            asked.push(c);
            let page = pages.pop().unwrap();
            async move { Ok::<_, Failed>(page) }
        });
        futures::executor::block_on(stream.for_each(|item| {
            seen.push(item.unwrap());
            async {}
        }));
    });
    assert_eq!(seen, [Moved(1), Moved(2), Moved(3), Moved(4), Moved(5)]);
    assert_eq!(asked, [None, Some("b".into()), Some("c".into())]);
    // The cursors handed to `fetch` are clones (two), and the set of cursors followed (to stop
    // a cycle) has one table; nothing else is allocated.
    assert_eq!(count, 3);
}

#[test]
fn offset_streams_move_items_and_end_on_an_error() {
    let mut calls = Vec::new();
    let stream = offset(2, |off, lim| {
        calls.push((off, lim));
        let page = match off {
            0 => Ok(OffsetPage {
                items: vec![Moved(0), Moved(1)],
                total: None,
            }),
            _ => Err(Failed::Boom),
        };
        async move { page }
    });
    let items: Vec<Result<Moved, Failed>> = futures::executor::block_on(stream.collect());
    assert_eq!(items, [Ok(Moved(0)), Ok(Moved(1)), Err(Failed::Boom)]);
    assert_eq!(calls, [(0, 2), (2, 2)]);
}
