//! How the engine's cost per operation grows with the number of containers on a host.
//!
//! A plain `fn main()` (no criterion: it builds too slowly on a small machine). For 10, 1,000
//! and 10,000 running containers on one network it times, through the Engine API directly:
//!
//! - **run**: `docker run -d --name cN --network benchnet busybox sleep 1000`, that is
//!   `World::container_create` then `World::container_start` (split into its two halves too);
//! - **connect**: `World::network_connect` of an existing running container to a second
//!   network, by name (as `docker network connect benchnet2 cN` passes it) and by full ID.
//!
//! Each figure is the mean of 1,000 calls, each timed alone on the filled world; after each
//! call an untimed undo (`rm -f`, `network disconnect`) puts the world back to `n` containers,
//! so every call sees the same size. Two columns time the address pool (`Ipam`) of `benchnet`
//! alone, with `n` addresses in use: its `clone` and an `allocate` + `release`. The last line
//! says whether growth from 1,000 to 10,000 containers looks O(log n), O(n) or worse.
//!
//! Run: `cargo bench --bench engine`.

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
use std::time::{Duration, Instant};

use berth::engine::docker::caller::Caller;
use berth::engine::{ContainerCreate, ImageRef, NetworkCreate, World, DEFAULT_HOST};

const SIZES: [usize; 3] = [10, 1_000, 10_000];
/// Operations timed per figure.
const OPS: usize = 1_000;
const NET: &str = "benchnet";
const NET2: &str = "benchnet2";
/// Stays empty: a start there pays no address-pool cost, only what scans the other containers.
const NET3: &str = "benchnet3";

fn run_config(name: &str) -> ContainerCreate {
    on_network(name, NET)
}

fn on_network(name: &str, network: &str) -> ContainerCreate {
    ContainerCreate {
        name: Some(name.to_string()),
        cmd: vec!["sleep".into(), "1000".into()],
        network: Some(network.into()),
        ..ContainerCreate::new("busybox".parse().unwrap())
    }
}

/// A world with `n` running `busybox sleep 1000` containers `c0`… on `benchnet` (10.0.0.0/8),
/// and empty `benchnet2` (11.0.0.0/8) and `benchnet3` (12.0.0.0/8); none overlaps the default
/// 172.17.0.0/16.
fn filled(n: usize) -> (World, Vec<String>) {
    let mut world = World::new(42);
    let busybox: ImageRef = "busybox".parse().expect("image reference");
    world
        .image_pull(DEFAULT_HOST, &Caller::local("root"), &busybox)
        .expect("pull");
    for (name, subnet) in [
        (NET, "10.0.0.0/8"),
        (NET2, "11.0.0.0/8"),
        (NET3, "12.0.0.0/8"),
    ] {
        world
            .network_create(
                DEFAULT_HOST,
                &Caller::local("root"),
                NetworkCreate {
                    name: name.into(),
                    subnet: Some(subnet.parse().expect("subnet")),
                    ..NetworkCreate::default()
                },
            )
            .expect("network create");
    }
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = world
            .container_create(
                DEFAULT_HOST,
                &Caller::local("root"),
                run_config(&format!("c{i}")),
            )
            .expect("create");
        world
            .container_start(DEFAULT_HOST, &Caller::local("root"), &id)
            .expect("start");
        ids.push(id);
    }
    (world, ids)
}

/// Mean time in µs of `op`, each call timed alone; `undo` (not timed) puts the world back to
/// its size after each call, so every call sees `n` containers.
fn per_op<T>(
    world: &mut World,
    mut setup: impl FnMut(&mut World, usize) -> T,
    mut op: impl FnMut(&mut World, usize, &T),
    mut undo: impl FnMut(&mut World, usize, T),
) -> f64 {
    let mut total = Duration::ZERO;
    for i in 0..OPS {
        let prepared = setup(world, i);
        let start = Instant::now();
        op(world, i, &prepared);
        total += start.elapsed();
        undo(world, i, prepared);
    }
    black_box(&world);
    total.as_secs_f64() * 1e6 / OPS as f64
}

struct Row {
    size: usize,
    fill: Duration,
    create: f64,
    start: f64,
    run: f64,
    connect_name: f64,
    connect_id: f64,
    start_empty_net: f64,
    ipam_clone: f64,
    ipam_allocate: f64,
}

fn remove(w: &mut World, key: &str) {
    w.container_remove(DEFAULT_HOST, &Caller::local("root"), key, true, false)
        .expect("rm -f");
}

