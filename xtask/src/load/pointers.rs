//! Pointers into a converted document → pointers into the document the user wrote.
//!
//! A Swagger 2.0 document is converted into the OpenAPI 3.0 form before the repairs and the
//! planning, whose warnings name pointers of that form (`#/components/schemas/Pet`,
//! `#/paths/~1pets/post/requestBody/content/application~1json/schema`). The conversion records
//! where each converted part came from, and [`PointerMap::map_line`] rewrites a warning so it
//! names the 2.0 document's pointers (`#/definitions/Pet`, `#/paths/~1pets/post/parameters/0/schema`).
//! For an OpenAPI 3.x input the map is empty and every pointer stays as it is.

use std::collections::HashMap;

/// Sections of the converted `components` and the 2.0 sections they come from, used for the
/// pointers the conversion has no entry for (a `$ref` to a component that does not exist).
const SECTIONS: &[(&str, &str)] = &[
    ("#/components/schemas/", "#/definitions/"),
    ("#/components/parameters/", "#/parameters/"),
    ("#/components/requestBodies/", "#/parameters/"),
    ("#/components/responses/", "#/responses/"),
    ("#/components/securitySchemes/", "#/securityDefinitions/"),
];

/// Converted pointer prefixes and the source pointers they stand for (empty: the identity).
#[derive(Debug, Clone, Default)]
pub struct PointerMap {
    /// Converted pointer → source pointer; a pointer below an entry keeps its remaining
    /// segments (the longest entry wins).
    entries: HashMap<String, String>,
    /// Whether the [`SECTIONS`] fallback applies (the document was converted).
    converted: bool,
}

impl PointerMap {
    /// A map for a converted document: pointers without an entry still have their
    /// `components` section renamed to the 2.0 one.
    pub fn converted() -> Self {
        Self {
            entries: HashMap::new(),
            converted: true,
        }
    }

    /// Records that the converted pointer `from` (and everything below it) stands for `to`.
    pub fn insert(&mut self, from: String, to: String) {
        self.entries.insert(from, to);
    }

    /// The source pointer of the converted pointer `pointer`.
    pub fn map(&self, pointer: &str) -> String {
        if !self.converted {
            return pointer.to_owned();
        }
        let mut prefix = pointer;
        loop {
            if let Some(to) = self.entries.get(prefix) {
                return format!("{to}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(i) if i > 1 => prefix = &prefix[..i],
                _ => break,
            }
        }
        for (from, to) in SECTIONS {
            if let Some(rest) = pointer.strip_prefix(from) {
                return format!("{to}{rest}");
            }
        }
        pointer.to_owned()
    }

    /// `error` with the pointers of its text mapped (unchanged when nothing was converted).
    pub fn map_error(&self, error: anyhow::Error) -> anyhow::Error {
        if self.converted {
            anyhow::anyhow!(self.map_line(&format!("{error:#}")))
        } else {
            error
        }
    }

    /// `line` (`<pointer>: <message>`) with every pointer in it mapped: the leading one and
    /// those the message names (`#/...` up to a space, a backtick, a quote or a closing
    /// parenthesis).
    pub fn map_line(&self, line: &str) -> String {
        if !self.converted {
            return line.to_owned();
        }
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(start) = rest.find("#/") {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let mut end = tail
                .find(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | ')'))
                .unwrap_or(tail.len());
            // A pointer ending a clause: the `:` or `,` after it is not part of it.
            while end > 2 && tail[..end].ends_with([':', ',']) {
                end -= 1;
            }
            out.push_str(&self.map(&tail[..end]));
            rest = &tail[end..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> PointerMap {
        let mut m = PointerMap::converted();
        m.insert(
            "#/components/schemas/Pet".into(),
            "#/definitions/Pet".into(),
        );
        m.insert(
            "#/components/schemas/Bundled".into(),
            "#/components/schemas/Bundled".into(),
        );
        m.insert(
            "#/paths/~1x/post/parameters/0".into(),
            "#/paths/~1x/post/parameters/2".into(),
        );
        m.insert(
            "#/paths/~1x/post/parameters/0/schema".into(),
            "#/paths/~1x/post/parameters/2".into(),
        );
        m
    }

    #[test]
    fn the_longest_entry_wins_and_keeps_the_remaining_segments() {
        let m = map();
        assert_eq!(
            m.map("#/components/schemas/Pet/properties/id"),
            "#/definitions/Pet/properties/id"
        );
        assert_eq!(
            m.map("#/paths/~1x/post/parameters/0/schema/items"),
            "#/paths/~1x/post/parameters/2/items"
        );
        assert_eq!(
            m.map("#/paths/~1x/post/parameters/0"),
            "#/paths/~1x/post/parameters/2"
        );
        assert_eq!(m.map("#/paths/~1x/post"), "#/paths/~1x/post");
    }

    #[test]
    fn sections_are_renamed_without_an_entry_and_identity_entries_stop_that() {
        let m = map();
        assert_eq!(
            m.map("#/components/requestBodies/Gone"),
            "#/parameters/Gone"
        );
        assert_eq!(
            m.map("#/components/schemas/Bundled/properties/a"),
            "#/components/schemas/Bundled/properties/a"
        );
    }

    #[test]
    fn a_line_has_its_leading_pointer_and_the_named_ones_mapped() {
        let m = map();
        assert_eq!(
            m.map_line(
                "#/components/schemas/Pet/properties/o: `$ref` `#/components/schemas/Gone` does not resolve (see #/paths/~1x/post/parameters/0), twice"
            ),
            "#/definitions/Pet/properties/o: `$ref` `#/definitions/Gone` does not resolve (see #/paths/~1x/post/parameters/2), twice"
        );
        assert_eq!(
            PointerMap::default().map_line("#/components/schemas/A: x"),
            "#/components/schemas/A: x"
        );
    }
}
