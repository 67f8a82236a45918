//! The files that name a base system's release (`/etc/os-release` and its friends), one small
//! tree per release, laid over the base system's layout (`trees.rs`) so each tag shows its own
//! version: `alpine:3.21` is Alpine 3.21.7, `debian:bookworm` Debian 12, `fedora:43` Fedora 43.
//!
//! [`release`] finds a release's tree by its key (`alpine:3.21`, `debian:12`, `ubuntu:24.04`,
//! `fedora:44`, `rockylinux:9`…); `engine::docker::image::official` decides which key a tag
//! carries and `engine::docker::archive::image_tree` lays the tree over the base. The
//! versions are those the catalogue's tags name (`official.txt`, library files of
//! 2026-08-21).
//!
//! Texts: each distribution's own, from its release package, checked against the real
//! images' files where one was found (the source is next to each macro). The Alpine files are
//! `alpine-base`'s (aports `main/alpine-base/APKBUILD`): an edge build says `edge` and its
//! `_alpha` date. Debian's are `base-files`' (`DEBIAN_VERSION_FULL` from trixie on), with
//! debuerreotype's deb822 sources (bookworm on) or its `sources.list` (bullseye). Ubuntu's are
//! its `base-files` (`LOGO` from 24.04 on). Fedora's are `fedora-release-container`'s.
//!
//! Not simulated: per-release package lists (apk, apt and dnf install the versions of one
//! release per family, `engine::docker::package_lists`), per-release programs.

use super::Tree;
use crate::engine::clock::EPOCH_UNIX;

const DAY: u64 = 86_400;

/// A tree of files only.
macro_rules! files_tree {
    ($files:expr, $links:expr) => {
        Tree {
            dirs: "",
            files: $files,
            programs: &[],
            links: $links,
            mtime: EPOCH_UNIX - 30 * DAY,
            owners: &[],
        }
    };
}

// ── Alpine: alpine-base's /etc/alpine-release, /etc/issue, /etc/os-release, and the
// minirootfs' /etc/apk/repositories ──

macro_rules! alpine {
    ($minor:literal, $full:literal) => {
        files_tree!(
            &[
                ("/etc/alpine-release", concat!($full, "\n")),
                (
                    "/etc/apk/repositories",
                    concat!(
                        "https://dl-cdn.alpinelinux.org/alpine/v",
                        $minor,
                        "/main\nhttps://dl-cdn.alpinelinux.org/alpine/v",
                        $minor,
                        "/community\n"
                    )
                ),
                (
                    "/etc/issue",
                    concat!("Welcome to Alpine Linux ", $minor, "\nKernel \\r on \\m (\\l)\n\n")
                ),
                (
                    "/etc/os-release",
                    concat!(
                        "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=",
                        $full,
                        "\nPRETTY_NAME=\"Alpine Linux v",
                        $minor,
                        "\"\nHOME_URL=\"https://alpinelinux.org/\"\n",
                        "BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"
                    )
                ),
            ],
            &[]
        )
    };
}

const ALPINE_3_24: Tree = alpine!("3.24", "3.24.1");
const ALPINE_3_23: Tree = alpine!("3.23", "3.23.5");
const ALPINE_3_22: Tree = alpine!("3.22", "3.22.5");
const ALPINE_3_21: Tree = alpine!("3.21", "3.21.7");

/// Alpine edge of 2026-08-05: alpine-base names the next release's alpha (`3.25.0_alpha…`,
/// as `ghcr.io/wolfi-dev/static:alpine` showed it that week) and calls itself `edge`.
const ALPINE_EDGE: Tree = files_tree!(
    &[
        ("/etc/alpine-release", "3.25.0_alpha20260805\n"),
        (
            "/etc/apk/repositories",
            "https://dl-cdn.alpinelinux.org/alpine/edge/main\nhttps://dl-cdn.alpinelinux.org/alpine/edge/community\n"
        ),
        (
            "/etc/issue",
            "Welcome to Alpine Linux 3.25\nKernel \\r on \\m (\\l)\n\n"
        ),
        (
            "/etc/os-release",
            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.25.0_alpha20260805\nPRETTY_NAME=\"Alpine Linux edge\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"
        ),
    ],
    &[]
);

