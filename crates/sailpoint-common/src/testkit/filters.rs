//! The `filters` query parameter of the list: `lastUsed le <date-time>` or `lastUsed isnull`.

use chrono::{DateTime, Utc};

use super::store::Pat;

/// A parsed filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// `lastUsed le <at>`: used at or before `at` (never-used tokens excluded).
    LastUsedLe(DateTime<Utc>),
    /// `lastUsed isnull`: never used.
    LastUsedIsNull,
}

impl Filter {
    /// Parses the expression; the error is the message for the 400 answer.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let unsupported = || format!("The filter \"{text}\" is not supported.");
        match parts.as_slice() {
            ["lastUsed", "isnull"] => Ok(Self::LastUsedIsNull),
            ["lastUsed", "le", value] => {
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                super::time::parse(value)
                    .map(Self::LastUsedLe)
                    .ok_or_else(|| format!("Invalid date-time \"{value}\" in filter \"{text}\"."))
            }
            [field, ..] if *field != "lastUsed" => Err(format!(
                "The filter \"{text}\" is not supported: only lastUsed can be filtered."
            )),
            _ => Err(unsupported()),
        }
    }

    pub(crate) fn matches(self, pat: &Pat) -> bool {
        match self {
            Self::LastUsedLe(at) => pat.columns.last_used.is_some_and(|used| used <= at),
            Self::LastUsedIsNull => pat.columns.last_used.is_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_and_rejects_others() {
        assert_eq!(Filter::parse("lastUsed isnull"), Ok(Filter::LastUsedIsNull));
        assert!(matches!(
            Filter::parse("lastUsed le 2023-02-05T10:59:27.214Z"),
            Ok(Filter::LastUsedLe(_))
        ));
        assert!(Filter::parse("lastUsed le \"2023-02-05T10:59:27.214Z\"").is_ok());
        for bad in [
            "",
            "lastUsed",
            "lastUsed LE 2023-02-05T10:59:27.214Z",
            "lastUsed eq 2023-02-05T10:59:27.214Z",
            "lastUsed le soon",
            "name eq \"x\"",
            "lastUsed isnull and lastUsed isnull",
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
    }
}
