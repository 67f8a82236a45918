//! Session-level properties: determinism, no panics on any input, failed commands leave the
//! world untouched, and the engine's address rules as the learner sees them.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::cli::Stream;
use berth::engine::Rng;
use berth::session::Session;

const SCRIPT: &[&str] = &[
    "docker run -d --name web nginx",
    "docker run -d redis",
    "docker run -d busybox sleep 100",
    "docker ps -a --no-trunc",
    "docker stop web",
    "docker run -d nginx",
    "docker rm -f web",
    "docker ps -a",
];

fn transcript(seed: u64) -> String {
    let mut session = Session::new(seed);
    SCRIPT
        .iter()
        .map(|line| session.submit(line).transcript())
        .collect()
}

#[test]
fn same_seed_same_bytes() {
    assert_eq!(transcript(7), transcript(7));
    assert_eq!(transcript(2015), transcript(2015));
}

#[test]
fn another_seed_other_ids() {
    assert_ne!(transcript(7), transcript(8));
}

#[test]
fn ids_are_64_hex_and_generated_names_are_docker_style() {
    let mut s = Session::new(99);
    let turn = s.submit("docker run -d nginx");
    let id = turn.lines_of(Stream::Stdout).last().unwrap().to_string();
    assert_eq!(id.len(), 64);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    let ps = s.submit("docker ps --no-trunc");
    let row = ps.lines_of(Stream::Stdout).nth(1).unwrap().to_string();
    assert!(row.starts_with(&id), "{row}");
    let name = row.rsplit(' ').next().unwrap();
    let (adjective, surname) = name.split_once('_').unwrap();
    assert!(adjective.chars().all(|c| c.is_ascii_lowercase()), "{name}");
    assert!(surname.chars().all(|c| c.is_ascii_lowercase()), "{name}");
}

/// The learner-visible version of founding problem 1: stopping releases the address, so the
/// next container takes it, and the stopped one comes back elsewhere.
#[test]
fn stopping_releases_the_address_for_the_next_container() {
    let mut s = Session::new(1);
    let ip_of = |s: &Session, name: &str| -> Option<String> {
        s.topology().hosts[0]
            .networks
            .iter()
            .find(|n| n.name == "bridge")?
            .containers
            .iter()
            .find(|c| c.name == name)?
            .ip
            .clone()
    };
    s.submit("docker run -d --name web nginx");
    s.submit("docker run -d --name db redis");
    assert_eq!(ip_of(&s, "web").as_deref(), Some("172.17.0.2"));
    assert_eq!(ip_of(&s, "db").as_deref(), Some("172.17.0.3"));
    s.submit("docker stop web");
    assert_eq!(
        ip_of(&s, "web"),
        None,
        "a stopped container holds no address"
    );
    s.submit("docker run -d --name cache redis");
    assert_eq!(
        ip_of(&s, "cache").as_deref(),
        Some("172.17.0.2"),
        "the freed address is reused"
    );
}

#[test]
fn failed_commands_leave_the_world_untouched() {
    let mut s = Session::new(3);
    s.submit("docker run -d --name web nginx");
    s.submit("docker run -d alpine");
    let failing = [
        "docker run -d --name web nginx",
        "docker run -d --name x nginx",
        "docker run -d nosuchimage",
        "docker run -d alpine:nope",
        "docker run -d NGINX",
        "docker run alpine ping 8.8.8.8",
        "docker run --foo nginx",
        "docker run -d --dns 1.1.1.1 nginx",
        "docker run -d --cap-add NOPE nginx",
        "docker run -d -m 1m nginx",
        "docker run -d --security-opt nothing nginx",
        "docker rm web",
        "docker rm ghost",
        "docker stop ghost",
        "docker stop",
        "docker ps extra",
        "docker foo",
        "docker network create bridge",
        "docker network rm host",
        "docker network connect nope web",
        "ls",
        "| grep x",
        "docker ps | grep zzz",
    ];
    for line in failing {
        let mut expected = s.world().clone();
        expected.tick(1); // each command takes one second of logical time, and only that
        let turn = s.submit(line);
        assert_ne!(turn.exit_code, 0, "`{line}` should fail");
        assert!(turn.events.is_empty(), "`{line}` emitted {:?}", turn.events);
        assert_eq!(s.world(), &expected, "`{line}` changed the world");
    }
}