// ── Debian: base-files' os-release and debian_version, debuerreotype's sources ──

macro_rules! debian_os_release {
    ($major:literal, $codename:literal, $full_line:literal) => {
        concat!(
            "PRETTY_NAME=\"Debian GNU/Linux ",
            $major,
            " (",
            $codename,
            ")\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"",
            $major,
            "\"\nVERSION=\"",
            $major,
            " (",
            $codename,
            ")\"\nVERSION_CODENAME=",
            $codename,
            "\n",
            $full_line,
            "ID=debian\nHOME_URL=\"https://www.debian.org/\"\n",
            "SUPPORT_URL=\"https://www.debian.org/support\"\n",
            "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
        )
    };
}

/// debuerreotype's deb822 sources (`debuerreotype-debian-sources-list --deb822`), the
/// comment naming the snapshot of the `-20260803` tags.
macro_rules! debian_sources {
    ($codename:literal) => {
        concat!(
            "Types: deb\n# http://snapshot.debian.org/archive/debian/20260803T000000Z\n",
            "URIs: http://deb.debian.org/debian\nSuites: ",
            $codename,
            " ",
            $codename,
            "-updates\nComponents: main\n",
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n",
            "Types: deb\n# http://snapshot.debian.org/archive/debian-security/20260803T000000Z\n",
            "URIs: http://deb.debian.org/debian-security\nSuites: ",
            $codename,
            "-security\nComponents: main\n",
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
        )
    };
}

const DEBIAN_13: Tree = files_tree!(
    &[
        ("/etc/debian_version", "13.6\n"),
        (
            "/etc/os-release",
            debian_os_release!("13", "trixie", "DEBIAN_VERSION_FULL=13.6\n")
        ),
        (
            "/etc/apt/sources.list.d/debian.sources",
            debian_sources!("trixie")
        ),
    ],
    &[]
);

const DEBIAN_12: Tree = files_tree!(
    &[
        ("/etc/debian_version", "12.15\n"),
        ("/etc/os-release", debian_os_release!("12", "bookworm", "")),
        (
            "/etc/apt/sources.list.d/debian.sources",
            debian_sources!("bookworm")
        ),
    ],
    &[]
);

/// Bullseye's image keeps the one-line `sources.list` (debuerreotype before deb822).
const DEBIAN_11: Tree = files_tree!(
    &[
        ("/etc/debian_version", "11.11\n"),
        ("/etc/os-release", debian_os_release!("11", "bullseye", "")),
        (
            "/etc/apt/sources.list",
            "# deb http://snapshot.debian.org/archive/debian/20260803T000000Z bullseye main
deb http://deb.debian.org/debian bullseye main
# deb http://snapshot.debian.org/archive/debian-security/20260803T000000Z bullseye-security main
deb http://deb.debian.org/debian-security bullseye-security main
# deb http://snapshot.debian.org/archive/debian/20260803T000000Z bullseye-updates main
deb http://deb.debian.org/debian bullseye-updates main
"
        ),
    ],
    &[]
);

// ── Ubuntu: base-files' os-release (LOGO from 24.04 on) and debian_version ──

macro_rules! ubuntu_os_release {
    ($id:literal, $version:literal, $name:literal, $code:literal) => {
        concat!(
            "PRETTY_NAME=\"Ubuntu ",
            $version,
            "\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"",
            $id,
            "\"\nVERSION=\"",
            $version,
            " (",
            $name,
            ")\"\nVERSION_CODENAME=",
            $code,
            "\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\n",
            "SUPPORT_URL=\"https://help.ubuntu.com/\"\n",
            "BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n",
            "PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n"
        )
    };
}

