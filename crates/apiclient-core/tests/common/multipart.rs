//! A `multipart/form-data` body parsed back into its parts, to assert what was sent.

/// One part as it was on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WirePart {
    /// `name` of `Content-Disposition`.
    pub name: String,
    /// `filename` of `Content-Disposition`, unescaped.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// Any other header lines, as sent.
    pub other_headers: Vec<String>,
    /// The content.
    pub body: Vec<u8>,
}

impl WirePart {
    /// A part with this name, content type and body, and no file name.
    pub fn new(name: &str, content_type: Option<&str>, body: &[u8]) -> Self {
        Self {
            name: name.to_owned(),
            file_name: None,
            content_type: content_type.map(str::to_owned),
            other_headers: Vec::new(),
            body: body.to_vec(),
        }
    }

    /// With a file name.
    pub fn file(mut self, file_name: &str) -> Self {
        self.file_name = Some(file_name.to_owned());
        self
    }
}

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> String {
    let (essence, params) = content_type.split_once(';').expect("a boundary parameter");
    assert_eq!(essence.trim(), "multipart/form-data");
    params
        .trim()
        .strip_prefix("boundary=")
        .expect("boundary=")
        .trim_matches('"')
        .to_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A quoted parameter of `Content-Disposition` (`name="..."`), unescaped.
fn quoted(disposition: &str, key: &str) -> Option<String> {
    let start = disposition.find(&format!("; {key}=\""))? + key.len() + 4;
    let mut out = String::new();
    let mut chars = disposition[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// The parts of `body`, sent with `content_type`; panics on anything malformed, with what.
pub fn parse(content_type: &str, body: &[u8]) -> Vec<WirePart> {
    let delimiter = format!("--{}", boundary(content_type));
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .expect("the body starts with the boundary");
    let mut parts = Vec::new();
    loop {
        if rest == b"--\r\n" {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a boundary");
        let head_end = find(rest, b"\r\n\r\n").expect("the end of the part headers");
        let head = std::str::from_utf8(&rest[..head_end]).expect("UTF-8 headers");
        rest = &rest[head_end + 4..];
        let next = format!("\r\n{delimiter}");
        let end = find(rest, next.as_bytes()).expect("the next boundary");
        let content = rest[..end].to_vec();
        rest = &rest[end + next.len()..];
        let mut part = WirePart::new("", None, &content);
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("a header line");
            if name.eq_ignore_ascii_case("content-disposition") {
                assert!(value.starts_with("form-data; name=\""), "{value}");
                part.name = quoted(value, "name").expect("a name");
                part.file_name = quoted(value, "filename");
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_owned());
            } else {
                part.other_headers.push(line.to_owned());
            }
        }
        parts.push(part);
    }
}

/// The parts of a request wiremock received.
pub fn parts(request: &wiremock::Request) -> Vec<WirePart> {
    let content_type = request
        .headers
        .get("content-type")
        .expect("a content type")
        .to_str()
        .unwrap();
    parse(content_type, &request.body)
}
