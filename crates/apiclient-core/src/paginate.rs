//! Pagination: turn "fetch one page" into a lazy `Stream` of items.
//!
//! Pages are fetched one at a time, only when the consumer asks for more items; an error is
//! yielded once and ends the stream.

use futures::Stream;
use futures::future::Either;
use futures::stream::{self, StreamExt};
use std::future::Future;

/// One page of a cursor-paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPage<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` (or an empty string) on the last page.
    pub next_cursor: Option<String>,
}

/// One page of an offset/limit-paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct OffsetPage<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of items, when the server says.
    pub total: Option<u64>,
}

/// The inner stream of one fetch: the page's own items (moved out of its `Vec` one by one,
/// never copied into another buffer), or the fetch's error.
type PageStream<T, E> = Either<
    stream::Map<stream::Iter<std::vec::IntoIter<T>>, fn(T) -> Result<T, E>>,
    stream::Once<std::future::Ready<Result<T, E>>>,
>;

fn page_items<T, E>(items: Vec<T>) -> PageStream<T, E> {
    Either::Left(stream::iter(items).map(Ok as fn(T) -> Result<T, E>))
}

fn page_error<T, E>(error: E) -> PageStream<T, E> {
    Either::Right(stream::once(std::future::ready(Err(error))))
}

enum State<C> {
    Next(C),
    Done,
}

/// Streams every item of a cursor-paginated list. `fetch` gets `None` for the first page and
/// then each page's `next_cursor`.
///
/// ```
/// use apiclient_core::paginate::{cursor, CursorPage};
/// use futures::StreamExt;
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pages = cursor(|c: Option<String>| async move {
///     Ok::<_, ()>(match c.as_deref() {
///         None => CursorPage { items: vec![1, 2], next_cursor: Some("b".into()) },
///         _ => CursorPage { items: vec![3], next_cursor: None },
///     })
/// });
/// let all: Vec<_> = pages.map(Result::unwrap).collect().await;
/// assert_eq!(all, vec![1, 2, 3]);
/// # });
/// ```
pub fn cursor<T, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<CursorPage<T>, E>>,
{
    let start = (fetch, State::Next(None::<String>));
    stream::unfold(start, |(mut fetch, state)| async move {
        let State::Next(cursor) = state else {
            return None;
        };
        match fetch(cursor.clone()).await {
            Ok(page) => {
                let next = page
                    .next_cursor
                    .filter(|c| !c.is_empty() && Some(c) != cursor.as_ref());
                let state = next.map_or(State::Done, |c| State::Next(Some(c)));
                Some((page_items(page.items), (fetch, state)))
            }
            Err(e) => Some((page_error(e), (fetch, State::Done))),
        }
    })
    .flatten()
}

/// Streams every item of an offset/limit-paginated list. `fetch` gets `(offset, limit)`;
/// the stream ends on a short or empty page, or once `total` items were seen.
///
/// ```
/// use apiclient_core::paginate::{offset, OffsetPage};
/// use futures::StreamExt;
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let data: Vec<u64> = (0..5).collect();
/// let items = offset(2, |off, lim| {
///     let page = data.iter().copied().skip(off as usize).take(lim as usize).collect();
///     async move { Ok::<_, ()>(OffsetPage { items: page, total: Some(5) }) }
/// });
/// let all: Vec<_> = items.map(Result::unwrap).collect().await;
/// assert_eq!(all, vec![0, 1, 2, 3, 4]);
/// # });
/// ```
pub fn offset<T, E, F, Fut>(limit: u64, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(u64, u64) -> Fut,
    Fut: Future<Output = Result<OffsetPage<T>, E>>,
{
    let limit = limit.max(1);
    stream::unfold(
        (fetch, State::Next(0u64)),
        move |(mut fetch, state)| async move {
            let State::Next(start) = state else {
                return None;
            };
            match fetch(start, limit).await {
                Ok(page) => {
                    let got = page.items.len() as u64;
                    let seen = start + got;
                    let more = got >= limit && page.total.is_none_or(|total| seen < total);
                    let state = if more { State::Next(seen) } else { State::Done };
                    Some((page_items(page.items), (fetch, state)))
                }
                Err(e) => Some((page_error(e), (fetch, State::Done))),
            }
        },
    )
    .flatten()
}
