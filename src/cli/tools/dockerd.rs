//! `dockerd --bip=…`: restarting the daemon with flannel's subnet on `docker0`.

use crate::cli::Output;
use crate::engine::World;

/// `dockerd --bip=ADDR/PREFIX [--mtu=N]`: the daemon restarts with docker0 there.
pub fn dockerd(world: &mut World, host: &str, args: &[String]) -> Output {
    let bip = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--bip=")
            .map(str::to_string)
            .or_else(|| (a == "--bip").then(|| args.get(i + 1).cloned()).flatten())
    });
    let Some(bip) = bip else {
        return Output::failed(
            "berth: dockerd is already running; `dockerd --bip=ADDR/PREFIX [--mtu=N]` restarts it with docker0 on another subnet (flannel's FLANNEL_SUBNET).",
            1,
        );
    };
    if bip.contains('$') {
        return Output::failed(
            "berth: shell variables are not simulated: type the values from /run/flannel/subnet.env, such as dockerd --bip=10.1.15.1/24 --mtu=1450",
            1,
        );
    }
    match world.dockerd_restart_with_bip(host, &bip) {
        Ok(()) => {
            let mut o = Output::default();
            o.out(format!(
                "berth: dockerd on {host} restarted with docker0 at {bip}; its containers stopped and came back by their restart policy."
            ));
            o
        }
        Err(e) => Output::failed(e.to_string(), 1),
    }
}
