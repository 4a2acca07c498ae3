//! Doc comments: spec Markdown made safe for rustdoc and clippy.
//!
//! - code fences without a language become ```` ```text ```` (never compiled as doctests);
//! - leading indentation is removed (no accidental indented code blocks), and lines continuing
//!   a list item are indented to the item's text (`clippy::doc_lazy_continuation`);
//! - outside code spans, `[x]` that is not a link and `<x>` that is not an autolink are
//!   escaped (rustdoc's broken-link and HTML-tag lints), and bare URLs become `<url>`.

use proc_macro2::TokenStream;
use quote::quote;

/// Marks a doc line written by the generator: passed through unescaped (it may hold
/// intra-doc links such as ``[`Client`]``).
pub const RAW: char = '\u{1}';

/// A generator-written doc line (see [`RAW`]).
pub fn raw(line: impl Into<String>) -> String {
    format!("{RAW}{}", line.into())
}

/// `#[doc = "..."]` attributes for `lines`.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = sanitize(lines);
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Inner `#![doc = "..."]` attributes for `lines`.
pub fn inner_attrs(lines: &[String]) -> TokenStream {
    let lines = sanitize(lines);
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Makes spec Markdown safe for rustdoc (see the module docs).
pub fn sanitize(lines: &[String]) -> Vec<String> {
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| l.trim_end().replace('\r', "").replace('\t', "    "))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for line in &lines {
        if let Some(raw) = line.strip_prefix(RAW) {
            out.push(raw.to_owned());
            list_indent = None;
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                out.push(fence.clone());
                in_fence = None;
            } else {
                out.push(line.clone());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let lang = trimmed[fence.len()..].trim();
            let rusty = lang.is_empty()
                || lang.split([',', ' ']).any(|t| {
                    matches!(
                        t,
                        "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail"
                    ) || t.starts_with("edition")
                });
            out.push(format!("{fence}{}", if rusty { "text" } else { lang }));
            in_fence = Some(fence);
            list_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            list_indent = None;
            continue;
        }
        if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(marker);
            out.push(escape_inline(trimmed));
        } else if let Some(indent) = list_indent {
            out.push(format!("{}{}", " ".repeat(indent), escape_inline(trimmed)));
        } else {
            out.push(escape_inline(trimmed));
        }
    }
    if let Some(fence) = in_fence {
        out.push(fence);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    // No two blank lines in a row.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// The width of a list marker (`- `, `* `, `+ `, `1. `, `1) `), if the line starts with one.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return Some(digits + 2);
    }
    None
}

fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                let close = (i + run..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|c| **c == '`').count() == run
                        && (j == 0 || chars[j - 1] != '`')
                });
                match close {
                    Some(j) => {
                        out.extend(&chars[i..j + run]);
                        i = j + run;
                    }
                    None => {
                        out.push_str(&"'".repeat(run));
                        i += run;
                    }
                }
            }
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
            }
            '[' => {
                // A Markdown link `[text](url)` is kept; anything else is escaped.
                let close = chars[i..].iter().position(|c| *c == ']').map(|p| p + i);
                match close {
                    Some(j) if chars.get(j + 1) == Some(&'(') => {
                        let end = chars[j..].iter().position(|c| *c == ')').map(|p| p + j);
                        match end {
                            Some(k) => {
                                out.push('[');
                                out.push_str(&escape_inline(
                                    &chars[i + 1..j].iter().collect::<String>(),
                                ));
                                out.extend(&chars[j..=k]);
                                i = k + 1;
                            }
                            None => {
                                out.push_str("\\[");
                                i += 1;
                            }
                        }
                    }
                    _ => {
                        out.push_str("\\[");
                        i += 1;
                    }
                }
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                let autolink = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| rest.starts_with(p));
                match (autolink, rest.find('>')) {
                    (true, Some(end)) if !rest[..end].contains(' ') => {
                        out.push('<');
                        out.push_str(&rest[..=end]);
                        i += 1 + rest[..=end].chars().count();
                    }
                    _ => {
                        out.push_str("\\<");
                        i += 1;
                    }
                }
            }
            '>' if i == 0 => {
                // A block quote: keep it, lazily continued lines are rare in specs.
                out.push(c);
                i += 1;
            }
            'h' if starts_url(&chars[i..]) && (i == 0 || !chars[i - 1].is_alphanumeric()) => {
                let mut end = i;
                while end < chars.len()
                    && !chars[end].is_whitespace()
                    && !matches!(chars[end], '<' | '>' | '"' | '`' | ')' | ']')
                {
                    end += 1;
                }
                while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'')
                {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Vec<String> {
        sanitize(&text.lines().map(str::to_owned).collect::<Vec<_>>())
    }

    #[test]
    fn escapes() {
        assert_eq!(
            s("see [RFC](https://x.y/z) and [x] <token>"),
            ["see [RFC](https://x.y/z) and \\[x\\] \\<token>"]
        );
        assert_eq!(
            s("go to https://example.com/a."),
            ["go to <https://example.com/a>."]
        );
        assert_eq!(s("`a [b] <c>` d"), ["`a [b] <c>` d"]);
        assert_eq!(s("```\nlet x;\n```"), ["```text", "let x;", "```"]);
        assert_eq!(
            s("- item\nmore\n\nafter"),
            ["- item", "  more", "", "after"]
        );
        assert_eq!(s("    indented"), ["indented"]);
    }
}
