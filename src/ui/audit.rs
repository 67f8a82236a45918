//! The audit panel: the terminal host's score under the CIS Docker Benchmark, and each warning
//! with the containers it names, why it matters and what fixes it. Read from the engine's
//! [`Report`]; nothing is decided here.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::security::audit::{Numbering, Report, Verdict};

#[derive(Properties, PartialEq)]
pub struct AuditProps {
    pub report: Rc<Option<Report>>,
}

#[component]
pub fn AuditPanel(props: &AuditProps) -> Html {
    let Some(report) = props.report.as_ref() else {
        return Html::default();
    };
    let warnings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Warn)
        .collect();
    let summary = format!(
        "Audit (docker-bench-security): score {}, {} warning{}",
        report.score(),
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    html! {
        <details class="audit-panel" aria-label="Audit">
            <summary class="audit-summary">{ summary }</summary>
            if warnings.is_empty() {
                <p class="audit-clean">{ "No warning: every scored check passes." }</p>
            }
            <ul class="audit-findings">
                { for warnings.iter().map(|f| {
                    let id = f.check.id(Numbering::Cis160);
                    html! {
                        <li class="audit-finding" data-key={f.check.key}>
                            <div class="audit-title"><span class="audit-id">{ id }</span>{ " " }{ f.check.title }</div>
                            if !f.items.is_empty() {
                                <div class="audit-items">{ f.items.join(" · ") }</div>
                            }
                            <div class="audit-why">{ f.check.why }</div>
                            <div class="audit-fix">{ "Fix: " }<code>{ f.check.fix }</code></div>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
