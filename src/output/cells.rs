//! Rows → named scalar cells, in column order: the one flattening every writer shares.
//!
//! A row is a serde struct of scalars, or a tuple of such structs (a ledger row followed by its
//! `--base` columns), flattened depth first. Strings stay strings, integers stay integers:
//! deciding that a text column holds decimals is the spreadsheet writer's job, by column name.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// One scalar cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A string field.
    Text(String),
    /// A signed integer field.
    Int(i64),
    /// An unsigned integer field.
    UInt(u64),
    /// A floating-point field (no pledger row has one; kept for completeness).
    Float(f64),
    /// A boolean field.
    Bool(bool),
    /// `None` or `()`.
    Empty,
}

impl fmt::Display for Cell {
    /// The CSV form (see [`CellRef`]'s).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_ref().fmt(f)
    }
}

impl Cell {
    /// The cell, borrowed.
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Text(s) => CellRef::Text(s),
            Cell::Int(n) => CellRef::Int(*n),
            Cell::UInt(n) => CellRef::UInt(*n),
            Cell::Float(x) => CellRef::Float(*x),
            Cell::Bool(b) => CellRef::Bool(*b),
            Cell::Empty => CellRef::Empty,
        }
    }

    /// The cell as a JSON value: text as a string, numbers as numbers, empty as `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => serde_json::Value::String(s.clone()),
            Cell::Int(n) => (*n).into(),
            Cell::UInt(n) => (*n).into(),
            Cell::Float(x) => serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into),
            Cell::Bool(b) => (*b).into(),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

/// A row that is not a struct (or tuple of structs) of scalars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError(String);

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write this row as cells: {}", self.0)
    }
}

impl std::error::Error for CellError {}

impl ser::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError(msg.to_string())
    }
}

/// Flattens `row` into `(column name, cell)` pairs in field order. Fields of tuple elements
/// that are not structs get the name `""`.
///
/// # Errors
/// [`CellError`] for sequences, maps and enum variants with data, which rows never hold.
///
/// # Example
/// ```
/// use pledger::output::cells::{Cell, cells};
/// #[derive(serde::Serialize)]
/// struct A { doc: String, start: usize }
/// #[derive(serde::Serialize)]
/// struct B { fx_policy: &'static str }
/// let row = (A { doc: "d".into(), start: 3 }, B { fx_policy: "exact" });
/// let c = cells(&row).unwrap();
/// assert_eq!(c[1], ("start", Cell::UInt(3)));
/// assert_eq!(c[2], ("fx_policy", Cell::Text("exact".into())));
/// ```
pub fn cells<R: Serialize + ?Sized>(row: &R) -> Result<Vec<(&'static str, Cell)>, CellError> {
    let mut out = Vec::new();
    each_cell(row, |name, cell| out.push((name, cell.to_owned())))?;
    Ok(out)
}

/// One scalar cell, borrowed from the row while it is flattened (see [`each_cell`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellRef<'a> {
    /// A string field.
    Text(&'a str),
    /// A signed integer field.
    Int(i64),
    /// An unsigned integer field.
    UInt(u64),
    /// A floating-point field.
    Float(f64),
    /// A boolean field.
    Bool(bool),
    /// `None` or `()`.
    Empty,
}

impl fmt::Display for CellRef<'_> {
    /// The CSV form: text as is, numbers in decimal, booleans as `true`/`false`, empty as
    /// nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellRef::Text(s) => f.write_str(s),
            CellRef::Int(n) => write!(f, "{n}"),
            CellRef::UInt(n) => write!(f, "{n}"),
            CellRef::Float(x) => write!(f, "{x}"),
            CellRef::Bool(b) => write!(f, "{b}"),
            CellRef::Empty => Ok(()),
        }
    }
}

impl CellRef<'_> {
    /// The cell as an owned [`Cell`].
    pub fn to_owned(self) -> Cell {
        match self {
            CellRef::Text(s) => Cell::Text(s.to_string()),
            CellRef::Int(n) => Cell::Int(n),
            CellRef::UInt(n) => Cell::UInt(n),
            CellRef::Float(x) => Cell::Float(x),
            CellRef::Bool(b) => Cell::Bool(b),
            CellRef::Empty => Cell::Empty,
        }
    }
}

