//! A database table as Berth keeps it in a file: the getting-started app's SQLite file
//! (`/etc/todos/todo.db`) and a MySQL server's table files (`/var/lib/mysql/DB/TABLE.ibd`).
//!
//! Contract: a real SQLite or InnoDB file is binary; Berth does not fake those bytes. The file
//! holds the table as SQL text instead (a comment line saying so, the `CREATE TABLE`, one
//! `INSERT` per row, in insertion order), so `cat` shows something honest, the file travels
//! with a volume like any other, and [`decode`] reads back exactly what [`encode`] wrote.
//! Values are `NULL`, integers or strings (single-quoted, `''` for a quote, `\\` and `\n`
//! escaped). Bounds: at most [`MAX_ROWS`] rows and [`MAX_VALUE`] bytes a value.
//!
//! Not simulated: types beyond those three, indexes, keys, several tables in one file.

/// Most rows a table keeps: past it, an insert fails.
pub const MAX_ROWS: usize = 1_000;

/// Most bytes a value keeps.
pub const MAX_VALUE: usize = 4_096;

/// The first line of every table file.
pub const HEADER: &str =
    "-- Berth: a stand-in for the database's binary file; it holds the table as SQL text.";

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    /// The value as SQL writes it.
    pub fn literal(&self) -> String {
        match self {
            Value::Null => "NULL".to_string(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) => {
                let mut out = String::with_capacity(s.len() + 2);
                out.push('\'');
                for c in s.chars() {
                    match c {
                        '\'' => out.push_str("''"),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        }
    }

    /// The value as a client shows it in a cell (`NULL` for none).
    pub fn shown(&self) -> String {
        match self {
            Value::Null => "NULL".to_string(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

/// One column: its name and its SQL type as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: String,
}

/// A table: its name, columns and rows in insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

/// Why a table file does not read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt;

impl Table {
    /// A table without rows.
    pub fn new(name: &str, columns: &[(&str, &str)]) -> Table {
        Table {
            name: name.to_string(),
            columns: columns
                .iter()
                .map(|(n, t)| Column {
                    name: n.to_string(),
                    ty: t.to_string(),
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// The file's text.
pub fn encode(table: &Table) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("{} {}", c.name, c.ty))
        .collect();
    let mut out = format!(
        "{HEADER}\nCREATE TABLE {} ({});\n",
        table.name,
        columns.join(", ")
    );
    for row in &table.rows {
        let values: Vec<String> = row.iter().map(Value::literal).collect();
        out.push_str(&format!(
            "INSERT INTO {} VALUES ({});\n",
            table.name,
            values.join(", ")
        ));
    }
    out
}

/// The table a file holds.
pub fn decode(text: &str) -> Result<Table, Corrupt> {
    let mut table: Option<Table> = None;
    for line in text.lines() {
        if line.starts_with("--") || line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
            let (name, columns) = rest.split_once(" (").ok_or(Corrupt)?;
            let columns = columns.strip_suffix(");").ok_or(Corrupt)?;
            let mut t = Table::new(name, &[]);
            for column in split_top(columns) {
                let (n, ty) = column.trim().split_once(' ').ok_or(Corrupt)?;
                t.columns.push(Column {
                    name: n.to_string(),
                    ty: ty.to_string(),
                });
            }
            table = Some(t);
            continue;
        }
        let t = table.as_mut().ok_or(Corrupt)?;
        let prefix = format!("INSERT INTO {} VALUES (", t.name);
        let values = line
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(");"))
            .ok_or(Corrupt)?;
        let row = parse_values(values)?;
        if row.len() != t.columns.len() || t.rows.len() >= MAX_ROWS {
            return Err(Corrupt);
        }
        t.rows.push(row);
    }
    table.ok_or(Corrupt)
}

/// `a varchar(36), b boolean` split at the commas outside parentheses.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0u32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// `'a', 1, NULL`: the literals of a row.
fn parse_values(text: &str) -> Result<Vec<Value>, Corrupt> {
    let mut values = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        match chars.peek() {
            None => break,
            Some('\'') => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next().ok_or(Corrupt)? {
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        '\'' => break,
                        '\\' => match chars.next().ok_or(Corrupt)? {
                            'n' => s.push('\n'),
                            c => s.push(c),
                        },
                        c => s.push(c),
                    }
                    if s.len() > MAX_VALUE {
                        return Err(Corrupt);
                    }
                }
                values.push(Value::Text(s));
            }
            Some(_) => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c == ',' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                let word = word.trim();
                values.push(if word == "NULL" {
                    Value::Null
                } else {
                    Value::Int(word.parse().map_err(|_| Corrupt)?)
                });
            }
        }
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        match chars.next() {
            None => break,
            Some(',') => {}
            Some(_) => return Err(Corrupt),
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_what_was_written() {
        let mut t = Table::new(
            "todo_items",
            &[
                ("id", "varchar(36)"),
                ("name", "varchar(255)"),
                ("completed", "boolean"),
            ],
        );
        t.rows.push(vec![
            Value::Text("a".into()),
            Value::Text("it's a, \\ line\nnext".into()),
            Value::Int(0),
        ]);
        t.rows
            .push(vec![Value::Text("b".into()), Value::Null, Value::Int(-1)]);
        let text = encode(&t);
        assert!(text.starts_with(HEADER));
        assert!(text.contains(
            "CREATE TABLE todo_items (id varchar(36), name varchar(255), completed boolean);"
        ));
        assert_eq!(decode(&text), Ok(t));
    }

    #[test]
    fn a_damaged_file_is_an_error() {
        assert_eq!(decode("garbage"), Err(Corrupt));
        assert_eq!(
            decode("CREATE TABLE t (a int);\nINSERT INTO t VALUES ('x);\n"),
            Err(Corrupt)
        );
        assert_eq!(
            decode("CREATE TABLE t (a int);\nINSERT INTO t VALUES (1, 2);\n"),
            Err(Corrupt)
        );
    }
}