/// The os-release of Ubuntu 24.04.3, also the lab hosts' (`docker info`'s `Operating
/// System: Ubuntu 24.04.3 LTS`).
pub const UBUNTU_24_04_OS_RELEASE: &str = concat!(
    ubuntu_os_release!("24.04", "24.04.3 LTS", "Noble Numbat", "noble"),
    "UBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n"
);

const UBUNTU_24_04: Tree = files_tree!(
    &[
        ("/etc/debian_version", "trixie/sid\n"),
        ("/etc/os-release", UBUNTU_24_04_OS_RELEASE),
    ],
    &[]
);

const UBUNTU_22_04: Tree = files_tree!(
    &[
        ("/etc/debian_version", "bookworm/sid\n"),
        (
            "/etc/os-release",
            concat!(
                ubuntu_os_release!("22.04", "22.04.5 LTS", "Jammy Jellyfish", "jammy"),
                "UBUNTU_CODENAME=jammy\n"
            )
        ),
    ],
    &[]
);

const UBUNTU_26_04: Tree = files_tree!(
    &[
        ("/etc/debian_version", "forky/sid\n"),
        (
            "/etc/os-release",
            concat!(
                ubuntu_os_release!("26.04", "26.04 LTS", "Resolute Raccoon", "resolute"),
                "UBUNTU_CODENAME=resolute\nLOGO=ubuntu-logo\n"
            )
        ),
    ],
    &[]
);

// ── Fedora: fedora-release-container's os-release (the real fedora:43 and fedora:44
// images' files), fedora-release-common's /etc/fedora-release ──

macro_rules! fedora_os_release {
    ($v:literal, $variant:literal, $type:literal, $product:literal, $end:literal) => {
        concat!(
            "NAME=\"Fedora Linux\"\nVERSION=\"",
            $v,
            " (",
            $variant,
            ")\"\nRELEASE_TYPE=",
            $type,
            "\nID=fedora\nVERSION_ID=",
            $v,
            "\nVERSION_CODENAME=\"\"\nPLATFORM_ID=\"platform:f",
            $v,
            "\"\nPRETTY_NAME=\"Fedora Linux ",
            $v,
            " (",
            $variant,
            ")\"\nANSI_COLOR=\"0;38;2;60;110;180\"\nLOGO=fedora-logo-icon\n",
            "CPE_NAME=\"cpe:/o:fedoraproject:fedora:",
            $v,
            "\"\nDEFAULT_HOSTNAME=\"fedora\"\nHOME_URL=\"https://fedoraproject.org/\"\n",
            "DOCUMENTATION_URL=\"https://docs.fedoraproject.org/en-US/fedora/f",
            $v,
            "/\"\nSUPPORT_URL=\"https://ask.fedoraproject.org/\"\n",
            "BUG_REPORT_URL=\"https://bugzilla.redhat.com/\"\n",
            "REDHAT_BUGZILLA_PRODUCT=\"Fedora\"\nREDHAT_BUGZILLA_PRODUCT_VERSION=",
            $product,
            "\nREDHAT_SUPPORT_PRODUCT=\"Fedora\"\nREDHAT_SUPPORT_PRODUCT_VERSION=",
            $product,
            "\n",
            $end,
            "VARIANT=\"Container Image\"\nVARIANT_ID=container\n"
        )
    };
}

/// fedora-release-common's links to its release file.
const FEDORA_LINKS: &[(&str, &str, &str)] =
    &[("/etc", "redhat-release system-release", "fedora-release")];

const FEDORA_43: Tree = files_tree!(
    &[
        ("/etc/fedora-release", "Fedora release 43 (Forty Three)\n"),
        (
            "/etc/os-release",
            fedora_os_release!(
                "43",
                "Container Image",
                "stable",
                "43",
                "SUPPORT_END=2026-12-02\n"
            )
        ),
    ],
    FEDORA_LINKS
);