fn measure(n: usize) -> Row {
    let started = Instant::now();
    let (mut world, ids) = filled(n);
    let fill = started.elapsed();
    let name = |i: usize| format!("c{}", i % n);

    let run = per_op(
        &mut world,
        |_, _| (),
        |w, _, ()| {
            let id = w
                .container_create(DEFAULT_HOST, &Caller::local("root"), run_config("new"))
                .expect("create");
            w.container_start(DEFAULT_HOST, &Caller::local("root"), &id)
                .expect("start");
        },
        |w, _, ()| remove(w, "new"),
    );
    let create = per_op(
        &mut world,
        |_, _| (),
        |w, _, ()| {
            w.container_create(DEFAULT_HOST, &Caller::local("root"), run_config("new"))
                .expect("create");
        },
        |w, _, ()| remove(w, "new"),
    );
    let start = per_op(
        &mut world,
        |w, _| {
            w.container_create(DEFAULT_HOST, &Caller::local("root"), run_config("new"))
                .expect("create")
        },
        |w, _, id| {
            w.container_start(DEFAULT_HOST, &Caller::local("root"), id)
                .expect("start");
        },
        |w, _, id| remove(w, &id),
    );
    let start_empty_net = per_op(
        &mut world,
        |w, _| {
            w.container_create(
                DEFAULT_HOST,
                &Caller::local("root"),
                on_network("new", NET3),
            )
            .expect("create")
        },
        |w, _, id| {
            w.container_start(DEFAULT_HOST, &Caller::local("root"), id)
                .expect("start");
        },
        |w, _, id| remove(w, &id),
    );
    let disconnect = |w: &mut World, key: &str| {
        w.network_disconnect(DEFAULT_HOST, &Caller::local("root"), NET2, key)
            .expect("disconnect");
    };
    let connect_name = per_op(
        &mut world,
        |_, i| name(i),
        |w, _, key| {
            w.network_connect(
                DEFAULT_HOST,
                &Caller::local("root"),
                NET2,
                key,
                Vec::new(),
                None,
            )
            .expect("connect by name");
        },
        |w, _, key| disconnect(w, &key),
    );
    let connect_id = per_op(
        &mut world,
        |_, i| ids[i % n].clone(),
        |w, _, id| {
            w.network_connect(
                DEFAULT_HOST,
                &Caller::local("root"),
                NET2,
                id,
                Vec::new(),
                None,
            )
            .expect("connect by ID");
        },
        |w, _, id| disconnect(w, &id),
    );

    // The address pool alone, with n addresses in use: what every start and connect pays.
    let pool = world
        .network_inspect(DEFAULT_HOST, NET)
        .expect("benchnet")
        .ipam
        .clone()
        .expect("pool");
    let timed = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..OPS {
            f();
        }
        start.elapsed().as_secs_f64() * 1e6 / OPS as f64
    };
    let ipam_clone = timed(&mut || {
        black_box(pool.clone());
    });
    let mut scratch = pool.clone();
    let ipam_allocate = timed(&mut || {
        let ip = scratch.allocate().expect("allocate");
        scratch.release(black_box(ip));
    });
    Row {
        size: n,
        fill,
        create,
        start,
        run,
        connect_name,
        connect_id,
        start_empty_net,
        ipam_clone,
        ipam_allocate,
    }
}

/// What a growth ratio over a tenfold size increase suggests.
fn verdict(ratio: f64) -> &'static str {
    if ratio < 2.0 {
        "O(log n) or better"
    } else if ratio < 25.0 {
        "about O(n)"
    } else {
        "worse than O(n)"
    }
}

fn main() {
    let rows: Vec<Row> = SIZES.iter().map(|&n| measure(n)).collect();
    let base = &rows[0];
    println!(
        "{:>6} {:>7} {:>10} {:>9} {:>10} {:>6} {:>14} {:>6} {:>9} {:>11} {:>11} {:>11}",
        "size",
        "fill s",
        "create µs",
        "start µs",
        "run µs/op",
        "run x",
        "connect µs/op",
        "conn x",
        "by-ID µs",
        "start net3",
        "pool clone",
        "pool alloc"
    );
    for r in &rows {
        println!(
            "{:>6} {:>7.2} {:>10.2} {:>9.2} {:>10.2} {:>6.1} {:>14.2} {:>6.1} {:>9.2} {:>11.2} {:>11.2} {:>11.2}",
            r.size,
            r.fill.as_secs_f64(),
            r.create,
            r.start,
            r.run,
            r.run / base.run,
            r.connect_name,
            r.connect_name / base.connect_name,
            r.connect_id,
            r.start_empty_net,
            r.ipam_clone,
            r.ipam_allocate
        );
    }
    let (k, tenk) = (&rows[1], &rows[2]);
    let growth = |a: f64, b: f64| b / a;
    let run = growth(k.run, tenk.run);
    let connect = growth(k.connect_name, tenk.connect_name);
    let connect_id = growth(k.connect_id, tenk.connect_id);
    println!(
        "1,000 -> 10,000 containers: run x{run:.1} ({}), connect by name x{connect:.1} ({}), \
         connect by ID x{connect_id:.1} ({})",
        verdict(run),
        verdict(connect),
        verdict(connect_id)
    );
}
