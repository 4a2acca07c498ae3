//! Unit tests of the page streams: offsets, cursors, links, limits and errors.

use super::*;

/// Reads at most `max` items: the `Ok` items, and the error the stream ended with.
async fn read<T>(
    stream: impl Stream<Item = Result<T, PaginationError>>,
    max: usize,
) -> (Vec<T>, Option<PaginationError>) {
    let all: Vec<_> = stream.take(max).collect().await;
    let mut items = Vec::new();
    let mut error = None;
    for item in all {
        match item {
            Ok(item) => items.push(item),
            Err(e) => error = Some(e),
        }
    }
    (items, error)
}

fn page(item: u32, next: Option<&str>) -> CursorPage<u32> {
    CursorPage {
        items: vec![item],
        next_cursor: next.map(str::to_owned),
    }
}

#[tokio::test]
async fn cursor_streams_end_on_the_last_page_a_cycle_or_the_page_limit() {
    use PaginationErrorKind::*;
    type Server = fn(Option<&str>) -> CursorPage<u32>;
    /// (server, page limit, items read, the error)
    type Case = (Server, u64, Vec<u32>, Option<PaginationError>);
    let table: [Case; 6] = [
        (
            |c| match c {
                None => page(1, Some("a")),
                _ => page(2, None),
            },
            10,
            vec![1, 2],
            None,
        ),
        // A cursor that is its own next: the last page.
        (|_| page(1, Some("a")), 10, vec![1, 1], None),
        // An empty cursor: the last page.
        (|_| page(1, Some("")), 10, vec![1], None),
        // a → b → a
        (
            |c| match c {
                Some("a") => page(2, Some("b")),
                Some(_) => page(3, Some("a")),
                None => page(1, Some("a")),
            },
            10,
            vec![1, 2, 3],
            Some(PaginationError {
                kind: RepeatedCursor,
                pages: 3,
            }),
        ),
        // Fresh cursors forever: the page limit.
        (
            |c| {
                let n: u32 = c.map_or(0, |c| c.parse().unwrap());
                CursorPage {
                    items: vec![n],
                    next_cursor: Some((n + 1).to_string()),
                }
            },
            4,
            vec![0, 1, 2, 3],
            Some(PaginationError {
                kind: TooManyPages { limit: 4 },
                pages: 4,
            }),
        ),
        // The limit is reached on the last page: no error.
        (
            |c| match c {
                None => page(1, Some("a")),
                _ => page(2, None),
            },
            2,
            vec![1, 2],
            None,
        ),
    ];
    for (i, (server, limit, items, error)) in table.into_iter().enumerate() {
        let stream =
            Paging::new(limit).cursor(|c: Option<String>| async move { Ok(server(c.as_deref())) });
        assert_eq!(read(stream, 100).await, (items, error), "case {i}");
    }
}

#[tokio::test]
async fn offset_streams_end_on_a_short_page_the_total_a_repeated_page_or_the_limit() {
    use PaginationErrorKind::*;
    type Server = fn(u64, u64) -> OffsetPage<u64>;
    let honest: Server = |offset, limit| OffsetPage {
        items: (offset..(offset + limit).min(5)).collect(),
        total: None,
    };
    /// (server, page size, page limit, items read, the error)
    type Case = (Server, u64, u64, Vec<u64>, Option<PaginationError>);
    let table: [Case; 5] = [
        (honest, 2, 10, vec![0, 1, 2, 3, 4], None),
        (
            |offset, limit| OffsetPage {
                items: (offset..offset + limit).collect(),
                total: Some(4),
            },
            2,
            10,
            vec![0, 1, 2, 3],
            None,
        ),
        // The offset ignored: the same full page again.
        (
            |_, _| OffsetPage {
                items: vec![7, 8],
                total: None,
            },
            2,
            10,
            vec![7, 8],
            Some(PaginationError {
                kind: RepeatedPage,
                pages: 2,
            }),
        ),
        (
            honest,
            1,
            3,
            vec![0, 1, 2],
            Some(PaginationError {
                kind: TooManyPages { limit: 3 },
                pages: 3,
            }),
        ),
        // Five items in five pages of one, then an empty page: within a limit of 6.
        (honest, 1, 6, vec![0, 1, 2, 3, 4], None),
    ];
    for (i, (server, size, limit, items, error)) in table.into_iter().enumerate() {
        let stream =
            Paging::new(limit).offset(
                size,
                |offset, limit| async move { Ok(server(offset, limit)) },
            );
        assert_eq!(read(stream, 100).await, (items, error), "case {i}");
    }
}

#[test]
fn pagination_errors_say_why() {
    let error = PaginationError {
        kind: PaginationErrorKind::TooManyPages { limit: 3 },
        pages: 3,
    };
    assert_eq!(
        error.to_string(),
        "pagination stopped after 3 pages: the list has more than the page limit of 3 pages"
    );
}
