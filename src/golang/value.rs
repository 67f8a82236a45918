//! Go values as `fmt`, `encoding/json` and `text/template` see them through reflection.
//!
//! Contract: a [`Value`] stands for the dynamic value behind a Go `interface{}`: nil, a
//! bool, an `int`, a `float64`, a string, a slice, a map (keys in the order given: callers
//! sort them, as Go prints and marshals maps sorted) or a struct (fields in declaration
//! order, with the type's name for error texts). `Display` is Go's `%v`. Not simulated:
//! pointers, channels, functions, methods, unsigned and complex numbers.

use std::fmt;

/// A value a template can read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    /// What a missing map key gives (Go's invalid `reflect.Value`): printed `<no value>`,
    /// false in `if`, nil elsewhere; a field of it is again no value.
    NoValue,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// A Go map: keys in the order given (callers sort them, as Go prints maps sorted).
    Map(Vec<(String, Value)>),
    /// A Go struct: fields in declaration order.
    Struct {
        type_name: String,
        fields: Vec<(String, Value)>,
    },
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn structure(type_name: &str, fields: Vec<(&str, Value)>) -> Value {
        Value::Struct {
            type_name: type_name.to_string(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    pub fn map(entries: Vec<(String, Value)>) -> Value {
        Value::Map(entries)
    }

    pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
        Value::List(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }

    /// A field of a struct or a key of a map.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct { fields, .. } | Value::Map(fields) => {
                fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// text/template's truth: "the empty values are false, 0, any nil pointer or interface
    /// value, and any array, slice, map, or string of length zero"; a struct is always true.
    pub fn truth(&self) -> bool {
        match self {
            Value::Null | Value::NoValue => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Struct { .. } => true,
        }
    }

    /// The type's name as Go's `%T` and its error texts print it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Null | Value::NoValue => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::List(_) => "[]interface {}".into(),
            Value::Map(_) => "map[string]interface {}".into(),
            Value::Struct { type_name, .. } => type_name.clone(),
        }
    }
}

/// Go's `%v`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "<nil>"),
            Value::NoValue => write!(f, "<no value>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", super::fmt::format_float_g(*x, None)),
            Value::Str(s) => write!(f, "{s}"),
            Value::List(items) => {
                write!(f, "[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Value::Map(entries) => {
                write!(f, "map[")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                write!(f, "]")
            }
            Value::Struct { fields, .. } => {
                write!(f, "{{")?;
                for (i, (_, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}
