//! Forward-compatible string enums for generated models.

use std::fmt;

/// The raw wire value of an enum variant this version of the client does not know.
///
/// It is held by the `Unknown` variant of every [`string_enum!`](crate::string_enum) and has
/// no public constructor: an `Unknown` only ever comes from decoding or parsing a string that
/// matches no known variant, so it can never stand for a known value. Read it with
/// [`as_str`](Self::as_str) or `Display`.
///
/// ```
/// apiclient_core::string_enum! {
///     /// A colour.
///     pub enum Colour {
///         /// Red.
///         Red = "red",
///     }
/// }
/// let colour: Colour = serde_json::from_str("\"teal\"").unwrap();
/// match &colour {
///     Colour::Unknown(value) => assert_eq!(value.as_str(), "teal"),
///     other => panic!("{other:?} should be unknown"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The raw wire string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Used only by [`string_enum!`](crate::string_enum) (through `__private`), after every
    /// known value failed to match.
    pub(crate) fn from_unmatched(raw: String) -> Self {
        Self(raw)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Declares a string enum that never fails to decode.
///
/// Each listed variant maps to one wire string; any other string decodes into the extra
/// `Unknown(UnknownValue)` variant, which keeps the raw value and serializes it back unchanged,
/// so a value the server adds later never breaks a response. A known string always decodes into
/// its own variant, and [`UnknownValue`] cannot be built by hand, so `Unknown` never stands for
/// a known value. The enum gets `KNOWN`, `as_str`, `is_unknown`, `Display`, `FromStr`
/// (infallible), `From<&str>`, `Serialize` and `Deserialize`.
///
/// ```
/// apiclient_core::string_enum! {
///     /// Where a locale came from.
///     pub enum LocaleOrigin {
///         /// The default locale.
///         Default = "DEFAULT",
///         /// The request's locale.
///         Request = "REQUEST",
///     }
/// }
/// let known: LocaleOrigin = serde_json::from_str("\"DEFAULT\"").unwrap();
/// assert_eq!(known, LocaleOrigin::Default);
/// let new: LocaleOrigin = serde_json::from_str("\"TENANT\"").unwrap();
/// assert!(new.is_unknown());
/// assert_eq!(new, LocaleOrigin::from("TENANT"));
/// assert_eq!(serde_json::to_string(&new).unwrap(), "\"TENANT\"");
/// assert_eq!("REQUEST".parse::<LocaleOrigin>().unwrap().as_str(), "REQUEST");
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the client does not know; the raw string is kept.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every value known to this version of the client.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire string of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(raw) => raw.as_str(),
                }
            }

            /// True for a value this version of the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match s {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown($crate::__private::unknown_value(other.to_owned())),
                })
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    ::std::result::Result::Ok(v) => v,
                    ::std::result::Result::Err(never) => match never {},
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // Matches the string where the deserializer holds it: a known value allocates
                // nothing; an unknown one keeps an owned string (reused when given one).
                struct WireVisitor;
                impl $crate::__private::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        raw: &str,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(raw))
                    }
                    fn visit_string<E: $crate::__private::serde::de::Error>(
                        self,
                        raw: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok(match raw.as_str() {
                            $( $wire => $name::$variant, )*
                            _ => $name::Unknown($crate::__private::unknown_value(raw)),
                        })
                    }
                }
                deserializer.deserialize_str(WireVisitor)
            }
        }
    };
}
