//! Each escape and each CVE of the catalogue: it works when every precondition holds, and
//! fails when any one of them is taken away. One row per way in: the commands that make it
//! work, then one variant per precondition removed.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::Session;

fn compromised(lines: &[&str]) -> bool {
    let mut s = Session::new(7);
    for line in lines {
        s.submit(line);
    }
    s.world()
        .host("host1")
        .unwrap()
        .machine
        .compromised
        .is_some()
}

/// What is tried, the lines that make it work, and variants each missing one precondition.
type Row = (
    &'static str,
    &'static [&'static str],
    &'static [&'static [&'static str]],
);

const ROWS: &[Row] = &[
    (
        "--privileged: mount the host's disk",
        &["docker run -d --name box --privileged alpine sleep 3600", "docker exec box mount /dev/sda1 /mnt", "docker exec box chroot /mnt id"],
        &[
            &["docker run -d --name box alpine sleep 3600", "docker exec box mount /dev/sda1 /mnt", "docker exec box chroot /mnt id"],
            &["docker run -d --name box --cap-add SYS_ADMIN alpine sleep 3600", "docker exec box mount /dev/sda1 /mnt", "docker exec box chroot /mnt id"],
            &["docker run -d --name box --privileged --user 1000 alpine sleep 3600", "docker exec box mount /dev/sda1 /mnt", "docker exec box chroot /mnt id"],
        ],
    ),
    (
        "the docker socket",
        &["docker run -d --name box -v /var/run/docker.sock:/var/run/docker.sock docker:cli sleep 3600", "docker exec box docker run --rm -v /:/host alpine chroot /host id"],
        &[&["docker run -d --name box docker:cli sleep 3600", "docker exec box docker run --rm -v /:/host alpine chroot /host id"]],
    ),
    (
        "the docker group",
        &["useradd alice", "usermod -aG docker alice", "su - alice", "docker run --rm -v /:/host alpine chroot /host id"],
        &[&["useradd alice", "su - alice", "docker run --rm -v /:/host alpine chroot /host id"]],
    ),
    (
        "CVE-2019-5736",
        &["versions set runc 1.0.0-rc6", "docker run -d --name box nginx", "docker exec box exploit CVE-2019-5736"],
        &[
            &["docker run -d --name box nginx", "docker exec box exploit CVE-2019-5736"],
            &["versions set runc 1.0.0-rc6", "docker run -d --name box --user 101 --tmpfs /var/cache/nginx --tmpfs /var/run nginx", "docker exec box exploit CVE-2019-5736"],
            &["versions set runc 1.0.0-rc6", "daemon-json set userns-remap default", "systemctl restart docker", "docker run -d --name box nginx", "docker exec box exploit CVE-2019-5736"],
        ],
    ),
    (
        "CVE-2020-15257",
        &["versions set containerd 1.4.2", "docker run -d --name box --network host nginx", "docker exec box exploit CVE-2020-15257"],
        &[
            &["docker run -d --name box --network host nginx", "docker exec box exploit CVE-2020-15257"],
            &["versions set containerd 1.4.2", "docker run -d --name box nginx", "docker exec box exploit CVE-2020-15257"],
            &["versions set containerd 1.4.2", "docker run -d --name box --network host --user 101 --tmpfs /var/cache/nginx --tmpfs /var/run nginx", "docker exec box exploit CVE-2020-15257"],
        ],
    ),
    (
        "CVE-2016-5195",
        &["versions set kernel 4.4.0", "docker run -d --name box --user 1000 alpine sleep 3600", "docker exec box exploit CVE-2016-5195"],
        &[&["docker run -d --name box --user 1000 alpine sleep 3600", "docker exec box exploit CVE-2016-5195"]],
    ),
    (
        "CVE-2022-0185",
        &["versions set kernel 5.10.0", "docker run -d --name box --cap-add SYS_ADMIN alpine sleep 3600", "docker exec box exploit CVE-2022-0185"],
        &[
            &["docker run -d --name box --cap-add SYS_ADMIN alpine sleep 3600", "docker exec box exploit CVE-2022-0185"],
            &["versions set kernel 5.10.0", "docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2022-0185"],
        ],
    ),
    (
        "CVE-2022-0492",
        &["versions set kernel 5.10.0", "versions set cgroup 1", "docker run -d --name box --cap-add SYS_ADMIN --security-opt apparmor=unconfined alpine sleep 3600", "docker exec box exploit CVE-2022-0492"],
        &[
            &["versions set cgroup 1", "docker run -d --name box --cap-add SYS_ADMIN --security-opt apparmor=unconfined alpine sleep 3600", "docker exec box exploit CVE-2022-0492"],
            &["versions set kernel 5.10.0", "docker run -d --name box --cap-add SYS_ADMIN --security-opt apparmor=unconfined alpine sleep 3600", "docker exec box exploit CVE-2022-0492"],
            &["versions set kernel 5.10.0", "versions set cgroup 1", "docker run -d --name box --cap-add SYS_ADMIN alpine sleep 3600", "docker exec box exploit CVE-2022-0492"],
            &["versions set kernel 5.10.0", "versions set cgroup 1", "docker run -d --name box --user 1000 --cap-add SYS_ADMIN --security-opt apparmor=unconfined alpine sleep 3600", "docker exec box exploit CVE-2022-0492"],
        ],
    ),
    (
        "CVE-2024-21626",
        &["versions set runc 1.1.11", "docker run -d --name box -w /proc/self/fd/7 alpine sleep 3600", "docker exec box exploit CVE-2024-21626"],
        &[
            &["docker run -d --name box -w /proc/self/fd/7 alpine sleep 3600", "docker exec box exploit CVE-2024-21626"],
            &["versions set runc 1.1.11", "docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2024-21626"],
        ],
    ),
    (
        "CVE-2014-9357",
        &["versions set docker 1.3.2", "docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2014-9357"],
        &[&["docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2014-9357"]],
    ),
    (
        "CVE-2015-3627",
        &["versions set docker 1.6.0", "docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2015-3627"],
        &[&["docker run -d --name box alpine sleep 3600", "docker exec box exploit CVE-2015-3627"]],
    ),
];

