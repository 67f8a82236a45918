//! How long `reach` (the packet path behind `ping`, `curl`, `trace` and the lesson goals)
//! takes in a big lab: 100 hosts, 10,000 running containers.
//!
//! A plain `fn main()`. The lab: 100 hosts in one swarm; on each, 98 `busybox sleep` on the
//! default bridge, one `nginx` publishing 8080, and one `alpine` on a shared attachable
//! overlay (`/16`). It times, each the mean of 1,000 calls on the filled world:
//!
//! - **bridge**: container to container on one host's bridge;
//! - **underlay**: a container to another host's published port, through NAT and the underlay;
//! - **overlay**: a container to its overlay peer on the 100th host, over VXLAN.
//!
//! Run: `cargo bench --bench reach`.

// A benchmark must read the wall clock; the ban on `Instant::now` protects the engine's
// determinism, which this file only measures. Unwraps: a failure here is a broken benchmark.
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Instant;

use berth::engine::docker::caller::Caller;
use berth::engine::swarm::Role;
use berth::engine::Backend;
use berth::engine::{ContainerCreate, ImageRef, NetworkCreate, World};

const HOSTS: usize = 100;
const BRIDGED_PER_HOST: usize = 98;
const OPS: u32 = 1_000;

fn host_name(i: usize) -> String {
    format!("host{}", i + 1)
}

fn lab() -> World {
    let mut world = World::new(7);
    for i in 1..HOSTS {
        world
            .host_add(&host_name(i), Backend::Linux)
            .expect("host add");
    }
    world
        .swarm_init("host1", &Caller::local("root"), None)
        .expect("swarm init");
    let (token, _) = world
        .join_token("host1", &Caller::local("root"), Role::Worker)
        .expect("token");
    for i in 1..HOSTS {
        world
            .swarm_join(
                &host_name(i),
                &Caller::local("root"),
                &berth::engine::swarm::SwarmJoin {
                    token: token.clone(),
                    remote: "192.168.50.11:2377".into(),
                    advertise_addr: None,
                },
            )
            .expect("join");
    }
    world
        .network_create(
            "host1",
            &Caller::local("root"),
            NetworkCreate {
                name: "mesh".into(),
                driver: Some("overlay".into()),
                subnet: Some("10.128.0.0/16".parse().expect("subnet")),
                attachable: true,
                ..NetworkCreate::default()
            },
        )
        .expect("overlay");
    for i in 0..HOSTS {
        let host = host_name(i);
        for image in ["busybox", "nginx", "alpine"] {
            let reference: ImageRef = image.parse().expect("reference");
            world
                .image_pull(&host, &Caller::local("root"), &reference)
                .expect("pull");
        }
        for c in 0..BRIDGED_PER_HOST {
            let id = world
                .container_create(
                    &host,
                    &Caller::local("root"),
                    ContainerCreate {
                        name: Some(format!("c{c}")),
                        cmd: vec!["sleep".into(), "1000".into()],
                        ..ContainerCreate::new("busybox".parse().unwrap())
                    },
                )
                .expect("create");
            world
                .container_start(&host, &Caller::local("root"), &id)
                .expect("start");
        }
        let web = world
            .container_create(
                &host,
                &Caller::local("root"),
                ContainerCreate {
                    name: Some("web".into()),
                    ports: vec!["8080:80".parse().expect("port spec")],
                    ..ContainerCreate::new("nginx".parse().unwrap())
                },
            )
            .expect("create web");
        world
            .container_start(&host, &Caller::local("root"), &web)
            .expect("start web");
        let peer = world
            .container_create(
                &host,
                &Caller::local("root"),
                ContainerCreate {
                    name: Some("peer".into()),
                    network: Some("mesh".into()),
                    tty: true,
                    open_stdin: true,
                    ..ContainerCreate::new("alpine".parse().unwrap())
                },
            )
            .expect("create peer");
        world
            .container_start(&host, &Caller::local("root"), &peer)
            .expect("start peer");
    }
    world
}

/// Mean µs of `op` over `OPS` calls.
fn mean(mut op: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..OPS {
        op();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(OPS)
}

fn main() {
    let started = Instant::now();
    let world = lab();
    let containers: usize = world.hosts().map(|h| h.containers.len()).sum();
    println!(
        "lab: {} hosts, {containers} running containers, built in {:.1} s",
        world.hosts().count(),
        started.elapsed().as_secs_f64()
    );
    let c1 = world
        .container_lookup("host50", "c1")
        .expect("c1")
        .id
        .clone();
    let bridge_ip = Ipv4Addr::new(172, 17, 0, 3);
    let peer = world
        .container_lookup("host1", "peer")
        .expect("peer")
        .id
        .clone();
    let far_peer = world
        .container_lookup(&host_name(HOSTS - 1), "peer")
        .expect("far peer");
    let far_ip = far_peer
        .networks
        .values()
        .find_map(|a| a.endpoint.as_ref().and_then(|e| e.ip))
        .expect("overlay address");
    let far_host = world
        .host(&host_name(HOSTS - 1))
        .expect("host")
        .machine
        .underlay_ip;

    let bridge = mean(|| {
        black_box(world.reach("host50", &c1, bridge_ip).expect("reach"));
    });
    let underlay = mean(|| {
        let path = world.reach("host50", &c1, far_host).expect("reach");
        black_box(world.underlay_connect(
            &host_name(HOSTS - 1),
            berth::engine::docker::ports::Proto::Tcp,
            8080,
        ));
        black_box(path);
    });
    let overlay = mean(|| {
        black_box(world.reach("host1", &peer, far_ip).expect("reach"));
    });
    println!("| path | reach, µs per call |");
    println!("| --- | ---: |");
    println!("| bridge (same host) | {bridge:.1} |");
    println!("| another host's published port (underlay) | {underlay:.1} |");
    println!("| overlay peer on the 100th host (VXLAN) | {overlay:.1} |");
}
