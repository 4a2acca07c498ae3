//! A small builder for the SailPoint filter grammar, the expressions the APIs take in a
//! `filters` query parameter: `field op value`, combined with `and`, `or` and `not`.
//!
//! String values are double-quoted with `"` and `\` escaped; timestamps are written as strict
//! RFC 3339 in UTC (via [`Timestamp`]'s `Display`); numbers and booleans are written bare.
//! A [`Filter`] converts into a `String`, so an API parameter taking `impl Into<String>`
//! accepts either a `Filter` or a raw string.
//!
//! ```
//! use sailpoint_common::Filter;
//! use apiclient_core::datetime::Timestamp;
//!
//! let cutoff: Timestamp = "2023-02-05T10:59:27.214Z".parse().unwrap();
//! let f = Filter::field("lastUsed").le(cutoff);
//! assert_eq!(f.to_string(), "lastUsed le 2023-02-05T10:59:27.214Z");
//!
//! let f = Filter::field("lastUsed").is_null();
//! assert_eq!(f.to_string(), "lastUsed isnull");
//!
//! let f = Filter::field("name").sw("CI \"bot\"")
//!     .and(Filter::field("id").r#in(["a", "b"]))
//!     .or(Filter::field("enabled").eq(false).not());
//! assert_eq!(
//!     f.to_string(),
//!     r#"(name sw "CI \"bot\"" and id in ("a","b")) or not (enabled eq false)"#
//! );
//!
//! fn list_tokens(filters: impl Into<String>) -> String { filters.into() }
//! assert_eq!(list_tokens(Filter::field("x").gt(3)), "x gt 3");
//! assert_eq!(list_tokens("x gt 3"), "x gt 3");
//! ```

use apiclient_core::datetime::Timestamp;
use chrono::{DateTime, Utc};
use std::fmt;

/// A filter value, rendered as the filter syntax wants it.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    /// A string, written double-quoted with `"` and `\` escaped.
    String(String),
    /// A point in time, written bare as strict RFC 3339 UTC.
    Timestamp(Timestamp),
    /// An integer, written bare.
    Int(i128),
    /// A floating-point number, written bare.
    Float(f64),
    /// A boolean, written bare.
    Bool(bool),
}

impl fmt::Display for FilterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
            Self::Timestamp(t) => t.fmt(f),
            Self::Int(n) => n.fmt(f),
            Self::Float(x) => x.fmt(f),
            Self::Bool(b) => b.fmt(f),
        }
    }
}

impl From<&str> for FilterValue {
    fn from(v: &str) -> Self {
        Self::String(v.to_owned())
    }
}

impl From<String> for FilterValue {
    fn from(v: String) -> Self {
        Self::String(v)
    }
}

impl From<&String> for FilterValue {
    fn from(v: &String) -> Self {
        Self::String(v.clone())
    }
}

impl From<Timestamp> for FilterValue {
    fn from(v: Timestamp) -> Self {
        Self::Timestamp(v)
    }
}

impl From<DateTime<Utc>> for FilterValue {
    fn from(v: DateTime<Utc>) -> Self {
        Self::Timestamp(Timestamp(v))
    }
}

impl From<bool> for FilterValue {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<f64> for FilterValue {
    fn from(v: f64) -> Self {
        Self::Float(v)
    }
}

impl From<f32> for FilterValue {
    fn from(v: f32) -> Self {
        Self::Float(f64::from(v))
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for FilterValue {
            fn from(v: $t) -> Self {
                Self::Int(i128::from(v))
            }
        }
    )*};
}
int_value!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<usize> for FilterValue {
    fn from(v: usize) -> Self {
        Self::Int(v as i128)
    }
}

impl From<isize> for FilterValue {
    fn from(v: isize) -> Self {
        Self::Int(v as i128)
    }
}

/// A filter expression. Build one from [`Filter::field`], combine with [`and`](Self::and),
/// [`or`](Self::or) and [`not`](Self::not), and turn it into text with `Display` or
/// `String::from`.
///
/// Compound operands are parenthesized where the other operator joins them, so
/// `a.and(b.or(c))` is written `a and (b or c)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Expr);

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Compare {
        field: String,
        op: &'static str,
        value: FilterValue,
    },
    In {
        field: String,
        values: Vec<FilterValue>,
    },
    Unary {
        field: String,
        op: &'static str,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Raw(String),
}

/// A field name waiting for its operator; see [`Filter::field`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a field is not a filter until an operator is applied"]
pub struct Field(String);

impl Field {
    fn compare(self, op: &'static str, value: impl Into<FilterValue>) -> Filter {
        Filter(Expr::Compare {
            field: self.0,
            op,
            value: value.into(),
        })
    }

    /// `field eq value`: equal.
    pub fn eq(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("eq", value)
    }

