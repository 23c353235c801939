//! Typed rows seen as fields, for the sinks: a row is any `Serialize` value
//! (a struct whose fields are the table's columns, possibly ending in a
//! sequence for tables with one column per metric or section), walked with
//! serde into scalar [`Field`]s in column order. Nothing is collected: each
//! sink consumes the fields as they come.
//!
//! [`schema_of`] reads a row type's columns and their types from its `Deserialize`
//! implementation (serde hands a struct's field names to the deserializer),
//! so a table with no rows still gets its header.
//!
//! Two wrappers give a column a meaning the sinks honour: [`Date`] (an ISO
//! date or RFC 3339 time: text in CSV and Parquet, a date in the workbook)
//! and [`Maybe`] (a yes/no that may be unknown: `true`/`false`/`unknown` in
//! CSV, a boolean or nothing in Parquet and the workbook).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{self, Serialize, Serializer};

/// One scalar of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    Str(&'a str),
    Float(f64),
    Int(i64),
    Bool(bool),
    /// A [`Date`]: `YYYY-MM-DD` or RFC 3339 (empty when unknown).
    Date(&'a str),
    /// A [`Maybe`] that is not known.
    Unknown,
    Null,
}

/// Serde name of [`Date`].
const DATE: &str = "baocao::Date";
/// Serde name of [`Maybe`].
const MAYBE: &str = "baocao::Maybe";

/// A date (`YYYY-MM-DD`) or a time (RFC 3339) as a column of its own type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename = "baocao::Date")]
pub struct Date<'a>(pub &'a str);

/// A yes/no that may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename = "baocao::Maybe")]
pub struct Maybe(pub Option<bool>);

/// Walk `row` and hand every scalar to `f`, in column order.
pub fn for_each_field<R: Serialize + ?Sized>(
    row: &R,
    f: &mut dyn FnMut(Field<'_>),
) -> Result<(), FieldError> {
    row.serialize(Walker { f })
}

/// A row that cannot be seen as fields (a map, bytes, an enum with data).
#[derive(Debug, thiserror::Error)]
#[error("a table row cannot hold {0}")]
pub struct FieldError(String);

impl ser::Error for FieldError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FieldError(msg.to_string())
    }
}

impl de::Error for FieldError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FieldError(msg.to_string())
    }
}

struct Walker<'f, 'g> {
    f: &'f mut (dyn FnMut(Field<'_>) + 'g),
}

impl Walker<'_, '_> {
    fn emit(self, field: Field<'_>) -> Result<(), FieldError> {
        (self.f)(field);
        Ok(())
    }

    fn again(&mut self) -> Walker<'_, '_> {
        Walker { f: &mut *self.f }
    }
}

/// A field inside a [`Date`] or [`Maybe`] as what it means.
fn marked<'a>(wrapper: &str, field: Field<'a>) -> Field<'a> {
    match (wrapper, field) {
        (DATE, Field::Str(s)) => Field::Date(s),
        (MAYBE, Field::Null) => Field::Unknown,
        (_, other) => other,
    }
}

fn unsupported(what: &str) -> FieldError {
    FieldError(what.to_string())
}

