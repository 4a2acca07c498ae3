//! Doc comments: spec Markdown made safe for rustdoc and clippy.
//!
//! - code fences without a language become ```` ```text ```` (never compiled as doctests);
//! - leading indentation is removed (no accidental indented code blocks), and lines continuing
//!   a list item are indented to the item's text (`clippy::doc_lazy_continuation`);
//! - outside code spans, `[x]` that is not a link and `<x>` that is not an autolink are
//!   escaped (rustdoc's broken-link and HTML-tag lints), and bare URLs become `<url>`.

pub mod examples;

use proc_macro2::TokenStream;
use quote::quote;

/// The mark of a generator-written doc line, passed through unescaped, and the function that
/// writes one (defined with the plan, whose doc lines carry the mark).
pub use crate::plan::{RAW_DOC as RAW, raw_doc as raw};

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

/// Escapes one line outside code spans (see the module docs).
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i = match c {
            '`' => code_span(&chars, i, &mut out),
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i + 2
            }
            '[' => link(&chars, i, &mut out),
            ']' => {
                out.push_str("\\]");
                i + 1
            }
            '<' => angle(&chars, i, &mut out),
            '>' if i == 0 => {
                // A block quote: keep it, lazily continued lines are rare in specs.
                out.push(c);
                i + 1
            }
            'h' if starts_url(&chars[i..]) && (i == 0 || !chars[i - 1].is_alphanumeric()) => {
                bare_url(&chars, i, &mut out)
            }
            _ => {
                out.push(c);
                i + 1
            }
        };
    }
    out
}

/// A code span starting at `i` is kept; an unclosed run of backticks becomes quotes. Returns
/// the index after it.
fn code_span(chars: &[char], i: usize, out: &mut String) -> usize {
    let run = chars[i..].iter().take_while(|c| **c == '`').count();
    let close = (i + run..chars.len()).find(|&j| {
        chars[j..].iter().take_while(|c| **c == '`').count() == run
            && (j == 0 || chars[j - 1] != '`')
    });
    match close {
        Some(j) => {
            out.extend(&chars[i..j + run]);
            j + run
        }
        None => {
            out.push_str(&"'".repeat(run));
            i + run
        }
    }
}

/// A Markdown link `[text](url)` starting at `i` is kept (its text escaped); any other `[` is
/// escaped. Returns the index after what was written.
fn link(chars: &[char], i: usize, out: &mut String) -> usize {
    let close = chars[i..].iter().position(|c| *c == ']').map(|p| p + i);
    if let Some(j) = close
        && chars.get(j + 1) == Some(&'(')
        && let Some(k) = chars[j..].iter().position(|c| *c == ')').map(|p| p + j)
    {
        out.push('[');
        out.push_str(&escape_inline(&chars[i + 1..j].iter().collect::<String>()));
        out.extend(&chars[j..=k]);
        return k + 1;
    }
    out.push_str("\\[");
    i + 1
}

/// An autolink `<https://..>` starting at `i` is kept; any other `<` is escaped. Returns the
/// index after what was written.
fn angle(chars: &[char], i: usize, out: &mut String) -> usize {
    let rest: String = chars[i + 1..].iter().collect();
    let autolink = ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| rest.starts_with(p));
    match (autolink, rest.find('>')) {
        (true, Some(end)) if !rest[..end].contains(' ') => {
            out.push('<');
            out.push_str(&rest[..=end]);
            i + 1 + rest[..=end].chars().count()
        }
        _ => {
            out.push_str("\\<");
            i + 1
        }
    }
}

/// A bare URL starting at `i` becomes `<url>` (trailing punctuation left out). Returns the
/// index after it.
fn bare_url(chars: &[char], i: usize, out: &mut String) -> usize {
    let mut end = i;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '"' | '`' | ')' | ']')
    {
        end += 1;
    }
    while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        end -= 1;
    }
    out.push('<');
    out.extend(&chars[i..end]);
    out.push('>');
    end
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
