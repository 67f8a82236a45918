//! An image scan, as Twistlock's `twistcli images scan` reports one: the packages an image
//! carries checked against the CVE catalogue, and the image's own compliance checks.
//!
//! Contract:
//! - [`scan`] is a pure function of a catalogue image: same image, same report. It reads
//!   the image's packages, `USER`, `ENV` and the private keys left in its layers; nothing of
//!   the host (a host's own runc is `versions`' business, not the image's).
//! - A package is vulnerable to a CVE of [`crate::engine::security::cve::CATALOGUE`] when the CVE names that
//!   package and the version is older than the fix (and not older than the first affected
//!   one): the same rule as a host's components.
//! - Findings come worst first, then by CVE ID; compliance issues in the console's order.
//!
//! Not simulated: the operating system's packages (apk, dpkg), language dependencies, and a
//! Console to send results to; Berth's catalogue is the only feed.

use crate::engine::docker::image::{ImageConfig, ImageRef};
use crate::engine::security::cve::{Cve, CATALOGUE};
use crate::engine::{EngineError, World};

/// How bad a finding is, as twistcli counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// The catalogue's `CRITICAL`, `HIGH`, …; anything else counts as low.
    fn parse(text: &str) -> Severity {
        match text.to_ascii_lowercase().as_str() {
            "critical" => Severity::Critical,
            "high" => Severity::High,
            "medium" | "moderate" => Severity::Medium,
            _ => Severity::Low,
        }
    }

    /// As twistcli prints it: lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// A vulnerable package in the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vulnerability {
    pub cve: Cve,
    pub severity: Severity,
    pub package: String,
    pub version: String,
}

/// A compliance check the image fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceIssue {
    pub severity: Severity,
    /// The check's title as the console names it.
    pub title: &'static str,
    /// What was found (the variables, the key files).
    pub cause: String,
}

/// The CIS check twistcli names with the benchmark version it implements.
pub const NON_ROOT_USER: &str =
    "(CIS_Docker_v1.5.0 - 4.1) Image should be created with a non-root user";
/// Twistlock check 424.
pub const SENSITIVE_ENV: &str = "Sensitive information provided in environment variables";
/// Twistlock check 425.
pub const PRIVATE_KEYS: &str = "Private keys stored in image";

/// Words in a variable's name that make its value a secret (check 424 matches names, it
/// does not judge values).
const SECRET_WORDS: &[&str] = &[
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY", "ACCESS_KEY",
];

/// What a scan found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScanReport {
    pub vulnerabilities: Vec<Vulnerability>,
    pub compliance: Vec<ComplianceIssue>,
}

/// Counts by severity: `[critical, high, medium, low]`.
pub fn distribution<'a>(severities: impl Iterator<Item = &'a Severity>) -> [u32; 4] {
    let mut counts = [0u32; 4];
    for s in severities {
        let slot = match s {
            Severity::Critical => &mut counts[0],
            Severity::High => &mut counts[1],
            Severity::Medium => &mut counts[2],
            Severity::Low => &mut counts[3],
        };
        *slot += 1;
    }
    counts
}

impl ScanReport {
    pub fn vulnerability_counts(&self) -> [u32; 4] {
        distribution(self.vulnerabilities.iter().map(|v| &v.severity))
    }

    pub fn compliance_counts(&self) -> [u32; 4] {
        distribution(self.compliance.iter().map(|c| &c.severity))
    }
}

/// Scans an image's config.
pub fn scan(image: &ImageConfig) -> ScanReport {
    let mut vulnerabilities: Vec<Vulnerability> = image
        .packages
        .iter()
        .flat_map(|(package, version)| {
            CATALOGUE
                .iter()
                .filter(move |cve| cve.package == package && cve.affects_version(version))
                .map(move |cve| Vulnerability {
                    cve: *cve,
                    severity: Severity::parse(cve.severity),
                    package: package.clone(),
                    version: version.clone(),
                })
        })
        .collect();
    vulnerabilities.sort_by(|a, b| (a.severity, a.cve.id).cmp(&(b.severity, b.cve.id)));

    let mut compliance = Vec::new();
    let user = image.user.split(':').next().unwrap_or("");
    if matches!(user, "" | "0" | "root") {
        compliance.push(ComplianceIssue {
            severity: Severity::High,
            title: NON_ROOT_USER,
            cause: String::new(),
        });
    }
    let secret_vars: Vec<&str> = image
        .env
        .iter()
        .filter_map(|var| var.split_once('=').map(|(name, _)| name))
        .filter(|name| {
            let upper = name.to_ascii_uppercase();
            SECRET_WORDS.iter().any(|w| upper.contains(w))
        })
        .collect();
    if !secret_vars.is_empty() {
        compliance.push(ComplianceIssue {
            severity: Severity::High,
            title: SENSITIVE_ENV,
            cause: format!(
                "The environment variables {} contain sensitive data",
                secret_vars.join(",")
            ),
        });
    }
    if !image.private_keys.is_empty() {
        compliance.push(ComplianceIssue {
            severity: Severity::High,
            title: PRIVATE_KEYS,
            cause: format!("Found: {}", image.private_keys.join(", ")),
        });
    }
    ScanReport {
        vulnerabilities,
        compliance,
    }
}