#[test]
fn each_way_in_works_with_its_preconditions_and_fails_without_each() {
    for (what, works, without) in ROWS {
        assert!(
            compromised(works),
            "{what} should reach the host with {works:?}"
        );
        for variant in *without {
            assert!(!compromised(variant), "{what} should fail with {variant:?}");
        }
    }
}

#[test]
fn every_cve_of_the_catalogue_has_a_row() {
    for cve in berth::engine::security::cve::CATALOGUE {
        assert!(
            ROWS.iter().any(|(what, _, _)| *what == cve.id),
            "no row for {}",
            cve.id
        );
    }
}

#[test]
fn upgrading_closes_the_hole() {
    let vulnerable = [
        "versions set runc 1.0.0-rc6",
        "docker run -d --name box nginx",
        "docker exec box exploit CVE-2019-5736",
    ];
    assert!(compromised(&vulnerable));
    let upgraded = [
        "versions set runc 1.0.0-rc6",
        "upgrade",
        "docker run -d --name box nginx",
        "docker exec box exploit CVE-2019-5736",
    ];
    assert!(!compromised(&upgraded));
}

#[test]
fn the_isolation_matrix_follows_the_layers_each_platform_puts_under_a_container() {
    use berth::engine::security::cve::{isolation_matrix, Landing, CATALOGUE};
    let rows = isolation_matrix();
    assert_eq!(rows.len(), CATALOGUE.len() + 4);
    for (row, cve) in rows.iter().zip(CATALOGUE) {
        // Every CVE attacks the Linux stack: the host, or the VM around the containers.
        assert_eq!(row.landings[0], Landing::Host, "{}", cve.id);
        assert_eq!(row.landings[1], Landing::VmOnly, "{}", cve.id);
        assert_eq!(row.landings[3], Landing::NotApplicable, "{}", cve.id);
    }
    let socket = rows
        .iter()
        .find(|r| r.escape == "docker.sock mounted")
        .unwrap();
    // The daemon's API is root wherever dockerd runs, Hyper-V or not.
    assert_eq!(socket.landings[2], Landing::Host);
    let privileged = rows
        .iter()
        .find(|r| r.escape.starts_with("--privileged"))
        .unwrap();
    assert_eq!(privileged.landings[3], Landing::Ignored);
}

#[test]
fn versions_compare_as_releases_do() {
    use berth::engine::security::cve::version_lt;
    assert!(version_lt("1.0.0-rc6", "1.0.0-rc7"));
    assert!(version_lt("1.0.0-rc6", "1.0.0"));
    assert!(!version_lt("1.0.0", "1.0.0-rc7"));
    assert!(version_lt("4.4.0", "4.8.3"));
    assert!(!version_lt("5.17", "5.16.2"));
    assert!(version_lt("1.4.2", "1.4.3"));
}

#[test]
fn a_linux_flaw_finds_nothing_in_a_triton_zone() {
    let mut s = Session::new(7);
    for line in [
        "host add dc --triton",
        "ssh dc",
        "versions set kernel 4.4.0",
        "docker run -d --name zone --user 1000 alpine sleep 3600",
        "docker exec zone exploit CVE-2016-5195",
    ] {
        s.submit(line);
    }
    assert!(s.world().host("dc").unwrap().machine.compromised.is_none());
}

/// `--pid host`: the container's `ps` lists the host's processes (dockerd among them); a
/// container without it sees only its own.
#[test]
fn the_host_pid_namespace_shows_the_hosts_processes() {
    let sees_dockerd = |flags: &str| {
        let mut s = Session::new(7);
        s.submit(&format!(
            "docker run -d --name box {flags} alpine sleep 3600"
        ));
        let turn = s.submit("docker exec box ps");
        turn.output
            .iter()
            .any(|l| l.text.contains("/usr/bin/dockerd"))
    };
    assert!(sees_dockerd("--pid host"));
    assert!(!sees_dockerd(""));
}