/// Whatever is typed, the session answers and the world stays consistent.
#[test]
fn no_input_panics() {
    let mut s = Session::new(5);
    let odd = [
        "",
        " ",
        "\t",
        "docker",
        "docker --",
        "docker run --",
        "docker run -",
        "docker run -d -",
        "docker run --name",
        "docker run -n",
        "docker rm -",
        "docker ps -n",
        "docker ps -n -1",
        "docker ps -n 99999999999999999999",
        "docker ps --last=",
        "docker run ''",
        "docker run -d ':'",
        "docker run -d 'a:b:c'",
        "docker run -d /",
        "docker run -d a/",
        "docker run -d ''",
        "docker stop ''",
        "docker rm -f ''",
        "\"",
        "'",
        "\\",
        "docker \\",
        "docker run -d alpine 'é'",
        "docker run -d --name 'ü' nginx",
        "docker run -d 日本",
        "docker ps -a -a -a",
        "docker ps --all=maybe",
        "docker run -d=1 nginx",
        "$(x)",
        "`x`",
        "docker ps &",
        "docker ps ;",
        "docker ps > out",
        "docker run -dit",
        "docker container",
        "docker container nope",
        "docker container ls -q",
        "docker rm 0",
        "docker rm 5",
    ];
    for line in odd {
        let _ = s.submit(line);
        assert_eq!(s.world().check_invariants(), Ok(()), "after `{line}`");
    }
    // Random lines built from Docker's own vocabulary.
    let words = [
        "docker", "run", "ps", "stop", "rm", "-d", "-a", "-q", "-f", "--name", "web", "db",
        "nginx", "redis", "alpine", "busybox", "sleep", "10", "echo", "-n", "--no-trunc", "-it",
        "--rm", "container", "ls", "'x y'", "--", "=", "-", "sh", "5d", "--help",
    ];
    let mut rng = Rng::new(11);
    for _ in 0..3000 {
        let len = 1 + rng.below(7);
        let line: Vec<&str> = (0..len)
            .map(|_| words[rng.below(words.len() as u32) as usize])
            .collect();
        let line = line.join(" ");
        let _ = s.submit(&line);
        assert_eq!(s.world().check_invariants(), Ok(()), "after `{line}`");
    }
}

/// Contexts nest: the first host, a shell on another host, a container's shell there. Each
/// `exit` goes back one level and the prompt always names where the line goes.
#[test]
fn ssh_and_container_shells_nest_and_unwind() {
    let mut s = Session::new(3);
    s.submit("host add host2");
    assert_eq!(s.prompt(), "root@host1:~# ");
    assert_eq!(s.submit("ssh host2").exit_code, 0);
    assert_eq!(s.prompt(), "root@host2:~# ");
    s.submit("docker run -it --name box alpine sh");
    assert_eq!(s.prompt(), "/ # ");
    assert_eq!(s.host(), "host2");
    // The container lives on host2, not on host1.
    assert_eq!(s.world().host("host2").unwrap().containers.len(), 1);
    assert!(s.world().host("host1").unwrap().containers.is_empty());

    let out = s.submit("exit");
    assert_eq!(out.exit_code, 0);
    assert_eq!(s.prompt(), "root@host2:~# ");
    let out = s.submit("exit");
    let lines: Vec<&str> = out.lines_of(Stream::Stdout).collect();
    assert_eq!(lines, ["logout", "Connection to host2 closed."]);
    assert_eq!(s.prompt(), "root@host1:~# ");
    assert_eq!(s.host_chain(), ["host1"]);
    // The first shell stays.
    assert_eq!(s.submit("exit").exit_code, 1);
    assert_eq!(s.prompt(), "root@host1:~# ");
}

/// Stopping or removing a host the terminal is logged in to closes those shells, innermost
/// first, as ssh does when the other end goes away.
#[test]
fn a_host_that_goes_away_closes_its_shells() {
    let mut s = Session::new(3);
    s.submit("host add host2");
    s.submit("host add host3");
    s.submit("ssh host2");
    s.submit("ssh host3");
    s.submit("docker run -it alpine sh");
    assert_eq!(s.prompt(), "/ # ");
    s.submit("exit");
    let out = s.submit("host rm host2");
    let lines: Vec<&str> = out.lines_of(Stream::Stdout).collect();
    assert_eq!(
        lines,
        [
            "host2 removed, with everything that ran on it.",
            "Connection to host3 closed by remote host.",
            "Connection to host2 closed by remote host."
        ]
    );
    assert_eq!(s.prompt(), "root@host1:~# ");
    assert_eq!(s.world().check_invariants(), Ok(()));
}

/// One terminal tab per running host: each keeps its own place (ssh chain, container shell)
/// while another is in front, and a tab closes when its host goes away.
#[test]
fn each_host_has_its_own_terminal_tab() {
    let mut s = Session::new(3);
    assert_eq!(s.terminal_tabs(), ["host1"]);
    s.submit("host add host2");
    assert_eq!(s.terminal_tabs(), ["host1", "host2"]);
    s.submit("docker run -it --name box alpine sh");
    assert_eq!(s.prompt(), "/ # ");

    assert!(s.select_tab("host2"));
    assert_eq!(s.active_tab(), "host2");
    assert_eq!(s.prompt(), "root@host2:~# ");
    s.submit("docker run -d --name web nginx");
    assert_eq!(s.world().host("host2").unwrap().containers.len(), 1);

    // Back on host1, the container's shell is where it was left.
    assert!(s.select_tab("host1"));
    assert_eq!(s.prompt(), "/ # ");
    s.submit("exit");
    assert_eq!(s.prompt(), "root@host1:~# ");

    assert!(!s.select_tab("host9"));
    s.submit("host stop host2");
    assert_eq!(s.terminal_tabs(), ["host1"]);
    assert!(!s.select_tab("host2"));
    s.submit("host start host2");
    assert!(s.select_tab("host2"));
    assert_eq!(s.prompt(), "root@host2:~# ");
    // A tab's own host cannot be stopped from that tab.
    assert_eq!(s.submit("host stop host2").exit_code, 1);
}

