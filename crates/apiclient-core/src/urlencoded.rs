//! `application/x-www-form-urlencoded` bodies: a struct, map or list of pairs written as
//! `key=value` pairs, in field order.
//!
//! - strings as they are, numbers and booleans as their text; `null` and `None` add nothing;
//! - an array as the key repeated once per item (`tag=a&tag=b`, OpenAPI's default `form`
//!   style with `explode`); an array or object inside an array as its JSON text;
//! - a nested object as `key[field]=value` pairs (the bracket convention form parsers read).

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Value;
use std::fmt;

/// Encodes `value` as a form body.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, FormError> {
    let pairs = value.serialize(TopLevel)?;
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        append(&mut out, name, value);
    }
    Ok(out.finish())
}

type Pairs = Vec<(String, Value)>;
type Out = url::form_urlencoded::Serializer<'static, String>;

fn append(out: &mut Out, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(s) => {
            out.append_pair(name, s);
        }
        Value::Bool(_) | Value::Number(_) => {
            out.append_pair(name, &value.to_string());
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(_) | Value::Object(_) => {
                        out.append_pair(name, &item.to_string());
                    }
                    scalar => append(out, name, scalar),
                }
            }
        }
        Value::Object(fields) => {
            for (key, value) in fields {
                append(out, &format!("{name}[{key}]"), value);
            }
        }
    }
}

/// Why a value cannot be a form body.
#[derive(Debug)]
pub(crate) struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

impl From<serde_json::Error> for FormError {
    fn from(e: serde_json::Error) -> Self {
        Self(e.to_string())
    }
}

fn not_pairs<T>() -> Result<T, FormError> {
    Err(FormError(
        "a form body must be a struct, a map or a list of (name, value) pairs".to_owned(),
    ))
}

/// A key as text: a string, number or boolean.
fn key_text(key: Value) -> Result<String, FormError> {
    match key {
        Value::String(s) => Ok(s),
        Value::Bool(_) | Value::Number(_) => Ok(key.to_string()),
        _ => Err(FormError("a form field name must be a string".to_owned())),
    }
}

/// The serializer of the top-level value: collects its fields as (name, JSON value) pairs.
struct TopLevel;

/// Collects fields, map entries or (name, value) pairs.
#[derive(Default)]
struct Collect {
    pairs: Pairs,
    key: Option<String>,
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<Pairs, FormError> {
                not_pairs()
            }
        )*
    };
}

impl ser::Serializer for TopLevel {
    type Ok = Pairs;
    type Error = FormError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Impossible<Pairs, FormError>;
    type SerializeTupleVariant = Impossible<Pairs, FormError>;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Impossible<Pairs, FormError>;

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_none(self) -> Result<Pairs, FormError> {
        Ok(Pairs::new())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Pairs, FormError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Pairs, FormError> {
        Ok(Pairs::new())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Pairs, FormError> {
        Ok(Pairs::new())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Pairs, FormError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Pairs, FormError> {
        not_pairs()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }

    fn serialize_tuple(self, _: usize) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        not_pairs()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        not_pairs()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        not_pairs()
    }
}

impl Collect {
    /// A list element: a `(name, value)` pair.
    fn pair<T: Serialize + ?Sized>(&mut self, element: &T) -> Result<(), FormError> {
        match serde_json::to_value(element)? {
            Value::Array(pair) if pair.len() == 2 => {
                let mut pair = pair.into_iter();
                let (Some(key), Some(value)) = (pair.next(), pair.next()) else {
                    return not_pairs();
                };
                self.pairs.push((key_text(key)?, value));
                Ok(())
            }
            _ => not_pairs(),
        }
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = Pairs;
    type Error = FormError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.pair(value)
    }

    fn end(self) -> Result<Pairs, FormError> {
        Ok(self.pairs)
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = Pairs;
    type Error = FormError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.pair(value)
    }

    fn end(self) -> Result<Pairs, FormError> {
        Ok(self.pairs)
    }
}

impl ser::SerializeMap for Collect {
    type Ok = Pairs;
    type Error = FormError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        self.key = Some(key_text(serde_json::to_value(key)?)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| FormError("a form map value came without its key".to_owned()))?;
        self.pairs.push((key, serde_json::to_value(value)?));
        Ok(())
    }

    fn end(self) -> Result<Pairs, FormError> {
        Ok(self.pairs)
    }
}

impl ser::SerializeStruct for Collect {
    type Ok = Pairs;
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.pairs
            .push((key.to_owned(), serde_json::to_value(value)?));
        Ok(())
    }

    fn end(self) -> Result<Pairs, FormError> {
        Ok(self.pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::to_string;
    use serde::Serialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Grant {
        grant_type: &'static str,
        scope: Option<&'static str>,
        tags: Vec<&'static str>,
        count: u32,
        active: bool,
        #[serde(flatten)]
        extra: BTreeMap<&'static str, &'static str>,
    }

    #[test]
    fn fields_are_written_in_order_and_arrays_repeat_their_key() {
        let grant = Grant {
            grant_type: "client credentials",
            scope: None,
            tags: vec!["a&b", "c"],
            count: 3,
            active: true,
            extra: BTreeMap::from([("x", "1")]),
        };
        assert_eq!(
            to_string(&grant).unwrap(),
            "grant_type=client+credentials&tags=a%26b&tags=c&count=3&active=true&x=1"
        );
    }

    #[test]
    fn pairs_maps_and_nested_values() {
        assert_eq!(to_string(&[("a", "1 2"), ("a", "3")]).unwrap(), "a=1+2&a=3");
        #[derive(Serialize)]
        struct Nested {
            o: serde_json::Value,
            l: serde_json::Value,
            n: Option<u8>,
        }
        let nested = Nested {
            o: json!({"k": "v"}),
            l: json!([[1], {"z": null}, null, 2.5]),
            n: None,
        };
        assert_eq!(
            to_string(&nested).unwrap(),
            "o%5Bk%5D=v&l=%5B1%5D&l=%7B%22z%22%3Anull%7D&l=2.5"
        );
        assert_eq!(to_string(&None::<Grant>).unwrap(), "");
    }

    #[test]
    fn values_that_are_not_pairs_are_errors() {
        for text in [
            to_string(&"text").unwrap_err().to_string(),
            to_string(&[1, 2]).unwrap_err().to_string(),
            to_string(&[(json!({}), 1)]).unwrap_err().to_string(),
        ] {
            assert!(text.contains("form"), "{text}");
        }
    }
}