const FEDORA_44: Tree = files_tree!(
    &[
        ("/etc/fedora-release", "Fedora release 44 (Forty Four)\n"),
        (
            "/etc/os-release",
            fedora_os_release!(
                "44",
                "Container Image",
                "stable",
                "44",
                "SUPPORT_END=2027-05-19\n"
            )
        ),
    ],
    FEDORA_LINKS
);

/// Rawhide, branded as the next release: a prerelease names `rawhide` as its product
/// version and has no end of support yet.
const FEDORA_45: Tree = files_tree!(
    &[
        ("/etc/fedora-release", "Fedora release 45 (Rawhide)\n"),
        (
            "/etc/os-release",
            fedora_os_release!(
                "45",
                "Container Image Prerelease",
                "development",
                "rawhide",
                ""
            )
        ),
    ],
    FEDORA_LINKS
);

// ── The other RPM-family images: each release package's files ──

/// Rocky Linux's rocky-release (the `rockylinux:9` and `:8` images: 9.3 and 8.9, the last
/// builds the official repository carries).
const ROCKY_9: Tree = files_tree!(
    &[
        (
            "/etc/rocky-release",
            "Rocky Linux release 9.3 (Blue Onyx)\n"
        ),
        (
            "/etc/os-release",
            "NAME=\"Rocky Linux\"
VERSION=\"9.3 (Blue Onyx)\"
ID=\"rocky\"
ID_LIKE=\"rhel centos fedora\"
VERSION_ID=\"9.3\"
PLATFORM_ID=\"platform:el9\"
PRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"
ANSI_COLOR=\"0;32\"
LOGO=\"fedora-logo-icon\"
CPE_NAME=\"cpe:/o:rocky:rocky:9::baseos\"
HOME_URL=\"https://rockylinux.org/\"
BUG_REPORT_URL=\"https://bugs.rockylinux.org/\"
SUPPORT_END=\"2032-05-31\"
ROCKY_SUPPORT_PRODUCT=\"Rocky-Linux-9\"
ROCKY_SUPPORT_PRODUCT_VERSION=\"9.3\"
REDHAT_SUPPORT_PRODUCT=\"Rocky Linux\"
REDHAT_SUPPORT_PRODUCT_VERSION=\"9.3\"
"
        ),
    ],
    &[("/etc", "redhat-release system-release", "rocky-release")]
);

const ROCKY_8: Tree = files_tree!(
    &[
        (
            "/etc/rocky-release",
            "Rocky Linux release 8.9 (Green Obsidian)\n"
        ),
        (
            "/etc/os-release",
            "NAME=\"Rocky Linux\"
VERSION=\"8.9 (Green Obsidian)\"
ID=\"rocky\"
ID_LIKE=\"rhel centos fedora\"
VERSION_ID=\"8.9\"
PLATFORM_ID=\"platform:el8\"
PRETTY_NAME=\"Rocky Linux 8.9 (Green Obsidian)\"
ANSI_COLOR=\"0;32\"
LOGO=\"fedora-logo-icon\"
CPE_NAME=\"cpe:/o:rocky:rocky:8:GA\"
HOME_URL=\"https://rockylinux.org/\"
BUG_REPORT_URL=\"https://bugs.rockylinux.org/\"
SUPPORT_END=\"2029-05-31\"
ROCKY_SUPPORT_PRODUCT=\"Rocky-Linux-8\"
ROCKY_SUPPORT_PRODUCT_VERSION=\"8.9\"
REDHAT_SUPPORT_PRODUCT=\"Rocky Linux\"
REDHAT_SUPPORT_PRODUCT_VERSION=\"8.9\"
"
        ),
    ],
    &[("/etc", "redhat-release system-release", "rocky-release")]
);

