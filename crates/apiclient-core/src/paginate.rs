//! Pagination: turn "fetch one page" into a lazy `Stream` of items.
//!
//! Pages are fetched one at a time, only when the consumer asks for more items; an error is
//! yielded once and ends the stream. A server that never stops paging ends the stream with a
//! [`PaginationError`] too: a cursor already followed (the pages cycle), a full page identical
//! to the previous one (the server ignores the offset), or more pages than the [`Paging`]
//! limit.

use futures::Stream;
use futures::stream::{self, StreamExt};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::{DefaultHasher, Hasher};

/// Pages a stream reads at most by default: ten thousand (a million items at 100 a page).
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

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

/// Why a paginated stream was stopped before the server said it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationErrorKind {
    /// The next cursor is one already followed: the pages cycle (A→B→A).
    RepeatedCursor,
    /// A full page identical to the previous one: the server ignores the offset.
    RepeatedPage,
    /// There are more pages than the stream may read ([`Paging::max_pages`]).
    TooManyPages {
        /// The page limit.
        limit: u64,
    },
}

/// A paginated stream was stopped because the server did not stop paging. The items of the
/// pages read before were yielded; the error is the stream's last item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaginationError {
    /// Why the stream was stopped.
    pub kind: PaginationErrorKind,
    /// Pages read before it was.
    pub pages: u64,
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.kind {
            PaginationErrorKind::RepeatedCursor => {
                "the server sent a cursor already followed (the pages cycle)".to_owned()
            }
            PaginationErrorKind::RepeatedPage => {
                "the server sent the same full page again (it ignores the offset)".to_owned()
            }
            PaginationErrorKind::TooManyPages { limit } => {
                format!("the list has more than the page limit of {limit} pages")
            }
        };
        write!(f, "pagination stopped after {} pages: {why}", self.pages)
    }
}

impl std::error::Error for PaginationError {}

/// How far a paginated stream may go. The generated `*_stream` functions (and the `list_all_*`
/// conveniences built on them) use the client's ([`ClientConfig::paging`](crate::ClientConfig::paging)).
///
/// ```
/// use apiclient_core::paginate::Paging;
/// assert_eq!(Paging::default().max_pages(), 10_000);
/// assert_eq!(Paging::new(25).max_pages(), 25);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    max_pages: u64,
}

impl Default for Paging {
    /// At most [`DEFAULT_MAX_PAGES`] pages.
    fn default() -> Self {
        Self::new(DEFAULT_MAX_PAGES)
    }
}

/// The inner stream of one fetch: the page's own items (moved out of its `Vec` one by one,
/// never copied into another buffer), then the stream's error, if it ends in one.
type PageStream<T, E> = stream::Chain<
    stream::Map<stream::Iter<std::vec::IntoIter<T>>, fn(T) -> Result<T, E>>,
    stream::Iter<std::option::IntoIter<Result<T, E>>>,
>;

fn page_items<T, E>(items: Vec<T>, error: Option<E>) -> PageStream<T, E> {
    stream::iter(items)
        .map(Ok as fn(T) -> Result<T, E>)
        .chain(stream::iter(error.map(Err)))
}

fn page_error<T, E>(error: E) -> PageStream<T, E> {
    page_items(Vec::new(), Some(error))
}

enum State<C> {
    Next(C),
    Done,
}

impl Paging {
    /// At most `max_pages` pages (at least 1).
    pub fn new(max_pages: u64) -> Self {
        Self {
            max_pages: max_pages.max(1),
        }
    }