/// Removing or leaving a node gives back what it held on the swarm's overlays: its tasks go,
/// its containers lose their overlay endpoints, and the shared pools stay consistent.
#[test]
fn a_node_that_goes_gives_back_its_overlay_addresses() {
    for last in ["host rm host2", "LEAVE"] {
        let mut s = Session::new(5);
        s.submit("host add host2");
        s.submit("docker swarm init");
        let token = s.world().swarm().unwrap().worker_token.clone();
        s.submit("docker network create -d overlay --attachable ov");
        s.submit("docker service create -d --name web --replicas 2 --network ov nginx");
        s.submit("ssh host2");
        s.submit(&format!(
            "docker swarm join --token {token} 192.168.50.11:2377"
        ));
        s.submit("docker run -dit --name far --network ov alpine");
        s.submit("exit");
        s.submit("docker service scale web=4");
        // host2 joined after the service began: scale put tasks there.
        assert!(s.world().host("host2").unwrap().containers.len() >= 2);
        if last == "LEAVE" {
            s.submit("ssh host2");
            assert_eq!(s.submit("docker swarm leave").exit_code, 0);
            s.submit("exit");
            let h2 = s.world().host("host2").unwrap();
            assert!(h2.network_by_name("ov").is_none());
            assert!(h2.containers.values().all(|c| !c.name.starts_with("web.")));
        } else {
            assert_eq!(s.submit(last).exit_code, 0);
        }
        assert_eq!(s.world().check_invariants(), Ok(()), "after {last}");
        // The addresses host2 held are free again: a new container takes the lowest.
        s.submit("docker run -dit --name near --network ov alpine");
        assert_eq!(s.world().check_invariants(), Ok(()));
    }
}

/// The path of a packet through each tunnel says how it is wrapped on the wire: the overlay's
/// VXLAN ID, Weave's fast datapath or sleeve, flannel's VXLAN, each in UDP between the hosts.
#[test]
fn tunnelled_hops_carry_their_encapsulation() {
    let headers = |s: &mut Session, line: &str| -> Vec<String> {
        let turn = s.submit(line);
        let path = turn.path.expect("a path to draw");
        path.encapsulations
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect()
    };

    let mut s = Session::new(11);
    s.submit("host add host2");
    s.submit("docker swarm init");
    let (token, _) = s
        .world()
        .join_token(
            "host1",
            &berth::engine::docker::caller::Caller::local("root"),
            berth::engine::swarm::Role::Worker,
        )
        .unwrap();
    s.submit("docker network create -d overlay --attachable ov");
    s.submit("docker run -dit --name a1 --network ov alpine");
    s.submit("ssh host2");
    s.submit(&format!(
        "docker swarm join --token {token} 192.168.50.11:2377"
    ));
    s.submit("docker run -dit --name a2 --network ov alpine");
    let overlay = headers(&mut s, "trace a2 a1");
    assert_eq!(
        overlay,
        ["VXLAN 4097 in UDP 192.168.50.12 → 192.168.50.11:4789"; 2]
    );

    let mut s = Session::new(11);
    s.submit("weave launch");
    s.submit("docker run -dit --name w1 alpine");
    s.submit("weave attach w1");
    s.submit("host add host2");
    s.submit("ssh host2");
    s.submit("weave launch 192.168.50.11");
    s.submit("docker run -dit --name w2 alpine");
    s.submit("weave attach w2");
    assert_eq!(
        headers(&mut s, "trace w2 10.32.0.1"),
        ["Weave fast datapath (VXLAN) in UDP 192.168.50.12 → 192.168.50.11:6784"; 2]
    );
    s.submit("firewall host1 deny 6784/udp");
    assert_eq!(
        headers(&mut s, "trace w2 10.32.0.1"),
        ["Weave sleeve in UDP 192.168.50.12 → 192.168.50.11:6783"; 2]
    );
    // A hop on one host is never wrapped.
    s.submit("exit");
    assert!(headers(&mut s, "trace host1 172.17.0.2").is_empty());

    let mut s = Session::new(11);
    s.submit("host add host2");
    s.submit(r#"etcdctl set /coreos.com/network/config '{"Network":"10.1.0.0/16","Backend":{"Type":"vxlan"}}'"#);
    s.submit("flanneld &");
    s.submit("ssh host2");
    s.submit("flanneld &");
    let lease = s
        .world()
        .host("host1")
        .unwrap()
        .addons
        .flannel
        .clone()
        .unwrap();
    let far = std::net::Ipv4Addr::from(u32::from(lease.subnet.network()) + 1);
    assert_eq!(
        headers(&mut s, &format!("trace host2 {far}")),
        ["VXLAN 1 (flannel.1) in UDP 192.168.50.12 → 192.168.50.11:8472"; 2]
    );
}
