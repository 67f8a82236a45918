//! `docker-bench-security` (alias `audit`): the report docker-bench-security prints, laid out
//! from the engine's [`Report`]: the banner, `Section A - Check results` with `[PASS]`,
//! `[WARN]`, `[INFO]` and `[NOTE]` lines and their items, then `Section C - Score`.
//!
//! `--cis 1.6.0|1.4.0|1.2.0` is Berth's own flag: it picks the numbering the IDs follow (the
//! real script always prints its own, 1.6.0's).

use crate::cli::Output;
use crate::engine::security::audit::{Finding, Numbering, Report, Verdict};
use crate::engine::World;

const HELP: &str = "
  usage: docker-bench-security.sh [OPTIONS]

  Docker Bench for Security - Docker, Inc. (c) 2015-
  Checks for dozens of common best-practices around deploying Docker containers in production.
  Based on the CIS Docker Benchmark 1.6.0.

  Options:
  -b           optional  Do not print colors
  -h           optional  Print this help message
  -l FILE      optional  Log output in FILE, inside container if run using docker
  -u USERS     optional  Comma delimited list of trusted docker user(s)
  -c CHECK     optional  Comma delimited list of specific check(s) id
  -e CHECK     optional  Comma delimited list of specific check(s) id to exclude
  -i INCLUDE   optional  Comma delimited list of patterns within a container or image name to check
  -x EXCLUDE   optional  Comma delimited list of patterns within a container or image name to exclude from check
  -t LABEL     optional  Comma delimited list of labels within a container or image to check
  -n LIMIT     optional  In JSON output, when reporting lists of items (containers, images, etc.), limit the number of reported items to LIMIT. Default 0 (no limit).
  -p PRINT     optional  Print remediation measures. Default: Don't print remediation measures.

  Berth: --cis 1.6.0|1.4.0|1.2.0 numbers the checks as that version of the CIS Docker Benchmark does (default 1.6.0).
";

/// What the run was asked for.
struct Options {
    numbering: Numbering,
    trusted: Option<Vec<String>>,
    only: Vec<String>,
    except: Vec<String>,
}

fn options(args: &[String]) -> Result<Option<Options>, Output> {
    let mut o = Options {
        numbering: Numbering::default(),
        trusted: None,
        only: Vec::new(),
        except: Vec::new(),
    };
    let mut it = args.iter();
    let list = |v: Option<&String>| -> Vec<String> {
        v.map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "-b" => {}
            "-u" => o.trusted = Some(list(it.next())),
            "-c" => o.only = list(it.next()),
            "-e" => o.except = list(it.next()),
            "--cis" => {
                let v = it.next().map(String::as_str).unwrap_or("");
                o.numbering = Numbering::parse(v).ok_or_else(|| {
                    Output::failed(
                        format!("berth: --cis {v}: use 1.6.0, 1.4.0 or 1.2.0"),
                        1,
                    )
                })?;
            }
            "-l" | "-i" | "-x" | "-t" | "-n" | "-p" => {
                return Err(Output::failed(
                    format!("berth: docker-bench-security {a} is not simulated; -u, -c, -e, -b and --cis are."),
                    1,
                ))
            }
            other => {
                return Err(Output::failed(format!("{}{HELP}", illegal(other)), 1));
            }
        }
    }
    Ok(Some(o))
}

fn illegal(option: &str) -> String {
    format!(
        "docker-bench-security.sh: illegal option -- {}",
        option.trim_start_matches('-')
    )
}

/// A check named as `-c` takes it: `check_5_5`, `5.5`, or a key such as
/// `container.privileged`.
fn selected(finding: &Finding, numbering: Numbering, names: &[String]) -> bool {
    let id = finding.check.id(numbering);
    let function = format!("check_{}", id.replace('.', "_"));
    names
        .iter()
        .any(|n| n == id || *n == function || n == finding.check.key)
}