/// AlmaLinux's almalinux-release, in the shape of 9.4's and 9.7's files.
macro_rules! alma {
    ($major:literal, $v:literal, $name:literal, $end:literal) => {
        files_tree!(
            &[
                (
                    "/etc/almalinux-release",
                    concat!("AlmaLinux release ", $v, " (", $name, ")\n")
                ),
                (
                    "/etc/os-release",
                    concat!(
                        "NAME=\"AlmaLinux\"\nVERSION=\"",
                        $v,
                        " (",
                        $name,
                        ")\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"",
                        $v,
                        "\"\nPLATFORM_ID=\"platform:el",
                        $major,
                        "\"\nPRETTY_NAME=\"AlmaLinux ",
                        $v,
                        " (",
                        $name,
                        ")\"\nANSI_COLOR=\"0;34\"\nLOGO=\"fedora-logo-icon\"\n",
                        "CPE_NAME=\"cpe:/o:almalinux:almalinux:",
                        $major,
                        "::baseos\"\nHOME_URL=\"https://almalinux.org/\"\n",
                        "DOCUMENTATION_URL=\"https://wiki.almalinux.org/\"\n",
                        "BUG_REPORT_URL=\"https://bugs.almalinux.org/\"\n\n",
                        "ALMALINUX_MANTISBT_PROJECT=\"AlmaLinux-",
                        $major,
                        "\"\nALMALINUX_MANTISBT_PROJECT_VERSION=\"",
                        $v,
                        "\"\nREDHAT_SUPPORT_PRODUCT=\"AlmaLinux\"\nREDHAT_SUPPORT_PRODUCT_VERSION=\"",
                        $v,
                        "\"\nSUPPORT_END=",
                        $end,
                        "\n"
                    )
                ),
            ],
            &[("/etc", "redhat-release system-release", "almalinux-release")]
        )
    };
}

const ALMA_10: Tree = alma!("10", "10.2", "Lavender Lion", "2035-06-01");
const ALMA_9: Tree = alma!("9", "9.8", "Olive Jaguar", "2032-06-01");
const ALMA_8: Tree = alma!("8", "8.10", "Cerulean Leopard", "2029-06-01");

/// Amazon Linux 2023's system-release (the shape of 2023.8's file; the image's build names
/// the minor release in PRETTY_NAME).
const AMAZON_2023: Tree = files_tree!(
    &[
        (
            "/etc/system-release",
            "Amazon Linux release 2023.12.20260817 (Amazon Linux)\n"
        ),
        (
            "/etc/os-release",
            "NAME=\"Amazon Linux\"
VERSION=\"2023\"
ID=\"amzn\"
ID_LIKE=\"fedora\"
VERSION_ID=\"2023\"
PLATFORM_ID=\"platform:al2023\"
PRETTY_NAME=\"Amazon Linux 2023.12.20260817\"
ANSI_COLOR=\"0;33\"
CPE_NAME=\"cpe:2.3:o:amazon:amazon_linux:2023\"
HOME_URL=\"https://aws.amazon.com/linux/amazon-linux-2023/\"
DOCUMENTATION_URL=\"https://docs.aws.amazon.com/linux/\"
SUPPORT_URL=\"https://aws.amazon.com/premiumsupport/\"
BUG_REPORT_URL=\"https://github.com/amazonlinux/amazon-linux-2023\"
VENDOR_NAME=\"AWS\"
VENDOR_URL=\"https://aws.amazon.com/\"
SUPPORT_END=\"2029-06-30\"
"
        ),
    ],
    &[("/etc", "amazon-linux-release", "system-release")]
);

/// Amazon Linux 2's system-release.
const AMAZON_2: Tree = files_tree!(
    &[
        ("/etc/system-release", "Amazon Linux release 2 (Karoo)\n"),
        (
            "/etc/os-release",
            "NAME=\"Amazon Linux\"
VERSION=\"2\"
ID=\"amzn\"
ID_LIKE=\"centos rhel fedora\"
VERSION_ID=\"2\"
PRETTY_NAME=\"Amazon Linux 2\"
ANSI_COLOR=\"0;33\"
CPE_NAME=\"cpe:2.3:o:amazon:amazon_linux:2\"
HOME_URL=\"https://amazonlinux.com/\"
"
        ),
    ],
    &[]
);

