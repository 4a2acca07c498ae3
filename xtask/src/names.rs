//! Rust names from spec names: case conversion, keywords, invalid characters, collisions.

use std::collections::HashSet;

/// Splits a spec name into words: at non-alphanumeric characters, lower→upper changes
/// (`fooBar`), the end of an acronym (`HTTPServer` → `HTTP`, `Server`) and digit→upper
/// (`401Response`). Non-ASCII characters separate words.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = current.chars().last().as_ref() {
            let next = chars.get(i + 1).copied();
            let boundary = (c.is_ascii_uppercase()
                && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (c.is_ascii_uppercase()
                    && prev.is_ascii_uppercase()
                    && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `PascalCase` (may be empty or start with a digit; see [`type_name`]).
pub fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect()
}

/// `snake_case` (may be empty or start with a digit; see [`field_name`]).
pub fn snake(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// True when `name` must be written `r#name`.
pub fn needs_raw(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name)
}

/// A snake_case identifier for a field, parameter or method: never empty, never starting
/// with a digit; keywords that cannot be raw get a `_` suffix (`self_`).
pub fn field_name(name: &str) -> String {
    let mut s = snake(name);
    if (s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()))
        && let Some(spelled) = symbol_words(name)
    {
        s = snake(&spelled);
    }
    if s.is_empty() {
        s = "field".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("_{s}");
    }
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// A PascalCase identifier for a type: never empty, never starting with a digit.
pub fn type_name(name: &str) -> String {
    let mut s = pascal(name);
    if (s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()))
        && let Some(spelled) = symbol_words(name)
    {
        s = pascal(&spelled);
    }
    if s.is_empty() {
        s = "Model".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("Model{s}");
    }
    if s == "Self" {
        s = "SelfModel".to_owned();
    }
    s
}

/// A PascalCase identifier for an enum variant.
pub fn variant_name(value: &str) -> String {
    let mut s = pascal(value);
    if (s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()))
        && let Some(spelled) = symbol_words(value)
    {
        s = pascal(&spelled);
    }
    if s.is_empty() {
        s = if value.is_empty() { "Empty" } else { "Value" }.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if s == "Self" {
        s = "SelfValue".to_owned();
    }
    s
}

/// Spells out the symbols of a name (`*` → `star`, `+1` → `plus 1`); `None` without symbols.
fn symbol_words(name: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut any = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            current.push(c);
            continue;
        }
        let word = match c {
            '*' => "star",
            '+' => "plus",
            '-' => "minus",
            '/' => "slash",
            '.' => "dot",
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            '!' => "not",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '^' => "caret",
            '~' => "tilde",
            '?' => "question",
            ':' => "colon",
            _ => "",
        };
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !word.is_empty() {
            any = true;
            out.push(word.to_owned());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    any.then(|| out.join(" "))
}

/// Allocates unique names deterministically: the first request gets the name, later ones get a
/// numeric suffix (`Name2`, `name_2`).
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    used: HashSet<String>,
    snake: bool,
}

impl NameSet {
    /// For PascalCase names (`Foo`, `Foo2`).
    pub fn pascal() -> Self {
        Self::default()
    }

    /// For snake_case names (`foo`, `foo_2`).
    pub fn snake() -> Self {
        Self {
            used: HashSet::new(),
            snake: true,
        }
    }

    /// Marks `name` as taken.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// `base`, or `base` with the first free numeric suffix.
    pub fn alloc(&mut self, base: &str) -> String {
        self.alloc_with(base, |_| true)
    }

    /// Like [`alloc`](Self::alloc), also requiring `extra_free(candidate)`.
    pub fn alloc_with(&mut self, base: &str, extra_free: impl Fn(&str) -> bool) -> String {
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.used.contains(&candidate) || !extra_free(&candidate) {
            candidate = if self.snake {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }

    /// Like [`alloc`](Self::alloc), also requiring `{candidate}{suffix}` free for every suffix,
    /// and reserving those too (a method and its companions, e.g. `_with_response`).
    pub fn alloc_family(&mut self, base: &str, suffixes: &[&str]) -> String {
        let taken = |used: &HashSet<String>, c: &str| {
            suffixes.iter().any(|s| used.contains(&format!("{c}{s}")))
        };
        let used = &self.used;
        let candidate = {
            let mut candidate = base.to_owned();
            let mut n = 2;
            while used.contains(&candidate) || taken(used, &candidate) {
                candidate = if self.snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                };
                n += 1;
            }
            candidate
        };
        for s in suffixes {
            self.used.insert(format!("{candidate}{s}"));
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(
            snake("accessTokenValiditySeconds"),
            "access_token_validity_seconds"
        );
        assert_eq!(snake("X-Tenant"), "x_tenant");
        assert_eq!(snake("owner-id"), "owner_id");
        assert_eq!(snake("oauth2"), "oauth2");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(
            pascal("ListPersonalAccessTokens401Response"),
            "ListPersonalAccessTokens401Response"
        );
        assert_eq!(
            pascal("personal-access-tokens:read"),
            "PersonalAccessTokensRead"
        );
        assert_eq!(pascal("IDENTITY"), "Identity");
        assert_eq!(variant_name("*"), "Star");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(field_name("+1"), "plus_1");
        assert_eq!(type_name("200"), "Model200");
        assert!(needs_raw("type"));
    }

    #[test]
    fn families_are_allocated_with_their_companions() {
        let mut set = NameSet::snake();
        set.reserve("get_2_stream");
        assert_eq!(
            set.alloc_family("get", &["_with_response", "_stream"]),
            "get"
        );
        assert_eq!(
            set.alloc_family("get", &["_with_response", "_stream"]),
            "get_3"
        );
        assert!(set.contains("get_3_with_response") && set.contains("get_3_stream"));
        assert_eq!(set.alloc("get_with_response"), "get_with_response_2");
    }

    #[test]
    fn collisions() {
        let mut set = NameSet::pascal();
        assert_eq!(set.alloc("Foo"), "Foo");
        assert_eq!(set.alloc("Foo"), "Foo2");
        let mut set = NameSet::snake();
        assert_eq!(set.alloc("foo"), "foo");
        assert_eq!(set.alloc("foo"), "foo_2");
    }
}