impl<'f, 'g> Serializer for Walker<'f, 'g> {
    type Ok = ();
    type Error = FieldError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), FieldError>;
    type SerializeMap = ser::Impossible<(), FieldError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), FieldError>;

    fn serialize_bool(self, v: bool) -> Result<(), FieldError> {
        self.emit(Field::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), FieldError> {
        self.emit(Field::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), FieldError> {
        self.emit(Field::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), FieldError> {
        let v = i64::try_from(v).map_err(|_| unsupported("an integer beyond i64"))?;
        self.emit(Field::Int(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), FieldError> {
        self.emit(Field::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), FieldError> {
        self.emit(Field::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<(), FieldError> {
        self.emit(Field::Str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), FieldError> {
        self.emit(Field::Str(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), FieldError> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<(), FieldError> {
        self.emit(Field::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FieldError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FieldError> {
        self.emit(Field::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FieldError> {
        self.emit(Field::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FieldError> {
        self.emit(Field::Str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), FieldError> {
        let f = self.f;
        value.serialize(Walker {
            f: &mut |field| f(marked(name, field)),
        })
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FieldError> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, FieldError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, FieldError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, FieldError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FieldError> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FieldError> {
        Err(unsupported("a map"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, FieldError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FieldError> {
        Err(unsupported("an enum with data"))
    }
}

impl ser::SerializeSeq for Walker<'_, '_> {
    type Ok = ();
    type Error = FieldError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FieldError> {
        value.serialize(self.again())
    }
    fn end(self) -> Result<(), FieldError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Walker<'_, '_> {
    type Ok = ();
    type Error = FieldError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FieldError> {
        value.serialize(self.again())
    }
    fn end(self) -> Result<(), FieldError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Walker<'_, '_> {
    type Ok = ();
    type Error = FieldError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FieldError> {
        value.serialize(self.again())
    }
    fn end(self) -> Result<(), FieldError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Walker<'_, '_> {
    type Ok = ();
    type Error = FieldError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FieldError> {
        value.serialize(self.again())
    }
    fn end(self) -> Result<(), FieldError> {
        Ok(())
    }
}

/// The type of a column, from the row type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Str,
    Float,
    Int,
    Bool,
    /// A [`Date`] column.
    Date,
}

/// One column of a table: its name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: String,
    pub ty: ColumnType,
}

/// The columns of a row type: its field names, in order, with their types
/// (a sequence field is one entry, typed by its elements). Read from the
/// type's `Deserialize` implementation, which names the fields and asks for
/// each field's type; no data is involved.
pub fn schema_of<R: Deserialize<'static>>() -> Result<Vec<ColumnSpec>, FieldError> {
    let mut names: &[&str] = &[];
    let mut types = Vec::new();
    R::deserialize(RowProbe {
        names: &mut names,
        types: &mut types,
    })?;
    if names.len() != types.len() {
        return Err(unsupported("fields of unknown type"));
    }
    Ok(names
        .iter()
        .zip(types)
        .map(|(name, ty)| ColumnSpec {
            name: name.to_string(),
            ty,
        })
        .collect())
}

/// Deserializes a row type from nothing, noting its field names and types.
struct RowProbe<'p> {
    names: &'p mut &'static [&'static str],
    types: &'p mut Vec<ColumnType>,
}

impl<'de> Deserializer<'de> for RowProbe<'_> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldError> {
        Err(unsupported("rows that are not structs"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        *self.names = fields;
        visitor.visit_seq(FieldProbes {
            left: fields.len(),
            types: self.types,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The fields of a row, each probed for its type.
struct FieldProbes<'p> {
    left: usize,
    types: &'p mut Vec<ColumnType>,
}

impl<'de> de::SeqAccess<'de> for FieldProbes<'_> {
    type Error = FieldError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, FieldError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let mut ty = None;
        let value = seed.deserialize(TypeProbe { ty: &mut ty })?;
        self.types
            .push(ty.ok_or_else(|| unsupported("a field of unknown type"))?);
        Ok(Some(value))
    }
}

/// Deserializes one value from nothing, noting the scalar type asked for.
struct TypeProbe<'p> {
    ty: &'p mut Option<ColumnType>,
}

impl TypeProbe<'_> {
    fn note(self, ty: ColumnType) {
        *self.ty = Some(ty);
    }
}

macro_rules! probe_as {
    ($ty:ident, $visit:ident($value:expr): $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
            self.note(ColumnType::$ty);
            visitor.$visit($value)
        })*
    };
}

impl<'de> Deserializer<'de> for TypeProbe<'_> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldError> {
        Err(unsupported("a field of unknown type"))
    }

    probe_as!(Bool, visit_bool(false): deserialize_bool);
    probe_as!(Int, visit_i64(0): deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64);
    probe_as!(Int, visit_u64(0): deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    probe_as!(Float, visit_f64(0.0): deserialize_f32 deserialize_f64);
    probe_as!(Str, visit_borrowed_str(""): deserialize_str deserialize_string deserialize_char);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        let ty = self.ty;
        let value = visitor.visit_newtype_struct(TypeProbe { ty: &mut *ty })?;
        if name == DATE {
            *ty = Some(ColumnType::Date);
        }
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_seq(OneElement { probe: Some(self) })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        self.note(ColumnType::Str);
        visitor.visit_enum(FirstVariant)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit unit_struct tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A sequence of one probed element (a table's spread columns share its type).
struct OneElement<'p> {
    probe: Option<TypeProbe<'p>>,
}

impl<'de> de::SeqAccess<'de> for OneElement<'_> {
    type Error = FieldError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, FieldError> {
        self.probe.take().map(|p| seed.deserialize(p)).transpose()
    }
}

/// The first variant of a field-less enum (only its type matters).
struct FirstVariant;

impl<'de> de::EnumAccess<'de> for FirstVariant {
    type Error = FieldError;
    type Variant = Self;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), FieldError> {
        let variant = seed.deserialize(de::value::U32Deserializer::<FieldError>::new(0))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for FirstVariant {
    type Error = FieldError;

    fn unit_variant(self) -> Result<(), FieldError> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        _: T,
    ) -> Result<T::Value, FieldError> {
        Err(unsupported("an enum with data"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, FieldError> {
        Err(unsupported("an enum with data"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, FieldError> {
        Err(unsupported("an enum with data"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Row<'a> {
        name: &'a str,
        count: u32,
        share: Option<f64>,
        ok: bool,
        values: Vec<Option<f64>>,
    }

    fn fields(row: &Row) -> Vec<String> {
        let mut out = Vec::new();
        for_each_field(row, &mut |f| out.push(format!("{f:?}"))).unwrap();
        out
    }

    #[test]
    fn a_row_is_its_scalars_in_order_sequences_flattened() {
        let row = Row {
            name: "Kim Trà",
            count: 3,
            share: None,
            ok: true,
            values: vec![Some(1.5), None],
        };
        assert_eq!(
            fields(&row),
            [
                "Str(\"Kim Trà\")",
                "Int(3)",
                "Null",
                "Bool(true)",
                "Float(1.5)",
                "Null"
            ]
        );
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Good,
        NoText,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Typed<'a> {
        text: &'a str,
        #[serde(borrow)]
        maybe: Option<&'a str>,
        kind: Kind,
        page: u32,
        values: Vec<Option<bool>>,
    }

    #[test]
    fn the_schema_comes_from_the_type() {
        let names = |s: Vec<ColumnSpec>| s.into_iter().map(|c| (c.name, c.ty)).collect::<Vec<_>>();
        use ColumnType::*;
        assert_eq!(
            names(schema_of::<Row>().unwrap()),
            [
                ("name".into(), Str),
                ("count".into(), Int),
                ("share".into(), Float),
                ("ok".into(), Bool),
                ("values".into(), Float)
            ]
        );
        assert_eq!(
            names(schema_of::<Typed>().unwrap()),
            [
                ("text".into(), Str),
                ("maybe".into(), Str),
                ("kind".into(), Str),
                ("page".into(), Int),
                ("values".into(), Bool)
            ]
        );
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Signed<'a> {
        #[serde(borrow)]
        at: Date<'a>,
        ok: Maybe,
    }

    #[test]
    fn dates_and_unknowns_keep_their_meaning() {
        let row = Signed {
            at: Date("2025-08-28"),
            ok: Maybe(None),
        };
        let mut out = Vec::new();
        for_each_field(&row, &mut |f| out.push(format!("{f:?}"))).unwrap();
        assert_eq!(out, ["Date(\"2025-08-28\")", "Unknown"]);
        let row = Signed {
            at: Date(""),
            ok: Maybe(Some(true)),
        };
        let mut out = Vec::new();
        for_each_field(&row, &mut |f| out.push(format!("{f:?}"))).unwrap();
        assert_eq!(out, ["Date(\"\")", "Bool(true)"]);
        let types: Vec<ColumnType> = schema_of::<Signed>()
            .unwrap()
            .into_iter()
            .map(|c| c.ty)
            .collect();
        assert_eq!(types, [ColumnType::Date, ColumnType::Bool]);
    }

    #[test]
    fn maps_are_refused() {
        let m = std::collections::BTreeMap::from([("a", 1)]);
        assert!(for_each_field(&m, &mut |_| {}).is_err());
    }
}
