//! Lesson prose to HTML, safe to put in the page.
//!
//! Lesson Markdown is untrusted: a trainer's file, or one a learner opened. CommonMark goes
//! through pulldown-cmark, and every piece of raw HTML is escaped except exactly `<details>`,
//! `</details>`, `<summary>` and `</summary>`. Links keep only `http:`, `https:`, `mailto:` or
//! relative targets; images only relative ones (the app makes no request elsewhere). So no
//! script, no `javascript:` URL and no event attribute can reach the DOM.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// The four tags a lesson may write as raw HTML.
const ALLOWED_TAGS: &[&str] = &["<details>", "</details>", "<summary>", "</summary>"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash is a scheme.
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') =>
        {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn relative(url: &str) -> bool {
    !url.contains(':') && !url.starts_with("//")
}

/// Sanitised HTML for a piece of lesson Markdown.
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let events = parser.map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => {
            // Raw HTML arrives in chunks; keep only the allowed tags, each exactly.
            let text = raw.trim();
            if ALLOWED_TAGS.contains(&text) {
                Event::Html(CowStr::from(text.to_string()))
            } else {
                let mut out = String::new();
                let mut rest: &str = &raw;
                while let Some(start) = rest.find('<') {
                    out.push_str(&escape(rest.get(..start).unwrap_or("")));
                    let tail = rest.get(start..).unwrap_or("");
                    match ALLOWED_TAGS.iter().find(|t| tail.starts_with(**t)) {
                        Some(tag) => {
                            out.push_str(tag);
                            rest = tail.get(tag.len()..).unwrap_or("");
                        }
                        None => {
                            out.push_str("&lt;");
                            rest = tail.get(1..).unwrap_or("");
                        }
                    }
                }
                out.push_str(&escape(rest));
                Event::Html(CowStr::from(out))
            }
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = if safe_link(&dest_url) {
                dest_url
            } else {
                CowStr::from("#")
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = if relative(&dest_url) {
                dest_url
            } else {
                CowStr::from("")
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The text of the `<details><summary>LABEL</summary>…</details>` blocks with that label
/// (`Hint`, `Solution`, `Indice`…), for the terminal's `hint` command.
pub fn details_with(markdown: &str, labels: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("<summary>") {
        let after = rest.get(start + "<summary>".len()..).unwrap_or("");
        let Some(end) = after.find("</summary>") else {
            break;
        };
        let label = after.get(..end).unwrap_or("").trim();
        let body_start = end + "</summary>".len();
        let body_end = after.find("</details>").unwrap_or(after.len());
        if labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
            found.push(
                after
                    .get(body_start..body_end)
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            );
        }
        rest = after.get(body_end..).unwrap_or("");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_and_summary_survive() {
        let html =
            markdown_to_html("<details><summary>Hint</summary>\nUse `docker ps`.\n</details>");
        assert!(
            html.contains("<details>") && html.contains("<summary>Hint</summary>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_escaped() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<details onclick=\"alert(1)\"><summary>x</summary></details>",
            "<iframe src=\"https://example.com\"></iframe>",
            "text <b onmouseover=alert(1)>bold</b>",
        ] {
            let html = markdown_to_html(evil);
            assert!(!html.contains("<script"), "{evil} → {html}");
            assert!(!html.contains("<img"), "{evil} → {html}");
            assert!(!html.contains("<iframe"), "{evil} → {html}");
            assert!(!html.contains("<b "), "{evil} → {html}");
            assert!(!html.contains("<details onclick"), "{evil} → {html}");
        }
    }

    #[test]
    fn only_safe_links_remain() {
        assert!(markdown_to_html("[docs](https://docs.docker.com/)")
            .contains("href=\"https://docs.docker.com/\""));
        assert!(markdown_to_html("[mail](mailto:a@b.c)").contains("href=\"mailto:a@b.c\""));
        assert!(markdown_to_html("[next](02-next.md)").contains("href=\"02-next.md\""));
        for evil in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](data:text/html,hi)",
            "[x](vbscript:x)",
        ] {
            let html = markdown_to_html(evil);
            assert!(html.contains("href=\"#\""), "{evil} → {html}");
        }
        let img = markdown_to_html("![t](https://tracker.example/x.png)");
        assert!(!img.contains("tracker"), "{img}");
    }

    #[test]
    fn hints_are_found_by_label() {
        let md = "<details><summary>Hint</summary>\nlook\n</details>\n<details><summary>Solution</summary>\ndo\n</details>";
        assert_eq!(details_with(md, &["hint", "indice"]), ["look"]);
        assert_eq!(details_with(md, &["solution"]), ["do"]);
    }
}