/// `docker-bench-security [OPTIONS]` on `host`.
pub fn docker_bench(world: &World, host: &str, args: &[String]) -> Output {
    let opts = match options(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            let mut o = Output::default();
            o.out(HELP.trim_end());
            return o;
        }
        Err(e) => return e,
    };
    let Some(mut report) = world.audit(host, opts.trusted.as_deref()) else {
        return Output::default();
    };
    let numbering = opts.numbering;
    if !opts.only.is_empty() {
        report
            .findings
            .retain(|f| selected(f, numbering, &opts.only));
    }
    report
        .findings
        .retain(|f| !selected(f, numbering, &opts.except));
    let mut o = Output::default();
    let (year, month, day, hh, mm, ss) = world.now().civil();
    let rule = format!("# {}", "-".repeat(92));
    o.out(format!(
        "{rule}\n# Docker Bench for Security v1.6.0\n#\n# Docker, Inc. (c) 2015-{year}\n#\n# Checks for dozens of common best-practices around deploying Docker containers in production.\n# Based on the CIS Docker Benchmark {}.\n{rule}\n\nInitializing {year:04}-{month:02}-{day:02}T{hh:02}:{mm:02}:{ss:02}+00:00\n\n\nSection A - Check results",
        numbering.as_str()
    ));
    for line in section_lines(&report, numbering) {
        o.out(line);
    }
    o.out(format!(
        "\n\nSection C - Score\n\n[INFO] Checks: {}\n[INFO] Score: {}\n",
        report.checks(),
        report.score()
    ));
    o
}

fn tag(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "[PASS]",
        Verdict::Warn => "[WARN]",
        Verdict::Info => "[INFO]",
        Verdict::Note => "[NOTE]",
    }
}

/// The section headers docker-bench prints before a section's first check.
fn header(section: &str, numbering: Numbering) -> Vec<String> {
    let title = match section {
        "1" => "1 - Host Configuration",
        "2" => "2 - Docker daemon configuration",
        "4" => "4 - Container Images and Build File",
        "5" => "5 - Container Runtime",
        "7" => "7 - Docker Swarm Configuration",
        _ => return Vec::new(),
    };
    let mut lines = vec![String::new(), format!("[INFO] {title}")];
    if section == "1" {
        let sub = if numbering == Numbering::Cis120 {
            "1.2"
        } else {
            "1.1"
        };
        lines.push(format!("[INFO] {sub} - Linux Hosts Specific Configuration"));
    }
    lines
}

/// Items start five spaces in; from 5.11 (1.6.0 numbering) on, and for 1.1.2, six.
fn item_indent(finding: &Finding) -> &'static str {
    let id = finding.check.ids[0];
    let deep = id == "1.1.2"
        || id
            .strip_prefix("5.")
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= 11);
    if deep {
        "      "
    } else {
        "     "
    }
}

fn section_lines(report: &Report, numbering: Numbering) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = "";
    let order = |f: &&Finding| {
        let section = f.check.section(numbering);
        (section.parse::<u32>().unwrap_or(99), f.check.ids[0])
    };
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    // Swarm's check is 7.1 before 1.6.0: it prints after section 5.
    findings.sort_by_key(|f| order(f).0);
    let mut skipped_section5 = false;
    for f in findings {
        let section = f.check.section(numbering);
        if section != current {
            lines.extend(header(section, numbering));
            current = section;
        }
        if section == "5" && !report.containers_running && !skipped_section5 {
            lines.push("[INFO]   * No containers running, skipping Section 5".into());
            skipped_section5 = true;
        }
        let id = f.check.id(numbering);
        let mut line = format!("{} {id} - {}", tag(f.verdict), f.check.title);
        if !f.suffix.is_empty() {
            line.push(' ');
            line.push_str(f.suffix);
        }
        // The deprecated experimental check prints without its ID.
        if f.suffix == "(Deprecated)" {
            line = format!("{} {} {}", tag(f.verdict), f.check.title, f.suffix);
        }
        lines.push(line);
        let item_tag = match f.verdict {
            Verdict::Warn => "[WARN]",
            _ => "[INFO]",
        };
        for item in &f.items {
            lines.push(format!("{item_tag} {}* {item}", item_indent(f)));
        }
    }
    lines
}
