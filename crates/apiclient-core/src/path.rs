//! Request paths: every parameter value becomes exactly one percent-encoded path segment.
//!
//! Generated code builds each path from the template's literal parts and the parameter values
//! with [`PathBuilder`], resolved when the code is generated, so no placeholder can be left
//! unfilled at run time. [`fill`] fills a template by placeholder name for hand-written code.

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

/// Checks `value` for a path segment and encodes it.
fn segment(value: &str) -> Result<String, PathError> {
    if value.is_empty() {
        return Err(PathError::Empty);
    }
    if value == "." || value == ".." {
        return Err(PathError::DotSegment);
    }
    Ok(encode_segment(value))
}

/// Room reserved for parameter values when a path is started.
const PARAM_ROOM: usize = 48;

/// Percent-encodes what is written to it into `path`, noting whether the raw text was empty,
/// `.` or `..`.
struct SegmentWriter<'a> {
    path: &'a mut String,
    raw_len: usize,
    all_dots: bool,
}

impl std::fmt::Write for SegmentWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.raw_len += text.len();
        self.all_dots &= text.bytes().all(|b| b == b'.');
        self.path.extend(utf8_percent_encode(text, SEGMENT));
        Ok(())
    }
}

/// A request path put together from literal parts and parameter values, each value encoded
/// as exactly one segment (empty values, `.` and `..` are refused).
///
/// ```
/// use apiclient_core::path::{PathBuilder, PathError};
/// let path = PathBuilder::new()
///     .literal("/access-tokens/")
///     .param("id", "7/..")
///     .literal(":regenerate");
/// assert_eq!(path.build(), Ok("/access-tokens/7%2F..:regenerate".to_owned()));
/// let bad = PathBuilder::new().literal("/t/").param("id", "..");
/// assert_eq!(bad.build(), Err(("id", PathError::DotSegment)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathBuilder {
    path: String,
    /// The first refused parameter, with why.
    error: Option<(&'static str, PathError)>,
}

impl PathBuilder {
    /// An empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a literal part of the template, as it is.
    pub fn literal(mut self, text: &str) -> Self {
        if self.path.capacity() == 0 {
            // Room for the parameter values that usually follow, so they need no reallocation.
            self.path.reserve(text.len() + PARAM_ROOM);
        }
        self.path.push_str(text);
        self
    }

    /// Appends the value of the path parameter `name`, encoded as one segment.
    pub fn param(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        use std::fmt::Write as _;
        // The value is encoded straight into the path (no copy of it is made); a refused one
        // is taken out again.
        let start = self.path.len();
        let mut writer = SegmentWriter {
            path: &mut self.path,
            raw_len: 0,
            all_dots: true,
        };
        // Writing into a `String` cannot fail; a `Display` impl that reports an error keeps
        // what it wrote (where `to_string` would panic).
        let _ = write!(writer, "{value}");
        let refused = match (writer.raw_len, writer.all_dots) {
            (0, _) => Some(PathError::Empty),
            (1 | 2, true) => Some(PathError::DotSegment),
            _ => None,
        };
        if let Some(e) = refused {
            self.path.truncate(start);
            self.error.get_or_insert((name, e));
        }
        self
    }

    /// The encoded path, or the first parameter that was refused.
    pub fn build(self) -> Result<String, (&'static str, PathError)> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.path),
        }
    }
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
    Ok(template.replacen(&placeholder, &segment(value)?, 1))
}

#[cfg(test)]
mod tests {
    use super::{PathBuilder, PathError};
    use std::fmt;

    /// A value whose `Display` writes its text in pieces, as many `Display` impls do.
    struct Pieces(&'static [&'static str]);

    impl fmt::Display for Pieces {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.iter().try_for_each(|piece| f.write_str(piece))
        }
    }

    fn build(value: Pieces) -> Result<String, (&'static str, PathError)> {
        PathBuilder::new()
            .literal("/t/")
            .param("id", value)
            .literal("/x")
            .build()
    }

    #[test]
    fn a_value_written_in_pieces_is_checked_and_encoded_whole() {
        assert_eq!(
            build(Pieces(&["a/", "b c", "é"])),
            Ok("/t/a%2Fb%20c%C3%A9/x".into())
        );
        assert_eq!(
            build(Pieces(&[".", "."])),
            Err(("id", PathError::DotSegment))
        );
        assert_eq!(
            build(Pieces(&[".", ""])),
            Err(("id", PathError::DotSegment))
        );
        assert_eq!(build(Pieces(&["", ""])), Err(("id", PathError::Empty)));
        assert_eq!(build(Pieces(&[])), Err(("id", PathError::Empty)));
        assert_eq!(build(Pieces(&[".", ".", "."])), Ok("/t/.../x".into()));
        assert_eq!(build(Pieces(&["..", "a"])), Ok("/t/..a/x".into()));
    }

    #[test]
    fn the_first_refused_value_is_the_one_reported() {
        let path = PathBuilder::new()
            .literal("/a/")
            .param("first", "..")
            .param("second", "")
            .literal("/b");
        assert_eq!(path.build(), Err(("first", PathError::DotSegment)));
    }
}