    /// The page limit.
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }

    /// The error that ends a stream after `pages` pages, when there would be another.
    fn check_more<E: From<PaginationError>>(&self, pages: u64) -> Result<(), E> {
        if pages >= self.max_pages {
            return Err(E::from(PaginationError {
                kind: PaginationErrorKind::TooManyPages {
                    limit: self.max_pages,
                },
                pages,
            }));
        }
        Ok(())
    }

    /// Streams every item of a cursor-paginated list. `fetch` gets `None` for the first page
    /// and then each page's `next_cursor`. The stream ends on a page without a next cursor or
    /// whose next cursor is its own; a cursor followed before ends it with
    /// [`PaginationErrorKind::RepeatedCursor`].
    ///
    /// ```
    /// use apiclient_core::paginate::{CursorPage, PaginationError, Paging};
    /// use futures::StreamExt;
    /// # futures::executor::block_on(async {
    /// let pages = Paging::default().cursor(|c: Option<String>| async move {
    ///     Ok::<_, PaginationError>(match c.as_deref() {
    ///         None => CursorPage { items: vec![1, 2], next_cursor: Some("b".into()) },
    ///         _ => CursorPage { items: vec![3], next_cursor: None },
    ///     })
    /// });
    /// let all: Vec<_> = pages.map(Result::unwrap).collect().await;
    /// assert_eq!(all, vec![1, 2, 3]);
    ///
    /// // A server whose cursors cycle: a → b → a.
    /// let cycling = Paging::default().cursor(|c: Option<String>| async move {
    ///     let next = if c.as_deref() == Some("a") { "b" } else { "a" };
    ///     Ok::<_, PaginationError>(CursorPage { items: vec![0], next_cursor: Some(next.into()) })
    /// });
    /// let read: Vec<_> = cycling.collect().await;
    /// assert_eq!(read.len(), 4, "three pages, then the error");
    /// assert!(read[3].is_err());
    /// # });
    /// ```
    pub fn cursor<T, E, F, Fut>(self, fetch: F) -> impl Stream<Item = Result<T, E>>
    where
        F: FnMut(Option<String>) -> Fut,
        Fut: Future<Output = Result<CursorPage<T>, E>>,
        E: From<PaginationError>,
    {
        struct Walk<F> {
            fetch: F,
            seen: HashSet<String>,
            pages: u64,
        }
        let walk = Walk {
            fetch,
            seen: HashSet::new(),
            pages: 0,
        };
        stream::unfold(
            (walk, State::Next(None::<String>)),
            move |(mut walk, state)| async move {
                let State::Next(cursor) = state else {
                    return None;
                };
                let page = match (walk.fetch)(cursor.clone()).await {
                    Ok(page) => page,
                    Err(e) => return Some((page_error(e), (walk, State::Done))),
                };
                walk.pages += 1;
                let next = page
                    .next_cursor
                    .filter(|c| !c.is_empty() && Some(c) != cursor.as_ref());
                if let Some(cursor) = cursor {
                    walk.seen.insert(cursor);
                }
                let error = match &next {
                    None => None,
                    Some(c) if walk.seen.contains(c) => Some(E::from(PaginationError {
                        kind: PaginationErrorKind::RepeatedCursor,
                        pages: walk.pages,
                    })),
                    Some(_) => self.check_more(walk.pages).err(),
                };
                let state = match (&error, next) {
                    (None, Some(c)) => State::Next(Some(c)),
                    _ => State::Done,
                };
                Some((page_items(page.items, error), (walk, state)))
            },
        )
        .flatten()
    }

    /// Streams every item of an offset/limit-paginated list. `fetch` gets `(offset, limit)`;
    /// the stream ends on a short or empty page, or once `total` items were seen. A full page
    /// identical to the previous one ends it with [`PaginationErrorKind::RepeatedPage`] (pages
    /// are compared by a hash of their items' JSON, so no item is ever copied).
    ///
    /// ```
    /// use apiclient_core::paginate::{OffsetPage, PaginationError, Paging};
    /// use futures::StreamExt;
    /// # futures::executor::block_on(async {
    /// let data: Vec<u64> = (0..5).collect();
    /// let items = Paging::default().offset(2, |off, lim| {
    ///     let page = data.iter().copied().skip(off as usize).take(lim as usize).collect();
    ///     async move { Ok::<_, PaginationError>(OffsetPage { items: page, total: Some(5) }) }
    /// });
    /// let all: Vec<_> = items.map(Result::unwrap).collect().await;
    /// assert_eq!(all, vec![0, 1, 2, 3, 4]);
    ///
    /// // A server that ignores the offset.
    /// let same = Paging::default().offset(2, |_, _| async {
    ///     Ok::<_, PaginationError>(OffsetPage { items: vec![7, 8], total: None })
    /// });
    /// let read: Vec<_> = same.collect().await;
    /// assert_eq!(read.len(), 3, "the first page, then the error");
    /// assert!(read[2].is_err());
    /// # });
    /// ```
    pub fn offset<T, E, F, Fut>(self, limit: u64, fetch: F) -> impl Stream<Item = Result<T, E>>
    where
        T: Serialize,
        F: FnMut(u64, u64) -> Fut,
        Fut: Future<Output = Result<OffsetPage<T>, E>>,
        E: From<PaginationError>,
    {
        struct Walk<F> {
            fetch: F,
            /// The fingerprint of the previous page, when it was full.
            previous: Option<u64>,
            pages: u64,
        }
        let limit = limit.max(1);
        let walk = Walk {
            fetch,
            previous: None,
            pages: 0,
        };
        stream::unfold(
            (walk, State::Next(0u64)),
            move |(mut walk, state)| async move {
                let State::Next(start) = state else {
                    return None;
                };
                let page = match (walk.fetch)(start, limit).await {
                    Ok(page) => page,
                    Err(e) => return Some((page_error(e), (walk, State::Done))),
                };
                walk.pages += 1;
                let got = page.items.len() as u64;
                // Only a full page can repeat the previous one (which was full, or there
                // would have been no further page).
                let fingerprint = (got >= limit).then(|| fingerprint(&page.items));
                if fingerprint.is_some() && fingerprint == walk.previous {
                    let error = E::from(PaginationError {
                        kind: PaginationErrorKind::RepeatedPage,
                        pages: walk.pages,
                    });
                    return Some((page_error(error), (walk, State::Done)));
                }
                walk.previous = fingerprint;
                let seen = start.saturating_add(got);
                let more = got >= limit && page.total.is_none_or(|total| seen < total);
                let error = if more {
                    self.check_more(walk.pages).err()
                } else {
                    None
                };
                let state = if more && error.is_none() {
                    State::Next(seen)
                } else {
                    State::Done
                };
                Some((page_items(page.items, error), (walk, state)))
            },
        )
        .flatten()
    }
}

/// A hash of the items' JSON, to tell a page from the previous one without keeping it.
fn fingerprint<T: Serialize>(items: &[T]) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // An item that cannot be written as JSON adds nothing beyond what was written before it.
    let _ = serde_json::to_writer(&mut writer, items);
    writer.0.finish()
}

/// [`Paging::cursor`] with the default page limit.
pub fn cursor<T, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<CursorPage<T>, E>>,
    E: From<PaginationError>,
{
    Paging::default().cursor(fetch)
}

/// [`Paging::offset`] with the default page limit.
pub fn offset<T, E, F, Fut>(limit: u64, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    T: Serialize,
    F: FnMut(u64, u64) -> Fut,
    Fut: Future<Output = Result<OffsetPage<T>, E>>,
    E: From<PaginationError>,
{
    Paging::default().offset(limit, fetch)
}

#[cfg(test)]
mod tests;
