//! `--format` for list commands: `table`, `table TEMPLATE`, `json` and raw templates, as
//! docker/cli's formatter runs them. A list command describes each row as a template
//! [`Value`] (a struct with the placeholders `{{.ID}}`, `{{.Names}}`, …) and names the header
//! of each placeholder; this module does the rest.

use super::table::render;
use super::template::{format_kind, FormatKind};
use crate::golang::json::marshal as json_compact;
use crate::golang::template::{Template, Value};

/// A list command's rows for `--format`.
pub struct Rows<'a> {
    /// The Go type docker/cli executes templates on, for error messages.
    pub type_name: &'a str,
    /// `(placeholder, header)`, such as `("ID", "CONTAINER ID")`.
    pub headers: &'a [(&'a str, &'a str)],
    /// The default `table` template.
    pub default_table: &'a str,
    /// One `(placeholder, value)` list per row.
    pub rows: Vec<Vec<(&'a str, Value)>>,
}

/// Renders the rows with `format`; `Err` is the text Docker prints.
pub fn render_rows(format: &str, rows: Rows<'_>) -> Result<Vec<String>, String> {
    let to_struct = |fields: Vec<(&str, Value)>| Value::structure(rows.type_name, fields);
    let (template, table) = match format_kind(format) {
        FormatKind::Json => {
            // `--format json` marshals each row's fields as a map: keys sorted.
            return Ok(rows
                .rows
                .into_iter()
                .map(|fields| {
                    let mut entries: Vec<(String, Value)> = fields
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), Value::Str(v.to_string())))
                        .collect();
                    entries.sort_by(|a, b| a.0.cmp(&b.0));
                    json_compact(&Value::map(entries))
                })
                .collect());
        }
        FormatKind::Table(None) => match format_kind(rows.default_table) {
            FormatKind::Table(Some(t)) => (t, true),
            _ => (rows.default_table.to_string(), true),
        },
        FormatKind::Table(Some(t)) => (t, true),
        FormatKind::Raw(t) => (t, false),
    };
    let parsed = Template::parse(&template).map_err(|e| format!("template parsing error: {e}"))?;
    let mut lines: Vec<Vec<String>> = Vec::new();
    if table {
        // docker/cli renders the header by running the template on a context whose fields
        // return their column titles.
        let header = to_struct(
            rows.headers
                .iter()
                .map(|(k, h)| (*k, Value::str(*h)))
                .collect(),
        );
        let text = parsed.execute(&header).map_err(|e| e.to_string())?;
        lines.push(text.split('\t').map(String::from).collect());
    }
    for fields in rows.rows {
        let text = parsed
            .execute(&to_struct(fields))
            .map_err(|e| e.to_string())?;
        if table {
            lines.push(text.split('\t').map(String::from).collect());
        } else {
            lines.push(vec![text]);
        }
    }
    if table {
        Ok(render(&lines))
    } else {
        Ok(lines
            .into_iter()
            .map(|mut l| l.pop().unwrap_or_default())
            .collect())
    }
}
