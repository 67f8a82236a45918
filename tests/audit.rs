//! The audit, check by check: each scored check warns on a minimal world that breaks it, and
//! is silent once the learner applies the fix it names. Data-driven: one row per check key.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::engine::security::audit::{Verdict, CHECKS};
use berth::session::Session;

/// (check key, commands that make it warn, commands that make it pass instead).
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "daemon.icc",
        &[],
        &["daemon-json set icc false", "systemctl restart docker"],
    ),
    (
        "daemon.log_level",
        &[
            "daemon-json set log-level debug",
            "systemctl restart docker",
        ],
        &[],
    ),
    (
        "daemon.iptables",
        &["daemon-json set iptables false", "systemctl restart docker"],
        &[],
    ),
    (
        "daemon.insecure_registries",
        &[
            "daemon-json set insecure-registries '[\"reg.lab:5000\"]'",
            "systemctl restart docker",
        ],
        &[],
    ),
    (
        "daemon.tls",
        &[
            "daemon-json set hosts '[\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2375\"]'",
            "systemctl restart docker",
        ],
        &[],
    ),
    (
        "daemon.userns",
        &[],
        &[
            "daemon-json set userns-remap default",
            "systemctl restart docker",
        ],
    ),
    (
        "daemon.authorization",
        &[],
        &[
            "docker run -d --restart=always -v /var/lib/authz-broker:/var/lib/authz-broker -v /run/docker/plugins/:/run/docker/plugins twistlock/authz-broker",
            "daemon-json set authorization-plugins '[\"authz-broker\"]'",
            "systemctl restart docker",
        ],
    ),
    (
        // Configured and started, then the broker stops: every request fails, nothing is
        // authorized.
        "daemon.authorization",
        &[
            r#"authz-policy add '{"name":"admins","users":["root"],"actions":[""]}'"#,
            "docker run -d --name authz --restart=always -v /var/lib/authz-broker:/var/lib/authz-broker -v /run/docker/plugins/:/run/docker/plugins twistlock/authz-broker",
            "daemon-json set authorization-plugins '[\"authz-broker\"]'",
            "systemctl restart docker",
            "docker stop authz",
        ],
        &[
            r#"authz-policy add '{"name":"admins","users":["root"],"actions":[""]}'"#,
            "docker run -d --name authz --restart=always -v /var/lib/authz-broker:/var/lib/authz-broker -v /run/docker/plugins/:/run/docker/plugins twistlock/authz-broker",
            "daemon-json set authorization-plugins '[\"authz-broker\"]'",
            "systemctl restart docker",
            "docker ps",
        ],
    ),
    (
        "daemon.remote_logging",
        &[],
        &[
            "daemon-json set log-driver syslog",
            "systemctl restart docker",
        ],
    ),
    (
        "daemon.no_new_privileges",
        &[],
        &[
            "daemon-json set no-new-privileges true",
            "systemctl restart docker",
        ],
    ),
    (
        "daemon.live_restore",
        &[],
        &[
            "daemon-json set live-restore true",
            "systemctl restart docker",
        ],
    ),
    (
        "daemon.userland_proxy",
        &[],
        &[
            "daemon-json set userland-proxy false",
            "systemctl restart docker",
        ],
    ),
    (
        "image.user",
        &["docker run -d nginx"],
        &["docker run -d --user 101 --tmpfs /var/cache/nginx --tmpfs /var/run nginx"],
    ),
    (
        "image.content_trust",
        &[],
        &["export DOCKER_CONTENT_TRUST=1"],
    ),
    (
        "image.healthcheck",
        &["docker pull nginx"],
        &["docker pull nginx", "docker rmi nginx"],
    ),
    (
        "runtime.swarm",
        &["docker swarm init"],
        &["docker swarm init", "docker swarm leave --force"],
    ),
    (
        "container.apparmor",
        &["docker run -d --security-opt apparmor=unconfined nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.selinux",
        &["docker run -d nginx"],
        &["docker run -d --security-opt label=level:s0:c100,c200 nginx"],
    ),
    (
        "container.capabilities",
        &["docker run -d --cap-add SYS_ADMIN nginx"],
        &["docker run -d --cap-drop ALL --cap-add NET_BIND_SERVICE nginx"],
    ),
    (
        "container.privileged",
        &["docker run -d --privileged nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.sensitive_mounts",
        &["docker run -d -v /etc:/host-etc nginx"],
        &["docker run -d -v /etc:/host-etc:ro nginx"],
    ),
    (
        "container.privileged_ports",
        &["docker run -d -p 80:80 nginx"],
        &["docker run -d -p 8080:80 nginx"],
    ),
    (
        "container.host_network",
        &["docker run -d --network host nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.memory",
        &["docker run -d nginx"],
        &["docker run -d -m 256m nginx"],
    ),
    (
        "container.cpu",
        &["docker run -d nginx"],
        &["docker run -d -c 512 nginx"],
    ),
    (
        "container.read_only",
        &["docker run -d nginx"],
        &["docker run -d --read-only --tmpfs /var/cache/nginx --tmpfs /var/run nginx"],
    ),
    (
        "container.bind_all",
        &["docker run -d -p 8080:80 nginx"],
        &["docker run -d -p 127.0.0.1:8080:80 nginx"],
    ),
    (
        "container.restart_policy",
        &["docker run -d --restart on-failure:10 nginx"],
        &["docker run -d --restart on-failure:5 nginx"],
    ),
    (
        "container.host_pid",
        &["docker run -d --pid=host nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.host_ipc",
        &["docker run -d --ipc=host nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.host_uts",
        &["docker run -d --uts=host nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.seccomp",
        &["docker run -d --security-opt seccomp=unconfined nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.no_new_privileges",
        &["docker run -d nginx"],
        &["docker run -d --security-opt no-new-privileges nginx"],
    ),
    (
        "container.health",
        &["docker run -d nginx"],
        &["docker run -d --health-cmd 'curl -f http://localhost/' nginx"],
    ),
    (
        "container.pids_limit",
        &["docker run -d nginx"],
        &["docker run -d --pids-limit 100 nginx"],
    ),
    (
        "container.host_userns",
        &["docker run -d --userns=host nginx"],
        &["docker run -d nginx"],
    ),
    (
        "container.docker_socket",
        &["docker run -d -v /var/run/docker.sock:/var/run/docker.sock nginx"],
        &["docker run -d nginx"],
    ),
];

fn verdict(lines: &[&str], key: &str) -> Verdict {
    let mut s = Session::new(1);
    for line in lines {
        let turn = s.submit(line);
        assert_eq!(turn.exit_code, 0, "`{line}` failed: {}", turn.transcript());
    }
    let report = s.world().audit("host1", None).expect("a report");
    report
        .finding(key)
        .unwrap_or_else(|| panic!("{key} did not run"))
        .verdict
}

#[test]
fn each_check_warns_on_a_bad_world_and_is_silent_after_the_fix() {
    for (key, bad, fixed) in CASES {
        assert_eq!(
            verdict(bad, key),
            Verdict::Warn,
            "{key} should warn after {bad:?}"
        );
        assert_ne!(
            verdict(fixed, key),
            Verdict::Warn,
            "{key} should be silent after {fixed:?}"
        );
    }
}

#[test]
fn every_scored_check_has_a_case() {
    let informational = [
        "host.docker_group", "daemon.non_root", "daemon.aufs", "daemon.experimental", "image.add",
        "container.docker0",
    ];
    for check in CHECKS {
        if informational.contains(&check.key) {
            continue;
        }
        assert!(
            CASES.iter().any(|(k, _, _)| *k == check.key),
            "no case for {}",
            check.key
        );
    }
    assert!(CHECKS.len() >= 25, "at least 25 checks, as the issue asks");
}

#[test]
fn the_docker_group_check_names_doubtful_users() {
    let mut s = Session::new(1);
    for line in ["useradd alice", "useradd bob", "usermod -aG docker alice"] {
        assert_eq!(s.submit(line).exit_code, 0);
    }
    let report = s
        .world()
        .audit("host1", Some(&["root".to_string()]))
        .unwrap();
    let f = report.finding("host.docker_group").unwrap();
    assert_eq!(f.verdict, Verdict::Warn);
    assert_eq!(f.items, ["Doubtful users: alice"]);
    s.submit("gpasswd -d alice docker");
    let report = s
        .world()
        .audit("host1", Some(&["root".to_string()]))
        .unwrap();
    assert_eq!(
        report.finding("host.docker_group").unwrap().verdict,
        Verdict::Pass
    );
}

#[test]
fn the_score_is_passes_minus_warnings() {
    let s = Session::new(1);
    let report = s.world().audit("host1", None).unwrap();
    let passes = report
        .findings
        .iter()
        .filter(|f| f.scored && f.verdict == Verdict::Pass)
        .count() as i64;
    let warns = report
        .findings
        .iter()
        .filter(|f| f.scored && f.verdict == Verdict::Warn)
        .count() as i64;
    assert_eq!(report.score(), passes - warns);
    assert_eq!(report.checks(), report.findings.len());
}