/// Oracle Linux's oraclelinux-release (the shape of the `oraclelinux:9` image's 9.3 to 9.7
/// files).
macro_rules! oracle {
    ($major:literal, $minor:literal, $v:literal) => {
        files_tree!(
            &[
                (
                    "/etc/oracle-release",
                    concat!("Oracle Linux Server release ", $v, "\n")
                ),
                (
                    "/etc/os-release",
                    concat!(
                        "NAME=\"Oracle Linux Server\"\nVERSION=\"",
                        $v,
                        "\"\nID=\"ol\"\nID_LIKE=\"fedora\"\nVARIANT=\"Server\"\nVARIANT_ID=\"server\"\nVERSION_ID=\"",
                        $v,
                        "\"\nPLATFORM_ID=\"platform:el",
                        $major,
                        "\"\nPRETTY_NAME=\"Oracle Linux Server ",
                        $v,
                        "\"\nANSI_COLOR=\"0;31\"\nCPE_NAME=\"cpe:/o:oracle:linux:",
                        $major,
                        ":",
                        $minor,
                        ":server\"\nHOME_URL=\"https://linux.oracle.com/\"\n",
                        "BUG_REPORT_URL=\"https://github.com/oracle/oracle-linux\"\n\n",
                        "ORACLE_BUGZILLA_PRODUCT=\"Oracle Linux ",
                        $major,
                        "\"\nORACLE_BUGZILLA_PRODUCT_VERSION=",
                        $v,
                        "\nORACLE_SUPPORT_PRODUCT=\"Oracle Linux\"\nORACLE_SUPPORT_PRODUCT_VERSION=",
                        $v,
                        "\n"
                    )
                ),
            ],
            &[("/etc", "system-release", "oracle-release")]
        )
    };
}

const ORACLE_10: Tree = oracle!("10", "2", "10.2");
const ORACLE_9: Tree = oracle!("9", "8", "9.8");
const ORACLE_8: Tree = oracle!("8", "10", "8.10");

/// Red Hat's redhat-release in the UBI 9 images (`registry.access.redhat.com/ubi9/ubi`
/// 9.6's file as podman printed it).
const UBI_9: Tree = files_tree!(
    &[
        (
            "/etc/redhat-release",
            "Red Hat Enterprise Linux release 9.6 (Plow)\n"
        ),
        (
            "/etc/os-release",
            "NAME=\"Red Hat Enterprise Linux\"
VERSION=\"9.6 (Plow)\"
ID=\"rhel\"
ID_LIKE=\"fedora\"
VERSION_ID=\"9.6\"
PLATFORM_ID=\"platform:el9\"
PRETTY_NAME=\"Red Hat Enterprise Linux 9.6 (Plow)\"
ANSI_COLOR=\"0;31\"
LOGO=\"fedora-logo-icon\"
CPE_NAME=\"cpe:/o:redhat:enterprise_linux:9::baseos\"
HOME_URL=\"https://www.redhat.com/\"
DOCUMENTATION_URL=\"https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9\"
BUG_REPORT_URL=\"https://issues.redhat.com/\"

REDHAT_BUGZILLA_PRODUCT=\"Red Hat Enterprise Linux 9\"
REDHAT_BUGZILLA_PRODUCT_VERSION=9.6
REDHAT_SUPPORT_PRODUCT=\"Red Hat Enterprise Linux\"
REDHAT_SUPPORT_PRODUCT_VERSION=\"9.6\"
"
        ),
    ],
    &[("/etc", "system-release", "redhat-release")]
);

/// openSUSE Leap 16.0's os-release (openSUSE-release, `/usr/lib/os-release`).
const LEAP_16: Tree = files_tree!(
    &[(
        "/etc/os-release",
        "NAME=\"openSUSE Leap\"
VERSION=\"16.0\"
ID=\"opensuse-leap\"
ID_LIKE=\"suse opensuse\"
VERSION_ID=\"16.0\"
PRETTY_NAME=\"openSUSE Leap 16.0\"
ANSI_COLOR=\"0;32\"
CPE_NAME=\"cpe:/o:opensuse:leap:16.0\"
BUG_REPORT_URL=\"https://bugs.opensuse.org\"
HOME_URL=\"https://www.opensuse.org/\"
DOCUMENTATION_URL=\"https://en.opensuse.org/Portal:Leap\"
LOGO=\"distributor-logo-Leap\"
"
    )],
    &[]
);

