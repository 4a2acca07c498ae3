//! Helpers for tests of the generated API traits: a log of the calls a hand-written mock
//! received, and the shape of what a failing page stream yields.

use std::fmt::Debug;
use std::sync::Mutex;

use super::util::lock;

/// The calls a hand-written mock of an API trait received, in order (e.g. the paging
/// parameters of every page it was asked for).
///
/// ```
/// let asked = apiclient_core::testkit::CallLog::default();
/// asked.record((Some("c2".to_string()), 25));
/// assert_eq!(asked.calls(), [(Some("c2".to_string()), 25)]);
/// ```
#[derive(Debug)]
pub struct CallLog<T> {
    calls: Mutex<Vec<T>>,
}

impl<T> Default for CallLog<T> {
    fn default() -> Self {
        Self {
            calls: Mutex::new(Vec::new()),
        }
    }
}

impl<T: Clone> CallLog<T> {
    /// Records one call.
    pub fn record(&self, call: T) {
        lock(&self.calls).push(call);
    }

    /// Every call recorded so far.
    pub fn calls(&self) -> Vec<T> {
        lock(&self.calls).clone()
    }
}

/// The error a hand-written mock answers for the operations its test does not use.
///
/// ```
/// let err: apiclient_core::Error = apiclient_core::testkit::not_used_by_mock();
/// assert!(err.to_string().contains("not used by this mock"));
/// ```
pub fn not_used_by_mock<M>() -> crate::Error<M> {
    crate::InvalidRequestError::new("not used by this mock").into()
}

/// Splits what a page stream yielded into its items and the error that ended it, asserting
/// that exactly one error came, and came last.
///
/// ```
/// use apiclient_core::testkit::items_then_error;
/// let (items, err) = items_then_error(vec![Ok(1), Ok(2), Err("page 2 failed")]);
/// assert_eq!((items, err), (vec![1, 2], "page 2 failed"));
/// ```
pub fn items_then_error<T: Debug, E: Debug>(mut results: Vec<Result<T, E>>) -> (Vec<T>, E) {
    let shown = format!("{results:?}");
    let err = match results.pop() {
        Some(Err(err)) => err,
        _ => panic!("the stream must end with an error: {shown}"),
    };
    let items = results
        .into_iter()
        .map(|item| item.unwrap_or_else(|_| panic!("only the last result fails: {shown}")))
        .collect();
    (items, err)
}
