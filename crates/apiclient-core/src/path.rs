//! Path templates: every value becomes exactly one percent-encoded path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are in a path segment: RFC 3986 unreserved characters only.
/// Everything else, including `/`, `?`, `#`, `%`, `:` and spaces, is percent-encoded, so no value
/// can add a segment, start a query or change the path in any other way.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Why a path value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The template has no `{name}` placeholder.
    NoSuchParameter,
    /// The value is `.` or `..`: URL parsers resolve those (even percent-encoded) as
    /// "this" or "parent" directory, so they could change the path and are refused.
    DotSegment,
    /// The value is empty: the path would end in `/` and could name another resource (the
    /// collection instead of one item), so it is refused.
    Empty,
}

/// Percent-encodes `value` as one path segment.
///
/// ```
/// use apiclient_core::path::encode_segment;
/// assert_eq!(encode_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
/// assert_eq!(encode_segment("50% off"), "50%25%20off");
/// assert_eq!(encode_segment("../x"), "..%2Fx");
/// ```
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Replaces `{name}` in `template` with `value` encoded as a single segment.
///
/// Literal characters of the template (such as the `:` in `/tokens/{id}:regenerate`) are kept.
/// A value of `.` or `..` is refused, since no encoding keeps URL parsers from resolving it.
///
/// ```
/// use apiclient_core::path::{fill, PathError};
/// let path = fill("/access-tokens/{id}:regenerate", "id", "7/..").unwrap();
/// assert_eq!(path, "/access-tokens/7%2F..:regenerate");
/// assert_eq!(fill("/t/{id}", "id", ".."), Err(PathError::DotSegment));
/// assert_eq!(fill("/t/{id}", "other", "1"), Err(PathError::NoSuchParameter));
/// assert_eq!(fill("/t/{id}", "id", ""), Err(PathError::Empty));
/// ```
pub fn fill(template: &str, name: &str, value: &str) -> Result<String, PathError> {
    let placeholder = format!("{{{name}}}");
    if !template.contains(&placeholder) {
        return Err(PathError::NoSuchParameter);
    }
    if value.is_empty() {
        return Err(PathError::Empty);
    }
    if value == "." || value == ".." {
        return Err(PathError::DotSegment);
    }
    Ok(template.replacen(&placeholder, &encode_segment(value), 1))
}