/// Arch Linux's filesystem package (`/usr/lib/os-release`).
const ARCH: Tree = files_tree!(
    &[(
        "/etc/os-release",
        "NAME=\"Arch Linux\"
PRETTY_NAME=\"Arch Linux\"
ID=arch
BUILD_ID=rolling
ANSI_COLOR=\"38;2;23;147;209\"
HOME_URL=\"https://archlinux.org/\"
DOCUMENTATION_URL=\"https://wiki.archlinux.org/\"
SUPPORT_URL=\"https://bbs.archlinux.org/\"
BUG_REPORT_URL=\"https://gitlab.archlinux.org/groups/archlinux/-/issues\"
PRIVACY_POLICY_URL=\"https://terms.archlinux.org/docs/privacy-policy/\"
LOGO=archlinux-logo
"
    )],
    &[]
);

/// Every release by key, newest first within a distribution.
const RELEASES: &[(&str, &Tree)] = &[
    ("alpine:edge", &ALPINE_EDGE),
    ("alpine:3.24", &ALPINE_3_24),
    ("alpine:3.23", &ALPINE_3_23),
    ("alpine:3.22", &ALPINE_3_22),
    ("alpine:3.21", &ALPINE_3_21),
    ("debian:13", &DEBIAN_13),
    ("debian:12", &DEBIAN_12),
    ("debian:11", &DEBIAN_11),
    ("ubuntu:26.04", &UBUNTU_26_04),
    ("ubuntu:24.04", &UBUNTU_24_04),
    ("ubuntu:22.04", &UBUNTU_22_04),
    ("fedora:45", &FEDORA_45),
    ("fedora:44", &FEDORA_44),
    ("fedora:43", &FEDORA_43),
    ("rockylinux:9", &ROCKY_9),
    ("rockylinux:8", &ROCKY_8),
    ("almalinux:10", &ALMA_10),
    ("almalinux:9", &ALMA_9),
    ("almalinux:8", &ALMA_8),
    ("amazonlinux:2023", &AMAZON_2023),
    ("amazonlinux:2", &AMAZON_2),
    ("oraclelinux:10", &ORACLE_10),
    ("oraclelinux:9", &ORACLE_9),
    ("oraclelinux:8", &ORACLE_8),
    ("ubi:9", &UBI_9),
    ("leap:16.0", &LEAP_16),
    ("archlinux", &ARCH),
];

/// The tree of the release `key`, if Berth knows it.
pub fn release(key: &str) -> Option<&'static Tree> {
    RELEASES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// The full version a release's files name (`3.24.1`, `13.6`), for the image's history.
pub fn full_version(key: &str) -> Option<&'static str> {
    let tree = release(key)?;
    ["/etc/alpine-release", "/etc/debian_version"]
        .iter()
        .find_map(|p| tree.files.iter().find(|(path, _)| path == p))
        .map(|(_, text)| text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_names_its_version_in_os_release() {
        for (key, tree) in RELEASES {
            let os = tree
                .files
                .iter()
                .find(|(p, _)| *p == "/etc/os-release")
                .map(|(_, t)| *t)
                .unwrap_or_default();
            let version = key.rsplit(':').next().unwrap_or_default();
            assert!(
                os.contains(version) || *key == "archlinux" || *key == "alpine:edge",
                "{key}"
            );
            assert!(os.ends_with('\n'), "{key}");
        }
        assert_eq!(full_version("alpine:3.21"), Some("3.21.7"));
        assert_eq!(full_version("debian:12"), Some("12.15"));
        assert!(release("nosuch").is_none());
    }
}
