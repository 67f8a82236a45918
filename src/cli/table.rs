//! Docker's table rendering: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` from docker/cli
//! `cli/command/formatter/formatter.go`. A column is as wide as its widest cell plus 3 spaces of
//! padding, and at least 10; the last column is not padded. Widths count characters (runes), so
//! an `…` counts as one.

/// Renders rows (the first is the header) into lines.
pub fn render(rows: &[Vec<String>]) -> Vec<String> {
    render_min(rows, 10)
}

/// [`render`] with another minimum column width (docker-machine's `ls` uses 5).
pub fn render_min(rows: &[Vec<String>], min_width: usize) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < row.len() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max((cell.chars().count() + 3).max(min_width));
                }
            }
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let width = widths.get(i).copied().unwrap_or(0);
                    let pad = width.saturating_sub(cell.chars().count());
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line
        })
        .collect()
}

/// docker/cli `formatter.Ellipsis`: at most `max` characters, the last one `…` when cut.
pub fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Go's `strconv.Quote` for the printable text Berth shows: wraps in double quotes and escapes
/// `"`, `\` and control characters.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-units `HumanSizeWithPrecision(size, 3)`: decimal units, three significant digits,
/// Go's `%g` (no trailing zeros): `192MB`, `8.31MB`, `4.4kB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: &[&str] = &["B", "kB", "MB", "GB", "TB", "PB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format!("{text}{}", UNITS.get(unit).copied().unwrap_or("B"))
}

/// A bordered table as olekukonko/tablewriter draws it with row lines on (twistcli's
/// tables): `+---+` rules around the header and after every row, headers centred, cells
/// left-aligned with one space of padding each side. A cell may hold several lines.
pub fn bordered(header: &[&str], rows: &[Vec<Vec<String>>]) -> Vec<String> {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (slot, cell) in widths.iter_mut().zip(row) {
            for line in cell {
                *slot = (*slot).max(width(line));
            }
        }
    }
    let rule = {
        let mut r = String::from("+");
        for w in &widths {
            r.push_str(&"-".repeat(w + 2));
            r.push('+');
        }
        r
    };
    let mut out = vec![rule.clone()];
    // tablewriter's Pad: the left gap is the smaller half.
    let mut line = String::from("|");
    for (h, w) in header.iter().zip(&widths) {
        let gap = w.saturating_sub(width(h));
        let left = gap / 2;
        line.push_str(&format!(
            " {}{h}{} |",
            " ".repeat(left),
            " ".repeat(gap - left)
        ));
    }
    out.push(line);
    out.push(rule.clone());
    for row in rows {
        let height = row.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for i in 0..height {
            let mut line = String::from("|");
            for (w, cell) in widths.iter().zip(row) {
                let text = cell.get(i).map_or("", String::as_str);
                line.push_str(&format!(
                    " {text}{} |",
                    " ".repeat(w.saturating_sub(width(text)))
                ));
            }
            out.push(line);
        }
        out.push(rule.clone());
    }
    out
}

/// Words packed greedily into lines of at most `limit` characters (tablewriter's
/// `WrapString`); a longer word gets a line of its own.
pub fn wrap_words(text: &str, limit: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits =
            current.is_empty() || current.chars().count() + 1 + word.chars().count() <= limit;
        if !fits {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_sizes_like_go_units() {
        assert_eq!(super::human_size(192_000_000), "192MB");
        assert_eq!(super::human_size(8_310_000), "8.31MB");
        assert_eq!(super::human_size(78_100_000), "78.1MB");
        assert_eq!(super::human_size(4_400), "4.4kB");
        assert_eq!(super::human_size(999), "999B");
    }

    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_the_docker_docs_example() {
        // docker/cli docs, container_ls.md, rendered with (10, 1, 3).
        let lines = render(&[
            row(&[
                "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES",
            ]),
            row(&[
                "4bed76d3ad42",
                "nginx:alpine",
                "\"/docker-entrypoint.…\"",
                "1 second ago",
                "Up Less than a second",
                "80/tcp",
                "test",
            ]),
        ]);
        assert_eq!(
            lines,
            [
                "CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS                  PORTS     NAMES",
                "4bed76d3ad42   nginx:alpine   \"/docker-entrypoint.…\"   1 second ago   Up Less than a second   80/tcp    test",
            ]
        );
    }

    #[test]
    fn ellipsis_and_quote() {
        assert_eq!(
            ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20),
            "/docker-entrypoint.…"
        );
        assert_eq!(ellipsis("ash", 20), "ash");
        assert_eq!(go_quote("/docker-entrypoint.…"), "\"/docker-entrypoint.…\"");
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn bordered_tables_centre_headers_and_rule_every_row() {
        let rows = vec![vec![
            vec!["high".to_string()],
            vec!["a".into(), "bb".into()],
        ]];
        assert_eq!(
            bordered(&["SEVERITY", "DESCRIPTION"], &rows),
            [
                "+----------+-------------+",
                "| SEVERITY | DESCRIPTION |",
                "+----------+-------------+",
                "| high     | a           |",
                "|          | bb          |",
                "+----------+-------------+",
            ]
        );
    }

    #[test]
    fn words_wrap_at_the_limit() {
        assert_eq!(wrap_words("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap_words("", 5), [""]);
        assert_eq!(wrap_words("abcdefg h", 5), ["abcdefg", "h"]);
    }
}