    /// `field ne value`: not equal.
    pub fn ne(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("ne", value)
    }

    /// `field lt value`: less than.
    pub fn lt(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("lt", value)
    }

    /// `field le value`: less than or equal.
    pub fn le(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("le", value)
    }

    /// `field gt value`: greater than.
    pub fn gt(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("gt", value)
    }

    /// `field ge value`: greater than or equal.
    pub fn ge(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("ge", value)
    }

    /// `field co value`: contains.
    pub fn co(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("co", value)
    }

    /// `field sw value`: starts with.
    pub fn sw(self, value: impl Into<FilterValue>) -> Filter {
        self.compare("sw", value)
    }

    /// `field in ("a","b")`: equal to one of the values.
    pub fn r#in<V: Into<FilterValue>>(self, values: impl IntoIterator<Item = V>) -> Filter {
        Filter(Expr::In {
            field: self.0,
            values: values.into_iter().map(Into::into).collect(),
        })
    }

    /// Same as `r#in`, without the raw identifier.
    pub fn is_in<V: Into<FilterValue>>(self, values: impl IntoIterator<Item = V>) -> Filter {
        self.r#in(values)
    }

    /// `field isnull`: has no value.
    pub fn is_null(self) -> Filter {
        Filter(Expr::Unary {
            field: self.0,
            op: "isnull",
        })
    }

    /// `field pr`: present (has a value).
    pub fn pr(self) -> Filter {
        Filter(Expr::Unary {
            field: self.0,
            op: "pr",
        })
    }
}

impl Filter {
    /// Starts a condition on `name`, e.g. `Filter::field("lastUsed").le(t)`.
    pub fn field(name: impl Into<String>) -> Field {
        Field(name.into())
    }

    /// A filter written by hand, used as it is (parenthesized when combined).
    pub fn raw(text: impl Into<String>) -> Self {
        Self(Expr::Raw(text.into()))
    }

    /// `self and other`.
    pub fn and(self, other: Filter) -> Self {
        Self(match (self.0, other.0) {
            (Expr::And(mut left), Expr::And(right)) => {
                left.extend(right);
                Expr::And(left)
            }
            (Expr::And(mut left), right) => {
                left.push(right);
                Expr::And(left)
            }
            (left, right) => Expr::And(vec![left, right]),
        })
    }

    /// `self or other`.
    pub fn or(self, other: Filter) -> Self {
        Self(match (self.0, other.0) {
            (Expr::Or(mut left), Expr::Or(right)) => {
                left.extend(right);
                Expr::Or(left)
            }
            (Expr::Or(mut left), right) => {
                left.push(right);
                Expr::Or(left)
            }
            (left, right) => Expr::Or(vec![left, right]),
        })
    }

    /// `not (self)`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Self(Expr::Not(Box::new(self.0)))
    }

    /// All of `filters` joined with `and`; `None` when there are none.
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Option<Self> {
        filters.into_iter().reduce(Self::and)
    }

    /// Any of `filters` joined with `or`; `None` when there are none.
    pub fn any(filters: impl IntoIterator<Item = Filter>) -> Option<Self> {
        filters.into_iter().reduce(Self::or)
    }
}

impl std::ops::Not for Filter {
    type Output = Filter;
    fn not(self) -> Filter {
        Filter::not(self)
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Filter> for String {
    fn from(filter: Filter) -> Self {
        filter.to_string()
    }
}

impl Expr {
    /// Writes `self` as an operand of `and`/`or`/`not`: compound expressions in parentheses.
    fn fmt_operand(&self, f: &mut fmt::Formatter<'_>, parent_is_and: Option<bool>) -> fmt::Result {
        let needs_parens = match self {
            Expr::And(_) => parent_is_and != Some(true),
            Expr::Or(_) => parent_is_and != Some(false),
            Expr::Raw(_) => true,
            _ => false,
        };
        if needs_parens {
            write!(f, "({self})")
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Compare { field, op, value } => write!(f, "{field} {op} {value}"),
            Expr::In { field, values } => {
                write!(f, "{field} in (")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    value.fmt(f)?;
                }
                f.write_str(")")
            }
            Expr::Unary { field, op } => write!(f, "{field} {op}"),
            Expr::And(parts) | Expr::Or(parts) => {
                let is_and = matches!(self, Expr::And(_));
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if is_and { " and " } else { " or " })?;
                    }
                    // An `or` inside an `and` (and vice versa) is parenthesized; the same
                    // operator is not (it was flattened anyway).
                    part.fmt_operand(f, Some(is_and))?;
                }
                Ok(())
            }
            Expr::Not(inner) => write!(f, "not ({inner})"),
            Expr::Raw(text) => f.write_str(text),
        }
    }
}