impl World {
    /// Scans an image of `host`'s store: twistcli scans only what the local daemon has (it
    /// never pulls).
    pub fn image_scan(
        &self,
        host: &str,
        reference: &ImageRef,
    ) -> Result<(String, ScanReport), EngineError> {
        let image = self.image_inspect(host, reference)?;
        Ok((image.id.clone(), scan(&image.config)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::docker::image::{lookup, CATALOGUE as IMAGES};

    fn image(reference: &str) -> ImageConfig {
        let r: ImageRef = reference.parse().unwrap();
        lookup(&r).unwrap().config()
    }

    /// A copy of a catalogue image carrying other packages.
    fn with_packages(packages: &[(&str, &str)]) -> ImageConfig {
        ImageConfig {
            packages: packages
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect(),
            ..image("acme/shop:1.1")
        }
    }

    #[test]
    fn a_package_older_than_the_fix_is_vulnerable() {
        let report = scan(&with_packages(&[("runc", "1.0.0-rc6")]));
        let ids: Vec<&str> = report.vulnerabilities.iter().map(|v| v.cve.id).collect();
        assert_eq!(ids, ["CVE-2019-5736", "CVE-2024-21626"]);
        assert!(report
            .vulnerabilities
            .iter()
            .all(|v| v.package == "runc" && v.version == "1.0.0-rc6"));
    }

    #[test]
    fn the_fixed_version_and_later_are_not() {
        assert!(scan(&with_packages(&[("runc", "1.1.12")]))
            .vulnerabilities
            .is_empty());
        assert!(scan(&with_packages(&[
            ("runc", "1.3.3"),
            ("containerd", "1.4.3")
        ]))
        .vulnerabilities
        .is_empty());
        let between = scan(&with_packages(&[("runc", "1.0.0-rc7")]));
        let ids: Vec<&str> = between.vulnerabilities.iter().map(|v| v.cve.id).collect();
        assert_eq!(ids, ["CVE-2024-21626"]);
    }

    #[test]
    fn the_legacy_ci_image_carries_the_runc_and_containerd_escapes() {
        let report = scan(&image("acme/legacy-ci:2019"));
        let ids: Vec<&str> = report.vulnerabilities.iter().map(|v| v.cve.id).collect();
        assert_eq!(ids, ["CVE-2019-5736", "CVE-2024-21626", "CVE-2020-15257"]);
        assert_eq!(report.vulnerability_counts(), [0, 2, 1, 0]);
    }

    #[test]
    fn compliance_sees_root_secrets_in_env_and_keys_in_layers() {
        let bad = scan(&image("acme/shop:1.0"));
        let titles: Vec<&str> = bad.compliance.iter().map(|c| c.title).collect();
        assert_eq!(titles, [NON_ROOT_USER, SENSITIVE_ENV, PRIVATE_KEYS]);
        assert!(bad.vulnerabilities.is_empty());
        assert_eq!(scan(&image("acme/shop:1.1")), ScanReport::default());
    }

    #[test]
    fn official_images_run_as_root_and_carry_no_catalogue_cve() {
        for entry in IMAGES.iter().filter(|e| !e.repository.starts_with("acme/")) {
            let report = scan(&entry.config());
            assert!(report.vulnerabilities.is_empty(), "{}", entry.repository);
        }
        let nginx = scan(&image("nginx"));
        assert_eq!(nginx.compliance.len(), 1);
        assert_eq!(image("nginx").user, "");
        assert_eq!(image("redis").user, "");
    }
}