/// Flattens `row` as [`cells()`] does, handing each cell to `each` as it is read, without
/// copying its text: the writers format rows this way, a few hundred thousand a second. On an
/// error, the cells before it have been handed over already.
///
/// # Errors
/// As [`cells()`].
///
/// # Example
/// ```
/// use pledger::output::cells::{CellRef, each_cell};
/// #[derive(serde::Serialize)]
/// struct A { doc: &'static str, start: usize }
/// let mut names = Vec::new();
/// each_cell(&A { doc: "d", start: 3 }, |name, cell| {
///     if name == "doc" {
///         assert_eq!(cell, CellRef::Text("d"));
///     }
///     names.push(name);
/// })
/// .unwrap();
/// assert_eq!(names, ["doc", "start"]);
/// ```
pub fn each_cell<R, F>(row: &R, each: F) -> Result<(), CellError>
where
    R: Serialize + ?Sized,
    F: FnMut(&'static str, CellRef<'_>),
{
    let mut c = Collector { each, key: "" };
    row.serialize(&mut c)
}

struct Collector<F> {
    each: F,
    key: &'static str,
}

impl<F: FnMut(&'static str, CellRef<'_>)> Collector<F> {
    fn push(&mut self, cell: CellRef<'_>) -> Result<(), CellError> {
        (self.each)(self.key, cell);
        Ok(())
    }
}

fn unsupported<T>(what: &str) -> Result<T, CellError> {
    Err(CellError(format!("{what} is not a scalar")))
}

impl<F: FnMut(&'static str, CellRef<'_>)> ser::Serializer for &mut Collector<F> {
    type Ok = ();
    type Error = CellError;
    type SerializeSeq = Impossible<(), CellError>;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Impossible<(), CellError>;
    type SerializeMap = Impossible<(), CellError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), CellError>;

    fn serialize_bool(self, v: bool) -> Result<(), CellError> {
        self.push(CellRef::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), CellError> {
        self.push(CellRef::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), CellError> {
        self.push(CellRef::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), CellError> {
        self.push(CellRef::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), CellError> {
        self.push(CellRef::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), CellError> {
        self.push(CellRef::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), CellError> {
        self.push(CellRef::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), CellError> {
        self.push(CellRef::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), CellError> {
        self.push(CellRef::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), CellError> {
        self.push(CellRef::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), CellError> {
        self.push(CellRef::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<(), CellError> {
        self.push(CellRef::Text(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), CellError> {
        self.push(CellRef::Text(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), CellError> {
        self.push(CellRef::Text(&String::from_utf8_lossy(v)))
    }
    fn serialize_none(self) -> Result<(), CellError> {
        self.push(CellRef::Empty)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        self.push(CellRef::Empty)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CellError> {
        self.push(CellRef::Empty)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CellError> {
        self.push(CellRef::Text(variant))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        unsupported("a sequence")
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        unsupported("an enum variant with fields")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CellError> {
        unsupported("a map")
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        unsupported("an enum variant with fields")
    }
}

impl<F: FnMut(&'static str, CellRef<'_>)> ser::SerializeTuple for &mut Collector<F> {
    type Ok = ();
    type Error = CellError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), CellError> {
        self.key = "";
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

impl<F: FnMut(&'static str, CellRef<'_>)> ser::SerializeTupleStruct for &mut Collector<F> {
    type Ok = ();
    type Error = CellError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), CellError> {
        self.key = "";
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

impl<F: FnMut(&'static str, CellRef<'_>)> ser::SerializeStruct for &mut Collector<F> {
    type Ok = ();
    type Error = CellError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        self.key = key;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Inner {
        a: String,
        b: Option<u32>,
        c: Option<u32>,
    }

    #[test]
    fn tuples_of_structs_flatten_in_order() {
        let row =
            (Inner { a: "x".into(), b: None, c: Some(2) }, Inner { a: "y".into(), b: Some(1), c: None });
        let got = cells(&row).unwrap();
        let names: Vec<&str> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["a", "b", "c", "a", "b", "c"]);
        assert_eq!(got[1].1, Cell::Empty);
        assert_eq!(got[4].1, Cell::UInt(1));
    }

    #[test]
    fn sequences_are_refused() {
        #[derive(Serialize)]
        struct Bad {
            v: Vec<u8>,
        }
        assert!(cells(&Bad { v: vec![1] }).is_err());
    }
}
