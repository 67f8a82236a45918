//! Docker's `--format` conventions on top of Go's text/template ([`crate::golang::template`]):
//! `table` alone or `table TEMPLATE`, `json`, or a raw template, with the `\t` and `\n`
//! escapes docker/cli expands (`cli/command/formatter/formatter.go`).

/// Docker's `--format` conventions (docker/cli `cli/command/formatter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatKind {
    /// `table` alone (`None`) or `table TEMPLATE`.
    Table(Option<String>),
    Json,
    Raw(String),
}

pub fn format_kind(format: &str) -> FormatKind {
    if format == "table" {
        FormatKind::Table(None)
    } else if let Some(rest) = format.strip_prefix("table ") {
        FormatKind::Table(Some(rest.replace("\\t", "\t")))
    } else if format == "json" {
        FormatKind::Json
    } else {
        FormatKind::Raw(format.replace("\\t", "\t").replace("\\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_kinds() {
        assert_eq!(format_kind("table"), FormatKind::Table(None));
        assert_eq!(
            format_kind("table {{.ID}}\\t{{.Names}}"),
            FormatKind::Table(Some("{{.ID}}\t{{.Names}}".into()))
        );
        assert_eq!(format_kind("json"), FormatKind::Json);
        assert_eq!(format_kind("{{.ID}}"), FormatKind::Raw("{{.ID}}".into()));
    }
}
