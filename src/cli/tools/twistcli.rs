//! `twistcli images scan [--details] IMAGE`: Twistlock's (Prisma Cloud Compute's) scanner
//! on a host, laid out from the engine's [`ScanReport`].
//!
//! The layout follows twistcli's console output: `Scan results for: image NAME sha256:ID`,
//! with `--details` the `Vulnerabilities` and `Compliance Issues` tables (tablewriter,
//! a rule after every row), then each summary line (`… total - N, critical - N, high - N,
//! medium - N, low - N`) and its threshold check. The console's policy is its default one,
//! which alerts and blocks nothing, so every check passes and the exit code is 0.
//!
//! Not simulated: the Console (`--address`, `--user`, `--password`, `--token` are accepted
//! and ignored; results are not sent anywhere, so there is no "Link to the results" line),
//! `--output-file`, custom thresholds. The errors are Berth's (`berth:`): twistcli's own
//! texts for them are not verified.

use crate::cli::table::{bordered, wrap_words};
use crate::cli::Output;
use crate::engine::security::scan::ScanReport;
use crate::engine::{ImageRef, World};

const USAGE: &str = "berth: usage: twistcli images scan [--details] IMAGE";

/// Flags that take a value, which twistcli accepts as `--flag value` or `--flag=value`.
const VALUED: &[&str] = &[
    "--address", "-u", "--user", "-p", "--password", "--token", "--output-file",
    "--docker-address", "--project",
];

/// twistcli cuts a description at 150 characters and wraps it at 50.
const DESCRIPTION_LIMIT: usize = 150;
const DESCRIPTION_WIDTH: usize = 50;

pub fn twistcli(world: &World, host: &str, args: &[&str]) -> Output {
    let (["images", "scan", rest @ ..] | ["image", "scan", rest @ ..]) = args else {
        return Output::failed(
            "berth: twistcli: only `twistcli images scan [--details] IMAGE` is simulated",
            1,
        );
    };
    let mut details = false;
    let mut image = None;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--details" | "--details=true" => details = true,
            "--details=false" | "--containerized" | "--ci" => {}
            flag if VALUED.contains(&flag) => {
                it.next();
            }
            flag if flag.starts_with('-') => {}
            // The last argument is the image; twistcli ignores what follows it.
            name => image = image.or(Some(name)),
        }
    }
    let Some(name) = image else {
        return Output::failed(USAGE, 1);
    };
    let not_here = || {
        Output::failed(
            format!("berth: twistcli: no image {name} on {host}: twistcli scans local images and does not pull (docker pull it first)"),
            1,
        )
    };
    let Ok(reference) = name.parse::<ImageRef>() else {
        return not_here();
    };
    let Ok((id, report)) = world.image_scan(host, &reference) else {
        return not_here();
    };
    render(&reference.to_string(), &id, &report, details)
}

/// A summary line's counts: `total - N, critical - N, high - N, medium - N, low - N`.
fn counts(c: [u32; 4]) -> String {
    let [critical, high, medium, low] = c;
    format!(
        "total - {}, critical - {critical}, high - {high}, medium - {medium}, low - {low}",
        critical + high + medium + low
    )
}

fn render(name: &str, id: &str, report: &ScanReport, details: bool) -> Output {
    let mut o = Output::default();
    o.out(format!("Scan results for: image {name} sha256:{id}"));
    if details {
        let rows = report.vulnerabilities.iter().map(|v| {
            let mut description: String = v.cve.summary.chars().take(DESCRIPTION_LIMIT).collect();
            if v.cve.summary.chars().count() > DESCRIPTION_LIMIT {
                description.push_str("...");
            }
            // Every fix in the catalogue is years old: the console rounds to "> 3 months".
            vec![
                vec![v.cve.id.to_string()],
                vec![v.severity.as_str().to_string()],
                vec![format!("{}.{}0", v.cve.cvss / 10, v.cve.cvss % 10)],
                vec![v.package.to_string()],
                vec![v.version.to_string()],
                vec![
                    format!("fixed in {}", v.cve.fixed_in),
                    "> 3 months ago".into(),
                ],
                vec!["> 3 months".into()],
                vec!["< 1 hour".into()],
                wrap_words(&description, DESCRIPTION_WIDTH),
            ]
        });
        let header = [
            "CVE", "SEVERITY", "CVSS", "PACKAGE", "VERSION", "STATUS", "PUBLISHED", "DISCOVERED",
            "DESCRIPTION",
        ];
        section(&mut o, "Vulnerabilities", &header, rows.collect());
    }
    o.out("");
    summary(
        &mut o,
        "Vulnerabilities",
        "Vulnerability",
        name,
        report.vulnerability_counts(),
    );
    o.out("");
    if details {
        let rows = report.compliance.iter().map(|c| {
            vec![
                vec![c.severity.as_str().to_string()],
                vec![c.title.to_string()],
            ]
        });
        section(
            &mut o,
            "Compliance Issues",
            &["SEVERITY", "DESCRIPTION"],
            rows.collect(),
        );
        if !report.compliance.is_empty() {
            o.out("");
        }
    }
    summary(
        &mut o,
        "Compliance",
        "Compliance",
        name,
        report.compliance_counts(),
    );
    o
}

/// A titled table, when it has rows (twistcli prints none for an empty one).
fn section(o: &mut Output, title: &str, header: &[&str], rows: Vec<Vec<Vec<String>>>) {
    if !rows.is_empty() {
        o.out(title);
        o.out(bordered(header, &rows).join("\n"));
    }
}

/// `… found for image NAME: total - N, …` and the threshold check's verdict.
fn summary(o: &mut Output, found: &str, check: &str, name: &str, c: [u32; 4]) {
    o.out(format!("{found} found for image {name}: {}", counts(c)));
    o.out(format!("{check} threshold check results: PASS"));
}
